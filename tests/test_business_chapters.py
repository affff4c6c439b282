"""The MSP-business chapters: their macros render every entry, and every footnote names a dated https source."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
import pytest
import yaml

from conftest import ROOT
from macros.business import kpi_table, priority_matrix
from macros.loading import load_handbook
from macros.records import Handbook

CHAPTERS = ["pricing", "agreements", "kpis", "account-management", "growth"]
PAGES = [ROOT / "docs" / "business" / f"{name}.md" for name in CHAPTERS]
# A footnote definition as the brief prescribes: title, <https://address>, read YYYY-MM-DD.
DEFINITION = re.compile(r"^\[\^(?P<label>[^\]]+)\]: (?P<title>.+), <(?P<url>[^>]+)>, read (?P<read>\d{4}-\d{2}-\d{2})\.$")


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    """The project's real data, loaded once for this module."""
    return load_handbook(ROOT / "data")


def table_rows(rendered: str) -> list[str]:
    """The HTML of each body row of the first table in `rendered` Markdown."""
    html = markdown.markdown(rendered, extensions=["tables"])
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>.*?</tr>", body, flags=re.S)


def test_priority_matrix_has_a_row_per_priority_in_file_order(handbook: Handbook) -> None:
    """Each priority of data/priority_matrix.yml is one row, highest first, with its targets."""
    rows = table_rows(priority_matrix(handbook))
    assert len(rows) == len(handbook.priority_matrix) >= 4
    for row, priority in zip(rows, handbook.priority_matrix):
        assert f"<strong>{priority.name}</strong>" in row
        assert priority.response.split(",")[0] in row.replace("\\", "")


def test_kpi_table_links_every_source_with_its_read_date(handbook: Handbook) -> None:
    """Each KPI is one row carrying its formula, its range and a link to each source."""
    rows = table_rows(kpi_table(handbook))
    assert len(rows) == len(handbook.kpis) >= 9
    for row, kpi in zip(rows, handbook.kpis):
        assert kpi.name.split(" (")[0] in row
        for source in kpi.sources:
            assert f'href="{source.url}"' in row.replace("&amp;", "&")
            assert f"read {source.read.day} {source.read:%B %Y}" in row


def test_kpi_sources_are_https_and_not_read_in_the_future(handbook: Handbook) -> None:
    """A range's source is an https page read on or before today."""
    for kpi in handbook.kpis:
        for source in kpi.sources:
            assert source.url.startswith("https://"), kpi.id
            assert source.read <= dt.date.today(), kpi.id


def test_the_required_kpis_are_defined(handbook: Handbook) -> None:
    """The KPIs the chapter discusses are all in the data."""
    assert {"utilisation", "effective-hourly-rate", "agreement-gross-margin", "rhem", "tickets-per-user",
            "first-contact-resolution", "csat", "mrr-churn", "net-revenue-retention"} <= {k.id for k in handbook.kpis}


@pytest.mark.parametrize("page", PAGES, ids=CHAPTERS)
def test_every_footnote_names_an_https_source_and_a_past_read_date(page: Path) -> None:
    """Every footnote definition has a title, an https address and a read date not in the future."""
    definitions = [line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("[^")]
    assert definitions, f"{page.name} cites no sources"
    for line in definitions:
        match = DEFINITION.match(line)
        assert match, f"{page.name}: footnote not in the prescribed form: {line}"
        assert match["url"].startswith("https://"), line
        assert dt.date.fromisoformat(match["read"]) <= dt.date.today(), line


@pytest.mark.parametrize("page", PAGES, ids=CHAPTERS)
def test_every_footnote_is_both_cited_and_defined(page: Path) -> None:
    """No reference without a definition, and no definition nobody cites."""
    text = page.read_text(encoding="utf-8")
    defined = set(re.findall(r"^\[\^([^\]]+)\]:", text, flags=re.M))
    cited = set(re.findall(r"\[\^([^\]]+)\](?!:)", text))
    assert cited == defined


def test_chapters_are_in_the_business_section_of_the_nav() -> None:
    """The new chapters follow the existing entries of "The MSP business", before the clause library's pages."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    section = next(item["The MSP business"] for item in config["nav"]
                   if isinstance(item, dict) and "The MSP business" in item)
    library = ["business/library.md", "business/clauses.md", "business/templates.md"]
    assert section[-len(library):] == library
    # Hiring and pay (issue 28) follows pricing, whose loaded hourly cost it uses; mergers and
    # acquisitions follows growth, whose valuation section it builds on.
    chapters = [f"business/{name}.md" for name in CHAPTERS] + ["business/mergers-and-acquisitions.md"]
    chapters.insert(1, "business/hiring-and-pay.md")
    assert section[-len(chapters) - len(library):-len(library)] == chapters
