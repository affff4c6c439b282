"""Checklists in a real browser: saved ticks, named runs, moving between sheets, print, PDF, axe."""
from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from macros.loading import load_handbook

pytestmark = pytest.mark.browser

AXE = next((ROOT / "tests" / "vendor").glob("axe-core-*/axe.min.js"))
CHECKLISTS = load_handbook(ROOT / "data").checklists
SHORT = "vendor-contract-review"
# Text that only the site's chrome carries, never a printed sheet.
CHROME_TEXT = ("Skip to content", "Table of contents", "The MSP Playbook", "Tools and their jobs")


@pytest.fixture
def page(browser: object, site_url: str) -> Iterator[object]:
    """A fresh browser context (empty localStorage) with one page; confirm dialogs accepted."""
    context = browser.new_context()
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    yield tab
    context.close()


def box(page: object, checklist_id: str, item_id: str) -> object:
    """The checkbox of one item."""
    return page.locator(f"#cl-{checklist_id}-{item_id}")


def open_sheet(page: object, site_url: str, checklist_id: str = SHORT) -> None:
    """Open a checklist page and wait until its script has shown the controls."""
    page.goto(f"{site_url}/checklists/{checklist_id}/")
    page.locator(f"#cl-{checklist_id} [data-role=controls]").wait_for(state="visible")


def test_tick_survives_a_reload(page: object, site_url: str) -> None:
    """A ticked item is still ticked after reloading, and the progress count says so."""
    open_sheet(page, site_url)
    box(page, SHORT, "pricing").check()
    page.reload()
    page.locator(f"#cl-{SHORT} [data-role=controls]").wait_for(state="visible")
    assert box(page, SHORT, "pricing").is_checked()
    assert not box(page, SHORT, "support").is_checked()
    assert page.locator(f"#cl-{SHORT} [data-role=progress]").inner_text().startswith("1 of 8 done")


def test_keyboard_ticks_a_box(page: object, site_url: str) -> None:
    """Tab to a checkbox and press space: no mouse needed."""
    open_sheet(page, site_url)
    box(page, SHORT, "pricing").focus()
    page.keyboard.press("Space")
    assert box(page, SHORT, "pricing").is_checked()


def test_clear_ticks_clears_the_run(page: object, site_url: str) -> None:
    """Clear ticks unticks everything in the current run, also after a reload."""
    open_sheet(page, site_url)
    box(page, SHORT, "pricing").check()
    box(page, SHORT, "slas").check()
    page.get_by_role("button", name="Clear ticks").click()
    assert not box(page, SHORT, "pricing").is_checked()
    page.reload()
    page.locator(f"#cl-{SHORT} [data-role=controls]").wait_for(state="visible")
    assert not box(page, SHORT, "slas").is_checked()


def test_named_runs_are_independent(page: object, site_url: str) -> None:
    """Two clients' runs keep their own ticks; switching back restores the first."""
    open_sheet(page, site_url)
    sheet = page.locator(f"#cl-{SHORT}")
    sheet.get_by_label("New run").fill("Onboarding – Acme Dental")
    sheet.get_by_role("button", name="Create run").click()
    box(page, SHORT, "pricing").check()
    sheet.get_by_label("New run").fill("Onboarding – Baker Law")
    sheet.get_by_role("button", name="Create run").click()
    assert not box(page, SHORT, "pricing").is_checked()
    box(page, SHORT, "kpis").check()
    page.reload()
    sheet.locator("[data-role=controls]").wait_for(state="visible")
    assert sheet.get_by_label("Run", exact=True).input_value() == "Onboarding – Baker Law"
    assert box(page, SHORT, "kpis").is_checked() and not box(page, SHORT, "pricing").is_checked()
    sheet.get_by_label("Run", exact=True).select_option("Onboarding – Acme Dental")
    assert box(page, SHORT, "pricing").is_checked() and not box(page, SHORT, "kpis").is_checked()
    sheet.get_by_role("button", name="Delete this run").click()
    options = sheet.get_by_label("Run", exact=True).locator("option").all_inner_texts()
    assert "Onboarding – Acme Dental" not in options


def hop(page: object, checklist_id: str) -> None:
    """Click the navigation's link to a checklist and wait until its script has shown the controls."""
    page.locator(f"a.md-nav__link[href$='/{checklist_id}/']").first.click()
    page.wait_for_url(f"**/checklists/{checklist_id}/")
    page.locator(f"#cl-{checklist_id} [data-role=controls]").wait_for(state="visible")


def test_checklists_reached_by_clicks_keep_their_own_ticks(page: object, site_url: str) -> None:
    """From the list to one checklist, on to another and back: each sets up and keeps its ticks."""
    page.goto(f"{site_url}/checklists/")
    page.locator(f"article a[href$='{SHORT}/']").first.click()
    page.wait_for_url(f"**/checklists/{SHORT}/")
    page.locator(f"#cl-{SHORT} [data-role=controls]").wait_for(state="visible")
    box(page, SHORT, "exit").check()
    assert '"exit"' in page.evaluate(f"localStorage.getItem('msp-playbook/checklist/{SHORT}')")
    hop(page, "mdf-request")
    box(page, "mdf-request", "program-rules").check()
    assert '"program-rules"' in page.evaluate("localStorage.getItem('msp-playbook/checklist/mdf-request')")
    hop(page, SHORT)
    assert box(page, SHORT, "exit").is_checked()


