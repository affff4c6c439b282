"""Small layout faults stay fixed: permalinks never wrap alone, breadcrumbs wherever a page has a parent."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

# For each heading with a permalink: the permalink's top and the top of the heading's last
# line of text. A permalink wrapped onto a line of its own sits a line lower.
_PERMALINK_LINES = """() => [...document.querySelectorAll('article :is(h1, h2, h3)')]
  .filter((heading) => heading.querySelector('.headerlink'))
  .map((heading) => {
    const link = heading.querySelector('.headerlink');
    const text = document.createRange();
    text.selectNodeContents(heading);
    text.setEndBefore(link);
    const lines = [...text.getClientRects()];
    return [heading.textContent, Math.round(link.getBoundingClientRect().top),
            Math.round(lines[lines.length - 1].top)];
  })"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1037, 1074, 1259])
@pytest.mark.parametrize("address", ["tools/psa/", "tools/rmm/", "tools/network/",
                                     "vendors/co-selling-and-mdf/"])
def test_a_permalink_never_wraps_onto_a_line_of_its_own(browser: Any, site_url: str,
                                                        address: str, width: int) -> None:
    """At widths where these long titles once wrapped their permalink alone, it stays on the last line."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{site_url}/{address}", wait_until="load")
        page.wait_for_function("getComputedStyle(document.querySelector('.headerlink')).width === '0px'")
        for heading, link_top, last_line_top in page.evaluate(_PERMALINK_LINES):
            assert abs(link_top - last_line_top) <= 4, f"{address} at {width} px: {heading}"
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
