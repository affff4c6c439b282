"""Calculators: the Python formulas on known values, the browser's formulas against them on random
inputs (under Node), the data's checks, the worked examples in the built chapters, and one
calculator typed into in a real browser."""
from __future__ import annotations

import json
import math
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from macros import calculators
from macros.errors import DataError, MacroArgumentError
from macros.loading import load_handbook
from macros.records import Calculator, Handbook

SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "calculators.js"
NODE = shutil.which("node") or "/usr/bin/node"
CASES_PER_CALCULATOR = 150

# The contract others check from outside: fixed calculators, their inputs and results.
FIXED = {
    "seat-price": (["salary", "overhead_multiplier", "utilisation_percent", "hours_per_user", "tools_per_user",
                    "delivery_overhead_per_user", "target_margin_percent"], ["price_per_user"]),
    "effective-rate": (["monthly_fee", "hours", "loaded_hourly_cost"], ["effective_rate", "margin_percent"]),
    "valuation": (["revenue", "adjusted_ebitda_percent", "multiple"], ["value"]),
    "automation-payback": (["minutes_before", "minutes_after", "runs_per_month", "build_hours"], ["payback_months"]),
}


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    """The project's real data, loaded once for this module."""
    return load_handbook(ROOT / "data", docs_dir=ROOT / "docs")


def by_id(handbook: Handbook, calculator_id: str) -> Calculator:
    """One calculator of data/calculators.yml."""
    return next(c for c in handbook.calculators if c.id == calculator_id)


# --- The Python formulas ---------------------------------------------------------------------------

def test_at_least_six_calculators_each_with_a_formula_and_the_fixed_contract(handbook: Handbook) -> None:
    """Six or more calculators; the four fixed ones have exactly the inputs and results promised."""
    assert len(handbook.calculators) >= 6
    assert {c.id for c in handbook.calculators} == set(calculators.FORMULAS)
    for calculator_id, (inputs, results) in FIXED.items():
        item = by_id(handbook, calculator_id)
        assert [field.name for field in item.inputs][:len(inputs)] == inputs
        if calculator_id != "valuation":  # valuation adds the band's two ends after the three fixed inputs
            assert [field.name for field in item.inputs] == inputs
        assert set(results) <= {result.name for result in item.results}


def test_seat_price_follows_the_pricing_chapter() -> None:
    """60,000 × 1.5 over 1,560 client hours is 57.69 an hour; 0.6 h, 25 of tools, 15 overhead; 50 % margin."""
    r = calculators.seat_price(60000, 1.5, 75, 0.6, 25, 15, 50)
    assert r["loaded_hourly_cost"] == pytest.approx(90000 / 1560)
    assert r["labour_per_user"] == pytest.approx(0.6 * 90000 / 1560)
    assert r["cost_per_user"] == pytest.approx(74.615, abs=1e-3)
    assert r["price_per_user"] == pytest.approx(149.23, abs=1e-2)
    # At 60 % utilisation the chapter's 72.12 an hour (90,000 ÷ 1,248).
    assert calculators.seat_price(60000, 1.5, 60, 0.6, 25, 15, 50)["loaded_hourly_cost"] == pytest.approx(72.115, abs=1e-3)


def test_effective_rate_matches_the_kpi_chapters_client() -> None:
    """3,125 for labour over 18 hours is 173.61 an hour; 18 × 57.69 of labour leaves 66.8 %."""
    r = calculators.effective_rate(3125, 18, 57.69)
    assert r["effective_rate"] == pytest.approx(173.61, abs=5e-3)
    assert r["labour_cost"] == pytest.approx(1038.42)
    assert r["margin_percent"] == pytest.approx(66.77, abs=5e-3)


def test_staffing_matches_the_service_desk_chapter() -> None:
    """200 tickets × 0.5 h over 40 h × 75 % is 3.33 technicians, 300,000 a year loaded."""
    r = calculators.staffing(60000, 1.5, 2080, 75, 200, 0.5)
    assert r["technicians_needed"] == pytest.approx(10 / 3)
    assert r["team_cost_per_year"] == pytest.approx(300000)
    assert r["loaded_hourly_cost"] == pytest.approx(90000 / 1560)


def test_valuation_is_adjusted_ebitda_times_the_multiple() -> None:
    """20 % of 2,650,000 is 530,000; × 5 is 2,650,000; the band 4x to 7x."""
    r = calculators.valuation(2_650_000, 20, 5, 4, 7)
    assert (r["adjusted_ebitda"], r["value"], r["value_low"], r["value_high"]) == pytest.approx(
        (530_000, 2_650_000, 2_120_000, 3_710_000))


