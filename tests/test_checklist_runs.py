"""A checklist run for a real client, in a real browser: client, owners and notes in every
output, a run moved between devices as a file, a phone's first screen, and saved state that
survives odd run names, damaged storage and a browser that refuses to save."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from lxml import etree
from playwright.sync_api import expect

from macros.loading import load_handbook
from conftest import ROOT

pytestmark = pytest.mark.browser

CHECKLISTS = load_handbook(ROOT / "data").checklists
SHORT = "vendor-contract-review"
SHEET = f"#cl-{SHORT}"
STORAGE_KEY = f"msp-playbook/checklist/{SHORT}"
PHONE = {"width": 412, "height": 915}
RUN = "Onboarding – Acme Dental"
CLIENT = "Acme Dental Ltd"
RUN_BY = "Sam Patel"
NOTE = "Signed copy filed in the vault, folder Contracts/2026"


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context (empty localStorage) on a desktop-sized screen; dialogs accepted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    yield tab
    context.close()


def open_sheet(page: object, site_url: str, checklist_id: str = SHORT) -> None:
    """Open a checklist page and wait until its script has shown the controls."""
    page.goto(f"{site_url}/checklists/{checklist_id}/")
    page.locator(f"#cl-{checklist_id} [data-role=controls]").wait_for(state="visible")


def box(page: object, item_id: str) -> object:
    """The checkbox of one item of the short checklist."""
    return page.locator(f"#cl-{SHORT}-{item_id}")


def record_field(page: object, item_id: str, field: str) -> object:
    """One input of an item's note, who and when form, unfolded first."""
    item = page.locator(f"{SHEET} li[data-item='{item_id}']")
    folded = item.locator("details.msp-checklist__record")
    if folded.get_attribute("open") is None:
        folded.locator("summary").click()
    return page.locator(f"#cl-{SHORT}-{item_id}-{field}")


def start_client_run(page: object) -> None:
    """A run for a named client: pricing ticked, with who, when and a note; exit noted only."""
    sheet = page.locator(SHEET)
    sheet.get_by_label("New run").fill(RUN)
    sheet.get_by_role("button", name="Create run").click()
    expect(sheet.get_by_label("Run", exact=True)).to_have_value(RUN)
    sheet.get_by_label("Client", exact=True).fill(CLIENT)
    sheet.get_by_label("Run by").fill(RUN_BY)
    box(page, "pricing").check()
    record_field(page, "pricing", "note").fill(NOTE)
    record_field(page, "pricing", "at").fill("2026-11-28T09:45")
    record_field(page, "exit", "note").fill("Ask for the exit clause in writing")
    expect(page.locator(f"{SHEET} li[data-item='pricing'] [data-role=record-line]")).to_have_text(
        f"Done 2026-11-28 09:45 by {RUN_BY}. Note: {NOTE}")


def stored(page: object) -> dict:
    """The checklist's saved state, parsed."""
    return json.loads(page.evaluate(f"localStorage.getItem({json.dumps(STORAGE_KEY)})"))


def test_print_view_shows_client_run_notes_and_owners(page: object, site_url: str, tmp_path: Path) -> None:
    """On paper: the client, the run, who ran it, each item's owner, who did it, when and the note."""
    open_sheet(page, site_url)
    start_client_run(page)
    page.emulate_media(media="print")
    facts = page.locator(f"{SHEET} .msp-checklist__facts")
    expect(facts.locator("[data-print=client]")).to_have_text(CLIENT)
    expect(facts.locator("[data-print=client]")).to_be_visible()
    expect(facts.locator("[data-print=run]")).to_have_text(RUN)
    expect(facts.locator("[data-print=run-by]")).to_have_text(RUN_BY)
    line = page.locator(f"{SHEET} li[data-item='pricing'] [data-role=record-line]")
    expect(line).to_be_visible()
    expect(page.locator(f"{SHEET} li[data-item='pricing'] .msp-checklist__owner")).to_have_text("Owner: MSP owner")
    expect(page.locator(f"{SHEET} details.msp-checklist__record").first).to_be_hidden()
    # What Chromium prints, the page's footer included: the sign-off line carries the client.
    pdf = tmp_path / "run.pdf"
    page.pdf(path=str(pdf), format="A4")
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    printed = re.sub(r"\s+", " ", out.stdout)
    assert f"Client: {CLIENT}" in printed
    assert f"Completed by: {RUN_BY}" in printed
    assert NOTE in printed and "Ask for the exit clause in writing" in printed
    assert "Owner: MSP owner" in printed


