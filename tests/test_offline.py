"""The offline zip (make offline): the checklist PDFs, the Word files and the book, linked from file://."""
from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from justhtml import JustHTML

from conftest import ROOT
from macros.loading import load_handbook

CHECKLIST_IDS = [checklist.id for checklist in load_handbook(ROOT / "data").checklists]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make offline` into a scratch folder, its zip unpacked as a reader would: the top folder."""
    scratch = tmp_path_factory.mktemp("offline")
    archive = scratch / "offline.zip"
    result = subprocess.run(["make", "--no-print-directory", "offline", f"OFFLINE_DIR={scratch / 'build'}",
                             f"OFFLINE_ZIP={archive}"], cwd=ROOT, capture_output=True, text=True,
                            check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(scratch / "unpacked")
    return scratch / "unpacked" / "msp-playbook"


def links(page: Path, selector: str) -> list[str]:
    """The href of every element matching `selector` on a built page."""
    document = JustHTML(page.read_text(encoding="utf-8"), sanitize=False)
    return [element.attrs["href"] or "" for element in document.query(selector)]


def target(page: Path, href: str) -> Path:
    """The file a relative link on `page` opens from file://."""
    assert "://" not in href and not href.startswith("/"), href
    return Path(urljoin(page.as_uri(), href).removeprefix("file://"))


@pytest.mark.slow
@pytest.mark.browser
def test_offline_zip_holds_the_pdfs_word_files_and_book(unpacked: Path) -> None:
    """Every checklist's PDF and Word file, and the book, are inside the zip's top folder."""
    for checklist_id in CHECKLIST_IDS:
        assert (unpacked / "pdf" / f"{checklist_id}.pdf").stat().st_size > 1000, checklist_id
        assert (unpacked / "checklists" / f"{checklist_id}.docx").stat().st_size > 1000, checklist_id
    assert (unpacked / "pdf" / "msp-playbook.pdf").stat().st_size > 100_000


@pytest.mark.slow
@pytest.mark.browser
def test_offline_pages_link_the_book_relatively(unpacked: Path) -> None:
    """The home page and the checklists index link the book with links that open from disk."""
    for page in (unpacked / "index.html", unpacked / "checklists" / "index.html"):
        hrefs = [href for href in links(page, "a[href]") if href.endswith("msp-playbook.pdf")]
        assert hrefs, page
        for href in hrefs:
            assert target(page, href) == unpacked / "pdf" / "msp-playbook.pdf"


@pytest.mark.slow
@pytest.mark.browser
def test_offline_checklist_links_its_pdf_and_word_file(unpacked: Path, browser: Any) -> None:
    """From file://, a checklist's download links open the PDF and Word file the zip holds."""
    context = browser.new_context()
    page = context.new_page()
    try:
        for checklist_id in CHECKLIST_IDS[:3]:
            sheet = unpacked / "checklists" / f"{checklist_id}.html"
            (docx,) = links(sheet, "a[data-role=docx-link]")
            assert target(sheet, docx) == unpacked / "checklists" / f"{checklist_id}.docx"
            (pdf,) = links(sheet, "a[data-role=pdf-link]")
            assert "://" not in pdf and not pdf.startswith("/")
            page.goto(sheet.as_uri(), wait_until="load")
            expected = (unpacked / "pdf" / f"{checklist_id}.pdf").as_uri()
            page.wait_for_function("href => document.querySelector('a[data-role=pdf-link]').href === href",
                                   arg=expected, timeout=10000)
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_offline_search_answers_from_disk_under_a_policy_of_hashes(unpacked: Path, browser: Any) -> None:
    """From file://, search runs in iframe-worker's frame, allowed by its hash: no 'unsafe-inline', no violation."""
    page_file = unpacked / "tools" / "rmm.html"
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page_file.read_text(encoding="utf-8"))
    assert policy and "unsafe-inline" not in policy[1].split("script-src", 1)[1].split(";", 1)[0]
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        page.goto(page_file.as_uri(), wait_until="load")
        page.focus("input.md-search__input")
        page.locator("input.md-search__input").press_sequentially("patch")
        page.wait_for_selector(".md-search-result__item", timeout=20000)
        assert refused == []
    finally:
        context.close()
