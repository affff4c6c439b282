"""All checklists as one JSON file with a published JSON Schema, for import into a PSA or documentation tool."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .checklists import page_url
from .docx_export import chapter_url
from .records import Checklist, ChecklistItem, Framework, Handbook

# Where the post-build step writes the two files in the site, and the schema's source.
EXPORT_PATH = "checklists/checklists.json"
SCHEMA_SITE_PATH = "checklists/checklists.schema.json"
SCHEMA_SOURCE = Path(__file__).with_name("checklists_export.schema.json")
FORMAT_VERSION = 1


def _item(handbook: Handbook, checklist: Checklist, item: ChecklistItem) -> dict[str, Any]:
    """One item: IDs that stay when the text changes, what to do, who, how long and the controls it helps meet."""
    return {"id": item.id, "uid": f"{checklist.id}/{item.id}", "text": item.text, "owner": item.owner,
            "minutes": item.minutes, "detail": item.detail, "client_note": item.client_note,
            "read_more": chapter_url(handbook.build.site_url, item.link) if item.link else None,
            "controls": list(item.controls)}


def _checklist(handbook: Handbook, checklist: Checklist) -> dict[str, Any]:
    """One checklist with its phases, sections, items and change log."""
    return {
        "id": checklist.id, "title": checklist.title, "version": checklist.version,
        "updated": checklist.updated.isoformat(), "audience": checklist.audience, "when": checklist.when,
        "url": page_url(handbook, checklist), "minutes": checklist.minutes,
        "phases": [{"id": phase.id, "title": phase.title, "minutes": phase.minutes,
                    "sections": [{"id": section.id, "title": section.title,
                                  "items": [_item(handbook, checklist, item) for item in section.items]}
                                 for section in phase.sections]}
                   for phase in checklist.phases],
        "changes": [{"date": change.date.isoformat(), "summary": change.summary} for change in checklist.changes],
    }


def _framework(framework: Framework) -> dict[str, Any]:
    """One framework of data/controls.yml: what an item's `controls` keys name, and where they were read."""
    return {"id": framework.id, "name": framework.name, "short_name": framework.short_name,
            "note": framework.note,
            "sources": [{"title": s.title, "url": s.url, "read": s.read.isoformat()} for s in framework.sources],
            "controls": [{"key": framework.key(c), "id": c.id, "title": c.title, "display": framework.display(c)}
                         for c in framework.controls]}


def export_document(handbook: Handbook) -> dict[str, Any]:
    """Every checklist and every framework control they may name, as one JSON-ready mapping."""
    return {
        "$schema": "checklists.schema.json",
        "format_version": FORMAT_VERSION,
        "source": "The MSP Playbook",
        "commit": handbook.build.commit,
        "checklists": [_checklist(handbook, checklist) for checklist in handbook.checklists],
        "frameworks": [_framework(framework) for framework in handbook.controls],
    }


def export_json(handbook: Handbook) -> str:
    """The export as JSON text, keys in a fixed order, so the same data gives the same file."""
    return json.dumps(export_document(handbook), ensure_ascii=False, indent=1) + "\n"


def write_export(site: Path, handbook: Handbook) -> None:
    """Write checklists/checklists.json and its schema, checklists/checklists.schema.json, into the site."""
    target = site / EXPORT_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(export_json(handbook), encoding="utf-8")
    (site / SCHEMA_SITE_PATH).write_text(SCHEMA_SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