def test_print_blank_leaves_the_run_off_the_sheet(page: object, site_url: str) -> None:
    """Print blank hides the run's facts and notes; afterwards the screen is as it was."""
    open_sheet(page, site_url)
    start_client_run(page)
    page.evaluate("window.print = () => { window.printedBlank = document.querySelector("
                  f"'{SHEET}').classList.contains('msp-checklist--blank'); }}")
    page.get_by_role("button", name="Print blank").click()
    assert page.evaluate("window.printedBlank") is True
    page.emulate_media(media="print")
    expect(page.locator(f"{SHEET} [data-print=client]")).to_be_hidden()
    expect(page.locator(f"{SHEET} li[data-item='pricing'] [data-role=record-line]")).to_be_hidden()


def test_csv_and_markdown_carry_run_client_dates_owners_and_notes(page: object, site_url: str) -> None:
    """Both exports name the run, the client and who ran it, and give each item's owner, date and note."""
    open_sheet(page, site_url)
    start_client_run(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == f"{SHORT}-onboarding-acme-dental.csv"
    with Path(download.value.path()).open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["Item ID"]: row for row in csv.DictReader(handle)}
    started = page.locator(f"{SHEET} [data-run-field=started]").input_value()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", started)
    assert {(row["Run"], row["Client"], row["Run by"], row["Started"]) for row in rows.values()} == {
        (RUN, CLIENT, RUN_BY, started)}
    pricing = rows["pricing"]
    assert (pricing["Phase"], pricing["Section"], pricing["Owner"], pricing["Minutes"]) == (
        "Before signing", "Terms", "MSP owner", "30")
    assert (pricing["Done"], pricing["Done at"], pricing["Done by"], pricing["Note"]) == (
        "yes", "2026-11-28 09:45", RUN_BY, NOTE)
    exit_row = rows["exit"]
    assert (exit_row["Done"], exit_row["Done at"], exit_row["Done by"], exit_row["Note"]) == (
        "no", "", "", "Ask for the exit clause in writing")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text("Copied as Markdown.")
    text = page.evaluate("navigator.clipboard.readText()")
    assert f"- Run: {RUN}\n- Client: {CLIENT}\n- Run by: {RUN_BY}\n- Started: {started}\n" in text
    assert f"  Owner: MSP owner; done 2026-11-28 09:45 by {RUN_BY}\n  Note: {NOTE}\n" in text
    assert "- [ ] " in text and "- [x] Check pricing" in text


