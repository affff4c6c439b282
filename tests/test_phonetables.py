"""Wide tables carry their column names into every cell, for the phone's card layout."""
from __future__ import annotations

import markdown

from macros.phonetables import PhoneTables


def render(source: str) -> str:
    """Markdown to HTML with tables and the phone-table labels."""
    return markdown.markdown(source, extensions=["tables", PhoneTables()])


def test_a_table_of_three_columns_is_marked_and_each_cell_labelled() -> None:
    """Header text, inline markup removed, becomes each body cell's data-label."""
    html = render("| Tool | *Category* | Checked |\n|---|---|---|\n| A | PSA | 2026-11-29 |\n")
    assert "<table data-cards=\"\">" in html
    assert '<td data-label="Tool">A</td>' in html
    assert '<td data-label="Category">PSA</td>' in html
    assert '<td data-label="Checked">2026-11-29</td>' in html


def test_a_two_column_table_is_left_as_it_is() -> None:
    """Two columns fit a phone; no marks, no labels."""
    html = render("| Term | Meaning |\n|---|---|\n| MSP | Managed service provider |\n")
    assert "data-cards" not in html and "data-label" not in html


def test_labels_are_escaped_attribute_values() -> None:
    """A header with quotes or angle brackets cannot break out of the attribute."""
    html = render('| A | B "x" | C &lt;y&gt; |\n|---|---|---|\n| 1 | 2 | 3 |\n')
    assert 'data-label="B &quot;x&quot;"' in html
    assert 'data-label="C &lt;y&gt;"' in html
