"""Live examples on a page (the macro reference): their headings are pictures, not sections.

An example of `glossary()` or `mdf_steps()` holds the headings those macros write. Left as
they were, each took an id on the reference page, a line in its table of contents and an
empty entry in search, and `macro_reference(only="tool_category_table")`'s example took the
id `tool_category_table` from the real heading below it. Here the examples' headings lose
their ids and permalinks, the table of contents loses their lines, and a real heading
renamed for their sake gets its own id back.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from mkdocs.structure.toc import AnchorLink, TableOfContents

EXAMPLE_CLASS = "msp-example"
_ASIDE_TAG = re.compile(r"<aside\b[^>]*>|</aside>")
_EXAMPLE_OPEN = re.compile(rf'<aside\b[^>]*\bclass="[^"]*\b{EXAMPLE_CLASS}\b')
_HEADING_ID = re.compile(r'(<h[1-6]\b[^>]*?)\s+id="([^"]*)"([^>]*>)')
_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*" title="Permanent link">&para;</a>')
# Python-Markdown's toc makes a slug unique by adding _1, _2, ... in document order.
_NUMBERED = re.compile(r"(?P<base>.+)_(?P<n>\d+)")


def example_spans(html: str) -> list[tuple[int, int]]:
    """Start and end offsets of each outermost example aside in `html` (examples may nest)."""
    spans: list[tuple[int, int]] = []
    depth, start, example_depth = 0, 0, 0
    for tag in _ASIDE_TAG.finditer(html):
        if tag[0] == "</aside>":
            depth -= 1
            if example_depth and depth < example_depth:
                spans.append((start, tag.end()))
                example_depth = 0
            continue
        depth += 1
        if not example_depth and _EXAMPLE_OPEN.match(tag[0]):
            start, example_depth = tag.start(), depth
    return spans


def quiet_example_headings(html: str) -> tuple[str, list[str]]:
    """`html` with the ids and permalinks of headings inside examples taken out; those ids, in order."""
    removed: list[str] = []

    def without_id(heading: re.Match[str]) -> str:
        removed.append(heading[2])
        return heading[1] + heading[3]

    pieces, last = [], 0
    for start, end in example_spans(html):
        example = _PERMALINK.sub("", _HEADING_ID.sub(without_id, html[start:end]))
        pieces += [html[last:start], example]
        last = end
    pieces.append(html[last:])
    return "".join(pieces), removed


def reclaimed_ids(html: str, freed: Iterable[str]) -> dict[str, str]:
    """Real heading ids that were numbered only because an example took their slug: old to new."""
    taken = set(re.findall(r'\bid="([^"]*)"', html))
    freed = set(freed) - taken
    renamed: dict[str, str] = {}
    for heading in _HEADING_ID.finditer(html):
        numbered = _NUMBERED.fullmatch(heading[2])
        if numbered and numbered["base"] in freed:
            renamed[heading[2]] = numbered["base"]
            freed.discard(numbered["base"])
    return renamed


def rename_ids(html: str, renamed: dict[str, str]) -> str:
    """`html` with each heading id in `renamed`, and its permalink, under its new name."""
    for old, new in renamed.items():
        html = html.replace(f' id="{old}"', f' id="{new}"').replace(f'href="#{old}"', f'href="#{new}"')
    return html


def toc_without(items: Iterable[AnchorLink], removed: Counter[str], renamed: dict[str, str]) -> list[AnchorLink]:
    """Copies of the items, `removed` ids dropped (their other children kept in place), ids renamed.

    `removed` counts down as items are dropped, so an id is dropped as often as it was removed.
    """
    kept: list[AnchorLink] = []
    for item in items:
        children = toc_without(item.children, removed, renamed)
        if removed[item.id] > 0:
            removed[item.id] -= 1
            kept += children
            continue
        copy = AnchorLink(item.title, renamed.get(item.id, item.id), item.level)
        copy.children = children
        kept.append(copy)
    return kept


def examples_out_of_outline(html: str, toc: TableOfContents) -> tuple[str, TableOfContents]:
    """A page's HTML and table of contents with its examples' headings left out of its outline."""
    html, removed = quiet_example_headings(html)
    if not removed:
        return html, toc
    renamed = reclaimed_ids(html, removed)
    return rename_ids(html, renamed), TableOfContents(toc_without(toc, Counter(removed), renamed))
