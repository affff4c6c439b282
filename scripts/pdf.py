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
import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from pypdf import PdfReader, PdfWriter

from macros.loading import git_commit, load_handbook
from playbook.project import ROOT
from scripts.book import BookFacts, Part, book_facts, book_html, load_config, reader_parts
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


def chapter_pages(path: Path, parts: list[Part]) -> dict[str, int]:
    """Page number (from 1) where each chapter starts, read from the PDF's named destinations."""
    reader = PdfReader(path)
    destinations = reader.named_destinations
    pages = {}
    for chapter in (chapter for part in parts for chapter in part.chapters):
        destination = destinations.get(chapter.key) or destinations.get("/" + chapter.key)
        if destination is None:
            raise RuntimeError(f"{path.name}: chapter {chapter.key} has no destination")
        pages[chapter.key] = reader.get_destination_page_number(destination) + 1
    return pages


def finish_book(printed: Path, target: Path, parts: list[Part], pages: dict[str, int],
                facts: BookFacts) -> None:
    """Bookmarks for parts and chapters, title and author, written to `target`."""
    writer = PdfWriter(clone_from=printed)
    writer.add_metadata({"/Title": facts.title, "/Author": facts.author,
                         "/Subject": facts.description, "/Keywords": facts.site_url})
    writer.page_mode = "/UseOutlines"
    for part in parts:
        first = pages[part.chapters[0].key] - 1
        if part.title is None:
            writer.add_outline_item(title=part.chapters[0].title, page_number=first)
            continue
        parent = writer.add_outline_item(title=part.title, page_number=first)
        for chapter in part.chapters:
            writer.add_outline_item(title=chapter.title, page_number=pages[chapter.key] - 1,
                                    parent=parent)
    with target.open("wb") as handle:
        writer.write(handle)


def write_book(page: Any, base: str, site: Path, target: Path, paper: str) -> Path:
    """Print the book twice, the second time with the contents' page numbers, and finish it."""
    config = load_config(ROOT / "mkdocs.yml")
    parts = reader_parts(config["nav"])
    facts = book_facts(config, git_commit(ROOT), dt.date.today())
    pages: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as scratch:
        printed = Path(scratch) / "book.pdf"
        # The numbers take the room the blank slots held, so a second pass normally settles;
        # a third covers a contents line that wrapped differently.
        for _ in range(3):
            print_book_once(page, base, book_html(site, parts, facts, config, pages), printed, paper)
            found = chapter_pages(printed, parts)
            if found == pages:
                break
            pages = found
        else:
            raise RuntimeError("the book's page numbers did not settle after three printings")
        finish_book(printed, target, parts, pages, facts)
    return target


def write_pdfs(site: Path, out: Path, paper: str = "A4") -> list[Path]:
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
        written.append(write_book(page, base, site, out / HANDBOOK_PDF, paper))
        browser.close()
    return written


def main() -> None:
    """Command line: print the built site's checklists and the book to PDF."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, help="folder for the PDFs (default: SITE/pdf)")
    parser.add_argument("--paper", default="A4", choices=["A4", "Letter"])
    args = parser.parse_args()
    if not (args.site / "index.html").is_file():
        sys.exit(f"{args.site} holds no built site; run `make build` first.")
    for path in write_pdfs(args.site, args.out or args.site / "pdf", args.paper):
        print(path)


if __name__ == "__main__":
    main()
