"""Part A content: the business and tools chapters, the tool directory, the glossary and freshness."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from conftest import ROOT
from macros import glossary, tools
from playbook import freshness
from macros.errors import HandbookError, MacroArgumentError
from macros.loading import load_handbook
from macros.records import (Category, Check, Comparison, ComparisonRow, GlossaryTerm, Handbook,
                            Owner, SelectionCriterion, Source, Vendor)
from macros.rendering import link_target

GOLDEN = Path(__file__).parent / "golden"
HANDBOOK = load_handbook(ROOT / "data")
# Other attributes (such as tabindex for keyboard focus) may sit beside the title.
ABBR = re.compile(r'<abbr\b[^>]*?\btitle="([^"]*)"[^>]*>([^<]*)</abbr>')
CHAPTERS = ["business/index.md", "business/target-market.md", "business/customer-profiles.md",
            "business/msp-vs-in-house.md", "tools/index.md", "tools/psa.md", "tools/rmm.md",
            "tools/documentation.md", "tools/security.md", "tools/backup-dr.md", "tools/network.md",
            "tools/security-awareness.md", "tools/working-together.md", "tools/rmm-vs-psa.md",
            "tools/choosing.md", "tools/directory.md", "glossary.md"]


ACME_SOURCES = (
    Source(url="https://acme.example/about", title="About Acme <Inc>", read=dt.date(2026, 1, 2)),
    Source(url="https://news.example/acme-bought", title="Holdings buys Acme", read=dt.date(2026, 1, 2)),
    Source(url="https://docs.acme.example/rmm", title="Acme RMM docs", read=dt.date(2026, 1, 1)),
)
DESK_SOURCE = Source(url="https://desk.example/old", title="Old [page]", read=dt.date(2025, 6, 30))


def fixture_handbook(**fields: object) -> Handbook:
    """A tiny handbook with awkward text, for golden files and unit tests."""
    base: dict[str, object] = {
        "categories": (
            Category("rmm", "Remote monitoring and management", "RMM", "Watches machines.", "tools/rmm.md"),
            Category("psa", "Professional services automation", "PSA", "Runs the business."),
        ),
        "vendors": (
            Vendor("acme", "Acme [RMM]", "rmm", "Patches *everything* <fast>.", "https://acme.example/a b",
                   Owner("Acme | Holdings", ACME_SOURCES[1]), example=True, sources=ACME_SOURCES,
                   checked=Check(dt.date(2026, 1, 2), ACME_SOURCES[0])),
            Vendor("desk", "Desk & Co", "psa", "Tickets | time | billing.", "https://desk.example/",
                   Owner("independent"), "acquired", "Big *Desk*",
                   sources=(DESK_SOURCE,), checked=Check(dt.date(2025, 6, 30), DESK_SOURCE)),
            Vendor("new", "Newcomer", "psa", "Not looked at yet.", "https://new.example/",
                   Owner("independent"), note="Nobody has *read* a source yet."),
        ),
        "glossary": (
            GlossaryTerm("psa", "PSA", "Runs the *business*.", "Professional services automation",
                         ("PSA", "PSAs")),
            GlossaryTerm("quote", "Quote test", 'Say "hi" <b>loud</b> & clear.', None, None),
        ),
        "comparisons": (
            Comparison("rmm-vs-psa", "RMM and PSA", "rmm", "psa", (
                ComparisonRow("purpose", "Purpose", ("Keeps *devices* well.",), ("Runs | the MSP.",)),
                ComparisonRow("features", "Features", ("Patching", "Scripts"), ("Tickets",)),
            )),
        ),
        "selection_criteria": (
            SelectionCriterion("cost", "Cost", "Total cost, not list price.", ("What is the unit?",)),
        ),
    }
    base.update(fields)
    rest = {name: () for name in Handbook.__dataclass_fields__ if name not in base and name != "build"}
    return Handbook(**base, **rest)


def page_html(site: Path, source: str) -> str:
    """The built HTML of a docs/ page, by its source path."""
    stem = source.removesuffix(".md")
    target = site / ("index.html" if stem == "index" else
                     f"{stem.removesuffix('/index')}/index.html" if stem.endswith("index") else
                     f"{stem}/index.html")
    return target.read_text(encoding="utf-8")


def visible_text(page: str) -> str:
    """A page's text with tags removed (hover <abbr> elements split names otherwise)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


# --- Golden files -----------------------------------------------------------------------

@pytest.mark.parametrize(("golden", "render"), [
    ("vendor_list.md", lambda h: tools.vendor_list(h, "rmm")),
    ("tool_directory.md", tools.tool_directory),
    ("comparison.md", lambda h: tools.comparison(h, "rmm-vs-psa")),
    ("selection_criteria.md", tools.selection_criteria),
    ("glossary.md", glossary.glossary),
])
def test_renderer_matches_golden_file(golden: str, render: object) -> None:
    """Each renderer's Markdown for the fixture handbook is exactly the reviewed golden file."""
    expected = (GOLDEN / golden).read_text(encoding="utf-8")
    assert render(fixture_handbook()) == expected  # type: ignore[operator]


