"""On a phone-sized screen (412 px) every page reads without sideways scrolling."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

PHONE = {"width": 412, "height": 915}


def page_addresses() -> list[str]:
    """Each page of docs/ as the address path MkDocs gives it (directory URLs)."""
    addresses = []
    for source in sorted((ROOT / "docs").rglob("*.md")):
        path = source.relative_to(ROOT / "docs").with_suffix("").as_posix()
        path = path.removesuffix("index").removesuffix("/")
        addresses.append(path + "/" if path else "")
    return addresses


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    """One phone-sized page, reused from address to address."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


# Widths and first-column boxes, measured once the page and its stylesheets have loaded.
_MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const tables = [...document.querySelectorAll("article table")].map((table) => {
    const cells = [...table.querySelectorAll("tbody tr:not([hidden])")].slice(0, 5)
      .flatMap((row) => [...row.cells]);
    return cells.map((cell) => { const box = cell.getBoundingClientRect();
                                 return [Math.round(box.left), Math.round(box.right)]; });
  });
  return {width, scroll: document.documentElement.scrollWidth, tables};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("address", page_addresses())
def test_page_has_no_sideways_scroll_and_every_table_cell_is_on_screen(
        phone: Any, site_url: str, address: str) -> None:
    """The document is no wider than the screen, and every cell of each table's first rows lies on it.

    A table in Material's scrolling wrapper never widens the page, but its later columns (the
    directory's dates) would sit off screen; here every column must be readable where it is.
    """
    phone.goto(f"{site_url}/{address}", wait_until="load")
    # Material's stylesheet is what narrows the layout; measure only once it applies.
    phone.wait_for_function("getComputedStyle(document.querySelector('.md-header')).position === 'sticky'")
    measured = phone.evaluate(_MEASURE)
    assert measured["scroll"] <= measured["width"], f"{address}: {measured['scroll']} px wide"
    for number, cells in enumerate(measured["tables"], start=1):
        for left, right in cells:
            assert 0 <= left and right <= measured["width"], f"{address}: table {number} cell at {left}-{right}"


# After a tap on a glossary term: the page's width, and the definition's box (handbook.css draws
# it as the term's ::after) as laid out, with every ancestor that would make a fixed box move
# with it rather than with the window (a transform, filter or containment).
_DEFINITION = """(term) => {
  const style = getComputedStyle(term, '::after');
  const box = {left: parseFloat(style.left), top: parseFloat(style.top),
               width: parseFloat(style.width), height: parseFloat(style.height)};
  const trapping = [];
  for (let node = term.parentElement; node; node = node.parentElement) {
    const s = getComputedStyle(node);
    if (s.transform !== 'none' || s.filter !== 'none' || s.perspective !== 'none' ||
        /paint|layout|strict|content/.test(s.contain) || /transform|filter/.test(s.willChange)) trapping.push(node.className);
  }
  return {focused: document.activeElement === term, scroll: document.documentElement.scrollWidth,
          width: document.documentElement.clientWidth, height: window.innerHeight,
          text: style.content, position: style.position, box, cap: parseFloat(style.maxHeight), trapping};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 412])
def test_tapping_a_glossary_term_shows_its_whole_definition_without_widening_the_page(
        browser: Any, site_url: str, width: int) -> None:
    """Each term on the RMM chapter, tapped, shows its definition wholly inside the screen."""
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/tools/rmm/", wait_until="load")
        page.wait_for_function("getComputedStyle(document.querySelector('.md-header')).position === 'sticky'")
        terms = page.locator("article abbr[title]")
        assert terms.count() >= 5
        for index in range(terms.count()):
            term = terms.nth(index)
            term.tap()
            page.wait_for_function("(term) => document.activeElement === term", arg=term.element_handle())
            seen = term.evaluate(_DEFINITION)
            name = term.inner_text()
            assert seen["scroll"] <= seen["width"], f"{name}: the page is {seen['scroll']} px wide"
            assert seen["text"] == json.dumps(term.get_attribute("title")), name
            assert seen["position"] == "fixed" and seen["trapping"] == [], name
            box = seen["box"]
            assert box["left"] >= 0 and box["left"] + box["width"] <= seen["width"], f"{name}: {box}"
            assert box["top"] >= 0 and box["top"] + box["height"] <= seen["height"], f"{name}: {box}"
            assert box["height"] < seen["cap"], f"{name}: the definition is cut at its maximum height"
    finally:
        context.close()
