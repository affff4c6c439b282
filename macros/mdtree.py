"""Small helpers for the handbook's Python-Markdown extensions (glossary hovers, table tools)."""
from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown.extensions import Extension


def install_extension(config: Any, extension: Extension) -> None:
    """Add `extension` to the Markdown extensions every page is rendered with, once per build."""
    extensions = config["markdown_extensions"]
    if not any(type(existing) is type(extension) for existing in extensions):
        extensions.append(extension)


def parent_map(root: Element) -> dict[Element, Element]:
    """Each element of a page's tree mapped to its parent (ElementTree keeps no parent links)."""
    return {child: parent for parent in root.iter() for child in parent}
