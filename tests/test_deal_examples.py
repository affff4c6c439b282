"""The deal chapters' worked examples (data/deal_examples.yml): recomputed here from the YAML by
hand, compared with the tables the chapters show, and refused when their values do not fit."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from macros.deals import deal_example
from macros.errors import DataError, MacroArgumentError
from macros.library import clause_list, entry_page
from macros.loading import load_handbook
from macros.records import Handbook

RAW = {entry["id"]: entry["values"] for entry in
       yaml.safe_load((ROOT / "data" / "deal_examples.yml").read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    """The project's real data and pages, loaded once for this module."""
    return load_handbook(ROOT / "data", docs_dir=ROOT / "docs")


def plain(markdown: str) -> str:
    """The rendered table without the Markdown escapes the template adds."""
    return markdown.replace("\\", "")


def test_earn_out_is_recomputed_from_the_yaml(handbook: Handbook) -> None:
    """Cash, holdback and each year's earn-out (straight line from the floor to 100%) add up as the table says."""
    v = RAW["earn-out"]
    headline = v["adjusted_ebitda"] * v["multiple"]
    year_pot = headline * v["earn_out_percent"] / 100 / 2

    def paid(kept: float) -> float:
        return year_pot * max(0.0, min(1.0, (kept - v["floor_percent"]) / (100 - v["floor_percent"])))

    received = (headline * (v["cash_at_close_percent"] + v["holdback_percent"]) / 100
                + paid(v["year_1_retained_percent"]) + paid(v["year_2_retained_percent"]))
    table = plain(deal_example(handbook, "earn-out"))
    assert f"**{headline:,.0f}**" in table
    assert f"**{received:,.0f}**" in table
    assert f"{received / headline * 100:.1f}%" in table
    assert f"**{received / v['adjusted_ebitda']:.2f}**" in table
    assert received < headline, "the example shows a seller receiving less than the headline price"


def test_price_cap_saving_is_recomputed_from_the_yaml(handbook: Handbook) -> None:
    """Three years of the bill with the asked-for increases and with each held to the cap."""
    v = RAW["price-cap"]
    asked = [v["first_year_cost"]]
    capped = [v["first_year_cost"]]
    for rise in (v["year_2_increase_percent"], v["year_3_increase_percent"]):
        asked.append(asked[-1] * (1 + rise / 100))
        capped.append(capped[-1] * (1 + min(rise, v["cap_percent"]) / 100))
    saving = sum(asked) - sum(capped)
    table = plain(deal_example(handbook, "price-cap"))
    assert f"**{sum(asked):,.0f}**" in table and f"**{sum(capped):,.0f}**" in table
    assert f"**{saving:,.0f} ({saving / sum(asked) * 100:.1f}%)**" in table
    assert saving > 0


def test_each_example_is_on_its_page() -> None:
    """Every example is called on the page its entry names, and nowhere typed as a number."""
    for entry in yaml.safe_load((ROOT / "data" / "deal_examples.yml").read_text(encoding="utf-8")):
        page = (ROOT / "docs" / entry["page"]).read_text(encoding="utf-8")
        assert f'{{{{ deal_example("{entry["id"]}") }}}}' in page


def test_an_unknown_example_is_refused(handbook: Handbook) -> None:
    """The macro names the examples it knows."""
    with pytest.raises(MacroArgumentError, match='"earn-out", "price-cap"'):
        deal_example(handbook, "valuation")


def test_values_that_do_not_fit_the_formula_are_refused(tmp_path: Path) -> None:
    """A missing value, or an earn-out whose parts do not add up to 100%, stops loading with the line."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "deal_examples.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("    year_3_increase_percent: 8\n", ""), encoding="utf-8")
    with pytest.raises(DataError, match="expected the formula's parameters in this order"):
        load_handbook(data)
    path.write_text(original.replace("holdback_percent: 10", "holdback_percent: 15"), encoding="utf-8")
    with pytest.raises(DataError, match="add up to 105%; expected 100%"):
        load_handbook(data)


def test_vendor_clauses_live_on_the_negotiation_chapter(handbook: Handbook) -> None:
    """Clauses for the MSP's own supply agreements link to the vendor negotiation chapter, and say vendors push back."""
    vendor = [clause for clause in handbook.clauses if clause.agreement == "Vendor"]
    assert len(vendor) >= 4
    assert all(entry_page(clause).startswith("vendors/negotiation.md#") for clause in vendor)
    listed = clause_list(handbook, "Vendor")
    assert "What vendors push back on" in listed and "What clients push back on" not in listed
