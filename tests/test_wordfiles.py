"""Each checklist as a Word file: it opens, holds every item with owner and phase, and is linked."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as WordDocument

from conftest import ROOT
from macros.checklists import page_url
from macros.docx_export import SIGN_OFF_ROLES, TICK_BOX, chapter_url, checklist_docx
from macros.loading import load_handbook
from macros.records import Checklist, Handbook
from test_checklists import golden_handbook

GOLDEN = Path(__file__).parent / "golden" / "checklist_sample.docx.txt"
HANDBOOK = load_handbook(ROOT / "data")


def opened(handbook: Handbook, checklist: Checklist) -> WordDocument:
    """The checklist's Word file, written to bytes and read back with python-docx."""
    return Document(io.BytesIO(checklist_docx(checklist, handbook.build, page_url(handbook, checklist))))


def outline(document: WordDocument) -> list[str]:
    """The document as lines "style: text", then the sign-off table's rows and the footer."""
    lines = [f"{p.style.name}: {p.text}" for p in document.paragraphs]
    for table in document.tables:
        lines += ["table: " + " | ".join(cell.text for cell in row.cells) for row in table.rows]
    lines.append("footer: " + document.sections[0].footer.paragraphs[0].text)
    return [line.rstrip() for line in lines]


@pytest.mark.parametrize("checklist", HANDBOOK.checklists, ids=lambda c: c.id)
def test_word_file_holds_every_item_with_owner_time_and_phase(checklist: Checklist) -> None:
    """Phases are headings in order; each item is a tick box with its text, then its owner."""
    document = opened(HANDBOOK, checklist)
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [p.title for p in checklist.phases] + ["Sign-off"]
    for item in checklist.items:
        at = paragraphs.index(f"{TICK_BOX} {item.text}")
        meta = paragraphs[at + 1]
        assert meta.startswith(f"Owner: {item.owner}")
        if item.minutes:
            assert "About " in meta.splitlines()[0]
        if item.client_note:
            assert f"Tell the client: {item.client_note}" in meta
    assert document.core_properties.title == checklist.title
    assert checklist.version in document.sections[0].footer.paragraphs[0].text


def test_word_file_has_sign_off_lines_and_the_version_stamp() -> None:
    """A table with name, date and signature for each person who signs, and the version."""
    checklist = HANDBOOK.checklists[0]
    document = opened(HANDBOOK, checklist)
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["Role", "Name", "Date", "Signature"]
    assert [r.cells[0].text for r in table.rows[1:]] == list(SIGN_OFF_ROLES)
    assert any(p.text.startswith(f"Version: {checklist.version}") for p in document.paragraphs)


def test_word_file_structure_matches_golden_file() -> None:
    """The sample checklist's Word outline is exactly the reviewed golden file."""
    handbook = golden_handbook()
    lines = outline(opened(handbook, handbook.checklists[0]))
    assert "\n".join(lines) + "\n" == GOLDEN.read_text(encoding="utf-8")


def test_word_file_is_the_same_for_the_same_checklist() -> None:
    """Document properties carry the checklist's date, not the build time."""
    checklist = HANDBOOK.checklist("client-onboarding")
    assert checklist is not None
    properties = opened(HANDBOOK, checklist).core_properties
    assert properties.created.date() == checklist.updated == properties.modified.date()


@pytest.mark.parametrize("link, url", [
    ("tools/rmm.md", "https://example.org/handbook/tools/rmm/"),
    ("tools/backup-dr.md#testing", "https://example.org/handbook/tools/backup-dr/#testing"),
    ("checklists/index.md", "https://example.org/handbook/checklists/"),
    ("index.md", "https://example.org/handbook/"),
])
def test_chapter_links_become_published_addresses(link: str, url: str) -> None:
    """A "Read more" chapter in Word is the page's public address, not a docs path."""
    assert chapter_url("https://example.org/handbook/", link) == url


def test_built_site_serves_each_word_file_beside_a_relative_link(built_site: Path) -> None:
    """site/checklists/<id>.docx opens; its page links it relatively, so any host or file:// works."""
    for checklist in HANDBOOK.checklists:
        word = built_site / "checklists" / f"{checklist.id}.docx"
        assert Document(str(word)).core_properties.title == checklist.title
        page = (built_site / "checklists" / checklist.id / "index.html").read_text(encoding="utf-8")
        link = re.search(r'<a [^>]*data-role="docx-link"[^>]*>', page)
        assert link is not None and f'href="../{checklist.id}.docx"' in link.group(0)