def test_automation_payback_is_about_five_weeks_not_within_the_first_month() -> None:
    """35 minutes saved 30 times a month is 17.5 hours: a 20-hour build pays back in 1.14 months."""
    r = calculators.automation_payback(45, 10, 30, 20)
    assert r["hours_saved_per_month"] == pytest.approx(17.5)
    assert r["payback_months"] == pytest.approx(20 / 17.5)
    assert r["payback_months"] > 1


def test_mdf_return_counts_staff_time_and_gross_profit() -> None:
    """Half of 10,000 plus 40 h × 57.69 is 7,307.60; two clients × 2,500 × 50 % × 12 months is 30,000."""
    r = calculators.mdf_return(10000, 50, 40, 57.69, 2, 2500, 50, 12)
    assert r["net_cost"] == pytest.approx(7307.60)
    assert r["gross_profit"] == pytest.approx(30000)
    assert r["return_percent"] == pytest.approx((30000 - 7307.6) / 7307.6 * 100)
    assert r["payback_months"] == pytest.approx(7307.6 / 2500)


def test_what_cannot_be_worked_out_is_none_never_infinite() -> None:
    """Nothing saved, no clients, no fee: None, not an infinity or NaN."""
    assert calculators.automation_payback(10, 10, 30, 20)["payback_months"] is None
    assert calculators.automation_payback(10, 20, 30, 20)["payback_months"] is None
    r = calculators.mdf_return(0, 50, 0, 57.69, 0, 2500, 50, 12)
    assert r["cost_per_client"] is None and r["return_percent"] is None and r["payback_months"] is None
    assert calculators.effective_rate(0, 18, 57.69)["margin_percent"] is None
    assert calculators.seat_price(60000, 1.5, 75, 0.6, 25, 15, 100)["price_per_user"] is None


# --- The browser's formulas against Python's ------------------------------------------------------

def random_value(rng: random.Random, field: object) -> float:
    """A value for `field` within its bounds, often round, sometimes at a bound, sometimes huge."""
    low, high = field.min, min(field.max, 10 ** rng.randint(1, 7))
    choice = rng.random()
    if choice < 0.1:
        value = float(low)
    elif choice < 0.2:
        value = float(round(rng.uniform(low, high)))
    else:
        value = rng.uniform(low, high)
    if field.min_exclusive and value <= field.min:
        value = field.min + 0.5
    if field.max_exclusive and value >= field.max:
        value = field.max - 0.5
    return value


def random_cases(handbook: Handbook, seed: int = 27) -> list[dict[str, object]]:
    """CASES_PER_CALCULATOR random inputs per calculator, the same on every run (fixed seed)."""
    rng = random.Random(seed)
    cases = []
    for item in handbook.calculators:
        for _ in range(CASES_PER_CALCULATOR):
            cases.append({"id": item.id, "values": {field.name: random_value(rng, field) for field in item.inputs}})
    return cases


