"""Macros of the tools chapter: vendor lists, the tool directory, comparisons, selection criteria."""
from __future__ import annotations

from .channel import reader_date, uncited_sources
from .errors import MacroArgumentError
from .records import Category, Comparison, Handbook
from .rendering import render_template


def _category(handbook: Handbook, macro: str, category_id: object) -> Category:
    """The category a page names, or a MacroArgumentError listing the valid IDs."""
    ids = [c.id for c in handbook.categories]
    if category_id not in ids:
        raise MacroArgumentError(
            f'{macro}(): category "{category_id}" is not an ID in data/categories.yml; '
            f"expected one of: {', '.join(ids)}")
    return handbook.category(str(category_id))


def vendor_list(handbook: Handbook, category: str) -> str:
    """Markdown bullet list of one category's vendors: name linked to the website, one line each."""
    found = _category(handbook, "vendor_list", category)
    return render_template("vendor_list.md.j2", vendors=handbook.vendors_in(found.id))


def tool_directory(handbook: Handbook) -> str:
    """Markdown table of every vendor: name and website, category, description, owner, check.

    The last column says "Checked <date> against <source>" or "Not yet checked" with the note,
    then lists every other source read, the owner's included. Wrapped in <div class="tool-directory">;
    like any large table it gets its sort and filter controls from macros/tabletools.py. Rows
    follow the category order of data/categories.yml, then file order.
    """
    rows = [(vendor, category, reader_date(vendor.checked.date) if vendor.checked else None,
             uncited_sources(vendor.sources, vendor.checked))
            for category in handbook.categories for vendor in handbook.vendors_in(category.id)]
    return render_template("tool_directory.md.j2", rows=rows)


def comparison(handbook: Handbook, comparison_id: str) -> str:
    """Markdown table comparing two tool categories aspect by aspect (data/comparisons.yml)."""
    ids = [c.id for c in handbook.comparisons]
    found: Comparison | None = next((c for c in handbook.comparisons if c.id == comparison_id), None)
    if found is None:
        raise MacroArgumentError(
            f'comparison(): "{comparison_id}" is not an ID in data/comparisons.yml; '
            f"expected one of: {', '.join(ids)}")
    return render_template("comparison.md.j2", comparison=found,
                           left=handbook.category(found.left), right=handbook.category(found.right))


def selection_criteria(handbook: Handbook) -> str:
    """Markdown section per selection criterion: a heading, its summary and the questions to ask."""
    return render_template("selection_criteria.md.j2", criteria=handbook.selection_criteria)
