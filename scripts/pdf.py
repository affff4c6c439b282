"""Print the built site to PDF: one file per checklist, and the handbook as a book.

Usage: python scripts/pdf.py [SITE_DIR] [--out DIR] [--paper A4|Letter]
Serves SITE_DIR (default site/) on loopback and prints with Debian's Chromium through
Playwright into DIR (default SITE_DIR/pdf/): <checklist-id>.pdf for each checklist, and
msp-playbook.pdf, every reader page in navigation order (scripts/book.py) with a cover,
a contents with page numbers, bookmarks and running headers. No printed link points at
the loopback server: links leave for the published address (site_url) or stay in the file.
"""
from __future__ import annotations

import argparse
import subprocess
import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from pypdf import PdfReader, PdfWriter

from macros.glossary import hover_text
from macros.history import edition_date, previous_edition, read_history
from macros.loading import git_commit, load_handbook
from playbook.project import ROOT
from scripts.book import GLOSSARY_KEY, BookFacts, Part, book_facts, book_html, load_config, reader_parts
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from scripts.serve import built_prefix, serving

HANDBOOK_PDF = "msp-playbook.pdf"
# Served beside the site's home page, so the site's relative stylesheet and script paths resolve.
BOOK_PAGE = "msp-book.html"
# The exact state to print: every diagram drawn (Mermaid puts an <svg> in each).
DIAGRAMS_DRAWN = "[...document.querySelectorAll('.mermaid')].every(d => d.querySelector('svg'))"
# Links on a printed checklist sheet: same-page anchors stay, the rest go to the published site.
PUBLISH_LINKS = """([base, published]) => {
  for (const a of document.querySelectorAll("a[href]")) {
    if (a.getAttribute("href").startsWith("#")) continue;
    if (a.href.startsWith(base)) a.href = published + a.href.slice(base.length);
  }
}"""


def checklist_ids() -> list[str]:
    """IDs of every checklist, from the same data the site is built from."""
    return [checklist.id for checklist in load_handbook(ROOT / "data").checklists]


def checklist_page(site: Path, checklist_id: str) -> str:
    """A checklist's page in `site`: checklists/<id>/, or checklists/<id>.html in the offline build."""
    folder = f"checklists/{checklist_id}/"
    return folder if (site / folder / "index.html").is_file() else f"checklists/{checklist_id}.html"


def print_checklist(page: Any, url: str, path: Path, paper: str, base: str, site_url: str) -> None:
    """Open a checklist page and print it to `path` with the site's print stylesheet."""
    page.goto(url, wait_until="load")
    page.evaluate(PUBLISH_LINKS, [base, site_url])
    page.emulate_media(media="print")
    # Margins and the stamps in them come from @page rules in print.css and the sheet.
    page.pdf(path=str(path), format=paper, print_background=True, tagged=True)


def print_book_once(page: Any, base: str, html: str, path: Path, paper: str) -> None:
    """Serve the book's HTML beside the site's home page, wait for the diagrams, print it."""
    page.unroute("**/" + BOOK_PAGE)
    page.route("**/" + BOOK_PAGE, lambda route: route.fulfill(
        body=html, content_type="text/html; charset=utf-8"))
    page.goto(base + BOOK_PAGE, wait_until="load")
    page.wait_for_function(DIAGRAMS_DRAWN)
    page.emulate_media(media="print")
    page.pdf(path=str(path), format=paper, print_background=True, tagged=True)


# Without an edition-* tag, the changes page covers this span before the edition's day.
EDITION_SPAN = dt.timedelta(days=90)
# The book's own pages after the chapters, each a bookmark: (anchor, title).
BOOK_PAGES = (("book-changes", "Changes in this edition"), ("book-index", "Index"))


def layout_keys(parts: list[Part]) -> tuple[list[str], list[str]]:
    """Anchors whose pages the contents and bookmarks name: chapters and the book's pages, which
    every printing has, and sections, which a print style may hide (a checklist's change log)."""
    chapters = [chapter for part in parts for chapter in part.chapters]
    return ([key for key, _ in BOOK_PAGES] + [chapter.key for chapter in chapters],
            [anchor for chapter in chapters for anchor, _ in chapter.sections])


def destination_pages(path: Path, required: list[str], optional: list[str] = ()) -> dict[str, int]:
    """Page number (from 1) of each anchor, read from the PDF's named destinations.

    Chromium writes a destination for every link target it prints (and none for an anchor no
    link names): a `required` anchor without one is an error; an `optional` one (a section or a
    glossary mark that print hides) is left out.
    """
    reader = PdfReader(path)
    destinations = reader.named_destinations
    pages = {}
    for key in [*required, *optional]:
        destination = destinations.get(key) or destinations.get("/" + key)
        if destination is None:
            if key in optional:
                continue
            raise RuntimeError(f"{path.name}: {key} has no destination")
        pages[key] = reader.get_destination_page_number(destination) + 1
    return pages


# A chapter's last page holding this many lines of text or fewer (running header and footer
# aside) is a short tail: each chapter starts on a new page, so it would stay nearly empty.
SHORT_TAIL = 6
# How far a chapter with a short tail may be set tighter (scripts/templates/book.html.j2, print.css).
MOST_FIT = 3


def content_lines(path: Path) -> list[int]:
    """How many lines of text each page holds, its running header and footer aside."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return [max(0, len([line for line in page.splitlines() if line.strip()]) - 2)
            for page in out.split("\f")[:-1]]


def short_tails(path: Path, parts: list[Part], pages: dict[str, int]) -> list[str]:
    """Chapters of more than one page whose last page holds only a few lines."""
    lines = content_lines(path)
    chapters = [chapter.key for part in parts for chapter in part.chapters]
    starts = [pages[key] for key in chapters] + [pages[BOOK_PAGES[0][0]]]
    return [key for key, start, following in zip(chapters, starts, starts[1:])
            if following - 1 > start and lines[following - 2] <= SHORT_TAIL]


def chapter_pages(path: Path, parts: list[Part]) -> dict[str, int]:
    """Page number (from 1) where each chapter starts, read from the PDF's named destinations."""
    return destination_pages(path, [chapter.key for part in parts for chapter in part.chapters])


