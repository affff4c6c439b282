"""Which optional scripts a rendered page needs, decided from its HTML once per page."""
from __future__ import annotations


def scripts_needed(content_html: str) -> frozenset[str]:
    """Names of the optional scripts ("tables", "calculators") the page's content uses.

    "tables" follows the filter boxes that macros/tabletools.py puts before large tables,
    so the rule for what counts as large lives in one place. "mermaid" is added by
    hooks/diagrams.py, which knows where a diagram is.
    """
    needed = set()
    if "data-table-filter" in content_html:
        needed.add("tables")
    if "data-calculator=" in content_html:  # the forms of macros/calculators.py
        needed.add("calculators")
    return frozenset(needed)