def test_bad_macro_arguments_name_the_macro_and_the_choices() -> None:
    """Unknown IDs raise MacroArgumentError saying what was expected."""
    with pytest.raises(MacroArgumentError, match=r'vendor_list\(\): category "nope".*expected one of: rmm, psa'):
        tools.vendor_list(fixture_handbook(), "nope")
    with pytest.raises(MacroArgumentError, match=r'comparison\(\): "x".*expected one of: rmm-vs-psa'):
        tools.comparison(fixture_handbook(), "x")


# --- Glossary hovers --------------------------------------------------------------------

def converter(handbook: Handbook) -> markdown.Markdown:
    """A Markdown converter configured like the site, with the handbook's glossary installed."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    extensions = [glossary.GlossaryHovers(handbook=handbook) if name == "macros.glossary" else name
                  for name in config["markdown_extensions"]]
    return markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"])


def test_hover_titles_escape_quotes_and_angle_brackets() -> None:
    """A definition with quotes, tags and ampersands stays plain text in the title attribute."""
    out = converter(fixture_handbook()).convert("A Quote test here.")
    assert 'title="Say &quot;hi&quot; &lt;b&gt;loud&lt;/b&gt; &amp; clear.">Quote test</abbr>' in out
    assert "<b>" not in out


def test_hovers_skip_code_and_match_whole_words() -> None:
    """Inline code and fenced code keep the plain term; words that merely contain it do not match."""
    source = "Our PSA and `PSA` and PSAX.\n\n## Plural\n\nTwo PSAs.\n\n```text\nPSA\n```\n"
    out = converter(fixture_handbook()).convert(source)
    assert out.count("<abbr") == 2
    assert ">PSAs</abbr>" in out
    assert "<code>PSA</code>" in out
    assert "PSAX" in out and ">PSAX<" not in out


def test_hovers_mark_a_term_once_per_section_and_never_inside_links() -> None:
    """Repeats in a section, and terms inside link text, stay plain text with nothing lost."""
    source = ("PSA first, then PSA again and [ConnectWise PSA](https://example.com/).\n\n"
              "| Tool | Notes |\n|---|---|\n| [PSA](psa.md) | A PSA |\n\n"
              "## Next section\n\n[PSA](psa.md) in a link, then PSA in text, then PSA.\n")
    out = converter(fixture_handbook()).convert(source)
    assert out.count("<abbr") == 2
    assert re.search(r"<p><abbr [^>]*>PSA</abbr> first, then PSA again and "
                     r'<a href="https://example.com/">ConnectWise PSA</a>.</p>', out)
    assert '<td><a href="psa.md">PSA</a></td>\n<td>A PSA</td>' in out
    assert re.search(r'<a href="psa.md">PSA</a> in a link, then <abbr [^>]*>PSA</abbr> in text, then PSA.', out)


def test_each_spelling_belongs_to_one_term() -> None:
    """Two terms claiming the same spelling is a data error naming both."""
    twice = fixture_handbook(glossary=(GlossaryTerm("a", "PSA", "One meaning here."),
                                       GlossaryTerm("b", "Other", "Another meaning.", None, ("PSA",))))
    with pytest.raises(HandbookError, match=r'entry "b".*"PSA" is already a spelling of "a"'):
        glossary.hover_definitions(twice)


def test_real_glossary_is_big_enough_and_consistent() -> None:
    """At least 40 terms, and the spellings of real data do not collide."""
    assert len(HANDBOOK.glossary) >= 40
    assert len(glossary.hover_definitions(HANDBOOK)) >= 40


# --- Freshness --------------------------------------------------------------------------

def test_freshness_cut_off_is_one_year_to_the_day() -> None:
    """Checked exactly a year ago is fresh; a day earlier is due; never checked is always due."""
    handbook = fixture_handbook()
    assert [e.id for e in freshness.stale_entries(handbook, dt.date(2026, 6, 30))] == ["new"]
    assert [e.id for e in freshness.stale_entries(handbook, dt.date(2026, 7, 1))] == ["new", "desk"]
    assert [e.id for e in freshness.stale_entries(handbook, dt.date(2027, 1, 3))] == ["acme", "new", "desk"]
    assert freshness.year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def test_freshness_groups_by_category_with_programs_last() -> None:
    """Entries come grouped by category in category order; channel programs are a group too."""
    entries = freshness.stale_entries(HANDBOOK, dt.date(2100, 1, 1))
    groups = list(dict.fromkeys(e.group for e in entries))
    assert groups == [c.name for c in HANDBOOK.categories if HANDBOOK.vendors_in(c.id)] + ["Channel programs"]
    assert {e.subject for e in entries} == {"vendors", "programs"}
    assert len(entries) == len(HANDBOOK.vendors) + len(HANDBOOK.programs)


def test_freshness_report_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    """The command prints a grouped report and exits 0, entries due or not."""
    assert freshness.main(["--today", "2100-01-01"]) == 0
    out = capsys.readouterr().out
    assert "\nRemote monitoring and management:\n" in out
    assert "data/vendors.yml  ninjaone  (NinjaOne)  " in out
    report = freshness.report(freshness.stale_entries(fixture_handbook(), dt.date(2026, 7, 1)), dt.date(2026, 7, 1))
    assert "2 entries to review (today is 2026-07-01): 1 never checked, 1 last checked before 2025-07-01." in report
    assert "data/vendors.yml  new  (Newcomer)  never checked" in report
    assert freshness.report([], dt.date(2026, 7, 1)).endswith("Nothing to review.\n")


# --- Data ------------------------------------------------------------------------------

def test_at_least_a_hundred_vendors_across_all_categories() -> None:
    """The directory is broad enough to be useful, and every category has several vendors."""
    assert len(HANDBOOK.vendors) >= 100
    for category in HANDBOOK.categories:
        assert len(HANDBOOK.vendors_in(category.id)) >= 3, category.id


# --- The built site ---------------------------------------------------------------------

@pytest.mark.slow
def test_every_chapter_has_summary_related_and_front_matter(built_site: Path) -> None:
    """Each page of part A has a description, tags without draft, and ends with Related links."""
    for source in CHAPTERS:
        text = (ROOT / "docs" / source).read_text(encoding="utf-8")
        front = text.split("---", 2)[1]
        assert re.search(r"^description: .+\.$", front, re.M), source
        assert "tags:" in front and "draft" not in front, source
        assert "## Related" in text, source
        assert 'id="related"' in page_html(built_site, source), source


@pytest.mark.slow
def test_every_vendor_appears_in_directory_and_category_page(built_site: Path) -> None:
    """Each vendor is in the directory table and in its category's vendor list, linked."""
    directory = page_html(built_site, "tools/directory.md")
    assert '<div class="tool-directory">' in directory
    directory_text = visible_text(directory)
    for vendor in HANDBOOK.vendors:
        assert vendor.name in directory_text, vendor.id
        assert f'href="{html.escape(link_target(vendor.website))}"' in directory, vendor.id
        chapter = HANDBOOK.category(vendor.category).page
        if chapter:  # categories whose chapter is not written yet have no vendor list to check
            assert vendor.name in visible_text(page_html(built_site, chapter)), vendor.id


