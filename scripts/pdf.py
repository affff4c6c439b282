"""Print the built site to PDF: one file per checklist and one for the whole handbook.

Usage: python scripts/pdf.py [SITE_DIR] [--out DIR] [--paper A4|Letter]
Serves SITE_DIR (default site/) on loopback, prints each page with Debian's Chromium
through Playwright, and writes DIR (default SITE_DIR/pdf/): <checklist-id>.pdf for each
checklist and msp-playbook.pdf for every page of the navigation, in order.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from macros.loading import load_handbook
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from scripts.serve import serving

ROOT = Path(__file__).resolve().parent.parent
HANDBOOK_PDF = "msp-playbook.pdf"


def checklist_ids() -> list[str]:
    """IDs of every checklist, from the same data the site is built from."""
    return [checklist.id for checklist in load_handbook(ROOT / "data").checklists]


def print_page(page: object, url: str, path: Path, paper: str) -> None:
    """Open `url` and print it to `path` with the site's print stylesheet."""
    page.goto(url, wait_until="load")
    page.emulate_media(media="print")
    # Margins and the stamps in them come from @page rules in print.css and the sheet.
    page.pdf(path=str(path), format=paper, print_background=True)


def nav_urls(page: object, base: str) -> list[str]:
    """Every page of the site's navigation, in reading order, from the home page's menu."""
    page.goto(base, wait_until="load")
    hrefs = page.eval_on_selector_all(
        ".md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.href)")
    seen: list[str] = []
    for href in [base, *hrefs]:
        url = href.split("#")[0]
        if urlsplit(url).netloc == urlsplit(base).netloc and url not in seen:
            seen.append(url)
    return seen


def write_pdfs(site: Path, out: Path, paper: str = "A4") -> list[Path]:
    """Write every checklist's PDF and the handbook PDF into `out`; return their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with serving(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for checklist_id in checklist_ids():
            target = out / f"{checklist_id}.pdf"
            print_page(page, urljoin(base, f"checklists/{checklist_id}/"), target, paper)
            written.append(target)
        # One PDF per chapter, joined: each chapter starts on a fresh sheet and keeps its own
        # page stamps, and the site's print stylesheet is the only layout to maintain.
        with tempfile.TemporaryDirectory() as scratch:
            parts = []
            for number, url in enumerate(nav_urls(page, base)):
                part = Path(scratch) / f"{number:03d}.pdf"
                print_page(page, url, part, paper)
                parts.append(str(part))
            target = out / HANDBOOK_PDF
            subprocess.run(["pdfunite", *parts, str(target)], check=True)
            written.append(target)
        browser.close()
    return written


def main() -> None:
    """Command line: print the built site's checklists and the whole handbook to PDF."""
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
