"""Finding things: the search separator, the glossary's letters and links, the tag vocabulary."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project
from macros.errors import DataError, HandbookError
from macros.loading import load_handbook
from macros.records import Tag
from macros.tags import check_page_tags, unknown_tags


class _Text(HTMLParser):
    """Collects the text of an HTML fragment (search index entries hold HTML)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        """Keep each run of text."""
        self.parts.append(data)


def _tokens(text: str, separator: re.Pattern[str]) -> set[str]:
    """The words lunr indexes from `text`: split by the separator, lowercased, edges trimmed."""
    return {re.sub(r"^\W+|\W+$", "", word.lower()) for word in separator.split(text)} - {""}


@pytest.fixture(scope="module")
def search_index(built_site: Path) -> dict[str, object]:
    """The built site's search index."""
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_splits_words_at_punctuation(search_index: dict[str, object]) -> None:
    """A word written after "(" or "/" or before "," is a word of its own in the index."""
    separator = re.compile(str(search_index["config"]["separator"]))  # type: ignore[index]
    assert separator.split("(QBR)") == ["", "QBR", ""]
    assert separator.split("co-op/MDF,") == ["co", "op", "MDF", ""]
    assert separator.split("version 9.8") == ["version", "9.8"]


def test_every_glossary_term_vendor_and_program_name_is_indexed(search_index: dict[str, object]) -> None:
    """Each word of each glossary term, vendor name and program name is a token of the index."""
    separator = re.compile(str(search_index["config"]["separator"]))  # type: ignore[index]
    indexed: set[str] = set()
    for doc in search_index["docs"]:  # type: ignore[union-attr]
        parser = _Text()
        parser.feed(doc["title"] + " " + doc["text"])
        indexed |= _tokens(" ".join(parser.parts), separator)
    handbook = load_handbook(ROOT / "data")
    names = ([t.term for t in handbook.glossary] + [v.name for v in handbook.vendors]
             + [p.name for p in handbook.programs])
    missing = {name: sorted(_tokens(name, separator) - indexed) for name in names}
    assert {name: words for name, words in missing.items() if words} == {}


def test_glossary_has_a_letter_bar_with_a_heading_for_each_letter(built_site: Path) -> None:
    """The A-Z bar links every letter that has terms to that letter's heading, and nothing else."""
    html = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    bar = re.search(r'<nav [^>]*class="msp-az"[^>]*>(.*?)</nav>', html, re.DOTALL)
    assert bar is not None
    letters = re.findall(r'<a href="\./#([a-z])">([A-Z])</a>', bar.group(1))
    handbook = load_handbook(ROOT / "data")
    expected = sorted({t.term[0].upper() for t in handbook.glossary})
    assert [upper for _, upper in letters] == expected
    for anchor, _ in letters:
        assert re.search(rf'<h2 id="{anchor}"[ >]', html), anchor
    # The outline beside the page lists the letters only; each term is a heading, but not a line there.
    toc = html.split('<nav class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="#([^"]+)"', toc) == [anchor for anchor, _ in letters] + ["related"]


def test_glossary_terms_are_bold_anchored_and_linked_to_their_chapter(built_site: Path) -> None:
    """Each term is a bold heading with its id as anchor; a term with `see` links to that chapter."""
    html = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    handbook = load_handbook(ROOT / "data")
    for term in handbook.glossary:
        entry = re.search(rf'<h3 class="msp-term" id="{term.id}"[^>]*><strong>.*?</p>', html, re.DOTALL)
        assert entry is not None, term.id
        if term.see:
            page = term.see.partition("#")[0].removesuffix(".md").removesuffix("index")
            assert f'href="../{page}' in entry.group(0), term.id


def test_every_glossary_term_links_to_the_chapter_that_explains_it() -> None:
    """Each term names, in `see`, a reader's page that uses the term (not the glossary itself)."""
    handbook = load_handbook(ROOT / "data", "", ROOT / "docs")
    for term in handbook.glossary:
        assert term.see, term.id
        assert not term.see.startswith(("glossary", "tags", "contributing/")), term.id


def test_a_glossary_link_to_a_missing_page_names_term_and_line(tmp_path: Path) -> None:
    """`see` must name a page in docs/; the message says which term, where, and what is close."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    glossary = data / "glossary.yml"
    text = glossary.read_text(encoding="utf-8").replace(
        "- id: psa\n  term: PSA\n  see: tools/psa.md", "- id: psa\n  term: PSA\n  see: tools/pas.md", 1)
    glossary.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  see: tools/pas.md") + 1
    with pytest.raises(DataError) as raised:
        load_handbook(data, "", ROOT / "docs")
    assert str(raised.value).startswith(f'data/glossary.yml:{line}: entry "psa", field "see": '
                                        '"tools/pas.md" is not a page in docs/; did you mean "tools/psa.md"?')


VOCABULARY = (Tag("backup", "Backup and restore."), Tag("security", "Protecting clients."))


def test_unknown_tags_are_listed_in_page_order() -> None:
    """Tags outside the vocabulary come back as written; known ones do not."""
    assert unknown_tags(["security", "bcdr", "backup", "Backup"], VOCABULARY) == ["bcdr", "Backup"]


def test_an_unknown_tag_names_page_tag_and_closest_known_tag() -> None:
    """One line: the page, the tag, a suggestion and what to do."""
    with pytest.raises(HandbookError) as raised:
        check_page_tags("tools/backup-dr.md", ["backups"], VOCABULARY)
    assert str(raised.value).startswith(
        'docs/tools/backup-dr.md: tag "backups" is not in data/tags.yml; did you mean "backup"?')


def test_every_page_uses_known_tags_and_the_index_describes_each(built_site: Path) -> None:
    """The real site builds (so every page's tags are known) and the tags index shows each line."""
    html = (built_site / "tags" / "index.html").read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(html)
    text = "".join(parser.parts)
    for tag in load_handbook(ROOT / "data").tags:
        assert f"{tag.id}\n{tag.description}" in text


def test_a_page_with_an_unknown_tag_stops_the_pre_build_step(tmp_path: Path) -> None:
    """The pre-build step (before either engine) names the page and the tag in one line."""
    from playbook.prebuild import problems

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "tools" / "rmm.md"
    page.write_text(page.read_text(encoding="utf-8").replace("tags:\n", "tags:\n  - remote\n", 1),
                    encoding="utf-8")
    assert [line for line in problems(project) if "remote" in line] == [
        'docs/tools/rmm.md: tag "remote" is not in data/tags.yml; expected one of the tags listed there '
        '(add a new tag to data/tags.yml with a one-line description)']


def test_a_checklist_search_result_says_what_it_is_for(search_index: dict[str, object]) -> None:
    """A checklist page's own search entry is its introduction: no stamps, files or run controls."""
    handbook = load_handbook(ROOT / "data")
    entries = {doc["location"]: doc["text"] for doc in search_index["docs"]}  # type: ignore[union-attr]
    for checklist in handbook.checklists:
        text = entries[f"checklists/{checklist.id}/"]
        assert text.startswith("<p>"), checklist.id
        for noise in ("Version", "Download the PDF", "Download for Word", "Print blank", "Run by",
                      "Delete this run"):
            assert noise not in text, (checklist.id, noise)
