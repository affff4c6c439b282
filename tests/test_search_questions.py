"""Readers' questions, typed into the site's own search box, bring up the page that answers them."""
from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from conftest import ROOT

QUESTIONS = yaml.safe_load((Path(__file__).parent / "search" / "questions.yml").read_text(encoding="utf-8"))
# At least this many of the questions must put their answering page in the top three.
REQUIRED = 45
READY = "Type to start searching"


def address_of(page: str) -> str:
    """The address path, relative to the site root, of a page under docs/ (directory URLs)."""
    path = page.removesuffix(".md").removesuffix("index").removesuffix("/")
    return path + "/" if path else ""


def test_the_question_file_is_long_enough_and_names_real_pages() -> None:
    """At least 40 questions, each once, each answered by a page that exists."""
    assert len(QUESTIONS) >= 40
    assert len({q["question"].casefold() for q in QUESTIONS}) == len(QUESTIONS)
    for entry in QUESTIONS:
        assert (ROOT / "docs" / entry["page"]).is_file(), entry


@pytest.fixture(scope="module")
def search_box(browser: Any, site_url: str) -> Iterator[Any]:
    """The home page with its search open and its index loaded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/", wait_until="load")
    page.locator(".md-search__input").focus()
    expect(page.locator(".md-search-result__meta")).to_have_text(READY)
    yield page
    context.close()


def top_pages(page: Any, site_url: str, query: str, count: int = 3) -> list[str]:
    """The first `count` distinct pages the search box lists for `query`, as address paths.

    Material reads the box on key-up. The box is emptied first, then the whole query is set
    at once and one key (End) released, so the worker is asked once, for the full query;
    the first change of the result count after that is its answer.
    """
    box = page.locator(".md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.fill("")
    box.press("End")
    expect(meta).to_have_text(READY)
    box.fill(query)
    box.press("End")
    expect(meta).not_to_have_text(READY)
    links = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a.md-search-result__link",
        "links => links.map(link => link.href)")
    prefix = urlsplit(site_url).path.rstrip("/") + "/"
    # A page's results can come in more than one group; each page counts once, where it first appears.
    pages = dict.fromkeys(urlsplit(link).path.removeprefix(prefix) for link in links)
    return list(pages)[:count]


@pytest.mark.browser
def test_readers_questions_find_their_answer_in_the_top_three(search_box: Any, site_url: str) -> None:
    """At least 45 of the 48 written questions rank their answering page first, second or third."""
    misses = {}
    for entry in QUESTIONS:
        found = top_pages(search_box, site_url, entry["question"])
        if address_of(entry["page"]) not in found:
            misses[entry["question"]] = (entry["page"], found)
    assert len(QUESTIONS) - len(misses) >= REQUIRED, misses


def result_links(page: Any, site_url: str, query: str) -> list[str]:
    """Every link the search box lists for `query`, pages and their sections, as address paths with anchors."""
    top_pages(page, site_url, query)
    links = page.eval_on_selector_all(".md-search-result__list a.md-search-result__link",
                                      "links => links.map(link => link.href)")
    prefix = urlsplit(site_url).path.rstrip("/") + "/"
    return [urlsplit(link).path.removeprefix(prefix) + (f"#{urlsplit(link).fragment}" if urlsplit(link).fragment else "")
            for link in links]


def test_each_glossary_term_is_a_search_entry_of_its_own(built_site: Path) -> None:
    """The index holds one entry per term at its anchor, titled with the term, its text the definition."""
    from macros.loading import load_handbook

    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    entries = {d["location"]: d for d in docs if d["location"].startswith("glossary/#")}
    for term in load_handbook(ROOT / "data").glossary:
        entry = entries[f"glossary/#{term.id}"]
        assert html.unescape(entry["title"]) == term.term + (f" ({term.expansion})" if term.expansion else ""), term.id
        assert " ".join(term.definition.split())[:40] in html.unescape(entry["text"]), term.id


@pytest.mark.browser
def test_a_term_query_leads_to_the_terms_own_anchor(search_box: Any, site_url: str) -> None:
    """A search for QBR lists the glossary in the top three, its first result there the term, not its letter.

    Before each term was a heading, the glossary's result was its whole letter block (#q),
    fourth for "QBR"; now it is third, and leads to #qbr with the definition as its text.
    """
    assert "glossary/" in top_pages(search_box, site_url, "QBR")
    sections = [link for link in result_links(search_box, site_url, "QBR") if link.startswith("glossary/#")]
    assert sections[0] == "glossary/#qbr"


@pytest.mark.browser
def test_contributor_pages_stay_out_of_a_readers_results(search_box: Any, site_url: str) -> None:
    """The macro reference no longer answers readers' questions; the contributing guide still answers contributors.

    Its macro names (deal_example, mdf_steps...) matched readers' words as prefixes: "what is
    deal registration" listed it third. Now it is out of search, and "spelling" still finds the guide.
    """
    found = top_pages(search_box, site_url, "what is deal registration", count=10)
    assert found[0] == "channel/vendor-programs/"
    assert not [page for page in found if page.startswith("contributing/")], found
    assert top_pages(search_box, site_url, "spelling")[0] == "contributing/"


@pytest.mark.browser
def test_a_page_result_does_not_list_its_own_title_again_as_a_section(search_box: Any, site_url: str) -> None:
    """The page's heading has an anchor, so Pagefind returns it as a section; it is not shown twice."""
    links = result_links(search_box, site_url, "difference between RMM and PSA")
    assert links[0] == "tools/rmm-vs-psa/"
    assert "tools/rmm-vs-psa/#rmm-and-psa-compared" not in links
    assert [link for link in links if link.startswith("tools/rmm-vs-psa/#")]  # its other sections still show
