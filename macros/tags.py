"""The tag vocabulary: what each tag gathers (the tags index) and which tags a page may carry."""
from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import HandbookError
from .records import Handbook, Tag
from .rendering import render_template


def unknown_tags(page_tags: Iterable[object], vocabulary: Iterable[Tag]) -> list[str]:
    """The tags of a page that are not in the vocabulary, in page order."""
    known = {tag.id for tag in vocabulary}
    return [str(tag) for tag in page_tags if tag not in known]


def check_page_tags(src_path: str, page_tags: object, vocabulary: tuple[Tag, ...]) -> None:
    """Raise HandbookError naming the page and the first tag that data/tags.yml does not list."""
    if page_tags is None:
        return
    if not isinstance(page_tags, list):
        raise HandbookError(f"docs/{src_path}: front matter `tags` is not a list; expected a list "
                            "of tags from data/tags.yml, one per line starting with \"- \"")
    ids = [tag.id for tag in vocabulary]
    for tag in unknown_tags(page_tags, vocabulary):
        close = difflib.get_close_matches(tag, ids, n=1)
        hint = f'did you mean "{close[0]}"? ' if close else ""
        raise HandbookError(f'docs/{src_path}: tag "{tag}" is not in data/tags.yml; {hint}expected '
                            "one of the tags listed there (add a new tag to data/tags.yml with a "
                            "one-line description)")


def tag_vocabulary(handbook: Handbook) -> str:
    """Every tag with the one line saying what it gathers, as a definition list."""
    return render_template("tag_vocabulary.md.j2", tags=sorted(handbook.tags, key=lambda t: t.id))
