"""The handbook as a book (make pdf): bookmarks, links, drawn diagrams, page numbers, reader pages only."""
from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import ROOT
from macros.loading import load_handbook
from scripts.pdf import content_lines
from scripts.book import LEFT_OUT, Chapter, _rewrite_href, built_page, index_entries, load_config, reader_parts

CONFIG = load_config(ROOT / "mkdocs.yml")
PARTS = reader_parts(CONFIG["nav"])
CHAPTERS = [chapter for part in PARTS for chapter in part.chapters]
# A link to the machine that printed the book is dead for every reader.
LOCAL_ADDRESS = re.compile(r"^(file:|https?://(127\.|localhost|0\.0\.0\.0|\[::1\]|10\.|192\.168\.))", re.I)
SITE_URL = CONFIG["site_url"]
# A chapter's last page holding this few lines of text (header and footer aside) reads as a mistake.
FEW_LINES = 3


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


def test_index_lists_each_page_once_and_drops_uses_print_hides() -> None:
    """Uses on the same page are listed once; a use with no page (hidden on paper) is left out."""
    first, second = Chapter("tools/rmm.md", "Tools"), Chapter("tools/psa.md", "Tools")
    first.marks = [("rmm", "a"), ("rmm", "b"), ("psa", "c")]
    second.marks = [("rmm", "d"), ("rmm", "hidden")]
    glossary = [("psa", "PSA"), ("rmm", "RMM"), ("sla", "SLA")]
    before = index_entries([first, second], glossary, {})
    assert [(e.term, len(e.uses)) for e in before] == [("PSA", 1), ("RMM", 4)]
    after = index_entries([first, second], glossary, {"a": 12, "b": 12, "c": 13, "d": 20, "ch-glossary--rmm": 90})
    assert [(e.term, e.definition, e.uses) for e in after] == [
        ("PSA", "ch-glossary--psa", [("c", "13")]), ("RMM", "ch-glossary--rmm", [("a", "12"), ("d", "20")])]


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


def tree(items: list[Any], reader: PdfReader) -> list[tuple[str, int, list[Any]]]:
    """The bookmarks as a tree: (title, page number from 1, children)."""
    nodes: list[tuple[str, int, list[Any]]] = []
    for item in items:
        if isinstance(item, list):
            nodes[-1][2].extend(tree(item, reader))
        else:
            nodes.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return nodes


def chapter_nodes(book: Path) -> list[tuple[str, int, list[Any]]]:
    """The bookmark of each chapter, in order: a titled part's children, or a single page itself."""
    reader = PdfReader(book)
    top = tree(reader.outline, reader)
    nodes = []
    for part, node in zip(PARTS, top):  # one top-level bookmark per part, then the book's own pages
        nodes += node[2] if part.title else [node]
    return nodes