def export_run(page: object) -> dict:
    """Export the current run to a file and return the file's contents, parsed."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Export run").click()
    assert download.value.suggested_filename == f"{SHORT}-onboarding-acme-dental.json"
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def test_export_then_import_on_another_device_restores_the_run_exactly(
        page: object, browser: object, site_url: str, tmp_path: Path) -> None:
    """A run exported on one device and imported on a fresh one is the same run, field for field."""
    open_sheet(page, site_url)
    start_client_run(page)
    exported = export_run(page)
    assert exported["checklist"] == SHORT and exported["run"]["client"] == CLIENT
    run_file = tmp_path / "run.json"
    run_file.write_text(json.dumps(exported), encoding="utf-8")

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        other = desk.new_page()
        open_sheet(other, site_url)
        other.locator(f"{SHEET} [data-role=import]").set_input_files(str(run_file))
        expect(other.locator(f"{SHEET} [data-role=notice]")).to_have_text(f"Run \u201c{RUN}\u201d imported.")
        expect(other.locator(f"{SHEET} [data-role=run-select]")).to_have_value(RUN)
        expect(other.get_by_label("Client", exact=True)).to_have_value(CLIENT)
        expect(box(other, "pricing")).to_be_checked()
        expect(other.locator(f"{SHEET} li[data-item='pricing'] [data-role=record-line]")).to_have_text(
            f"Done 2026-11-28 09:45 by {RUN_BY}. Note: {NOTE}")
        again = export_run(other)
        assert again["run"] == exported["run"]
        saved = stored(other)
        assert [run["name"] for run in saved["runs"]] == ["Unnamed run", RUN]
        assert saved["runs"][1] == exported["run"]
    finally:
        desk.close()


@pytest.mark.parametrize(("body", "reason"), [
    ("this is not JSON", "it is not a run file (not JSON)."),
    ('{"format": "something-else"}', "it is not a run file exported from a checklist of this handbook."),
    ('{"format": "msp-playbook-checklist-run", "checklist": "mdf-request", "run": {"name": "x"}}',
     "it holds a run of another checklist (mdf-request)."),
    ('{"format": "msp-playbook-checklist-run", "checklist": "vendor-contract-review", "run": {"name": ""}}',
     "its run has no name or is damaged."),
    ('{"format": "msp-playbook-checklist-run", "checklist": "vendor-contract-review",'
     ' "run": {"name": "x", "items": [{"id": "pricing", "at": "yesterday"}]}}',
     "some of its entries are damaged (1 found)."),
])
def test_import_refuses_a_bad_file_with_a_reason(page: object, site_url: str, tmp_path: Path,
                                                 body: str, reason: str) -> None:
    """A file that is not a run of this checklist is refused with why, and nothing changes."""
    open_sheet(page, site_url)
    bad = tmp_path / "bad.json"
    bad.write_text(body, encoding="utf-8")
    page.locator(f"{SHEET} [data-role=import]").set_input_files(str(bad))
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text(f"Import failed: bad.json cannot be used because {reason}")
    assert page.locator(f"{SHEET} [data-role=run-select] option").all_inner_texts() == ["Unnamed run"]


def test_destructive_actions_ask_first(browser: object, site_url: str) -> None:
    """Clear ticks and Delete this run do nothing when the reader says no to the question."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_sheet(page, site_url)
        start_client_run(page)
        questions = []

        def refuse(dialog: object) -> None:
            questions.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", refuse)
        page.get_by_role("button", name="Clear ticks").click()
        page.get_by_role("button", name="Delete this run").click()
        assert questions == [f"Clear every tick, note and time of the run \u201c{RUN}\u201d?",
                             f"Delete the run \u201c{RUN}\u201d with its ticks and notes?"]
        expect(box(page, "pricing")).to_be_checked()
        expect(page.locator(f"{SHEET} [data-role=run-select]")).to_have_value(RUN)
    finally:
        context.close()


@pytest.fixture(scope="module")
def phone(browser: object) -> Iterator[object]:
    """One phone-sized page (412 x 915), reused from checklist to checklist."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("sheet", CHECKLISTS, ids=lambda c: c.id)
def test_first_item_is_on_a_phones_first_screen(phone: object, site_url: str, sheet: object) -> None:
    """At 412 x 915 the first item's box and its text are on screen before any scrolling."""
    open_sheet(phone, site_url, sheet.id)
    assert phone.evaluate("window.scrollY") == 0
    first = phone.locator(f"#cl-{sheet.id} .msp-checklist__item").first
    for part in (first.locator("> input[type=checkbox]"), first.locator("> label")):
        found = part.bounding_box()
        assert found["y"] >= 0 and found["y"] + found["height"] <= PHONE["height"], (sheet.id, found)
    # The run's controls are folded there, one tap away.
    assert phone.locator(f"#cl-{sheet.id} [data-role=run-panel]").evaluate("panel => panel.open") is False


