"""The clause and template library: its data, its pages, and its Word and Markdown downloads."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import markdown
import pytest
from docx import Document

from conftest import ROOT
from macros.errors import DataError, MacroArgumentError
from macros.library import AGREEMENTS, clause_list, entry_markdown, entry_page, library_file, library_index, template_list
from macros.library_export import entry_docx
from macros.loading import load_handbook
from macros.rendering import editable_markdown
from playbook.postbuild import file_links

HANDBOOK = load_handbook(ROOT / "data", docs_dir=ROOT / "docs")
CASES = Path(__file__).parent / "data_errors"
TEMPLATE_IDS = {"risk-acceptance-form", "co-managed-raci", "price-book", "qbr-deck-outline", "sop-template"}
TOPICS = ("limitation-of-liability", "liability-carve-outs", "cyber-incident-responsibilities",
          "term-and-auto-renewal", "annual-price-review", "termination-assistance", "data-return-and-destruction",
          "client-security-duties", "insurance-requirements", "subcontractors-and-tools", "acceptable-use",
          "payment-terms", "suspension-for-non-payment")


def test_the_library_loads_with_every_agreement_and_template() -> None:
    """At least 25 clauses across MSA, SOW and SLA, the topics issue 27 names, and the five templates."""
    assert len(HANDBOOK.clauses) >= 25
    assert {clause.agreement for clause in HANDBOOK.clauses} == set(AGREEMENTS)
    assert set(TOPICS) <= {clause.id for clause in HANDBOOK.clauses}
    assert {template.id for template in HANDBOOK.library_templates} == TEMPLATE_IDS


def test_every_entry_has_a_purpose_and_a_not_legal_advice_notice() -> None:
    """Each clause and template says what it is for and that it is not legal advice."""
    for entry in (*HANDBOOK.clauses, *HANDBOOK.library_templates):
        assert len(entry.purpose) >= 20, entry.id
        assert "not legal advice" in entry.notice.lower(), entry.id


@pytest.mark.parametrize("case", ["clause-without-notice", "clause-without-purpose", "clause-notice-without-disclaimer"])
def test_a_clause_without_purpose_or_notice_stops_loading(case: str, tmp_path: Path) -> None:
    """The schema refuses the clause with one exact message naming file, line, entry and field."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copy2(CASES / case / "clauses.yml", data / "clauses.yml")
    with pytest.raises(DataError) as raised:
        load_handbook(data, today=dt.date(2099, 12, 31))
    assert str(raised.value) == (CASES / case / "expected.txt").read_text(encoding="utf-8").strip()


def test_every_fact_has_a_source_read_by_today() -> None:
    """A clause's background comes with its sources, each dated no later than today."""
    for entry in (*HANDBOOK.clauses, *HANDBOOK.library_templates):
        assert bool(entry.background) == bool(entry.sources), entry.id
        assert all(source.read <= dt.date.today() for source in entry.sources), entry.id


def test_a_clause_word_file_opens_and_holds_its_wording() -> None:
    """The Word file of a clause opens with python-docx and carries title, notice and every paragraph."""
    clause = next(c for c in HANDBOOK.clauses if c.id == "limitation-of-liability")
    document = Document(io.BytesIO(entry_docx(clause, "https://example.org/handbook/business/clauses/")))
    text = [paragraph.text for paragraph in document.paragraphs]
    assert document.core_properties.title == clause.title
    assert all(paragraph in text for paragraph in clause.wording)
    assert any(clause.notice in line for line in text)
    assert all(option in text for option in clause.options)


def test_a_template_word_file_has_its_tables() -> None:
    """The co-managed matrix in Word is a table with a row per service under its column headings."""
    template = next(t for t in HANDBOOK.library_templates if t.id == "co-managed-raci")
    document = Document(io.BytesIO(entry_docx(template, "https://example.org/")))
    matrix = next(s.table for s in template.sections if s.heading == "The matrix")
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == list(matrix.columns)
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [list(row) for row in matrix.rows]


def test_the_same_entry_gives_the_same_word_file() -> None:
    """Fixed document properties: building twice gives byte-identical files."""
    clause = HANDBOOK.clauses[0]
    assert entry_docx(clause, "u") == entry_docx(clause, "u")


def test_the_markdown_download_holds_title_notice_and_wording() -> None:
    """The .md download starts with the title and carries the notice and the wording, placeholders plain."""
    clause = next(c for c in HANDBOOK.clauses if c.id == "payment-terms")
    text = entry_markdown(HANDBOOK, clause)
    assert text.startswith("# Payment terms and late payment\n")
    assert "**Notice:** Not legal advice" in text
    assert "[Client] shall pay each invoice within [14] days of its date by [direct debit or bank transfer]." in text


