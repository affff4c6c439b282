"""The glossary: its page, and its terms as hover definitions (<abbr title>) on every page."""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from .errors import HandbookError
from .records import GlossaryTerm, Handbook
from .rendering import TrustedMarkdown, render_template

# Same forms as the `id` and `matches` patterns of data/schema/glossary.schema.json.
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SPELLING = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9 &'/.-]*[A-Za-z0-9])?$")


def hover_text(term: GlossaryTerm) -> str:
    """The plain text a reader sees on hover: the expansion, if any, then the definition."""
    definition = " ".join(term.definition.split())
    return f"{term.expansion}: {definition}" if term.expansion else definition


def hover_definitions(handbook: Handbook) -> dict[str, str]:
    """Each spelling that gets a hover, mapped to its hover text; one term per spelling."""
    owners: dict[str, GlossaryTerm] = {}
    for term in handbook.glossary:
        for spelling in term.hover_spellings:
            if spelling in owners:
                raise HandbookError(
                    f'data/glossary.yml: entry "{term.id}", field "matches": "{spelling}" is '
                    f'already a spelling of "{owners[spelling].id}"; expected each spelling to '
                    "belong to one term")
            owners[spelling] = term
    return {spelling: hover_text(term) for spelling, term in owners.items()}


def install_hovers(config: Any, handbook: Handbook) -> None:
    """Feed the glossary to Python-Markdown's abbr extension for every page of this build.

    abbr's `glossary` option turns each spelling into <abbr title="..."> wherever it
    appears as a whole word, outside code; the title is an attribute set by the
    serializer, so quotes and angle brackets in definitions stay escaped.
    """
    if "abbr" not in config["markdown_extensions"]:
        raise HandbookError("mkdocs.yml: glossary hovers need the abbr extension; "
                            "expected `- abbr` under markdown_extensions")
    settings = dict(config["mdx_configs"].get("abbr") or {})
    # Definitions written in mkdocs.yml win over data/glossary.yml.
    settings["glossary"] = {**hover_definitions(handbook), **settings.get("glossary", {})}
    config["mdx_configs"]["abbr"] = settings


def _anchor(term: GlossaryTerm) -> TrustedMarkdown:
    """The term's id as an attribute-list anchor value (already a slug, so safe as is)."""
    if not _SLUG.match(term.id):
        raise HandbookError(f'data/glossary.yml: entry "{term.id}": expected a lowercase slug id')
    return TrustedMarkdown(term.id)


def _letter_groups(handbook: Handbook) -> Iterator[tuple[str, list[tuple[GlossaryTerm, TrustedMarkdown]]]]:
    """Terms sorted without regard to case, grouped under their first letter."""
    ordered = sorted(handbook.glossary, key=lambda t: t.term.casefold())
    for letter, terms in groupby(ordered, key=lambda t: t.term[0].upper()):
        yield letter, [(term, _anchor(term)) for term in terms]


def _spelling(spelling: str) -> TrustedMarkdown:
    """A hover spelling as written inside abbr's `*[...]` (the schema rules out brackets and backslashes)."""
    if not _SPELLING.match(spelling):
        raise HandbookError(f'data/glossary.yml: "{spelling}": expected a spelling of letters, '
                            "digits, spaces and & ' / . - only")
    return TrustedMarkdown(spelling)


def glossary(handbook: Handbook) -> str:
    """The glossary page body: terms A to Z as a definition list, each with its id as anchor.

    The page ends by switching every hover off for itself (abbr's `*[TERM]: ""`): each
    definition sits right beside its term, so hovers there would only repeat it.
    """
    return render_template("glossary.md.j2", groups=list(_letter_groups(handbook)),
                           spellings=[_spelling(s) for s in hover_definitions(handbook)])