def test_copy_and_csv_carry_every_item(page: object, site_url: str) -> None:
    """Download CSV gives one row per item with its tick; the Markdown copy lists the items."""
    open_sheet(page, site_url)
    box(page, SHORT, "pricing").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == ("Run,Client,Run by,Started,Phase,Section,Item ID,Task,Owner,Minutes,Detail,"
                       "Client note,Helps meet,Done,Done at,Done by,Note,Assigned to,Due")
    assert len(rows) == 1 + 8
    assert rows[1].startswith("Unnamed run,,,")
    assert ",Before signing,Terms,pricing,\"Check pricing," in rows[1]
    assert re.search(r",yes,\d{4}-\d\d-\d\d \d\d:\d\d,,,,$", rows[1]), rows[1]
    assert ",MSP owner,30," in rows[1]
    # The item mapped to a framework carries its controls in the Helps meet column.
    assert [row for row in rows if ",responsibilities," in row and re.search(r',"?CIS 15\.1[^,]*"?,no,', row)]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy as Markdown").click()
    page.locator(f"#cl-{SHORT} [data-role=notice]").filter(has_text="Copied").wait_for()


def test_print_media_hides_the_site_chrome(page: object, site_url: str) -> None:
    """On paper: no header, navigation, search, table of contents, footer or buttons."""
    open_sheet(page, site_url)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                     ".md-footer", ".md-search", "[data-role=controls]", ".md-tags"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(f"#cl-{SHORT} .msp-checklist__items").first.is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_checklist_page_passes_axe(browser: object, site_url: str, scheme: str) -> None:
    """No axe-core violations in a checklist page's content, script running, in both schemes."""
    # The site's Content-Security-Policy would block injecting axe, rightly; bypass it here.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    open_sheet(page, site_url)
    box(page, SHORT, "pricing").check()
    page.add_script_tag(path=str(AXE))
    # The page's content: the sheet, its controls and its links. The theme's header,
    # search dialog and navigation are checked by the site-wide accessibility tests.
    result = page.evaluate("axe.run({include: [['.md-content']]}, {resultTypes: ['violations']})")
    context.close()
    problems = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == []


@pytest.fixture(scope="module")
def pdfs(printed_pdfs: Path) -> Path:
    """The PDFs `make pdf` writes, printed from the test build once per session (conftest)."""
    return printed_pdfs


def pdf_pages(path: Path) -> int:
    """Number of pages in a PDF."""
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)[1])


def pdf_page_texts(path: Path, body_only: bool = False) -> list[str]:
    """Text of each page of a PDF (one pdftotext run), whitespace collapsed; body_only skips the margin stamps."""
    args = ["pdftotext", "-layout"]
    if body_only:  # inside the 18 mm top and 20 mm bottom margins of print.css
        args += ["-x", "0", "-y", "56", "-W", "612", "-H", "720"]
    out = subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True)
    # pdftotext ends every page with a form feed.
    pages = out.stdout.split("\f")[:-1]
    # A line may break after the hyphen of "role-based": the word is whole again, as on paper.
    return [re.sub(r"\s+", " ", re.sub(r"(\w)-\n\s*(\w)", r"\1-\2", page)).strip() for page in pages]


def pdf_text(path: Path) -> str:
    """Text of a whole PDF, whitespace collapsed."""
    return " ".join(pdf_page_texts(path))


@pytest.mark.parametrize("sheet", CHECKLISTS, ids=lambda c: c.id)
def test_checklist_pdf_has_every_item_and_no_navigation(pdfs: Path, sheet: object) -> None:
    """Each checklist's PDF lists all its items, its version and sign-off, and no site chrome."""
    text = pdf_text(pdfs / f"{sheet.id}.pdf")
    for item in sheet.items:
        assert item.text in text, item.id
    assert sheet.version in text
    assert "Completed by:" in text and "Checked by" in text and "Signature" in text
    # An internal checklist (its audience starts "Internal") has no client to name.
    assert ("Client:" in text) is not sheet.audience.startswith("Internal")
    assert f"checklists/{sheet.id}/" in text
    for chrome in CHROME_TEXT:
        assert chrome not in text


def test_no_pdf_has_a_blank_page(pdfs: Path) -> None:
    """Every page of every PDF carries body text, not just the margin stamps."""
    for path in sorted(pdfs.glob("*.pdf")):
        pages = pdf_page_texts(path, body_only=True)
        assert len(pages) == pdf_pages(path), path.name
        for number, text in enumerate(pages, start=1):
            assert len(text) > 20, f"{path.name} page {number}"


def test_short_checklist_fits_one_page(pdfs: Path) -> None:
    """The shortest sheet prints on one page, and the whole handbook is one file."""
    assert pdf_pages(pdfs / f"{SHORT}.pdf") == 1
    assert pdf_pages(pdfs / "msp-playbook.pdf") > len(CHECKLISTS)
