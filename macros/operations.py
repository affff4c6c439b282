"""Macros of the operations part: what MSPs of different sizes run (data/stacks.yml)."""
from __future__ import annotations

from collections.abc import Sequence

from .records import Category, Handbook, StackRow
from .rendering import render_template

# Column headings of the stack table, in the order of the fields of StackRow.
SIZES: tuple[tuple[str, str], ...] = (
    ("one_to_three", "1–3 people"),
    ("ten", "About 10 people"),
    ("fifty", "About 50 people"),
)


def render_stack_by_size(rows: Sequence[StackRow], categories: Sequence[Category]) -> str:
    """Markdown table: one row per stack row, its category's name, then one cell per size."""
    names = {category.id: category for category in categories}
    table = [(names[row.category], [getattr(row, field) for field, _ in SIZES]) for row in rows]
    return render_template("stack_by_size.md.j2", sizes=[label for _, label in SIZES], rows=table)


def stack_by_size(handbook: Handbook) -> str:
    """The stacks-by-size table of every row in data/stacks.yml, in file order."""
    return render_stack_by_size(handbook.stacks, handbook.categories)
