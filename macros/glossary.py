"""The glossary: its page, and its terms as hover definitions (<abbr title>) on every page."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.treeprocessors import Treeprocessor

from .errors import HandbookError
from .examples import tokens_without
from .mdtree import parent_map
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


# The handbook define_env loaded for the build this process is running, by project folder.
# Python-Markdown builds this extension anew for every page (each page gets its own Markdown
# instance): asking handbook_for_build each time hashed every data file, listed docs/ and ran
# git once per page, a cost that grew with the square of the page count.
_build_handbooks: dict[Path, Handbook] = {}


def use_for_build(project_dir: Path, handbook: Handbook) -> None:
    """Record the handbook define_env loaded for the build starting now (each build, each rebuild)."""
    _build_handbooks.clear()
    _build_handbooks[project_dir.resolve()] = handbook


def project_handbook() -> Handbook:
    """The handbook of the project the engine is building: the folder it runs in (as `make` runs it).

    The one define_env loaded for this build when there is one (see use_for_build); otherwise
    (the extension used without the macros plugin) loaded and checked here.
    """
    from playbook.project import load_project

    from .loading import handbook_for_build

    root = Path.cwd()
    if not (root / "mkdocs.yml").is_file():
        raise HandbookError(f"{root}: no mkdocs.yml here; expected the build to run in the project folder")
    known = _build_handbooks.get(root.resolve())
    if known is not None:
        return known
    project = load_project(root)
    return handbook_for_build(project.data_dir, project.site_url, project.docs_dir, project.directory_urls)


# Elements whose text a glossary mark never enters: a link already leads on, and a heading's
# text becomes the page title, the outline, the book's bookmarks and running headers.
_NO_HOVER_INSIDE = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})


def thin_hovers(root: Element) -> None:
    """Keep a term's hover on its first use in each section (h1/h2), never in a link or heading.

    A hover on every repeat is a dotted line and a Tab stop each time (the tool directory
    had 70); one where the term first appears defines it, as a style guide would. Inside a
    link it would nest a focusable term in a focusable link, and the link already leads on.
    Inside a heading it would underline the page's title and put markup into every copy of
    the heading's text (the outline, the book's contents and bookmarks); the first use in the
    text under the heading carries the hover instead.
    """
    parents = parent_map(root)
    seen: set[str] = set()
    redundant: list[Element] = []
    for element in root.iter():
        if element.tag in ("h1", "h2"):
            seen.clear()
        if element.tag == "abbr" and element.get("title"):
            title, ancestor = element.get("title", ""), parents.get(element)
            while ancestor is not None and ancestor.tag not in _NO_HOVER_INSIDE:
                ancestor = parents.get(ancestor)
            if ancestor is not None or title in seen:
                redundant.append(element)
            else:
                seen.add(title)
    for abbr in redundant:
        _unwrap(abbr, parents[abbr])


def _unwrap(element: Element, parent: Element) -> None:
    """Replace a childless inline element by its text, joined to the text around it."""
    text = (element.text or "") + (element.tail or "")
    index = list(parent).index(element)
    if index:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


class _ThinHovers(Treeprocessor):
    """Runs thin_hovers once abbr has wrapped every use (abbr's treeprocessor has priority 7)."""

    def run(self, root: Element) -> None:
        """Thin the hovers of one page."""
        thin_hovers(root)


# The last handbook's hover definitions: the same for every page of a build.
_hovers: list[tuple[Handbook, dict[str, str]]] = []


def _hovers_of(handbook: Handbook) -> dict[str, str]:
    """hover_definitions(handbook), worked out once for the same handbook object."""
    if not _hovers or _hovers[0][0] is not handbook:
        _hovers[:] = [(handbook, hover_definitions(handbook))]
    return dict(_hovers[0][1])


class GlossaryHovers(Extension):
    """Python-Markdown extension: data/glossary.yml's terms as hovers on first use per section, none in links.

    Listed in mkdocs.yml (`macros.glossary`), so either engine runs it on every page. abbr's
    `glossary` option turns each spelling into <abbr title="..."> wherever it appears as a whole
    word, outside code; the title is an attribute set by the serializer, so quotes and angle
    brackets in definitions stay escaped. The glossary page's term headings stay out of its outline.
    """

    def __init__(self, **kwargs: Any) -> None:
        """`handbook`: the handbook to take terms from (default: the project being built)."""
        # Not None: Python-Markdown would read a None default as a yes/no setting.
        self.config = {"handbook": ["", "the Handbook whose glossary gives the hovers (default: the project's)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        """Register abbr with the glossary, then the thinning pass just after abbr's (priority 7)."""
        handbook = self.getConfig("handbook") or project_handbook()
        AbbrExtension(glossary=_hovers_of(handbook)).extendMarkdown(md)
        md.treeprocessors.register(_ThinHovers(md), "first_use_hovers", 6)
        md.treeprocessors.register(_TermsOutOfOutline(md), "terms_out_of_outline", 3)


# The class of each term's heading on the glossary page (glossary.md.j2, handbook.css).
TERM_CLASS = "msp-term"
_HEADING = re.compile(r"h[1-6]")


def term_heading_ids(root: Element) -> list[str]:
    """The ids of the glossary's term headings in a page's tree, in document order."""
    return [element.get("id", "") for element in root.iter()
            if _HEADING.fullmatch(str(element.tag)) and element.get("id")
            and TERM_CLASS in (element.get("class") or "").split()]


class _TermsOutOfOutline(Treeprocessor):
    """Runs after the toc extension (priority 5) and the examples' own pass (4).

    Each term is a heading (h3) so that search indexes it as a section of its own, found at its
    own anchor with its own definition as the snippet; the outline beside the page keeps listing
    only the letters, as the A-Z bar does.
    """

    def run(self, root: Element) -> None:
        """Drop the page's term headings from its outline; they keep ids and permalinks."""
        ids = term_heading_ids(root)
        if ids:
            self.md.toc_tokens = tokens_without(getattr(self.md, "toc_tokens", []), Counter(ids), {})  # type: ignore[attr-defined]


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
    """The glossary page body: terms A to Z, each a heading (h3) with its id as anchor.

    A heading, not a definition list's term: Material's search cuts a page into sections at
    headings with ids, so each term is a search result of its own that leads to its anchor,
    where the letter's whole list would otherwise be one result leading to the letter.

    The page ends by switching every hover off for itself (abbr's `*[TERM]: ""`): each
    definition sits right beside its term, so hovers there would only repeat it.
    """
    return render_template("glossary.md.j2", groups=list(_letter_groups(handbook)),
                           spellings=[_spelling(s) for s in hover_definitions(handbook)])


def makeExtension(**kwargs: Any) -> GlossaryHovers:  # noqa: N802 (Python-Markdown's name)
    """GlossaryHovers, as mkdocs.yml lists it (`macros.glossary`) for either engine."""
    return GlossaryHovers(**kwargs)
