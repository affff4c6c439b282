"""Markdown extension (mkdocs.yml: macros.accessibility): accessibility fixes to what Python-Markdown writes.

Glossary terms (<abbr title>) become reachable with Tab, so their definition opens on keyboard
focus as on hover (handbook.css); each task-list checkbox gets its item's text as its name
(pymdownx.tasklist leaves the box unnamed). Material's search dialog is named by the post-build
step (playbook/postbuild.py), since it sits in a partial that has no block to override.
"""
from __future__ import annotations

import html
from copy import copy
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from macros.mdtree import element_text

_CHECKBOX = '<input type="checkbox"'


def focusable_abbreviations(root: Element) -> None:
    """Give every <abbr title> without a tabindex tabindex=0."""
    for abbr in root.iter("abbr"):
        if abbr.get("title") and abbr.get("tabindex") is None:
            abbr.set("tabindex", "0")


def visible_text(element: Element, md: Markdown) -> str:
    """An element's text as a reader sees it, without nested lists; stashed HTML reduced to its text."""
    shallow = copy(element)
    shallow[:] = [child for child in element if child.tag not in ("ul", "ol")]
    return element_text(shallow, md)


def label_task_checkboxes(root: Element, md: Markdown) -> None:
    """Name each task-list checkbox after the text of its item.

    pymdownx.tasklist stashes the box's HTML and leaves a placeholder at the start of the item
    (or of its first paragraph); the stashed HTML gains an aria-label.
    """
    for item in root.iter("li"):
        if "task-list-item" not in item.get("class", "").split():
            continue
        holder = item if (item.text or "").strip() else next(iter(item), None)
        match = util.HTML_PLACEHOLDER_RE.match(holder.text or "") if holder is not None else None
        blocks = md.htmlStash.rawHtmlBlocks
        if match is None or int(match[1]) >= len(blocks) or _CHECKBOX not in str(blocks[int(match[1])]):
            continue
        label = html.escape(visible_text(item, md))
        blocks[int(match[1])] = str(blocks[int(match[1])]).replace(
            _CHECKBOX, f'{_CHECKBOX} aria-label="{label}"', 1)


class _AccessibleMarkup(Treeprocessor):
    """Runs the fixes above once abbr, the glossary and the task list have done their work."""

    def run(self, root: Element) -> None:
        """Fix one page's tree."""
        focusable_abbreviations(root)
        label_task_checkboxes(root, self.md)


class AccessibleMarkup(Extension):
    """Python-Markdown extension: focusable glossary terms and named task checkboxes."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register after inline processing (20), tasklist (25), abbr (7) and the glossary's (6)."""
        md.treeprocessors.register(_AccessibleMarkup(md), "accessible_markup", 1)


def makeExtension(**kwargs: Any) -> AccessibleMarkup:  # noqa: N802 (Python-Markdown's name)
    """AccessibleMarkup, as mkdocs.yml lists it for either engine."""
    return AccessibleMarkup(**kwargs)
