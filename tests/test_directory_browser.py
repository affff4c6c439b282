"""The tool directory's filter in a real browser, on the categories added with the fuller directory."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import ROOT
from macros.loading import load_handbook

HANDBOOK = load_handbook(ROOT / "data")
NEW_CATEGORIES = ["email-security", "m365-management", "automation", "vulnerability-management",
                  "application-control", "dns-filtering", "mdm", "identity-passwords",
                  "quoting-procurement", "distributors"]


@pytest.fixture()
def directory(browser: Any, site_url: str) -> Iterator[Any]:
    """The directory page, loaded, with its filter controls wired up."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "/tools/directory/", wait_until="load")
    page.wait_for_function("document.querySelector('.table-filter:not([hidden]) select') !== null")
    yield page
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("category_id", NEW_CATEGORIES)
def test_filter_shows_exactly_the_vendors_of_a_new_category(directory: Any, category_id: str) -> None:
    """Choosing a new category leaves that category's vendors, and only those, in view."""
    from playwright.sync_api import expect

    category = next(c for c in HANDBOOK.categories if c.id == category_id)
    expected = sorted(v.name for v in HANDBOOK.vendors_in(category_id))
    total = len(HANDBOOK.vendors)
    directory.select_option(".table-filter select[data-column=\"1\"]", category.short_name)
    expect(directory.locator(".table-filter [role=status]")).to_have_text(
        f"Showing {len(expected)} of {total} rows")
    shown = directory.locator("article table tbody tr:not([hidden])")
    expect(shown).to_have_count(len(expected))
    assert sorted(shown.locator("td:first-child > a").all_inner_texts()) == expected
    assert set(shown.locator("td:nth-child(2)").all_inner_texts()) == {category.short_name}


@pytest.mark.browser
def test_every_category_is_offered_and_text_narrows_within_it(directory: Any) -> None:
    """The select lists every category; typing a vendor's name narrows the chosen category to it."""
    from playwright.sync_api import expect

    options = directory.locator(".table-filter select[data-column=\"1\"] option").all_inner_texts()
    assert options == ["All", *sorted((c.short_name for c in HANDBOOK.categories), key=str.casefold)]
    directory.select_option(".table-filter select[data-column=\"1\"]", "DNS filtering")
    directory.fill(".table-filter input[type=search]", "roaming agent")
    expect(directory.locator(".table-filter [role=status]")).to_have_text(
        f"Showing 1 of {len(HANDBOOK.vendors)} rows")
    expect(directory.locator("article table tbody tr:not([hidden]) td:first-child > a")).to_have_text(["DNSFilter"])


@pytest.mark.browser
def test_rows_are_compact_with_notes_and_sources_one_tap_away(directory: Any) -> None:
    """Five short columns; a row's description, sources and notes open under its name with one click."""
    from playwright.sync_api import expect

    headers = directory.locator("article table thead th").all_inner_texts()
    assert [h.strip() for h in headers] == ["Tool", "Category", "Owner", "Status", "Checked"]
    vendor = next(v for v in HANDBOOK.vendors if v.checked)
    row = directory.locator("article table tbody tr").filter(
        has=directory.locator("td:first-child > a", has_text=vendor.name)).first
    more = row.locator("details.tool-directory__more")
    source = more.locator("a", has_text=vendor.checked.source.title).first
    expect(source).to_be_hidden()
    more.locator("summary").click()
    expect(source).to_be_visible()
    expect(more).to_contain_text(" ".join(vendor.description.split())[:40])


@pytest.mark.browser
def test_status_filter_leaves_exactly_the_vendors_of_that_status(directory: Any) -> None:
    """Choosing a status shows its vendors only; with a category as well, both must hold."""
    from playwright.sync_api import expect

    status = next(s for s in ("acquired", "renamed", "discontinued") if any(v.status == s for v in HANDBOOK.vendors))
    expected = sorted(v.name for v in HANDBOOK.vendors if v.status == status)
    directory.get_by_label("Status", exact=True).select_option(status)
    shown = directory.locator("article table tbody tr:not([hidden])")
    expect(shown).to_have_count(len(expected))
    assert sorted(shown.locator("td:first-child > a").all_inner_texts()) == expected
    category = next(c for c in HANDBOOK.categories if any(v.status == status for v in HANDBOOK.vendors_in(c.id)))
    directory.get_by_label("Category", exact=True).select_option(category.short_name)
    expect(shown).to_have_count(sum(v.status == status for v in HANDBOOK.vendors_in(category.id)))


@pytest.mark.browser
@pytest.mark.parametrize("phone", [{"width": 360, "height": 740}, {"width": 412, "height": 915}], ids=["360", "412"])
def test_filters_are_on_a_phones_first_screen(browser: Any, site_url: str, phone: dict[str, int]) -> None:
    """On opening the directory on a phone, the category and status filters are wholly on screen."""
    context = browser.new_context(viewport=phone, is_mobile=True, has_touch=True, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(site_url + "/tools/directory/", wait_until="load")
        page.wait_for_function("document.querySelector('.table-filter:not([hidden]) select') !== null")
        for name in ("Category", "Status"):
            box = page.get_by_label(name, exact=True).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= phone["height"], (name, box)
    finally:
        context.close()
