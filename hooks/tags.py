"""MkDocs hook: a page may only carry tags that data/tags.yml lists."""
from __future__ import annotations

from typing import Any

from macros.bound import loaded_handbook
from macros.tags import check_page_tags


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Stop the build at the first tag a page carries that the vocabulary does not list."""
    check_page_tags(page.file.src_path, page.meta.get("tags"), loaded_handbook(config).tags)
    return markdown
