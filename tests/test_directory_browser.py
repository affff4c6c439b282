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
    directory.select_option(".table-filter select", category.short_name)
    expect(directory.locator(".table-filter [role=status]")).to_have_text(
        f"Showing {len(expected)} of {total} rows")
    shown = directory.locator("article table tbody tr:not([hidden])")
    expect(shown).to_have_count(len(expected))
    assert sorted(shown.locator("td:first-child").all_inner_texts()) == expected
    assert set(shown.locator("td:nth-child(2)").all_inner_texts()) == {category.short_name}


@pytest.mark.browser
def test_every_category_is_offered_and_text_narrows_within_it(directory: Any) -> None:
    """The select lists every category; typing a vendor's name narrows the chosen category to it."""
    from playwright.sync_api import expect

    options = directory.locator(".table-filter select option").all_inner_texts()
    assert options == ["All", *sorted((c.short_name for c in HANDBOOK.categories), key=str.casefold)]
    directory.select_option(".table-filter select", "DNS filtering")
    directory.fill(".table-filter input[type=search]", "roaming agent")
    expect(directory.locator(".table-filter [role=status]")).to_have_text(
        f"Showing 1 of {len(HANDBOOK.vendors)} rows")
    expect(directory.locator("article table tbody tr:not([hidden]) td:first-child")).to_have_text(["DNSFilter"])
