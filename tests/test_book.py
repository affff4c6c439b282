"""The handbook as a book (make pdf): bookmarks, links, drawn diagrams, page numbers, reader pages only."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import ROOT
from scripts.book import LEFT_OUT, Chapter, _rewrite_href, load_config, reader_parts

CONFIG = load_config(ROOT / "mkdocs.yml")
PARTS = reader_parts(CONFIG["nav"])
CHAPTERS = [chapter for part in PARTS for chapter in part.chapters]
# A link to the machine that printed the book is dead for every reader.
LOCAL_ADDRESS = re.compile(r"^(file:|https?://(127\.|localhost|0\.0\.0\.0|\[::1\]|10\.|192\.168\.))", re.I)
SITE_URL = CONFIG["site_url"]


def test_reader_parts_follow_the_navigation_without_contributor_pages() -> None:
    """Parts and chapters come in nav order; contributing pages and the tags index are left out."""
    paths = [chapter.path for chapter in CHAPTERS]
    assert paths[0] == "index.md" and paths[-1] == "glossary.md"
    assert not [path for path in paths if path.startswith(LEFT_OUT)]
    assert [part.title for part in PARTS if part.title][:2] == ["The MSP business", "Security and compliance"]
    assert all(part.chapters[0].opens_part for part in PARTS if part.title)


@pytest.mark.parametrize(("href", "page", "expected"), [
    ("#pricing", "business/pricing/index.html", "#ch-business-pricing--pricing"),
    ("../../tools/rmm/", "business/pricing/index.html", "#ch-tools-rmm"),
    ("../../tools/rmm/#alerts", "business/pricing/index.html", "#ch-tools-rmm--alerts"),
    ("../tools/rmm.html#alerts", "business/pricing.html", "#ch-tools-rmm--alerts"),
    ("../", "business/pricing/index.html", "#ch-business"),
    ("../../tags/", "business/pricing/index.html", SITE_URL + "tags/"),
    ("../../pdf/mdf-request.pdf", "checklists/mdf-request/index.html", SITE_URL + "pdf/mdf-request.pdf"),
    ("https://example.org/a", "index.html", "https://example.org/a"),
])
def test_links_jump_inside_the_book_or_to_the_published_site(href: str, page: str, expected: str) -> None:
    """Chapter links become in-document anchors; others the published address, never loopback."""
    keys = {chapter.url: chapter.key for chapter in CHAPTERS}
    assert _rewrite_href(href, page, SITE_URL, keys, "ch-business-pricing") == expected


def test_chapter_keys_are_unique() -> None:
    """Every chapter has its own anchor and named page."""
    assert len({chapter.key for chapter in CHAPTERS}) == len(CHAPTERS)
    assert Chapter("index.md", None).key == "ch-home"


@pytest.fixture(scope="module")
def book(printed_pdfs: Path) -> Path:
    """The book `make pdf` writes, printed once per test session."""
    return printed_pdfs / "msp-playbook.pdf"


def page_texts(path: Path) -> list[str]:
    """Each page's text as poppler extracts it, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return [re.sub(r"\s+", " ", page).strip() for page in out.split("\f")[:-1]]


def outline(items: list[Any], reader: PdfReader, depth: int = 0) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, page number from 1), in order."""
    found: list[tuple[int, str, int]] = []
    for item in items:
        if isinstance(item, list):
            found += outline(item, reader, depth + 1)
        else:
            found.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    return found


def link_uris(path: Path) -> tuple[list[str], int]:
    """Every URI link annotation in a PDF, and how many links jump inside it."""
    uris, internal = [], 0
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            elif annotation.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    return uris, internal


@pytest.mark.slow
@pytest.mark.browser
def test_book_has_a_bookmark_for_every_part_and_chapter(book: Path) -> None:
    """Parts hold their chapters as bookmarks, each opening the page the contents names."""
    reader = PdfReader(book)
    marks = outline(reader.outline, reader)
    titled_parts = [part for part in PARTS if part.title]
    assert [title for depth, title, _ in marks if depth == 0 and title in
            {part.title for part in titled_parts}] == [part.title for part in titled_parts]
    assert len([mark for mark in marks if mark[0] == 1]) == sum(len(part.chapters) for part in titled_parts)
    assert len(marks) == len(titled_parts) + len(CHAPTERS)
    texts = page_texts(book)
    contents = " ".join(text for text in texts[1:4] if text.startswith("Contents"))
    for depth, title, number in marks:
        if depth == 1:
            # The contents lists the chapter with the page its bookmark opens, and that page
            # carries the chapter's title as its running header.
            assert re.search(re.escape(title) + r"[ .]*" + str(number) + r"\b", contents), title
            assert texts[number - 1].startswith(title), (title, number)


@pytest.mark.slow
@pytest.mark.browser
def test_book_has_metadata_and_a_cover(book: Path) -> None:
    """Title and author are set; the cover names the book, its version, date and address."""
    reader = PdfReader(book)
    assert reader.metadata.title == CONFIG["site_name"]
    assert reader.metadata.author
    cover = page_texts(book)[0]
    for fact in (CONFIG["site_name"], "Version", "Printed", SITE_URL):
        assert fact in cover


@pytest.mark.slow
@pytest.mark.browser
def test_book_links_never_point_at_a_local_address(book: Path, printed_pdfs: Path) -> None:
    """No link in the book or a checklist PDF points at loopback or the disk; chapters link inside."""
    uris, internal = link_uris(book)
    assert [uri for uri in uris if LOCAL_ADDRESS.match(uri)] == []
    assert internal > len(CHAPTERS)  # the contents alone links every chapter
    assert any(uri.startswith(SITE_URL) for uri in uris)
    for sheet in printed_pdfs.glob("*.pdf"):
        assert [uri for uri in link_uris(sheet)[0] if LOCAL_ADDRESS.match(uri)] == [], sheet.name


@pytest.mark.slow
@pytest.mark.browser
def test_book_prints_diagrams_drawn_not_their_source(book: Path) -> None:
    """Mermaid has drawn every diagram before printing: no diagram source in the text."""
    text = " ".join(page_texts(book))
    assert "flowchart" not in text and "subgraph" not in text and "-->" not in text


@pytest.mark.slow
@pytest.mark.browser
def test_book_page_numbers_run_on_from_cover_to_end(book: Path) -> None:
    """Every page after the cover is numbered "Page n of N", one number after another."""
    texts = page_texts(book)
    total = len(texts)
    assert "Page 1 of" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of {total}" in text, number


@pytest.mark.slow
@pytest.mark.browser
def test_book_holds_reader_pages_only(book: Path, built_site: Path) -> None:
    """No contributor documentation, no tags index and no checklist page's stamp outside its sheet."""
    reader = PdfReader(book)
    titles = {title for _, title, _ in outline(reader.outline, reader)}
    assert "Tags" not in titles and "Contributing" not in titles
    text = " ".join(page_texts(book))
    for page in (built_site / "contributing").rglob("index.html"):
        heading = re.search(r"<h1[^>]*>(.*?)<", page.read_text(encoding="utf-8"))
        assert heading and heading[1].strip() not in titles
    assert "make chapter" not in text  # the contributor guide's command
