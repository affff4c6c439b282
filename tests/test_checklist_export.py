"""The machine-readable export: all checklists as one JSON file, valid against its published schema."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from conftest import ROOT
from macros.checklist_export import EXPORT_PATH, SCHEMA_SITE_PATH, SCHEMA_SOURCE, export_json, write_export
from macros.loading import load_handbook


def test_export_is_valid_against_its_published_schema(tmp_path: Path) -> None:
    """The files the post-build step writes: the export validates against the schema written beside it."""
    handbook = load_handbook(ROOT / "data", docs_dir=ROOT / "docs")
    write_export(tmp_path, handbook)
    schema = json.loads((tmp_path / SCHEMA_SITE_PATH).read_text(encoding="utf-8"))
    document = json.loads((tmp_path / EXPORT_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert schema == json.loads(SCHEMA_SOURCE.read_text(encoding="utf-8"))
    assert document["$schema"] == "checklists.schema.json"  # the schema sits beside the file in the site


def test_export_holds_every_item_once_with_stable_ids_and_known_controls() -> None:
    """Every checklist and item, uids unique, versions as on the pages, every control key defined in the file."""
    handbook = load_handbook(ROOT / "data")
    document = json.loads(export_json(handbook))
    assert [c["id"] for c in document["checklists"]] == [c.id for c in handbook.checklists]
    assert [c["version"] for c in document["checklists"]] == [c.version for c in handbook.checklists]
    items = [item for sheet in document["checklists"] for phase in sheet["phases"]
             for section in phase["sections"] for item in section["items"]]
    assert len(items) == sum(len(c.items) for c in handbook.checklists)
    assert len({item["uid"] for item in items}) == len(items)
    keys = {control["key"] for framework in document["frameworks"] for control in framework["controls"]}
    used = [key for item in items for key in item["controls"]]
    assert len([item for item in items if item["controls"]]) >= 150
    assert set(used) <= keys


def test_export_is_the_same_for_the_same_data() -> None:
    """No timestamps or set order: two exports of the same data are byte for byte equal."""
    handbook = load_handbook(ROOT / "data")
    assert export_json(handbook) == export_json(handbook)


def test_schema_rejects_an_item_without_its_id() -> None:
    """The schema is strict enough to catch a broken export (a missing item id)."""
    handbook = load_handbook(ROOT / "data")
    document = json.loads(export_json(handbook))
    del document["checklists"][0]["phases"][0]["sections"][0]["items"][0]["id"]
    schema = json.loads(SCHEMA_SOURCE.read_text(encoding="utf-8"))
    assert not jsonschema.Draft202012Validator(schema).is_valid(document)


def test_checklists_index_links_the_export_and_its_schema() -> None:
    """The index page links both files, which the post-build step writes beside it."""
    page = (ROOT / "docs" / "checklists" / "index.md").read_text(encoding="utf-8")
    assert '<a href="checklists.json">' in page and '<a href="checklists.schema.json">' in page
