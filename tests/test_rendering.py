"""Renderers: golden Markdown for a fixed handbook, and data text always rendered as written."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from conftest import ROOT
from macros.records import Category, Handbook, Vendor
from macros.rendering import escape_markdown, tool_category_table

GOLDEN = Path(__file__).parent / "golden"


def small_handbook(vendor_name: str = "Acme RMM") -> Handbook:
    """A two-category handbook that golden files can rely on."""
    return Handbook(
        categories=(
            Category("rmm", "Remote monitoring and management", "RMM",
                     "Watches client machines.", "tools/rmm.md"),
            Category("security", "Security", "Security", "Stops threats."),
        ),
        vendors=(
            Vendor("acme", vendor_name, "rmm", "A test vendor.", "https://acme.example/",
                   example=True),
            Vendor("hidden", "Not an example", "rmm", "A test vendor.", "https://h.example/"),
            Vendor("guard", "Guard & Co", "security", "Another test vendor.",
                   "https://guard.example/", example=True),
        ),
        **{name: () for name in Handbook.__dataclass_fields__
           if name not in {"categories", "vendors"}},
    )


def project_markdown() -> markdown.Markdown:
    """A Markdown converter with exactly the extensions mkdocs.yml configures."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"],
                             extension_configs=config["mdx_configs"])


class _CellText(HTMLParser):
    """Collects the text of each table cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a cell."""
        if tag in {"td", "th"}:
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        """Close a cell."""
        if tag in {"td", "th"}:
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        """Keep text inside cells."""
        if self._in_cell:
            self.cells[-1] += data


def cell_texts(html_text: str) -> list[str]:
    """The text of every cell of the tables in `html_text`."""
    parser = _CellText()
    parser.feed(html_text)
    return parser.cells


def test_tool_category_table_matches_golden_file() -> None:
    """The table's Markdown is exactly the reviewed golden file."""
    expected = (GOLDEN / "tool_category_table.md").read_text(encoding="utf-8")
    assert tool_category_table(small_handbook()) == expected


def test_only_example_vendors_are_listed() -> None:
    """The category table names vendors flagged as examples, no others."""
    assert "Not an example" not in tool_category_table(small_handbook())


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "a | b", "*bold* _em_", "{{ config }}", "{% raw %}",
    "[link](https://x.example)", "`code`", "&amp; &lt;", "==mark== ^^ins^^ ~~del~~",
    ":smile:", "www.example.com", "1. not a list", "# not a heading", "\\*", "++ctrl+c++",
])
def test_markup_in_data_renders_exactly_as_written(text: str) -> None:
    """HTML, Markdown, extension and Jinja syntax in data come out as plain text."""
    rendered = project_markdown().convert(tool_category_table(small_handbook(text)))
    assert text in cell_texts(rendered)[5]
    assert "<script>" not in rendered


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_vendor_name_round_trips(name: str) -> None:
    """Property: whatever text a vendor's name holds, the reader sees that text."""
    expected = re.sub(r"\s+", " ", name).strip()
    rendered = project_markdown().convert(tool_category_table(small_handbook(name)))
    assert cell_texts(rendered)[5] == expected


def test_escape_markdown_flattens_whitespace() -> None:
    """Line breaks in data cannot break a table row."""
    assert escape_markdown("a\n\n b\tc") == "a b c"
