"""Markdown extension (mkdocs.yml: macros.diagrams): each Mermaid diagram in a box that scrolls on a phone.

A diagram drawn to a phone's width shrinks its labels past reading. Each ```mermaid block
(superfences stashes it as <pre class="mermaid">, which Material replaces with the drawing) sits
in a box that scrolls sideways where handbook.css gives the drawing a legible minimum width. A
box that scrolls must be reachable by keyboard (WCAG 2.1.1), hence tabindex and a name.
"""
from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

DIAGRAM_BOX = {"class": "msp-diagram", "tabindex": "0", "role": "group",
               "aria-label": "Diagram; on a narrow screen it scrolls sideways"}


def stashed_block(element: Element, md: Markdown) -> str:
    """The raw HTML a paragraph stands for when it holds only a stash placeholder, else ""."""
    match = util.HTML_PLACEHOLDER_RE.fullmatch((element.text or "").strip())
    if element.tag != "p" or len(element) or match is None:
        return ""
    blocks = md.htmlStash.rawHtmlBlocks
    index = int(match[1])
    return str(blocks[index]) if index < len(blocks) else ""


def box_diagrams(root: Element, md: Markdown) -> int:
    """Turn each paragraph that stands for a Mermaid block into the diagram box; returns how many."""
    boxed = 0
    for element in root.iter("p"):
        if stashed_block(element, md).startswith('<pre class="mermaid">'):
            element.tag = "div"
            element.attrib.update(DIAGRAM_BOX)
            boxed += 1
    return boxed


class _DiagramBoxes(Treeprocessor):
    """Runs box_diagrams on each page's tree."""

    def run(self, root: Element) -> None:
        """Box the diagrams of one page."""
        box_diagrams(root, self.md)


class DiagramBoxes(Extension):
    """Python-Markdown extension: each Mermaid block inside a focusable box that scrolls."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register late, once every block is in the tree."""
        md.treeprocessors.register(_DiagramBoxes(md), "diagram_boxes", -20)


def makeExtension(**kwargs: Any) -> DiagramBoxes:  # noqa: N802 (Python-Markdown's name)
    """DiagramBoxes, as mkdocs.yml lists it for either engine."""
    return DiagramBoxes(**kwargs)
