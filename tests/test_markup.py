"""Valid markup: every built page parses without error and holds none of the handbook's own old faults.

Parsed with justhtml (an HTML5 parser that follows the WHATWG algorithm and reports its parse
errors), so a paragraph closed twice or a block inside a paragraph shows as an error. Then the
Nu HTML Checker (vnu, at the version package-lock.json pins; `make vnu` fetches it) checks every
page against the HTML standard in one Java run: no error but those Material's own templates
write (MATERIAL below, listed in README.md).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pytest
from justhtml import JustHTML

from conftest import ROOT
from macros.checklists import SheetView, print_stamps, with_unique_section_ids
from macros.loading import load_handbook
from scripts.vnu import jar_path


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


class Known(NamedTuple):
    """An error of Material's templates: vnu's exact message, a piece of the markup it quotes, why."""

    message: str
    markup: str
    reason: str


# mkdocs-material 9.8.1 (requirements.lock). Each entry matches vnu's message exactly and the
# element it quotes, so the same message about the handbook's own markup still fails.
MATERIAL = (
    Known("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
          "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, "
          "“url”, or “week”.",
          '<input class="md-toggle" data-md-toggle=',
          "base.html, outside any block: the drawer and search toggles are checkboxes with autocomplete=off"),
    Known("Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
          '<label class="md-nav__link',
          'partials/nav-item.html: a section\'s label gets tabindex="" (its tabindex is set only for a non-section)'),
    Known("The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
          "form control.",
          '<label class="md-nav__title" for="__toc">',
          "partials/toc.html: a section's index page (navigation.indexes) has no __toc checkbox for its label"),
)


def vnu_errors(site: Path) -> list[dict]:
    """Every error vnu reports on the site's pages, from one Java run (its JSON goes to stderr)."""
    java, jar = shutil.which("java"), jar_path()
    if java is None or not jar.is_file():
        pytest.fail(f"vnu needs Java and {jar.relative_to(ROOT)}: `make vnu` and `make system-deps` set them up "
                    "(`make test` runs both)")
    run = subprocess.run([java, "-Xss1m", "-jar", str(jar), "--format", "json", "--errors-only", "--no-langdetect",
                          "--exit-zero-always", *map(str, pages(site))],
                         capture_output=True, text=True, encoding="utf-8", check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stderr)["messages"]


@pytest.mark.slow
def test_vnu_finds_no_error_but_material_s_own(built_site: Path) -> None:
    """The Nu HTML Checker finds no error in the handbook's markup; each Material error listed still occurs."""
    unexpected, seen = [], set()
    for error in vnu_errors(built_site):
        known = next((k for k in MATERIAL if error.get("message") == k.message and k.markup in error.get("extract", "")),
                     None)
        if known is None:
            where = error.get("url", "").split(f"{built_site}/")[-1]
            unexpected.append(f"{where}:{error.get('lastLine')}: {error.get('message')} {error.get('extract', '')!r}")
        else:
            seen.add(known)
    assert unexpected == []
    # A Material release that fixes one: drop it here and from README.md.
    assert [k.message for k in MATERIAL if k not in seen] == []
