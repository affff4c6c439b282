"""Headings read as plain text: no glossary mark (<abbr>) inside h1-h6, on the site or in the book."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
from mkdocs.config import load_config

from conftest import ROOT
from macros import glossary
from macros.loading import load_handbook

HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL)


def converter() -> markdown.Markdown:
    """A Markdown converter configured like the site, with the real glossary installed."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    extensions = [glossary.GlossaryHovers(handbook=load_handbook(ROOT / "data")) if name == "macros.glossary" else name
                  for name in config["markdown_extensions"]]
    return markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"])


def test_a_term_in_a_heading_is_marked_in_the_text_under_it_instead() -> None:
    """The heading keeps the plain term with its spaces; the first use below carries the hover."""
    out = converter().convert("# RMM and PSA compared\n\nAn RMM watches devices.\n\n### Why an RMM\n\nText.\n")
    headings = [m[2] for m in HEADING.finditer(out)]
    assert headings[0].startswith("RMM and PSA compared")
    assert all("<abbr" not in heading for heading in headings)
    assert re.search(r"An <abbr[^>]*>RMM</abbr> watches", out)


def test_no_built_page_has_a_glossary_mark_in_a_heading(built_site: Path) -> None:
    """Every heading of every built page is free of <abbr>, so titles, outlines and bookmarks read right."""
    marked = [f"{page.relative_to(built_site)}: {m[2][:60]}"
              for page in built_site.rglob("*.html")
              for m in HEADING.finditer(page.read_text(encoding="utf-8")) if "<abbr" in m[2]]
    assert marked == []
