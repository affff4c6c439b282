"""The tool directory and program pages: sources, checks, owners and statuses reach the site honestly."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from conftest import ROOT
from macros.channel import reader_date
from macros.errors import DataError
from macros.loading import CheckContext, check_sources, load_handbook
from macros.rendering import link_target
from macros.yamlfile import read_yaml

HANDBOOK = load_handbook(ROOT / "data")
NEW_CATEGORIES = ["email-security", "m365-management", "automation", "vulnerability-management",
                  "application-control", "dns-filtering", "mdm", "identity-passwords",
                  "quoting-procurement", "distributors"]

# Dates are joined by no-break spaces; the page text here has whitespace squashed.
NBSP = "\u00a0"


def write(tmp_path: Path, text: str) -> Path:
    """A vendors file holding `text`, for the loader's checks on their own."""
    path = tmp_path / "vendors.yml"
    path.write_text(text, encoding="utf-8")
    return path


VENDOR = """- id: hudu
  name: Hudu
  category: documentation
  description: Documentation platform with a password vault.
  website: https://www.hudu.com/
  owner:
    name: independent
  status: active
  sources:
    - url: https://www.hudu.com/
      title: Hudu home page
      read: 2026-11-01
"""


def test_a_check_dated_today_passes_and_tomorrow_is_refused(tmp_path: Path) -> None:
    """The future is measured from the day of the build, so a check made today is accepted."""
    doc = read_yaml(write(tmp_path, VENDOR + "  checked:\n    date: 2026-11-01\n    source: 1\n"), "data/vendors.yml")
    check_sources(doc, CheckContext(None, dt.date(2026, 11, 1)))
    with pytest.raises(DataError, match=r'vendors.yml:12: entry "hudu", field "sources.read": "2026-11-01" is in the future'):
        check_sources(doc, CheckContext(None, dt.date(2026, 10, 31)))


def test_a_check_may_name_its_source_by_url(tmp_path: Path) -> None:
    """`source` takes the url of a listed source as well as its number."""
    doc = read_yaml(write(tmp_path, VENDOR + "  checked:\n    date: 2026-11-01\n    source: https://www.hudu.com/\n"),
                    "data/vendors.yml")
    check_sources(doc, CheckContext(None, dt.date(2026, 11, 29)))
    doc = read_yaml(write(tmp_path, VENDOR + "  checked:\n    date: 2026-11-01\n    source: https://hudu.example/\n"),
                    "data/vendors.yml")
    with pytest.raises(DataError, match=r'field "checked.source": "https://hudu.example/" is not the url of a listed source'):
        check_sources(doc, CheckContext(None, dt.date(2026, 11, 29)))


def test_real_data_is_sourced_and_honest() -> None:
    """Every check names a listed source read that day; unchecked entries say why; dates are not in the future."""
    today = dt.date.today()
    for record in (*HANDBOOK.vendors, *HANDBOOK.programs):
        assert all(source.read <= today for source in record.sources), record.id
        if record.checked:
            assert record.checked.source in record.sources, record.id
            assert record.checked.date == record.checked.source.read, record.id
        else:
            assert record.note, record.id


def test_directory_is_broad_and_covers_the_new_categories() -> None:
    """A hundred vendors or more; every new category exists and holds several of them."""
    assert len(HANDBOOK.vendors) >= 100
    ids = [c.id for c in HANDBOOK.categories]
    for category in NEW_CATEGORIES:
        assert category in ids
        assert len(HANDBOOK.vendors_in(category)) >= 3, category
    assert len({c.short_name for c in HANDBOOK.categories}) == len(HANDBOOK.categories)


def test_known_changes_are_in_the_data() -> None:
    """The renamed PSA, the products that changed hands and Cisco 360 are recorded as such."""
    vendors = {v.id: v for v in HANDBOOK.vendors}
    assert vendors["autotask"].name == "Autotask PSA"
    assert vendors["dropsuite"].status == "acquired" and vendors["dropsuite"].successor
    assert vendors["spinpanel"].owner.name == "N-able" and vendors["spinpanel"].owner.source
    programs = {p.id: p for p in HANDBOOK.programs}
    assert programs["cisco"].name == "Cisco 360 Partner Program"
    assert programs["cisco"].tiers == ("Cisco Partner", "Cisco Preferred Partner")
    shown = " ".join(filter(None, (programs["cisco"].co_selling, programs["cisco"].mdf)))
    assert "Gold" not in shown and "Silver" not in shown


def text_of(site: Path, page: str) -> str:
    """A built page's visible text, tags removed and whitespace squashed."""
    source = (site / page / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source)))


def squash(text: str) -> str:
    """Text with runs of whitespace made single spaces."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.slow
def test_every_vendor_owner_and_source_reaches_the_directory(built_site: Path) -> None:
    """Each vendor's name, owner, status, check or note, and every source it lists are on the page."""
    source = (built_site / "tools/directory/index.html").read_text(encoding="utf-8")
    text = text_of(built_site, "tools/directory")
    for vendor in HANDBOOK.vendors:
        assert vendor.name in text, vendor.id
        assert vendor.owner.name in text, vendor.id
        assert f'href="{html.escape(link_target(vendor.website))}"' in source, vendor.id
        if vendor.status != "active":
            assert vendor.status in text and (vendor.successor or "") in text, vendor.id
        if vendor.checked:
            assert f"Checked {reader_date(vendor.checked.date).replace(NBSP, ' ')} against" in text
        else:
            assert f"Not yet checked: {squash(vendor.note or '')}" in text, vendor.id
        for read in vendor.sources:
            assert f'href="{html.escape(link_target(read.url))}"' in source, (vendor.id, read.url)
            assert squash(read.title) in text, (vendor.id, read.title)
    assert text.count("Not yet checked:") == sum(1 for v in HANDBOOK.vendors if not v.checked)
    assert "Verified" not in text


@pytest.mark.slow
def test_program_page_shows_checks_tiers_and_sources(built_site: Path) -> None:
    """Checked programs link the page they were checked against; others say plainly they are not."""
    source = (built_site / "channel/example-programs/index.html").read_text(encoding="utf-8")
    text = text_of(built_site, "channel/example-programs")
    for program in HANDBOOK.programs:
        for read in program.sources:
            assert f'href="{html.escape(link_target(read.url))}"' in source, read.url
        if program.checked:
            assert f"Checked {reader_date(program.checked.date).replace(NBSP, ' ')} against" in text
        else:
            assert "Not yet checked." in text
    assert "As of" not in text
    assert "Cisco Partner, Cisco Preferred Partner" in text


def test_bad_source_data_has_its_fixture_cases() -> None:
    """tests/data_errors holds a case for each way a source or check can be wrong."""
    cases = {p.name for p in (Path(__file__).parent / "data_errors").iterdir() if p.is_dir()}
    assert {"check-without-source", "check-in-the-future", "check-not-on-read-date",
            "check-cites-unlisted-source", "malformed-source-address", "unchecked-without-note",
            "program-check-without-source"} <= cases