def finish_book(printed: Path, target: Path, parts: list[Part], pages: dict[str, int],
                facts: BookFacts) -> None:
    """Bookmarks for parts and chapters, title and author, written to `target`."""
    writer = PdfWriter(clone_from=printed)
    writer.add_metadata({"/Title": facts.title, "/Author": facts.author,
                         "/Subject": facts.description, "/Keywords": facts.site_url})
    writer.page_mode = "/UseOutlines"

    def add_chapter(chapter: Any, parent: Any = None) -> None:
        mark = writer.add_outline_item(title=chapter.title, page_number=pages[chapter.key] - 1, parent=parent)
        for anchor, title in chapter.sections:
            if anchor in pages:  # not hidden on paper
                    writer.add_outline_item(title=title, page_number=pages[anchor] - 1, parent=mark)

    for part in parts:
        first = pages[part.chapters[0].key] - 1
        if part.title is None:
            add_chapter(part.chapters[0])
            continue
        parent = writer.add_outline_item(title=part.title, page_number=first)
        for chapter in part.chapters:
            add_chapter(chapter, parent)
    for anchor, title in BOOK_PAGES:
        writer.add_outline_item(title=title, page_number=pages[anchor] - 1)
    with target.open("wb") as handle:
        writer.write(handle)


def write_book(page: Any, base: str, site: Path, target: Path, paper: str, since: str | None = None) -> Path:
    """Print the book twice, the second time with the contents' page numbers, and finish it."""
    config = load_config(ROOT / "mkdocs.yml")
    parts = reader_parts(config["nav"])
    edition = edition_date(ROOT)
    # Since the previous edition's tag (edition-*), else the last EDITION_SPAN of history.
    since = since or previous_edition(ROOT) or (str(edition - EDITION_SPAN) if edition else None)
    history = read_history(ROOT, since=since)
    facts = book_facts(config, git_commit(ROOT), dt.date.today(), edition, since, history)
    glossary = [(term.id, term.term, hover_text(term))
                for term in sorted(load_handbook(ROOT / "data").glossary, key=lambda t: t.term.casefold())]
    pages: dict[str, int] = {}
    fits: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as scratch:
        printed = Path(scratch) / "book.pdf"
        # Each pass prints with the numbers measured in the pass before, and measures every
        # anchor a number names: chapters, sections and each glossary mark (the book links every
        # mark, so Chromium writes a destination for each; see book.html.j2). The book is done
        # when a pass measures exactly the numbers it printed: then the contents, the index and
        # the bookmarks all name the pages of this very print. The numbers take the room the
        # blank slots held, so a second pass normally settles; a third covers a contents line
        # that wrapped differently. A chapter whose last page holds only a few lines is set a
        # step tighter in the next pass (at most MOST_FIT steps), which moves what follows it,
        # and one more pass measures where that left the marks.
        for _ in range(4 + MOST_FIT):
            print_book_once(page, base, book_html(site, parts, facts, config, pages, glossary, fits),
                            printed, paper)
            keys, sections = layout_keys(parts)
            marks = [anchor for part in parts for chapter in part.chapters for _, anchor in chapter.marks]
            marks += [f"{GLOSSARY_KEY}--{term_id}" for term_id, _, _ in glossary]
            # Only this pass's measurements: a number kept from an earlier pass would name a page
            # of a layout that is no longer the one printed.
            found = destination_pages(printed, keys, sections + marks)
            settled = found == pages
            pages = found
            tighter = [key for key in short_tails(printed, parts, pages) if fits.get(key, 0) < MOST_FIT]
            for key in tighter:
                fits[key] = fits.get(key, 0) + 1
            if settled and not tighter:
                break
        else:
            raise RuntimeError("the book's page numbers did not settle")
        finish_book(printed, target, parts, pages, facts)
    return target


def write_pdfs(site: Path, out: Path, paper: str = "A4", since: str | None = None) -> list[Path]:
    """Write every checklist's PDF and the book into `out`; return their paths."""
    from playwright.sync_api import sync_playwright

    site_url = load_config(ROOT / "mkdocs.yml")["site_url"]
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    # The offline build's sitemap names the home page itself (.../index.html): serve its folder.
    prefix = built_prefix(site)
    prefix = prefix.rsplit("/", 1)[0] + "/" if prefix.endswith(".html") else prefix
    with serving(site, prefix) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for checklist_id in checklist_ids():
            target = out / f"{checklist_id}.pdf"
            print_checklist(page, urljoin(base, checklist_page(site, checklist_id)), target, paper,
                            base, site_url)
            written.append(target)
        written.append(write_book(page, base, site, out / HANDBOOK_PDF, paper, since))
        browser.close()
    return written


def main() -> None:
    """Command line: print the built site's checklists and the book to PDF."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, help="folder for the PDFs (default: SITE/pdf)")
    parser.add_argument("--paper", default="A4", choices=["A4", "Letter"])
    parser.add_argument("--since", help="the book lists changes since this tag, commit or date (YYYY-MM-DD); "
                                        "default: the newest edition-* tag, else 90 days before the edition")
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} holds no built site; run `make build` first.")
    for path in write_pdfs(args.site, args.out or args.site / "pdf", args.paper, args.since):
        print(path)


if __name__ == "__main__":
    main()
