"""Live examples on a page (the macro reference): their headings are pictures, not sections.

An example of `glossary()` or `mdf_steps()` holds the headings those macros write. Left as
they were, each took an id on the reference page, a line in its table of contents and an
empty entry in search, and `macro_reference(only="tool_category_table")`'s example took the
id `tool_category_table` from the real heading below it. Here the examples' headings lose
their ids and permalinks, the table of contents loses their lines, and a real heading
renamed for their sake gets its own id back. A Markdown extension (listed in mkdocs.yml as
`macros.examples`), so either engine runs it: it follows the toc extension and edits the
tree and `md.toc_tokens`, which the engine turns into the page's outline.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import nest_toc_tokens
from markdown.treeprocessors import Treeprocessor

EXAMPLE_CLASS = "msp-example"
_HEADING = re.compile(r"h[1-6]")
# Python-Markdown's toc makes a slug unique by adding _1, _2, ... in document order.
_NUMBERED = re.compile(r"(?P<base>.+)_(?P<n>\d+)")


def _classes(element: Element) -> list[str]:
    """The element's class names."""
    return (element.get("class") or "").split()


def example_roots(root: Element) -> Iterator[Element]:
    """Each outermost example aside under `root`, in document order (examples may nest)."""
    for child in root:
        if child.tag == "aside" and EXAMPLE_CLASS in _classes(child):
            yield child
        else:
            yield from example_roots(child)


def quiet_example_headings(root: Element) -> list[str]:
    """Take the ids and permalinks out of the headings inside examples; those ids, in order."""
    removed: list[str] = []
    for example in example_roots(root):
        for heading in example.iter():
            if not _HEADING.fullmatch(str(heading.tag)) or heading.get("id") is None:
                continue
            removed.append(heading.attrib.pop("id"))
            for link in [child for child in heading if "headerlink" in _classes(child)]:
                heading.remove(link)
    return removed


def reclaimed_ids(root: Element, freed: list[str]) -> dict[str, str]:
    """Real heading ids that were numbered only because an example took their slug: old to new."""
    taken = {element.get("id") for element in root.iter() if element.get("id")}
    available = set(freed) - taken
    renamed: dict[str, str] = {}
    for heading in root.iter():
        numbered = _NUMBERED.fullmatch(heading.get("id") or "") if _HEADING.fullmatch(str(heading.tag)) else None
        if numbered and numbered["base"] in available:
            renamed[numbered[0]] = numbered["base"]
            available.discard(numbered["base"])
    return renamed


def rename_ids(root: Element, renamed: dict[str, str]) -> None:
    """Give each heading id in `renamed`, and its permalink, its new name."""
    for element in root.iter():
        if element.get("id") in renamed:
            element.set("id", renamed[element.get("id", "")])
        href = element.get("href") or ""
        if href.startswith("#") and href[1:] in renamed:
            element.set("href", "#" + renamed[href[1:]])


def flat_tokens(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The toc tokens in document order, without their children."""
    for token in tokens:
        yield {key: value for key, value in token.items() if key != "children"}
        yield from flat_tokens(token.get("children", []))


def tokens_without(tokens: list[dict[str, Any]], removed: Counter[str], renamed: dict[str, str]) -> list[dict[str, Any]]:
    """The toc tokens nested anew, `removed` ids dropped and ids renamed.

    `removed` counts down as tokens are dropped, so an id is dropped as often as it was removed;
    nesting again puts a real heading under the real heading before it, as toc itself would.
    """
    kept: list[dict[str, Any]] = []
    for token in flat_tokens(tokens):
        if removed[token["id"]] > 0:
            removed[token["id"]] -= 1
            continue
        kept.append({**token, "id": renamed.get(token["id"], token["id"])})
    return nest_toc_tokens(kept)


class _QuietExamples(Treeprocessor):
    """Runs after the toc extension has given headings their ids and listed them."""

    def run(self, root: Element) -> None:
        """Leave one page's examples out of its outline."""
        removed = quiet_example_headings(root)
        if not removed:
            return
        renamed = reclaimed_ids(root, removed)
        rename_ids(root, renamed)
        self.md.toc_tokens = tokens_without(getattr(self.md, "toc_tokens", []), Counter(removed), renamed)  # type: ignore[attr-defined]


class ExamplesOutOfOutline(Extension):
    """Python-Markdown extension: live examples' headings stay out of the page's outline."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register right after toc (priority 5), before anything reads the ids."""
        md.treeprocessors.register(_QuietExamples(md), "examples_out_of_outline", 4)


def makeExtension(**kwargs: Any) -> ExamplesOutOfOutline:  # noqa: N802 (Python-Markdown's name)
    """ExamplesOutOfOutline, as mkdocs.yml lists it (`macros.examples`) for either engine."""
    return ExamplesOutOfOutline(**kwargs)
