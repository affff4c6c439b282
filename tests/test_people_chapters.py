"""The hiring and low-cost stack chapters: their worked examples are recomputed here from the YAML,
independently of macros/people.py, and every role, certification and job shows on its table."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from macros import people
from macros.loading import load_handbook
from macros.records import Handbook

PAGES = {"business/hiring-and-pay.md", "operations/low-cost-stack.md"}


def data(name: str) -> list[dict]:
    """One data file as plain YAML, without the handbook's loader."""
    return yaml.safe_load((ROOT / "data" / f"{name}.yml").read_text(encoding="utf-8"))


def seat_price_defaults() -> dict[str, float]:
    """The seat-price calculator's inputs at their defaults, read straight from the YAML."""
    calculator = next(c for c in data("calculators") if c["id"] == "seat-price")
    return {field["name"]: field["default"] for field in calculator["inputs"]}


def money(value: float, decimals: int = 2) -> str:
    """A figure as the tables print it once Markdown escaping is undone."""
    return f"{value:,.{decimals}f}"


def unescape(markdown: str) -> str:
    """The rendered Markdown without the backslashes that escape punctuation."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    """The project's real data, loaded once for this module."""
    return load_handbook(ROOT / "data")


def test_on_call_month_is_recomputed_from_the_yaml(handbook: Handbook) -> None:
    """Each model's monthly cost, worked out here by hand from data/oncall.yml, is what the table prints."""
    rota = next(r for r in data("oncall") if r["id"] == "four-person-rota")
    pay = seat_price_defaults()["salary"] / 2080
    callouts = rota["callouts_per_week"] * 52 / 12
    hours = callouts * rota["hours_per_callout"]
    stipend = rota["stipend_per_week"] * 52 / 12 + hours * pay * rota["overtime_multiplier"]
    per_call = callouts * max(rota["per_call_fee"], rota["hours_per_callout"] * pay * rota["overtime_multiplier"])
    toil = hours * rota["toil_ratio"] * pay
    shown = unescape(people.oncall_cost(handbook, "four-person-rota"))
    for label, value in (("Stipend model, a month", stipend), ("Per-call model, a month", per_call),
                         ("Time-off-in-lieu model, a month", toil)):
        line = next(line for line in shown.splitlines() if label in line)
        assert line.rstrip(" |").endswith(f"**{money(value)}**"), (label, line, value)
    assert f"**{money(stipend * 12, 0)}**" in shown
    # The numbers are the example's: a change to the data should be a deliberate change here too.
    assert round(stipend, 2) == 1493.75


def test_stack_totals_are_recomputed_from_the_yaml(handbook: Handbook) -> None:
    """Licences, hours and first-year totals of both stacks, worked out here from the YAML."""
    scenario = next(s for s in data("stack_scenarios") if s["id"] == "five-clients")
    v = seat_price_defaults()
    hourly = v["salary"] * v["overhead_multiplier"] / (2080 * v["utilisation_percent"] / 100)
    units = {"flat": 1, "per-endpoint": scenario["endpoints"], "per-technician": scenario["technicians"]}
    summary = unescape(people.stack_cost_comparison(handbook, "five-clients", "summary"))
    totals = {}
    for side in ("lean", "commercial"):
        options = [job[side] for job in data("lean_stack")]
        licences = sum(o["monthly_price"] * units[o["basis"]] * scenario["months"] for o in options)
        hours = sum(o["setup_hours"] + o["admin_hours_per_month"] * scenario["months"] for o in options)
        totals[side] = (licences, hours, licences + hours * hourly)
    first_year = next(line for line in summary.splitlines() if "First-year cost" in line)
    assert money(totals["lean"][2], 0) in first_year and money(totals["commercial"][2], 0) in first_year
    cash = next(line for line in summary.splitlines() if line.startswith("| Licences and hosting"))
    assert money(totals["lean"][0], 0) in cash and money(totals["commercial"][0], 0) in cash
    for side in ("lean", "commercial"):
        table = unescape(people.stack_cost_comparison(handbook, "five-clients", side))
        total_row = next(line for line in table.splitlines() if line.startswith("| **Total**"))
        assert f"**{money(totals[side][2], 0)}**" in total_row


def test_every_job_has_both_options_on_the_tables(handbook: Handbook) -> None:
    """Each job of data/lean_stack.yml is a row of the options table and of both cost tables."""
    options = unescape(people.lean_stack_table(handbook))
    lean = unescape(people.stack_cost_comparison(handbook, "five-clients", "lean"))
    commercial = unescape(people.stack_cost_comparison(handbook, "five-clients", "commercial"))
    for job in handbook.lean_stack:
        assert f"**{job.job}**" in options
        assert job.lean.name in lean and job.commercial.name in commercial


def test_a_sourced_or_free_price_always_names_a_source() -> None:
    """Only an illustrative figure may stand without a page read for it."""
    for job in data("lean_stack"):
        for side in ("lean", "commercial"):
            option = job[side]
            if option["price_status"] in ("sourced", "free"):
                assert option["sources"], (job["id"], side)


def test_scorecards_add_up_and_every_role_has_one(handbook: Handbook) -> None:
    """Every role's weights total 100, and its scorecard and hiring-order row render."""
    order = unescape(people.hiring_order(handbook))
    for role in handbook.hiring_roles:
        assert sum(c.weight for c in role.criteria) == 100
        card = unescape(people.interview_scorecard(handbook, role.id))
        assert "**100%**" in card and all(c.criterion in card for c in role.criteria)
        assert role.role in order


def test_certification_map_marks_each_role_named(handbook: Handbook) -> None:
    """A certification's row has a tick under exactly the roles it names, and a source or "Not yet checked"."""
    roles = sorted(handbook.hiring_roles, key=lambda role: role.order)
    rows = [line for line in unescape(people.certification_map(handbook)).splitlines() if line.startswith("| **")]
    assert len(rows) == len(handbook.certifications)
    for row, certification in zip(rows, handbook.certifications):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        marks = cells[3:3 + len(roles)]
        assert [mark == "✓" for mark in marks] == [role.id in certification.roles for role in roles]
        assert ("read " in cells[-1]) == (certification.source is not None)
        assert certification.source is not None or "Not yet checked" in cells[-1]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_chapter_calls_its_macros_and_sits_in_the_navigation(page: str) -> None:
    """The chapter is in mkdocs.yml's nav and its section index links it."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"- {page}" in nav
    section, name = page.split("/")
    index = (ROOT / "docs" / section / "index.md").read_text(encoding="utf-8")
    assert f"]({name})" in index


def test_hiring_chapter_links_the_career_ladder_rather_than_repeating_it() -> None:
    """The career ladder lives in the service desk chapter; the hiring chapter links it."""
    text = (ROOT / "docs" / "business" / "hiring-and-pay.md").read_text(encoding="utf-8")
    assert "../operations/service-desk.md#career-paths" in text
    assert "| Senior technician |" not in text