@pytest.mark.parametrize("name", ["constructor", "__proto__", "toString", "hasOwnProperty"])
def test_any_run_name_works_and_survives_a_reload(page: object, site_url: str, name: str) -> None:
    """Runs named like JavaScript's own object properties are only names."""
    open_sheet(page, site_url)
    sheet = page.locator(SHEET)
    sheet.get_by_label("New run").fill(name)
    sheet.get_by_role("button", name="Create run").click()
    expect(sheet.get_by_label("Run", exact=True)).to_have_value(name)
    box(page, "slas").check()
    expect(page.locator(f"{SHEET} [data-role=progress]")).to_have_text("1 of 8 done")
    sheet.get_by_label("Run", exact=True).select_option("Unnamed run")
    expect(box(page, "slas")).not_to_be_checked()
    page.reload()
    sheet.locator("[data-role=controls]").wait_for(state="visible")
    sheet.get_by_label("Run", exact=True).select_option(name)
    expect(box(page, "slas")).to_be_checked()
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text("")
    assert [run["name"] for run in stored(page)["runs"]] == ["Unnamed run", name]


@pytest.mark.parametrize(("raw", "message"), [
    ("{not json", "could not be read, so it starts afresh"),
    ("[1, 2, 3]", "not in a shape this page knows"),
    ('{"runs": 5}', "not in a shape this page knows"),
    ('"a string"', "not in a shape this page knows"),
    ('{"version": 2, "current": "x", "runs": [{"name": 3}, {"name": "Kept", "items": "x"}, null]}',
     "were damaged; what could be read was kept"),
])
def test_damaged_saved_state_leaves_the_checklist_usable(page: object, site_url: str,
                                                         raw: str, message: str) -> None:
    """Damaged storage is reported politely, and ticking and saving work again at once."""
    open_sheet(page, site_url)
    page.evaluate(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(raw)})")
    page.reload()
    notice = page.locator(f"{SHEET} [data-role=notice]")
    expect(notice).to_contain_text(message)
    assert notice.get_attribute("role") == "status" and notice.get_attribute("aria-live") == "polite"
    box(page, "kpis").check()
    page.reload()
    expect(box(page, "kpis")).to_be_checked()
    expect(notice).to_have_text("")


def test_first_version_state_with_odd_names_is_carried_over(page: object, site_url: str) -> None:
    """Runs saved by the earlier script, even one called __proto__, come back with their ticks."""
    open_sheet(page, site_url)
    old = '{"current": "__proto__", "runs": {"__proto__": {"ticked": ["pricing"]}, "constructor": {"ticked": []}}}'
    page.evaluate(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(old)})")
    page.reload()
    expect(page.locator(f"{SHEET} [data-role=run-select]")).to_have_value("__proto__")
    expect(box(page, "pricing")).to_be_checked()
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text("")


def test_a_refused_save_is_reported_at_once(browser: object, site_url: str) -> None:
    """Storage full: the reader is told on arrival that ticks will not be kept; ticking still works."""
    context = browser.new_context()
    context.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };")
    try:
        page = context.new_page()
        open_sheet(page, site_url)
        expect(page.locator(f"{SHEET} [data-role=notice]")).to_contain_text(
            "Your browser refused to save (its storage is full or turned off)")
        box(page, "pricing").check()
        expect(page.locator(f"{SHEET} [data-role=progress]")).to_have_text("1 of 8 done")
    finally:
        context.close()


def test_storage_turned_off_is_reported(browser: object, site_url: str) -> None:
    """localStorage itself refused (strict privacy settings): a warning, and the sheet still works."""
    context = browser.new_context()
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', { get() {"
        " throw new DOMException('Access is denied.', 'SecurityError'); } });")
    try:
        page = context.new_page()
        open_sheet(page, site_url)
        expect(page.locator(f"{SHEET} [data-role=notice]")).to_contain_text(
            "This browser does not let the page save")
        box(page, "pricing").check()
        expect(page.locator(f"{SHEET} [data-role=progress]")).to_have_text("1 of 8 done")
    finally:
        context.close()


# Saved state survives hostile pages (issue 30): loading never saves; what is ignored is said.
SAVED_RUN = {"version": 2, "current": "Acme", "runs": [{"name": "Acme", "client": CLIENT, "runBy": RUN_BY,
             "started": "2026-11-02", "items": [
                 {"id": "pricing", "done": True, "at": "2026-11-03T09:45", "by": RUN_BY, "note": ""},
                 {"id": "retired-item", "done": True, "at": "2026-10-01T08:00", "by": RUN_BY, "note": "Old"}]}]}


