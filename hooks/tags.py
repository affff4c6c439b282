"""MkDocs hook: a page may only carry tags that data/tags.yml lists."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from macros.loading import SUBJECTS, load_subject
from macros.records import Tag
from macros.tags import check_page_tags

_vocabulary: tuple[Tag, ...] = ()


def on_config(config: Any) -> Any:
    """Read the tag vocabulary once per build (the schema and ID checks run here too)."""
    global _vocabulary
    subject = next(s for s in SUBJECTS if s.name == "tags")
    _vocabulary = load_subject(Path(config["config_file_path"]).parent / "data", subject)[1]
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Stop the build at the first tag a page carries that the vocabulary does not list."""
    check_page_tags(page.file.src_path, page.meta.get("tags"), _vocabulary)
    return markdown
