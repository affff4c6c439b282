"""Light, dark and automatic: Material's palette toggle, remembered per reader, automatic following the device."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

CHAPTER = "/tools/psa/"
# The toggle shows one label at a time: the one that leads to the next choice.
TOGGLE = "form[data-md-component=palette] label:not([hidden])"


@pytest.fixture()
def reader(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh reader (nothing stored) whose device prefers the scheme given as the test's param."""
    context = browser.new_context(color_scheme=getattr(request, "param", "dark"), viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def scheme(page: Any, expected: str) -> None:
    """Wait until the page is drawn in `expected` (Material's `data-md-color-scheme` on the body)."""
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)


def choose(page: Any, label: str) -> None:
    """Click the toggle, whose visible label must read `label` (the choice it leads to)."""
    toggle = page.locator(TOGGLE)
    expect(toggle).to_have_attribute("title", label)
    toggle.click()


@pytest.mark.browser
def test_the_toggle_offers_automatic_light_and_dark_and_remembers_the_choice(reader: Any, site_url: str) -> None:
    """On a dark device: automatic (dark), then light, then dark, each kept across a reload, then automatic again."""
    reader.goto(site_url + CHAPTER, wait_until="load")
    scheme(reader, "slate")
    choose(reader, "Switch to light mode")
    scheme(reader, "default")
    reader.reload(wait_until="load")
    scheme(reader, "default")
    choose(reader, "Switch to dark mode")
    scheme(reader, "slate")
    reader.goto(site_url + "/glossary/", wait_until="load")
    scheme(reader, "slate")
    choose(reader, "Switch to system preference")
    expect(reader.locator(TOGGLE)).to_have_attribute("title", "Switch to light mode")
    reader.emulate_media(color_scheme="light")
    scheme(reader, "default")


@pytest.mark.browser
def test_automatic_follows_the_device_while_the_page_is_open(reader: Any, site_url: str) -> None:
    """With nothing chosen, the page changes scheme when the device does, both ways."""
    reader.goto(site_url + CHAPTER, wait_until="load")
    reader.wait_for_function("() => typeof window.component$ !== 'undefined'")
    scheme(reader, "slate")
    reader.emulate_media(color_scheme="light")
    scheme(reader, "default")
    reader.emulate_media(color_scheme="dark")
    scheme(reader, "slate")


@pytest.mark.browser
@pytest.mark.parametrize(("reader", "expected"), [("dark", "slate"), ("light", "default")], indirect=["reader"])
def test_a_first_visit_is_drawn_in_the_device_scheme_before_materials_script_runs(
        reader: Any, site_url: str, expected: str) -> None:
    """With Material's bundle held back, the page is already in the device's scheme (no flash of light)."""
    reader.route(re.compile(r".*/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"), lambda route: route.abort())
    reader.goto(site_url + CHAPTER, wait_until="load")
    assert reader.evaluate("typeof window.component$") == "undefined"
    assert reader.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
