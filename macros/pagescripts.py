"""Which optional scripts a rendered page needs, decided from its HTML once per page."""
from __future__ import annotations


def scripts_needed(content_html: str) -> frozenset[str]:
    """Names of the optional scripts ("tables", "calculators", "mermaid") the page's content uses.

    Each follows the markup its Markdown extension or macro writes: the filter boxes that
    macros/tabletools.py puts before large tables, the calculator forms, the diagram boxes of
    macros/diagrams.py.
    """
    needed = set()
    if 'class="msp-diagram"' in content_html:
        needed.add("mermaid")
    if "data-table-filter" in content_html:
        needed.add("tables")
    if "data-calculator=" in content_html:  # the forms of macros/calculators.py
        needed.add("calculators")
    return frozenset(needed)