@pytest.mark.slow
def test_every_category_appears_on_the_overview(built_site: Path) -> None:
    """The overview table names every category."""
    overview = visible_text(page_html(built_site, "tools/index.md"))
    for category in HANDBOOK.categories:
        assert category.name in overview, category.id


@pytest.mark.slow
def test_every_comparison_row_and_criterion_appears(built_site: Path) -> None:
    """Each aspect and point of the RMM/PSA comparison, and each selection criterion, is on its page."""
    page = visible_text(page_html(built_site, "tools/rmm-vs-psa.md"))
    for row in HANDBOOK.comparisons[0].rows:
        assert row.aspect in page, row.id
        for point in row.left + row.right:
            assert point in page, point
    choosing = visible_text(page_html(built_site, "tools/choosing.md"))
    for criterion in HANDBOOK.selection_criteria:
        assert criterion.name in choosing and criterion.summary in choosing, criterion.id


@pytest.mark.slow
def test_every_glossary_term_is_on_the_glossary_page_with_an_anchor(built_site: Path) -> None:
    """Each term is rendered with its id as anchor and its definition, and without hovers."""
    page = page_html(built_site, "glossary.md")
    assert "<abbr" not in page
    assert "*[" not in page
    text = visible_text(page)
    for term in HANDBOOK.glossary:
        assert re.search(rf'<h3 class="msp-term" id="{term.id}"[ >]', page), term.id
        assert term.term in text and " ".join(term.definition.split()) in text, term.id


@pytest.mark.slow
def test_every_hover_term_gets_its_definition_on_some_chapter(built_site: Path) -> None:
    """Each term with hover spellings is wrapped in <abbr title=...> somewhere outside the glossary."""
    titles: set[str] = set()
    for page in built_site.rglob("*.html"):
        if page.parent.name != "glossary":
            titles.update(html.unescape(t) for t, _ in ABBR.findall(page.read_text(encoding="utf-8")))
    missing = [t.term for t in HANDBOOK.glossary if t.hover_spellings and glossary.hover_text(t) not in titles]
    assert not missing
    psa_term = next(t for t in HANDBOOK.glossary if t.id == "psa")
    on_psa_page = {(html.unescape(t), text) for t, text in ABBR.findall(page_html(built_site, "tools/psa.md"))}
    assert (glossary.hover_text(psa_term), "PSA") in on_psa_page


@pytest.mark.slow
def test_mermaid_diagram_has_a_text_twin(built_site: Path) -> None:
    """The flow diagram is emitted for Mermaid and described in words right after it."""
    page = page_html(built_site, "tools/working-together.md")
    assert '<pre class="mermaid"><code>flowchart TB' in page
    assert 'id="the-same-flow-in-words"' in page