def seed(page: object, site_url: str, state: dict) -> str:
    """Save `state` for the short checklist in the page's browser; the raw text saved."""
    open_sheet(page, site_url)
    raw = json.dumps(state)
    page.evaluate(f"localStorage.setItem({json.dumps(STORAGE_KEY)}, {json.dumps(raw)})")
    return raw


def saved_raw(page: object) -> str:
    """The checklist's saved state, as stored."""
    return page.evaluate(f"localStorage.getItem({json.dumps(STORAGE_KEY)})")


def serve_changed(page: object, change: Callable[[str], str]) -> None:
    """Serve the short checklist's page with its HTML passed through `change`."""
    def handle(route: object) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=change(response.text()))
    page.route(f"**/checklists/{SHORT}/", handle)


def test_saved_items_unknown_to_the_page_are_kept_and_reported(page: object, site_url: str) -> None:
    """A saved tick for an item this version does not show is kept on load and after the next tick."""
    raw = seed(page, site_url, SAVED_RUN)
    page.reload()
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text(
        "1 saved entry is for items this version of the checklist does not show; they were kept as they were.")
    assert saved_raw(page) == raw
    box(page, "slas").check()
    items = {item["id"]: item for item in stored(page)["runs"][0]["items"]}
    assert items["retired-item"] == SAVED_RUN["runs"][0]["items"][1] and items["slas"]["done"] is True


def test_a_page_with_two_checklist_roots_saves_nothing(page: object, site_url: str) -> None:
    """A hidden fake root before the real one: neither is run, the saved run is untouched, and the page says so."""
    raw = seed(page, site_url, SAVED_RUN)
    fake = f'<div class="msp-checklist" data-checklist="{SHORT}" hidden></div>'
    serve_changed(page, lambda html: html.replace('<div class="msp-checklist" ', fake + '<div class="msp-checklist" ', 1))
    page.reload()
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text(
        "This page holds 2 checklists where there should be one, so their ticks are ignored. Nothing is saved"
        " on this page; the runs saved for this checklist were left untouched.")
    box(page, "slas").check()
    assert saved_raw(page) == raw


def test_a_checklist_root_without_items_saves_nothing(page: object, site_url: str) -> None:
    """A root whose items are not marked as items is ignored with a notice; the saved run is untouched."""
    raw = seed(page, site_url, SAVED_RUN)
    serve_changed(page, lambda html: html.replace('class="msp-checklist__item"', 'class="msp-checklist__entry"'))
    page.reload()
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text(
        "This checklist shows no items, so it was ignored. Nothing is saved on this page; the runs saved for"
        " this checklist were left untouched.")
    box(page, "slas").check()
    assert saved_raw(page) == raw


# Runs without traps (issue 29).
def test_the_first_tick_says_it_goes_into_an_unnamed_run_that_can_be_named(page: object, site_url: str) -> None:
    """No silent default: the first tick names the "Unnamed run", and naming it keeps the tick."""
    open_sheet(page, site_url)
    box(page, "pricing").check()
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text(
        "Ticks go into the \u201cUnnamed run\u201d: name it and give the client under Run, or create a run for it.")
    name = page.locator(SHEET).get_by_label("Run name")
    name.fill(RUN)
    name.blur()
    expect(page.locator(f"{SHEET} [data-role=run-select]")).to_have_value(RUN)
    saved = stored(page)
    assert [run["name"] for run in saved["runs"]] == [RUN]
    assert [item["id"] for item in saved["runs"][0]["items"]] == ["pricing"]


