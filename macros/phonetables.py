"""Wide tables read as cards on a phone: each body cell carries its column's name.

The build writes the header text into every cell as `data-label`, and marks the table;
handbook.css then lays each row out as a card on a narrow screen, each cell under its label,
so nothing needs sideways scrolling and no column is lost. Wide screens keep the table.
"""
from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .mdtree import install_extension
from .tabletools import body_rows, cell_text, header_cells

# Two columns fit a phone's width as they are; from three on, rows become cards.
MIN_CARD_COLUMNS = 3


def label_cells(root: Element, md: Markdown) -> int:
    """Mark each table of three or more columns for cards and label its cells; returns how many."""
    marked = 0
    for table in root.iter("table"):
        headers = [cell_text(cell, md) for cell in header_cells(table)]
        if len(headers) < MIN_CARD_COLUMNS:
            continue
        table.set("data-cards", "")
        for row in body_rows(table):
            for cell, label in zip(row, headers):
                if label:
                    cell.set("data-label", label)
        marked += 1
    return marked


class _CardLabels(Treeprocessor):
    """Runs label_cells once the header cells hold their final text."""

    def run(self, root: Element) -> None:
        """Label the wide tables of one page."""
        label_cells(root, self.md)


class PhoneTables(Extension):
    """Python-Markdown extension: wide tables carry what a phone needs to show them as cards."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register after unescape (priority 0), beside the table tools."""
        md.treeprocessors.register(_CardLabels(md), "phone_tables", -11)


def makeExtension(**kwargs: Any) -> PhoneTables:  # noqa: N802 (Python-Markdown's name)
    """PhoneTables, as mkdocs.yml lists it (`macros.phonetables`) for either engine."""
    return PhoneTables(**kwargs)
