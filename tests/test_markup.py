"""Valid markup: every built page parses without error and holds none of the handbook's own old faults.

Parsed with justhtml (an HTML5 parser that follows the WHATWG algorithm and reports its parse
errors), so a paragraph closed twice or a block inside a paragraph shows as an error. The
Nu HTML Checker (vnu, Java) is not run here; see the report of issue 29.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from justhtml import JustHTML

from conftest import ROOT
from macros.checklists import SheetView, print_stamps, with_unique_section_ids
from macros.loading import load_handbook


def pages(site: Path) -> list[Path]:
    """Every HTML file of a built site (pages, the 404 page, search and tags pages)."""
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def parsed(built_site: Path) -> dict[str, JustHTML]:
    """Each built page, parsed once with its parse errors collected, exactly as written.

    sanitize=False: justhtml sanitizes by default, which drops <style> elements and unknown
    attributes such as `markdown`, and would let the checks below pass on a page holding them.
    """
    return {page.relative_to(built_site).as_posix():
            JustHTML(page.read_text(encoding="utf-8"), collect_errors=True, sanitize=False)
            for page in pages(built_site)}


def test_every_page_parses_without_an_error(parsed: dict[str, JustHTML]) -> None:
    """No parse error on any page: no end tag without its start (a paragraph closed twice), no stray block."""
    errors = {name: [str(error) for error in document.errors] for name, document in parsed.items() if document.errors}
    assert errors == {}


def test_no_markdown_attribute_is_left_in_the_output(parsed: dict[str, JustHTML]) -> None:
    """md_in_html consumed every `markdown` attribute (the macro reference's examples left 55)."""
    left = {name: len(found) for name, document in parsed.items()
            if (found := document.query("[markdown]"))}
    assert left == {}


def test_no_style_element_in_any_body(parsed: dict[str, JustHTML]) -> None:
    """Style elements sit in the head (a checklist's paper stamp was in its body)."""
    inside = [name for name, document in parsed.items() if document.query("body style")]
    assert inside == []


def test_no_id_is_used_twice_on_a_page(parsed: dict[str, JustHTML]) -> None:
    """Every id is unique within its page (the channel-program checklist had "…-portal" twice)."""
    repeated = {}
    for name, document in parsed.items():
        counts = Counter(element.attrs["id"] for element in document.query("[id]"))
        if twice := sorted(i for i, n in counts.items() if n > 1):
            repeated[name] = twice
    assert repeated == {}


def test_a_checklist_page_carries_its_paper_stamp_in_its_head(parsed: dict[str, JustHTML]) -> None:
    """The stamp moved out of the body keeps its id (checklists.js adds a run's details to it)."""
    for checklist in load_handbook(ROOT / "data").checklists:
        document = parsed[f"checklists/{checklist.id}/index.html"]
        assert len(document.query(f"head style#cl-{checklist.id}-stamp")) == 1, checklist.id


def test_only_clashing_section_ids_change_and_the_version_stays() -> None:
    """A section named like an item or a run control is renamed; others and the version are untouched."""
    handbook = load_handbook(ROOT / "data")
    for checklist in handbook.checklists:
        sheet = with_unique_section_ids(checklist)
        assert isinstance(sheet, SheetView) and sheet.version == checklist.version
        renamed = {(a.id, b.id) for a, b in zip(checklist.sections, (s for p in sheet.phases for s in p.sections))
                   if a.id != b.id}
        items = {item.id for item in checklist.items}
        assert all(new == "section-" + old and (old in items or old == "run") for old, new in renamed), renamed
    assert set(print_stamps(handbook)) == {checklist.id for checklist in handbook.checklists}
