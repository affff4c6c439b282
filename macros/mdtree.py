"""Small helpers for the handbook's Python-Markdown extensions (glossary hovers, table tools)."""
from __future__ import annotations

import html
import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown, util
from markdown.extensions import Extension

_TAG = re.compile(r"<[^>]*>")


def install_extension(config: Any, extension: Extension) -> None:
    """Add `extension` to the Markdown extensions every page is rendered with, once per build."""
    extensions = config["markdown_extensions"]
    if not any(type(existing) is type(extension) for existing in extensions):
        extensions.append(extension)


def parent_map(root: Element) -> dict[Element, Element]:
    """Each element of a page's tree mapped to its parent (ElementTree keeps no parent links)."""
    return {child: parent for parent in root.iter() for child in parent}


def element_text(element: Element, md: Markdown) -> str:
    """An element's text as a reader sees it, with runs of white space made one space.

    Entities and inline HTML are still placeholders in the tree (Python-Markdown restores
    them after serializing), so they are looked up in its stash and reduced to their text.
    """
    def restore(match: re.Match[str]) -> str:
        """The stashed HTML a placeholder stands for, placeholders inside it restored too."""
        index = int(match[1])
        blocks = md.htmlStash.rawHtmlBlocks
        return util.HTML_PLACEHOLDER_RE.sub(restore, str(blocks[index])) if index < len(blocks) else ""
    raw = util.HTML_PLACEHOLDER_RE.sub(restore, "".join(element.itertext()))
    text = html.unescape(_TAG.sub("", raw.replace(util.AMP_SUBSTITUTE, "&")))
    return " ".join(text.split())