def test_deleting_a_run_returns_to_the_run_before(page: object, site_url: str) -> None:
    """Delete a run just made for a second client: back on the first client's run, not the first in the list."""
    open_sheet(page, site_url)
    start_client_run(page)
    sheet = page.locator(SHEET)
    sheet.get_by_label("New run").fill("Onboarding – Baker Law")
    sheet.get_by_role("button", name="Create run").click()
    expect(sheet.get_by_label("Run", exact=True)).to_have_value("Onboarding – Baker Law")
    sheet.get_by_role("button", name="Delete this run").click()
    expect(sheet.get_by_label("Run", exact=True)).to_have_value(RUN)
    expect(box(page, "pricing")).to_be_checked()


def test_run_name_and_progress_stay_in_sight_on_a_phone(browser: object, site_url: str) -> None:
    """Scrolled to the last item on a phone, the run's name and progress are still on screen."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        phone_page = context.new_page()
        open_sheet(phone_page, site_url)
        box(phone_page, "pricing").check()
        phone_page.locator(f"{SHEET} li[data-item='check-ins']").scroll_into_view_if_needed()
        bar = phone_page.locator(f"{SHEET} [data-role=bar] .msp-checklist__bar-inner")
        expect(bar).to_be_visible()
        expect(bar).to_be_in_viewport()
        expect(bar).to_have_text("Unnamed run 1 of 8")
    finally:
        context.close()


def test_an_item_carries_an_assignee_and_a_due_date(page: object, site_url: str) -> None:
    """Assigned to and Due show under the item and travel in the CSV."""
    open_sheet(page, site_url)
    record_field(page, "exit", "assignee").fill("Alex Kim")
    record_field(page, "exit", "due").fill("2026-12-01")
    expect(page.locator(f"{SHEET} li[data-item='exit'] [data-role=record-line]")).to_have_text(
        "Assigned to Alex Kim, due 2026-12-01")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with Path(download.value.path()).open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["Item ID"]: row for row in csv.DictReader(handle)}
    assert (rows["exit"]["Assigned to"], rows["exit"]["Due"]) == ("Alex Kim", "2026-12-01")


def test_csv_starts_with_a_byte_order_mark(page: object, site_url: str) -> None:
    """UTF-8 with a byte-order mark, so Excel shows the run's en dash as an en dash."""
    open_sheet(page, site_url)
    start_client_run(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    body = Path(download.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbfRun,Client,")
    assert RUN.encode("utf-8") in body


def test_printed_sheet_carries_the_runs_completion_date_and_sign_off(page: object, site_url: str, tmp_path: Path) -> None:
    """Every item done: the sheet's date is the day of the last tick, with the sign-off fields."""
    ticks = [{"id": item.id, "done": True, "at": f"2026-11-0{1 + n % 5}T10:00", "by": RUN_BY, "note": ""}
             for n, item in enumerate(next(c for c in CHECKLISTS if c.id == SHORT).items)]
    seed(page, site_url, {"version": 2, "current": "Acme", "runs": [
        {"name": "Acme", "client": CLIENT, "runBy": RUN_BY, "started": "2026-10-30", "items": ticks}]})
    page.reload()
    expect(page.locator(f"{SHEET} [data-role=progress]")).to_have_text("8 of 8 done")
    page.emulate_media(media="print")
    expect(page.locator(f"{SHEET} [data-print=completed]")).to_have_text("2026-11-05")
    pdf = tmp_path / "run.pdf"
    page.pdf(path=str(pdf), format="A4")
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    printed = re.sub(r"\s+", " ", out.stdout)
    for part in (f"Client: {CLIENT}", f"Completed by: {RUN_BY}", "Checked by:", "Client contact:",
                 "Date: 2026-11-05", "Signature:"):
        assert part in printed, part


def test_an_internal_checklist_asks_for_no_client(page: object, site_url: str) -> None:
    """A checklist whose audience is internal has no client field and no client on paper."""
    internal = next(c for c in CHECKLISTS if c.audience.startswith("Internal"))
    open_sheet(page, site_url, internal.id)
    sheet = page.locator(f"#cl-{internal.id}")
    expect(sheet.get_by_label("Run name")).to_be_attached()
    expect(sheet.get_by_label("Client", exact=True)).to_have_count(0)
    expect(sheet.locator("[data-print=client]")).to_have_count(0)


# The spreadsheet's XML (SpreadsheetML), read with the standard zipfile and lxml: no Python
# spreadsheet library is in the lock.
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
OFFICE_LIBRARIES = ("/assets/vendor/exceljs-", "/assets/vendor/docx-")


def column_number(letters: str) -> int:
    """Spreadsheet column letters as a number: A is 1, K is 11, AA is 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def xlsx_rows(path: Path) -> tuple[list[list[str]], list[etree._Element]]:
    """The first worksheet's cells as rows of text (empty cells as ""), and its data validations."""
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            strings = etree.fromstring(book.read("xl/sharedStrings.xml"))
            shared = ["".join(item.itertext()) for item in strings.iter(f"{MAIN}si")]
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows: list[list[str]] = []
    for row in sheet.iter(f"{MAIN}row"):
        number = int(row.get("r"))
        while len(rows) < number:
            rows.append([])
        for cell in row.iter(f"{MAIN}c"):
            column = column_number(re.match(r"[A-Z]+", cell.get("r")).group())
            kind = cell.get("t")
            value = cell.find(f"{MAIN}v")
            if kind == "s":
                text = shared[int(value.text)]
            elif kind == "inlineStr":
                text = "".join(cell.find(f"{MAIN}is").itertext())
            else:
                text = value.text if value is not None and value.text else ""
            cells = rows[number - 1]
            cells.extend([""] * (column - len(cells)))
            cells[column - 1] = text
    return rows, list(sheet.iter(f"{MAIN}dataValidation"))


def in_ranges(cell: str, sqref: str) -> bool:
    """Whether a cell such as "A12" lies in a space-separated list of ranges such as "A12:A19 A21"."""
    column, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()
    for part in sqref.split():
        first, _, last = part.partition(":")
        (c1, r1), (c2, r2) = (re.fullmatch(r"([A-Z]+)(\d+)", ref).groups() for ref in (first, last or first))
        if column_number(c1) <= column_number(column) <= column_number(c2) and int(r1) <= int(row) <= int(r2):
            return True
    return False


def run_with_assignment(page: object, site_url: str) -> None:
    """The client run of start_client_run, with the exit item assigned and given a due date."""
    open_sheet(page, site_url)
    start_client_run(page)
    record_field(page, "exit", "assignee").fill("Alex Kim")
    record_field(page, "exit", "due").fill("2026-12-01")


def test_spreadsheet_has_a_status_drop_down_and_the_runs_values(page: object, site_url: str) -> None:
    """The .xlsx names the checklist, version, client and run on top, then a row per item whose
    Status cell is a drop-down of the run's statuses, with who, when, due, assignee and note."""
    run_with_assignment(page, site_url)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download spreadsheet").click()
    assert download.value.suggested_filename == f"{SHORT}-onboarding-acme-dental.xlsx"
    expect(page.locator(f"{SHEET} [data-role=notice]")).to_have_text("Spreadsheet downloaded.")
    rows, validations = xlsx_rows(Path(download.value.path()))
    checklist = next(c for c in CHECKLISTS if c.id == SHORT)
    facts = {row[0]: row[1] if len(row) > 1 else "" for row in rows if row and row[0]}
    assert (facts["Checklist"], facts["Client"], facts["Run"], facts["Run by"]) == (checklist.title, CLIENT, RUN, RUN_BY)
    assert facts["Version"] == page.locator(f"{SHEET} [data-role=version]").inner_text()
    header_at = next(n for n, row in enumerate(rows) if row[:1] == ["Status"])
    header = rows[header_at]
    assert header == ["Status", "Phase", "Section", "Item ID", "Task", "Owner", "Done by", "Done at", "Due",
                      "Assigned to", "Note"]
    items = {row[3]: dict(zip(header, row + [""] * (len(header) - len(row)))) for row in rows[header_at + 1:]}
    assert list(items) == [item.id for item in checklist.items]
    pricing, exit_row = items["pricing"], items["exit"]
    assert (pricing["Status"], pricing["Section"], pricing["Owner"], pricing["Done by"], pricing["Done at"],
            pricing["Note"]) == ("Done", "Terms", "MSP owner", RUN_BY, "2026-11-28 09:45", NOTE)
    assert (exit_row["Status"], exit_row["Done by"], exit_row["Done at"], exit_row["Note"], exit_row["Due"],
            exit_row["Assigned to"]) == ("Not done", "", "", "Ask for the exit clause in writing", "2026-12-01", "Alex Kim")
    assert {row["Status"] for item_id, row in items.items() if item_id != "pricing"} == {"Not done"}
    # One list validation, offering exactly the statuses, over every item's Status cell.
    lists = [v for v in validations if v.get("type") == "list"]
    assert len(lists) == 1
    offered = lists[0].findtext(f"{MAIN}formula1")
    assert offered == '"Not done,Done"'
    assert lists[0].get("showErrorMessage") == "1"
    first = header_at + 2  # 1-based row of the first item
    for n in range(len(items)):
        assert in_ranges(f"A{first + n}", lists[0].get("sqref")), n
    assert not in_ranges(f"A{first - 1}", lists[0].get("sqref"))


def test_word_file_has_ticks_notes_who_when_and_sign_off(page: object, site_url: str) -> None:
    """The .docx carries the run's facts, each item with its tick, who, when and note, and the
    sign-off table of the printed sheet."""
    run_with_assignment(page, site_url)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download run for Word").click()
    assert download.value.suggested_filename == f"{SHORT}-onboarding-acme-dental.docx"
    document = docx.Document(download.value.path())
    paragraphs = [p.text for p in document.paragraphs]
    checklist = next(c for c in CHECKLISTS if c.id == SHORT)
    assert paragraphs[0] == checklist.title
    assert document.paragraphs[0].style.name == "Title"
    for fact in (f"Client: {CLIENT}", f"Run: {RUN}", f"Run by: {RUN_BY}"):
        assert fact in paragraphs, fact
    task = {item.id: page.locator(f"label[for='cl-{SHORT}-{item.id}']").inner_text() for item in checklist.items}
    pricing = paragraphs.index("\u2612 " + task["pricing"])
    assert paragraphs[pricing + 1] == f"Owner: MSP owner; Done 2026-11-28 09:45 by {RUN_BY}"
    assert paragraphs[pricing + 2] == f"Note: {NOTE}"
    exit_at = paragraphs.index("\u2610 " + task["exit"])
    assert paragraphs[exit_at + 1] == "Owner: MSP owner; Not done; assigned to Alex Kim; due 2026-12-01"
    assert paragraphs[exit_at + 2] == "Note: Ask for the exit clause in writing"
    assert sum(text.startswith("\u2612 ") for text in paragraphs) == 1
    assert [text[2:] for text in paragraphs if text.startswith(("\u2610 ", "\u2612 "))] == list(task.values())
    assert paragraphs[paragraphs.index("Sign-off") + 1] == f"Client: {CLIENT}"
    (table,) = document.tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Role", "Name", "Date", "Signature"], ["Completed by", RUN_BY, "", ""], ["Checked by", "", "", ""],
        ["Client contact", "", "", ""]]


def test_office_libraries_load_only_when_asked_and_within_the_policy(page: object, site_url: str) -> None:
    """Opening a checklist requests neither library; each download button fetches only its own,
    from the site's origin, once, and the Content-Security-Policy reports nothing."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script("document.addEventListener('securitypolicyviolation', function (e) {"
                         " (window.__violations = window.__violations || []).push(e.violatedDirective); })")
    open_sheet(page, site_url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if any(lib in url for lib in OFFICE_LIBRARIES)]
    for button, library in (("Download spreadsheet", OFFICE_LIBRARIES[0]), ("Download run for Word", OFFICE_LIBRARIES[1])):
        for _ in range(2):
            with page.expect_download():
                page.get_by_role("button", name=button).click()
        fetched = [url for url in requested if library in url]
        assert len(fetched) == 1 and fetched[0].startswith(site_url + "/assets/vendor/"), fetched
    assert page.evaluate("window.__violations || []") == []
