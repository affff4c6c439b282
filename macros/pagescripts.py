"""Which optional scripts a rendered page needs, decided from its HTML once per page."""
from __future__ import annotations

# A table this long is worth sorting and filtering; shorter ones read fine as they are.
MIN_ROWS_FOR_TABLE_TOOLS = 9


def scripts_needed(content_html: str) -> frozenset[str]:
    """Names of the optional scripts ("mermaid", "tables") the page's content uses."""
    needed = set()
    if 'class="mermaid"' in content_html:
        needed.add("mermaid")
    if content_html.count("<tr") >= MIN_ROWS_FOR_TABLE_TOOLS:
        needed.add("tables")
    return frozenset(needed)