def run_node(program: str, payload: object) -> object:
    """Run `program` under Node with calculators.js required as `calc` and `payload` as `input`; its JSON output."""
    if not Path(NODE).exists():
        pytest.skip("node is not installed")
    source = (f"const calc = require({json.dumps(str(SCRIPT))});\n"
              "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + program)
    result = subprocess.run([NODE, "-e", source], input=json.dumps(payload), capture_output=True,
                            text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_browser_and_python_formulas_agree_on_random_inputs(handbook: Handbook) -> None:
    """Every result of every calculator, on 150 random inputs each: equal to 1e-9, or both None."""
    cases = random_cases(handbook)
    answers = run_node("process.stdout.write(JSON.stringify(input.map("
                       "c => calc.FORMULAS[c.id](c.values))));", cases)
    assert len(answers) == len(cases) >= 6 * 100
    for case, answer in zip(cases, answers):
        expected = calculators.compute(case["id"], case["values"])
        assert set(answer) == set(expected), case["id"]
        for name, value in expected.items():
            got = answer[name]
            assert value is None or math.isfinite(value), (case, name)
            if value is None:
                assert got is None, (case, name, got)
            else:
                assert got == pytest.approx(value, rel=1e-9, abs=1e-9), (case, name)


def test_browser_and_python_agree_on_the_chapters_defaults(handbook: Handbook) -> None:
    """The defaults give the same numbers in both, shown with the same decimals."""
    cases = [{"id": c.id, "values": calculators.defaults(c),
              "formats": {r.name: r.format for r in c.results}} for c in handbook.calculators]
    shown = run_node("process.stdout.write(JSON.stringify(input.map(c => { const r = calc.FORMULAS[c.id](c.values);"
                     " return Object.fromEntries(Object.entries(c.formats).map(([n, f]) => [n, calc.plain(r[n], f)])); })));",
                     cases)
    for case, answer in zip(cases, shown):
        results = calculators.compute(case["id"], case["values"])
        assert answer == {n: calculators.plain(results[n], f) for n, f in case["formats"].items()}


def test_browser_reads_numbers_and_refuses_nonsense() -> None:
    """60,000 and 0.5 are numbers; words, currency signs and Infinity get a message; bounds are worded."""
    answers = run_node(
        "process.stdout.write(JSON.stringify({parsed: input.texts.map(calc.parseNumber), "
        "bounds: input.bounds.map(([v, b]) => calc.boundsProblem(v, b))}));",
        {"texts": ["60,000", " 0.5 ", "abc", "$100", "Infinity", "", "1e400"],
         "bounds": [[-1, {"min": 0, "max": 10}], [0, {"min": 0, "max": 10, "minExclusive": True}],
                    [100, {"min": 0, "max": 100, "maxExclusive": True, "unit": "%"}], [5, {"min": 0, "max": 10}]]})
    parsed = answers["parsed"]
    assert parsed[0] == {"value": 60000} and parsed[1] == {"value": 0.5}
    assert all("error" in p for p in parsed[2:])
    negative, zero, margin, fine = answers["bounds"]
    assert "negative" in negative and "more than 0" in zero and "less than 100 %" in margin and fine == ""


# --- The data and the pages -----------------------------------------------------------------------

def test_a_default_outside_its_bounds_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    """A margin default of 100 (refused: max_exclusive) is reported with the file, line and field."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    path = data / "calculators.yml"
    text = path.read_text(encoding="utf-8")
    bad = text.replace("default: 50, min: 0, max: 100, max_exclusive: true", "default: 100, min: 0, max: 100, max_exclusive: true")
    assert bad != text
    path.write_text(bad, encoding="utf-8")
    line = next(n for n, row in enumerate(bad.splitlines(), 1) if "default: 100, min: 0, max: 100, max_exclusive" in row)
    with pytest.raises(DataError) as error:
        load_handbook(data)
    assert error.value.message.startswith(f"data/calculators.yml:{line}: ")
    assert 'entry "seat-price", field "default"' in error.value.message


def test_inputs_that_do_not_match_the_formula_stop_the_build(tmp_path: Path) -> None:
    """An input renamed in the data but not in the formula is refused, naming the parameters."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    path = data / "calculators.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: build_hours", "name: build_time"), encoding="utf-8")
    with pytest.raises(DataError, match="expected the formula's parameters"):
        load_handbook(data)


def test_unknown_ids_and_parts_are_refused(handbook: Handbook) -> None:
    """A typo in a page's macro call names the known ids or parts."""
    with pytest.raises(MacroArgumentError, match='"seat-price"'):
        calculators.calculator(handbook, "seat-prices")
    with pytest.raises(MacroArgumentError, match='"hour"'):
        calculators.calculator_example(handbook, "seat-price", "hours")


def test_each_calculator_is_on_its_chapter_once(handbook: Handbook) -> None:
    """The page named in the data calls the calculator (and its example) in its source."""
    for item in handbook.calculators:
        source = (ROOT / "docs" / item.page).read_text(encoding="utf-8")
        assert source.count(f'calculator("{item.id}")') == 1, item.id
        assert f'calculator_example("{item.id}"' in source, item.id
        assert "render_macros: true" in source, item.page


def test_the_pricing_chapters_tool_lines_add_up_to_the_calculators_default(handbook: Handbook) -> None:
    """The tool lines typed in step 2 sum to their subtotal, which is the seat-price default."""
    source = (ROOT / "docs" / "business" / "pricing.md").read_text(encoding="utf-8")
    table = source.split("| Tool | How it is worked out | Per user per month |", 1)[1].split("\n\n", 1)[0]
    lines = [row for row in table.splitlines() if row.startswith("| ") and not row.startswith("| ---")]
    amounts = [float(row.rstrip(" |").rsplit("|", 1)[1].strip(" *")) for row in lines]
    *tools, subtotal = amounts
    default = next(f.default for f in by_id(handbook, "seat-price").inputs if f.name == "tools_per_user")
    assert sum(tools) == pytest.approx(subtotal) == pytest.approx(default)


def test_built_pages_hold_the_contract_and_the_generated_numbers(handbook: Handbook, built_site: Path) -> None:
    """Each form carries data-calculator, named inputs and data-result numbers equal to Python's;
    the script is loaded on its page and not on the home page; the worked examples show the numbers."""
    for item in handbook.calculators:
        page = built_site / item.page.removesuffix(".md") / "index.html"
        html = page.read_text(encoding="utf-8")
        form = re.search(rf'<form [^>]*data-calculator="{item.id}".*?</form>', html, re.S)
        assert form, item.id
        for field in item.inputs:
            assert f'name="{field.name}"' in form[0]
        results = calculators.compute(item.id, calculators.defaults(item))
        for result in item.results:
            shown = re.search(rf'data-result="{result.name}"[^>]*>([^<]*)<', form[0])
            assert shown and shown[1] == calculators.plain(results[result.name], result.format)
        assert "assets/javascripts/calculators.js" in html
        assert "<script>" not in form[0]
    assert "calculators.js" not in (built_site / "index.html").read_text(encoding="utf-8")
    automation = (built_site / "tools" / "automation" / "index.html").read_text(encoding="utf-8")
    assert "<strong>1.1 months</strong>" in automation and "it pays back within the first month" not in automation
    pricing = (built_site / "business" / "pricing" / "index.html").read_text(encoding="utf-8")
    assert "<strong>57.69</strong>" in pricing and "<strong>74.62</strong>" in pricing


# --- One calculator in a real browser -------------------------------------------------------------

@pytest.fixture
def tab(browser: object, site_url: str) -> Iterator[object]:
    """A fresh browser context with one page."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def result_is(page: object, name: str, text: str) -> None:
    """Wait until the automation calculator's result `name` shows exactly `text`."""
    page.wait_for_function(
        "([name, text]) => { const o = document.querySelector("
        "'form[data-calculator=\"automation-payback\"] [data-result=\"' + name + '\"]');"
        " return o !== null && o.textContent === text; }", arg=[name, text])


@pytest.mark.browser
def test_typing_computes_keeps_the_numbers_in_the_address_and_refuses_nonsense(tab: object, site_url: str) -> None:
    """Type into the automation calculator: the payback follows, the address holds the inputs, a reload
    restores them, and a negative number or a saving of nothing shows a message beside the field, never NaN."""
    tab.goto(f"{site_url}/tools/automation/")
    tab.wait_for_function("document.querySelector('form[data-calculator=\"automation-payback\"][data-ready]') !== null")
    form = tab.locator('form[data-calculator="automation-payback"]')
    result_is(tab, "payback_months", "1.14")

    form.locator('input[name="runs_per_month"]').fill("60")
    result_is(tab, "payback_months", "0.57")  # 20 h ÷ (35 min × 60 ÷ 60)
    tab.wait_for_function("location.search.includes('runs_per_month=60')")
    assert "automation-payback.minutes_before=45" in tab.url

    tab.reload()
    tab.wait_for_function("document.querySelector('form[data-calculator=\"automation-payback\"][data-restored]') !== null")
    assert form.locator('input[name="runs_per_month"]').input_value() == "60"
    result_is(tab, "payback_months", "0.57")

    form.locator('input[name="build_hours"]').fill("-5")
    message = tab.locator("#" + form.locator('input[name="build_hours"]').get_attribute("aria-describedby"))
    tab.wait_for_function("document.getElementById('calc-automation-payback-build_hours-message')"
                          ".textContent === 'Cannot be negative.'")
    assert message.inner_text() == "Cannot be negative."
    assert form.locator('input[name="build_hours"]').get_attribute("aria-invalid") == "true"
    result_is(tab, "payback_months", "—")

    form.locator('input[name="build_hours"]').fill("20")
    form.locator('input[name="minutes_after"]').fill("45")
    tab.wait_for_function("document.getElementById('calc-automation-payback-minutes_after-message')"
                          ".textContent.startsWith('Must be less than the minutes by hand')")
    text = form.inner_text()
    assert "NaN" not in text and "Infinity" not in text
