"""Filter controls for every large table, built with the page (tables.js only wires them up).

Deciding here, from the table itself, which tables get sorting and filtering keeps one rule
for generated and hand-written tables alike, and the controls are in the HTML before the
first paint, so revealing them never pushes the table down.
"""
from __future__ import annotations

import html
import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .mdtree import element_text, install_extension, parent_map
from .rendering import render_template

# Fewer rows than this are read at a glance; a filter box above them would be clutter.
MIN_BODY_ROWS = 15
# A column with one of these headers gets a select of its values, such as the directory's
# category and status; the first such column is the table's category column.
CATEGORY_HEADER = re.compile(r"^(category|categories|type|kind|part|status)$", re.IGNORECASE)


def cell_text(cell: Element, md: Markdown) -> str:
    """A cell's text as a reader sees it (see element_text)."""
    return element_text(cell, md)


def body_rows(table: Element) -> list[Element]:
    """The rows of a table's body (Markdown tables have one <tbody>)."""
    body = table.find("tbody")
    return list(body.iter("tr")) if body is not None else []


def header_cells(table: Element) -> list[Element]:
    """The cells of a table's header row, or none when it has no <thead>."""
    head = table.find("thead/tr")
    return list(head) if head is not None else []


def is_large(table: Element) -> bool:
    """True for a table with a header and enough body rows to be worth sorting and filtering."""
    return bool(header_cells(table)) and len(body_rows(table)) >= MIN_BODY_ROWS


def select_columns(table: Element, md: Markdown) -> list[int]:
    """Indexes of the columns whose header names a category or a status, left to right."""
    return [index for index, cell in enumerate(header_cells(table)) if CATEGORY_HEADER.match(cell_text(cell, md))]


def category_column(table: Element, md: Markdown) -> int | None:
    """Index of the first column whose header names a category, if any."""
    columns = select_columns(table, md)
    return columns[0] if columns else None


def filter_box(table: Element, key: str, md: Markdown) -> str:
    """The filter controls for one large table, as HTML from table_filter.html.j2: a select per
    category or status column (of that column's distinct visible values), then the text box."""
    rows = body_rows(table)
    selects = []
    for number, column in enumerate(select_columns(table, md)):
        label = cell_text(header_cells(table)[column], md)
        values = {cell_text(row[column], md) for row in rows if len(row) > column}
        suffix = "category" if number == 0 else f"column-{column}"
        selects.append((column, f"{key}-{suffix}", label, sorted(values - {""}, key=str.casefold)))
    return render_template("table_filter.html.j2", key=key, column=category_column(table, md),
                           selects=selects, row_count=len(rows))


def add_filter_boxes(root: Element, md: Markdown) -> int:
    """Put a filter box before each large table of a page; returns how many it added."""
    parents = parent_map(root)
    large = [table for table in root.iter("table") if is_large(table)]
    for number, table in enumerate(large, start=1):
        parent = parents[table]
        # Lets handbook.css keep room for the sort icons Tablesort adds (see there).
        table.set("data-sortable", "")
        # A paragraph holding only a stash placeholder is swapped for the raw block whole.
        placeholder = Element("p")
        placeholder.text = md.htmlStash.store(filter_box(table, f"table-filter-{number}", md))
        parent.insert(list(parent).index(table), placeholder)
    return len(large)


class _FilterBoxes(Treeprocessor):
    """Runs add_filter_boxes once every cell's inline content is in the tree."""

    def run(self, root: Element) -> None:
        """Add the boxes to one page."""
        add_filter_boxes(root, self.md)


class TableTools(Extension):
    """Python-Markdown extension: filter controls before each large table."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register after unescape (priority 0), the last step that changes cell text."""
        md.treeprocessors.register(_FilterBoxes(md), "table_tools", -10)


def makeExtension(**kwargs: Any) -> TableTools:  # noqa: N802 (Python-Markdown's name)
    """TableTools, as mkdocs.yml lists it (`macros.tabletools`) for either engine."""
    return TableTools(**kwargs)
