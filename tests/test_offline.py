"""The offline zip (make offline): the checklist PDFs, the Word files and the book, linked from file://."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect
from justhtml import JustHTML

from conftest import ROOT
from test_reading_online import LOOPBACK, one_word_tool, search
from macros.loading import load_handbook

CHECKLIST_IDS = [checklist.id for checklist in load_handbook(ROOT / "data").checklists]


@pytest.fixture(scope="module")
def unpacked(offline_zip: Path) -> Path:
    """The session's offline zip (`make offline` with its PDFs), unpacked as a reader would: the top folder."""
    with zipfile.ZipFile(offline_zip) as zipped:
        zipped.extractall(offline_zip.parent / "unpacked")
    return offline_zip.parent / "unpacked" / "msp-playbook"


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
def test_offline_zip_opens_from_disk_and_searches(unpacked: Path, browser: Any) -> None:
    """From file://, pages are styled, search answers and components run, under a policy of hashes, asking no host.

    Search runs in iframe-worker's frame (file:// has no workers); its inline script is allowed by
    the hash the post-build step computed from the library's file, not by 'unsafe-inline'.
    """
    index = (unpacked / "index.html").read_text(encoding="utf-8")
    assert "iframe-worker-" in index and "unpkg" not in index
    assert '"navigation.instant"' not in index  # Material's guide: off for file://
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', index)
    assert policy and "unsafe-inline" not in policy[1].split("script-src", 1)[1].split(";", 1)[0]

    context = browser.new_context()
    attempted: list[str] = []
    context.route(LOOPBACK, lambda route: (attempted.append(route.request.url), route.abort()))
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        # Styled from disk, the 404 page too: every stylesheet link is relative to its page.
        for styled in ("404.html", "tools/psa.html", "index.html"):
            page.goto((unpacked / styled).as_uri(), wait_until="load")
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", styled
            assert page.evaluate("getComputedStyle(document.querySelector('.md-tabs__item:not(.md-tabs__item--active) .md-tabs__link')).opacity") == "0.8", styled
        tool = one_word_tool()
        results = search(page, tool)
        assert results[0].startswith((unpacked / "tools" / "directory.html").as_uri())
        page.goto(results[0])
        assert tool in page.inner_text("article")
        # Material's page components run from disk: they wait on a stream of page loads that
        # instant navigation, left on, closed at once from file://. Copy buttons, the wrapper
        # that scrolls a wide table, and Mermaid loaded from the zip draw the diagram.
        expect(page.locator("article .md-typeset__scrollwrap").first).to_be_attached()
        page.goto((unpacked / "contributing" / "index.html").as_uri())
        page.wait_for_selector("article button.md-code__button[data-md-type=copy]", state="attached", timeout=10000)
        page.goto((unpacked / "tools" / "working-together.html").as_uri())
        page.wait_for_selector("article div.mermaid", state="attached", timeout=15000)
        assert attempted == [] and refused == []
    finally:
        context.close()
