"""Filter boxes before large tables (macros/tabletools.py), from Markdown to HTML."""
from __future__ import annotations

import re

import markdown

from macros.tabletools import MIN_BODY_ROWS, TableTools


def convert(source: str) -> str:
    """HTML for `source` with the extensions a table page uses on the site."""
    md = markdown.Markdown(extensions=["tables", "md_in_html", "pymdownx.escapeall", TableTools()])
    return md.convert(source)


def table(rows: int, header: str = "| Tool | Category |", cells: str = "| Tool {n} | {cat} |") -> str:
    """A Markdown table with `rows` body rows whose category alternates between two values."""
    body = "\n".join(cells.format(n=n, cat="[R&amp;D](r.md)" if n % 2 else "PSA") for n in range(rows))
    return f"{header}\n| --- | --- |\n{body}\n"


def test_only_tables_long_enough_get_a_filter_box() -> None:
    """One row short of the threshold stays as it is; at the threshold a box comes first."""
    assert "data-table-filter" not in convert(table(MIN_BODY_ROWS - 1))
    out = convert("Intro.\n\n" + table(MIN_BODY_ROWS))
    assert out.index("data-table-filter") < out.index("<table data-sortable=\"\">")
    assert f"{MIN_BODY_ROWS} rows</p>" in out
    assert "<p><div" not in out  # the box replaces its placeholder paragraph whole
    assert "<table data-sortable=\"\">" in out


def test_a_category_column_gets_a_select_of_its_distinct_values() -> None:
    """Values come from the cells' visible text (links and entities resolved), sorted, once each."""
    out = convert(table(MIN_BODY_ROWS))
    assert 'data-category-column="1"' in out
    assert '<label for="table-filter-1-category">Category</label>' in out
    options = re.findall(r'<option value="([^"]*)">', out)
    assert options == ["", "PSA", "R&amp;D"]


def test_without_a_category_column_there_is_only_the_text_filter() -> None:
    """A table whose headers name no category gets the free-text box and no select."""
    out = convert(table(MIN_BODY_ROWS, header="| Tool | Notes |"))
    assert "data-table-filter" in out
    assert "<select" not in out and "data-category-column" not in out


def test_each_large_table_on_a_page_gets_its_own_ids() -> None:
    """Two large tables: two boxes, with ids that do not collide."""
    out = convert(table(MIN_BODY_ROWS) + "\nBetween.\n\n" + table(MIN_BODY_ROWS))
    assert re.findall(r'<div class="table-filter" id="([^"]+)"', out) == ["table-filter-1", "table-filter-2"]


def test_category_text_from_data_stays_text() -> None:
    """Markup typed into a category cell is escaped in the option, never run."""
    rows = "\n".join(f"| Tool {n} | {'&lt;script&gt;x' if n % 2 else 'PSA'} |" for n in range(MIN_BODY_ROWS))
    out = convert("| Tool | Type |\n| --- | --- |\n" + rows + "\n")
    assert '<option value="&lt;script&gt;x">&lt;script&gt;x</option>' in out
    assert "<script>" not in out