def test_the_pages_list_every_clause_and_template() -> None:
    """Each agreement's list holds exactly its clauses as headings; the index and template list hold all."""
    for agreement in AGREEMENTS:
        listed = re.findall(r"^### .* \{: #([a-z0-9-]+) \}$", clause_list(HANDBOOK, agreement), re.MULTILINE)
        assert listed == [c.id for c in HANDBOOK.clauses if c.agreement == agreement]
    templates = re.findall(r"^## .* \{: #([a-z0-9-]+) \}$", template_list(HANDBOOK), re.MULTILINE)
    assert templates == [t.id for t in HANDBOOK.library_templates]
    index = library_index(HANDBOOK)
    for entry in (*HANDBOOK.clauses, *HANDBOOK.library_templates):
        assert f'data-file="{library_file(entry, "docx")}"' in index
        assert f'data-file="{library_file(entry, "md")}"' in index


def test_an_unknown_agreement_is_refused() -> None:
    """clause_list names the agreements it knows."""
    with pytest.raises(MacroArgumentError, match='"MSA", "SOW", "SLA"'):
        clause_list(HANDBOOK, "NDA")


def test_markup_in_a_clause_is_shown_as_text() -> None:
    """HTML and Markdown in data reach the page escaped, never as elements or links."""
    clause = dataclasses.replace(HANDBOOK.clauses[0], agreement="MSA",
                                 wording=("<script>alert(1)</script> [x](javascript:alert(2)) {{ 7*7 }}",))
    hostile = dataclasses.replace(HANDBOOK, clauses=(clause,))
    page = clause_list(hostile, "MSA")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "](javascript" not in page and "{{" not in page


def test_download_links_point_at_the_files_from_any_page() -> None:
    """The post-build step sets each library link's href from its data-file, relative to the page."""
    html = library_index(HANDBOOK)
    fixed = file_links(html, "business/library")
    assert 'href="../../library/limitation-of-liability.docx" data-role="docx-link"' in fixed
    assert 'href="../library/limitation-of-liability.md" data-role="markdown-link"' in file_links(html, "business")


@pytest.mark.slow
def test_built_site_serves_every_download_linked_from_the_pages(built_site: Path) -> None:
    """site/library/<id>.docx and .md exist for every entry, and the pages link them relatively."""
    index = (built_site / "business" / "library" / "index.html").read_text(encoding="utf-8")
    for entry in (*HANDBOOK.clauses, *HANDBOOK.library_templates):
        word = built_site / library_file(entry, "docx")
        assert Document(str(word)).core_properties.title == entry.title
        assert (built_site / library_file(entry, "md")).read_text(encoding="utf-8").startswith("# ")
        assert f'href="../../{library_file(entry, "docx")}"' in index
    # Each clause on its own page: the clause library, or a chapter (vendor clauses: negotiation).
    for clause in HANDBOOK.clauses:
        page = entry_page(clause).partition("#")[0].removesuffix(".md")
        assert f'id="{clause.id}"' in (built_site / page / "index.html").read_text(encoding="utf-8"), clause.id


def test_one_template_sits_inside_a_section() -> None:
    """template_list(only=...) shows that template alone, one heading level lower; an unknown id is refused."""
    one = template_list(HANDBOOK, only="price-book")
    assert re.findall(r"^#+ .* \{: #([a-z0-9-]+) \}$", one, re.MULTILINE) == ["price-book"]
    assert one.startswith("### Sample price book")
    with pytest.raises(MacroArgumentError, match='"risk-acceptance-form"'):
        template_list(HANDBOOK, only="nda")


HOSTILE = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "[x]: https://example.org/", "![i](x.png)",
           "- not a list", "1. not a list", "# not a heading", "> not a quote", "*not emphasis* and _not_ either",
           "`not code`", "<https://example.org/>", "[a][b]", "&amp; stays as written"]


@pytest.mark.parametrize("text", HOSTILE)
def test_download_text_renders_as_written_and_inert(text: str) -> None:
    """Editable Markdown shows data exactly as written: no element, link, list, heading or code."""
    html = markdown.markdown(editable_markdown(text))
    assert html.startswith("<p>") and html.endswith("</p>") and html.count("<") == 2
    shown = html.removeprefix("<p>").removesuffix("</p>")
    assert shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_markup_in_a_clause_stays_text_in_its_markdown_file() -> None:
    """A clause's download renders its hostile wording as text, with the placeholders kept plain."""
    clause = dataclasses.replace(HANDBOOK.clauses[0], wording=("[Client] <b>pays</b> [x](javascript:1)",))
    html = markdown.markdown(entry_markdown(HANDBOOK, clause))
    assert "<b>" not in html and "<a" not in html and "[Client] &lt;b&gt;pays" in html