def site_headings(built_site: Path, chapter: Chapter, level: int) -> list[str]:
    """The text of a built page's h1 or h2 headings in its article, as a reader sees them."""
    page = (built_site / built_page(built_site, chapter)).read_text(encoding="utf-8")
    article = page[page.index('<article class="md-content__inner'):page.index("</article>")]
    found = []
    for heading in re.findall(rf"<h{level}\b[^>]*>(.*?)</h{level}>", article, re.DOTALL):
        heading = re.sub(r'<a class="headerlink".*?</a>', "", heading)
        found.append(re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", heading))).strip())
    return found


@pytest.mark.slow
@pytest.mark.browser
def test_book_has_a_bookmark_for_every_part_and_chapter(book: Path) -> None:
    """Parts hold their chapters as bookmarks, each opening the page the contents names."""
    reader = PdfReader(book)
    top = [title for title, _, _ in tree(reader.outline, reader)]
    titled_parts = [part.title for part in PARTS if part.title]
    assert [title for title in top if title in titled_parts] == titled_parts
    assert top[-2:] == ["Changes in this edition", "Index"]
    nodes = chapter_nodes(book)
    assert len(nodes) == len(CHAPTERS)
    texts = page_texts(book)
    contents = " ".join(text for text in texts[1:5] if text.startswith("Contents"))
    for title, number, _ in nodes:
        # The contents lists the chapter with the page its bookmark opens, and that page
        # carries the chapter's title as its running header.
        assert re.search(re.escape(title) + r"[ .]*" + str(number) + r"\b", contents), title
        assert texts[number - 1].startswith(title), (title, number)


@pytest.mark.slow
@pytest.mark.browser
def test_book_bookmarks_read_exactly_as_the_site_titles(book: Path, built_site: Path) -> None:
    """Each chapter's bookmark is its page's title on the site, letter for letter and space for space."""
    assert [title for title, _, _ in chapter_nodes(book)] == [site_headings(built_site, c, 1)[0] for c in CHAPTERS]


@pytest.mark.slow
@pytest.mark.browser
def test_book_has_a_bookmark_for_every_section(book: Path, built_site: Path) -> None:
    """Under each chapter, its sections (h2) as on the site, each opening a page of that chapter, in order."""
    nodes = chapter_nodes(book)
    ends = [number for _, number, _ in nodes[1:]] + [len(PdfReader(book).pages) + 1]
    assert sum(len(children) for _, _, children in nodes) > len(CHAPTERS)
    for chapter, (title, start, children), end in zip(CHAPTERS, nodes, ends):
        # All of them but those print leaves out (a checklist's change log), in the site's order.
        on_site = iter(site_headings(built_site, chapter, 2))
        assert all(child[0] in on_site for child in children), title
        numbers = [child[1] for child in children]
        assert numbers == sorted(numbers) and all(start <= n <= end for n in numbers), title


def index_start(book: Path) -> int:
    """The page (from 1) the index starts on: its bookmark is the last."""
    reader = PdfReader(book)
    return tree(reader.outline, reader)[-1][1]


def words(book: Path, number: int) -> list[tuple[float, float, float, float, str]]:
    """The words on one page with their boxes (left, top, right, bottom, from the top-left corner)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(book), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(x0), float(y0), float(x1), float(y1), html.unescape(text)) for x0, y0, x1, y1, text in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)]


def index_links(book: Path) -> list[tuple[str, str, int]]:
    """The index's links in order, as (destination name, the text printed in the link, page it opens).

    A term leads to its glossary entry (ch-glossary--<id>), each page number to the glossary mark
    it counts (<chapter>--ix-<n>). A link's text is the words whose middle lies in its box; a term
    that wraps onto a second line has a box per line, joined here.
    """
    reader = PdfReader(book)
    destinations = reader.named_destinations
    links: list[tuple[str, str, int]] = []
    for number in range(index_start(book), len(reader.pages) + 1):
        page = reader.pages[number - 1]
        height = float(page.mediabox.height)
        on_page = words(book, number)
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link" or annotation.get("/Dest") is None:
                continue
            name = str(annotation["/Dest"])
            x0, y0, x1, y1 = (float(value) for value in annotation["/Rect"])
            top, bottom = height - y1, height - y0
            text = " ".join(word for left, upper, right, lower, word in on_page
                            if x0 <= (left + right) / 2 <= x1 and top <= (upper + lower) / 2 <= bottom)
            opens = reader.get_destination_page_number(destinations[name]) + 1
            if links and links[-1][0] == name:
                links[-1] = (name, f"{links[-1][1]} {text}", opens)
            else:
                links.append((name, text, opens))
    return [(name.lstrip("/"), text.rstrip(","), opens) for name, text, opens in links]


@pytest.mark.slow
@pytest.mark.browser
def test_book_index_numbers_are_the_pages_their_links_open(book: Path) -> None:
    """Each page number in the index is the page its link opens: where the mark it counts printed.

    The page a link opens is its named destination's, which Chromium writes where the marked
    term lies in the printed layout; scripts/pdf.py prints until the numbers it prints are the
    ones it measures, so not one may differ.
    """
    numbers = [(name, text, opens) for name, text, opens in index_links(book) if "--ix-" in name]
    assert len(numbers) > 300
    assert [(name, text, opens) for name, text, opens in numbers if text != str(opens)] == []


@pytest.mark.slow
@pytest.mark.browser
def test_book_index_lists_glossary_terms_with_the_pages_that_use_them(book: Path) -> None:
    """The index names terms with page numbers; every number is a page whose text uses the term.

    Each entry is a term's link to the glossary and the links of its page numbers after it,
    each read as printed. A page's text is compared without case, spaces or hyphens, since a line
    or a table cell may break a term anywhere, and is read in two ways, as poppler lays it out
    and in the order the PDF draws it: laid out, the lines of neighbouring table cells
    interleave ("Offline or immutable" runs into the next cell before "backups"); as drawn, a
    glossary mark (positioned, so painted after the text around it) may come apart from the
    words beside it. A term is on the page if either reading holds it.
    """
    start = index_start(book)
    readings = []
    for mode in ([], ["-raw"]):
        raw = subprocess.run(["pdftotext", *mode, str(book), "-"], check=True, capture_output=True,
                             text=True).stdout
        readings.append([re.sub(r"[\s-]", "", page.lower()) for page in raw.split("\f")[:-1]])
    assert page_texts(book)[start - 1].startswith("Index")
    glossary = {term.id: term for term in load_handbook(ROOT / "data").glossary}
    term, listed, checked, missed = None, 0, 0, []
    for name, text, _ in index_links(book):
        if name.startswith("ch-glossary--"):
            term = glossary[name.removeprefix("ch-glossary--")]
            assert text == term.term, name
            listed += 1
            continue
        assert term is not None and text.isdigit(), (name, text)
        number = int(text)
        assert number < start, (term.term, number)
        checked += 1
        spellings = [re.sub(r"[\s-]", "", s.lower()) for s in (term.term, *term.hover_spellings)]
        if not any(s in pages[number - 1] for s in spellings for pages in readings):
            missed.append((term.term, number))
    assert listed > 100 and checked > 300
    assert missed == []


@pytest.mark.slow
@pytest.mark.browser
def test_book_names_its_edition_and_what_changed(book: Path) -> None:
    """The cover dates the edition; a page lists the changes since the previous one, or says why it cannot."""
    reader = PdfReader(book)
    texts = page_texts(book)
    assert re.search(r"Edition \d{4}-\d{2}-\d{2}", texts[0])
    changes = tree(reader.outline, reader)[-2]
    text = texts[changes[1] - 1]
    assert text.startswith("Changes in this edition")
    assert re.search(r"\d{4}-\d{2}-\d{2} \S", text) or "No change history" in text or "Nothing has changed" in text


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


@pytest.mark.slow
@pytest.mark.browser
def test_no_chapter_ends_on_a_page_of_a_few_lines(book: Path) -> None:
    """Each chapter starts on a new page; none leaves its last page holding only a few lines."""
    lines = content_lines(book)
    starts = [number for _, number, _ in chapter_nodes(book)]
    reader = PdfReader(book)
    starts.append(tree(reader.outline, reader)[-2][1])  # the changes page follows the last chapter
    short = [(title, following - 1, lines[following - 2])
             for (title, start, _), following in zip(chapter_nodes(book), starts[1:])
             if following - 1 > start and lines[following - 2] <= FEW_LINES]
    assert short == []
