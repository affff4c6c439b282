"""Small layout faults stay fixed: permalinks never wrap alone, breadcrumbs wherever a page has a parent."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

# Every width of the content column from 280 to 1200 px, in steps of 7: at each, each heading
# whose permalink sits lower than its last line of text. The rule must hold at every width,
# whatever font the machine has, so no width is singled out.
_PERMALINKS_ALONE = """() => {
  const article = document.querySelector('article');
  const found = [];
  for (let width = 280; width <= 1200; width += 7) {
    article.style.width = width + 'px';
    for (const heading of article.querySelectorAll(':is(h1, h2, h3)')) {
      const link = heading.querySelector('.headerlink');
      if (!link) continue;
      const text = document.createRange();
      text.selectNodeContents(heading);
      text.setEndBefore(link);
      const lines = [...text.getClientRects()];
      const mark = [...link.getClientRects()];
      if (Math.abs(mark[0].top - lines[lines.length - 1].top) > 4) found.push([width, heading.textContent]);
    }
  }
  return found;
}"""


@pytest.mark.browser
def test_a_permalink_never_wraps_onto_a_line_of_its_own(browser: Any, site_url: str) -> None:
    """On pages with long titles, at every column width, the permalink stays on its heading's last line."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        for address in ("tools/psa/", "tools/rmm/", "tools/network/", "vendors/co-selling-and-mdf/"):
            page.goto(f"{site_url}/{address}", wait_until="load")
            page.wait_for_function("getComputedStyle(document.querySelector('.headerlink')).display === 'inline'")
            assert page.evaluate(_PERMALINKS_ALONE) == [], address
    finally:
        page.close()


def test_every_page_below_the_top_level_has_breadcrumbs(built_site: Path) -> None:
    """A page in a section folder shows the path to it (Material's navigation.path)."""
    for source in (ROOT / "docs").rglob("*.md"):
        relative = source.relative_to(ROOT / "docs")
        if len(relative.parts) < 2:
            continue
        built = built_site / relative.with_suffix("").as_posix().removesuffix("index") / "index.html"
        html = built.read_text(encoding="utf-8")
        assert re.search(r'class="md-path__item"', html), relative.as_posix()


# Desktop widths from the smallest the issue names to a full-HD screen, with both sides of
# Material's 76.25em breakpoint (1220 px) and of its larger type at 100em (1600 px).
DESKTOP_WIDTHS = [1024, 1100, 1219, 1220, 1280, 1350, 1440, 1599, 1600, 1760, 1920]

# Each tab: its text, whether all of it lies on screen, is not cut inside its own box, and is
# what the window shows at its centre (not covered, not scrolled out of a clipped list).
_TABS = """() => {
  const width = document.documentElement.clientWidth, height = window.innerHeight;
  const list = document.querySelector('.md-tabs__list');
  return {overflow: list.scrollWidth - list.clientWidth,
          tabs: [...list.querySelectorAll('.md-tabs__link')].map((link) => {
    const box = link.getBoundingClientRect();
    const hit = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
    return {text: link.textContent.trim(),
            onScreen: box.width > 0 && box.left >= 0 && box.right <= width && box.top >= 0 && box.bottom <= height,
            whole: link.scrollWidth <= link.clientWidth,
            reachable: hit !== null && link.contains(hit)};
  })};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", DESKTOP_WIDTHS)
def test_every_navigation_tab_is_whole_and_on_screen_on_a_desktop(browser: Any, site_url: str, width: int) -> None:
    """From 1024 to 1920 px every top-level section has a tab that is wholly visible and clickable."""
    from playbook.project import read_mkdocs_config

    sections = [next(iter(entry)) for entry in read_mkdocs_config(ROOT)["nav"]]
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{site_url}/tools/psa/", wait_until="load")
        page.wait_for_function("getComputedStyle(document.querySelector('.md-tabs__list')).flexWrap === 'wrap'")
        measured = page.evaluate(_TABS)
    finally:
        page.close()
    assert [tab["text"] for tab in measured["tabs"]] == sections
    assert measured["overflow"] <= 0, f"{measured['overflow']} px of tabs hidden in the list"
    faults = [tab["text"] for tab in measured["tabs"] if not (tab["onScreen"] and tab["whole"] and tab["reachable"])]
    assert faults == [], f"at {width} px these tabs are cut or off screen: {faults}"
