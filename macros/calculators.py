"""Calculators: the formulas (once for the build; docs/assets/javascripts/calculators.js has the
same for the browser), the form a page shows and the worked-example tables of the chapters.

Each formula is a pure function of a calculator's inputs (data/calculators.yml) returning every
number it works out by name; a number that cannot be worked out from the inputs (a payback with
nothing saved) is None, never an infinity or NaN. tests/test_calculators.py compares these
functions with the browser's on random inputs.
"""
from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from pathlib import Path

from .errors import DataError, DataProblem, MacroArgumentError
from .channel import reader_date
from .records import Calculator, CalculatorInput, Handbook
from .rendering import render_template
from .yamlfile import YamlDocument

if TYPE_CHECKING:
    from .loading import CheckContext

# Paid hours of one full-time technician a year (52 weeks × 40 hours), where a form has no field for it.
PAID_HOURS_PER_YEAR = 2080.0

Results = dict[str, float | None]


def _ratio(numerator: float, denominator: float) -> float | None:
    """numerator ÷ denominator, or None where that is not a finite number."""
    if denominator == 0:
        return None
    value = numerator / denominator
    return value if math.isfinite(value) else None


def _times(value: float | None, factor: float) -> float | None:
    """value × factor, None staying None."""
    return None if value is None else value * factor


def seat_price(salary: float, overhead_multiplier: float, utilisation_percent: float, hours_per_user: float,
               tools_per_user: float, delivery_overhead_per_user: float, target_margin_percent: float) -> Results:
    """Per-seat price: loaded cost per client hour, labour, tools and overhead per seat, then the margin."""
    loaded_cost_per_year = salary * overhead_multiplier
    client_hours_per_year = PAID_HOURS_PER_YEAR * utilisation_percent / 100
    loaded_hourly_cost = _ratio(loaded_cost_per_year, client_hours_per_year)
    labour_per_user = _times(loaded_hourly_cost, hours_per_user)
    cost_per_user = None if labour_per_user is None else tools_per_user + labour_per_user + delivery_overhead_per_user
    price_per_user = None if cost_per_user is None else _ratio(cost_per_user, 1 - target_margin_percent / 100)
    return {"loaded_cost_per_year": loaded_cost_per_year, "client_hours_per_year": client_hours_per_year,
            "loaded_hourly_cost": loaded_hourly_cost, "labour_per_user": labour_per_user,
            "cost_per_user": cost_per_user, "price_per_user": price_per_user}


def effective_rate(monthly_fee: float, hours: float, loaded_hourly_cost: float) -> Results:
    """Effective hourly rate of an agreement, and its margin after labour at loaded cost."""
    labour_cost = hours * loaded_hourly_cost
    gross_profit = monthly_fee - labour_cost
    return {"effective_rate": _ratio(monthly_fee, hours), "labour_cost": labour_cost,
            "gross_profit": gross_profit, "margin_percent": _times(_ratio(gross_profit, monthly_fee), 100)}


def staffing(salary: float, overhead_multiplier: float, paid_hours_per_year: float, utilisation_percent: float,
             tickets_per_week: float, hours_per_ticket: float) -> Results:
    """Loaded cost of a technician, and how many technicians a weekly ticket load needs."""
    loaded_cost_per_year = salary * overhead_multiplier
    ticket_share = utilisation_percent / 100
    ticket_hours_per_week = tickets_per_week * hours_per_ticket
    technicians_needed = _ratio(ticket_hours_per_week, paid_hours_per_year / 52 * ticket_share)
    return {"loaded_cost_per_year": loaded_cost_per_year,
            "loaded_hourly_cost": _ratio(loaded_cost_per_year, paid_hours_per_year * ticket_share),
            "ticket_hours_per_week": ticket_hours_per_week, "technicians_needed": technicians_needed,
            "team_cost_per_year": _times(technicians_needed, loaded_cost_per_year)}


def valuation(revenue: float, adjusted_ebitda_percent: float, multiple: float, multiple_low: float,
              multiple_high: float) -> Results:
    """Enterprise value: adjusted EBITDA (a share of revenue) times the multiple, and at a band's ends."""
    adjusted_ebitda = revenue * adjusted_ebitda_percent / 100
    return {"adjusted_ebitda": adjusted_ebitda, "value": adjusted_ebitda * multiple,
            "value_low": adjusted_ebitda * multiple_low, "value_high": adjusted_ebitda * multiple_high}


def automation_payback(minutes_before: float, minutes_after: float, runs_per_month: float,
                       build_hours: float) -> Results:
    """Months of time saved it takes to pay back the hours spent building an automation."""
    hours_saved_per_month = (minutes_before - minutes_after) * runs_per_month / 60
    payback = _ratio(build_hours, hours_saved_per_month) if hours_saved_per_month > 0 else None
    return {"hours_before_per_month": minutes_before * runs_per_month / 60,
            "hours_saved_per_month": hours_saved_per_month, "payback_months": payback}


def mdf_return(campaign_cost: float, mdf_share_percent: float, staff_hours: float, loaded_hourly_cost: float,
               clients_won: float, monthly_fee_per_client: float, gross_margin_percent: float,
               months: float) -> Results:
    """Net cost of an MDF-funded campaign (staff time included) against the gross profit of the clients won."""
    net_cost = campaign_cost * (1 - mdf_share_percent / 100) + staff_hours * loaded_hourly_cost
    monthly_profit = clients_won * monthly_fee_per_client * gross_margin_percent / 100
    gross_profit = monthly_profit * months
    return {"net_cost": net_cost, "cost_per_client": _ratio(net_cost, clients_won),
            "gross_profit": gross_profit,
            "return_percent": _times(_ratio(gross_profit - net_cost, net_cost), 100) if net_cost > 0 else None,
            "payback_months": _ratio(net_cost, monthly_profit) if monthly_profit > 0 else None}


# Each calculator's formula, by its id in data/calculators.yml.
FORMULAS: dict[str, Callable[..., Results]] = {
    "seat-price": seat_price,
    "effective-rate": effective_rate,
    "staffing": staffing,
    "valuation": valuation,
    "automation-payback": automation_payback,
    "mdf-return": mdf_return,
}


def compute(calculator_id: str, values: dict[str, float]) -> Results:
    """Every number a calculator works out from `values` (its inputs by name)."""
    return FORMULAS[calculator_id](**values)


def defaults(calculator: Calculator) -> dict[str, float]:
    """The calculator's inputs at their defaults: the chapter's worked example."""
    return {field.name: field.default for field in calculator.inputs}


def input_problem(field: CalculatorInput, value: float) -> str | None:
    """Why `value` is refused for `field` (outside its bounds), or None when it is accepted."""
    if value < field.min or (field.min_exclusive and value == field.min):
        return f"more than {field.min:g}" if field.min_exclusive else f"at least {field.min:g}"
    if value > field.max or (field.max_exclusive and value == field.max):
        return f"less than {field.max:g}" if field.max_exclusive else f"at most {field.max:g}"
    return None


# --- The build's checks on data/calculators.yml --------------------------------------------------

def formula_problem(formulas: dict[str, Callable[..., object]], entry_id: str, names: list[str],
                    kind: str, home: str, also: str = "") -> tuple[str, str] | None:
    """(field, problem) if the entry has no formula, or one whose parameters are not `names` in order.

    `kind` names the entry's list of names ("inputs", "values"); `home` is the module of FORMULAS,
    `also` where else a new formula must be added.
    """
    formula = formulas.get(entry_id)
    if formula is None:
        return "id", (f'no formula for "{entry_id}" in {home}; expected one of: {", ".join(formulas)} '
                      f"(or a formula added to FORMULAS there{also})")
    parameters = list(inspect.signature(formula).parameters)
    if names != parameters:
        return kind, (f"the {kind} are {', '.join(names)}; expected the formula's parameters in this order: "
                      f"{', '.join(parameters)}")
    return None



def check_calculators(doc: YamlDocument, context: CheckContext) -> None:
    """Each calculator has a formula whose inputs and results match its entry; defaults in bounds.

    Also: input and result names unique, and `page` a page under docs/.
    """
    from .loading import check_page_link  # the loader imports this module first

    for index, entry in enumerate(doc.value):
        def fail(path: list[str | int], field: str, problem: str) -> None:
            raise DataError(DataProblem(doc.file, problem, line=doc.line_of([index, *path]),
                                        entry=entry["id"], field=field))

        problem = formula_problem(FORMULAS, entry["id"], [field["name"] for field in entry["inputs"]],
                                  "inputs", "macros/calculators.py", " and in calculators.js")
        if problem is not None:
            fail([problem[0]], *problem)
        formula = FORMULAS[entry["id"]]
        for i, field in enumerate(entry["inputs"]):
            problem = input_problem(CalculatorInput(**field), field["default"])
            if problem:
                fail(["inputs", i, "default"], "default", f'{field["default"]} is outside the bounds; '
                     f"expected a number {problem}")
        outputs = formula(**{field["name"]: field["default"] for field in entry["inputs"]})
        seen: set[str] = set()
        for r, result in enumerate(entry["results"]):
            if result["name"] not in outputs or result["name"] in seen:
                fail(["results", r, "name"], "name", f'"{result["name"]}" is not a result of the formula, or '
                     f"is listed twice; expected one of: {', '.join(outputs)}")
            seen.add(result["name"])
            if outputs[result["name"]] is None:
                fail(["results", r, "name"], "name", "the defaults give no number for this result; "
                     "expected defaults that work the chapter's example out")
        if context.pages is not None:
            check_page_link(doc, context.pages, (index, "page"), entry["page"], entry["id"], "page")


# --- Rendering ------------------------------------------------------------------------------------

# Decimal places of each result format, on the page and in the shared link alike.
DECIMALS = {"money": 2, "percent": 1, "hours": 2, "months": 2, "people": 2, "number": 2}


def plain(value: float | None, result_format: str) -> str:
    """A result as the form holds it: fixed decimals, no grouping, "—" for no number."""
    return "—" if value is None else f"{value:.{DECIMALS[result_format]}f}"


def grouped(value: float, decimals: int = 2) -> str:
    """A number for the prose tables: thousands grouped with commas, fixed decimals."""
    return f"{value:,.{decimals}f}"


def number(value: float) -> str:
    """An input as the prose writes it: grouped, with only the decimals it has."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}" if abs(value) < 1000 else f"{value:,}"


def _known(handbook: Handbook, calculator_id: object) -> Calculator:
    """The calculator a macro argument names, or a MacroArgumentError listing the known IDs."""
    found = next((c for c in handbook.calculators if c.id == calculator_id), None)
    if found is None:
        known = ", ".join(f'"{c.id}"' for c in handbook.calculators)
        raise MacroArgumentError(f"calculator({calculator_id!r}): no calculator has this id; expected one "
                                 f"of: {known} (the ids in data/calculators.yml)")
    return found


def calculator(handbook: Handbook, calculator_id: str) -> str:
    """A calculator as a form that computes as the reader types, filled in with the chapter's example."""
    item = _known(handbook, calculator_id)
    results = compute(item.id, defaults(item))
    return render_template("calculator.html.j2", calculator=item, results=results, plain=plain,
                           repr_value=lambda value: "" if value is None else repr(value),
                           number=field_value, read=reader_date)


def field_value(value: float) -> str:
    """A number as a field holds it: plain digits, no exponent, no trailing zeros."""
    text = f"{value:f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass(frozen=True)
class ExampleTable:
    """A worked-example table: its header and rows of cells; a bold row is a total or the answer."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], bool], ...]


def _row(*cells: str, bold: bool = False) -> tuple[tuple[str, ...], bool]:
    """One row of an example table."""
    return tuple(cells), bold


def _seat_price_tables(v: dict[str, float], r: Results) -> dict[str, ExampleTable]:
    """Steps 1 to 3 of the pricing chapter's per-seat build-up."""
    hourly, cost = r["loaded_hourly_cost"], r["cost_per_user"]
    assert hourly is not None and cost is not None, "check_calculators made sure the defaults work out"
    util = v["utilisation_percent"]
    hour = ExampleTable(("Line", "Input", "Result"), (
        _row("Base salary", f"{number(v['salary'])} a year", ""),
        _row(f"Loaded cost (× {number(v['overhead_multiplier'])})", "",
             f"{grouped(r['loaded_cost_per_year'] or 0, 0)} a year"),
        _row("Paid hours (52 weeks × 40 hours)", number(PAID_HOURS_PER_YEAR), ""),
        _row(f"Hours on client work at {number(util)}% utilisation",
             f"{number(PAID_HOURS_PER_YEAR)} × {number(util / 100)}", grouped(r["client_hours_per_year"] or 0, 0)),
        _row("Loaded cost per client hour",
             f"{grouped(r['loaded_cost_per_year'] or 0, 0)} ÷ {grouped(r['client_hours_per_year'] or 0, 0)}",
             grouped(hourly), bold=True),
    ))
    seat = ExampleTable(("Cost line", "How it is worked out", "Per user per month"), (
        _row("Tools", "the tools subtotal above", grouped(v["tools_per_user"])),
        _row("Labour: expected hours per user per month",
             f"{number(v['hours_per_user'])} hours × {grouped(hourly)}", grouped(r["labour_per_user"] or 0)),
        _row("Service-delivery overhead", "monthly cost of those roles ÷ seats under management",
             grouped(v["delivery_overhead_per_user"])),
        _row("Cost of one seat", f"{grouped(v['tools_per_user'])} + {grouped(r['labour_per_user'] or 0)} + "
             f"{grouped(v['delivery_overhead_per_user'])}", grouped(cost), bold=True),
    ))
    rows = []
    for margin in sorted({40.0, 50.0, 60.0, v["target_margin_percent"]}):
        price = cost / (1 - margin / 100)
        rounded = math.ceil(round(price, 6))  # up, so the rounded price still meets the margin
        rows.append(_row(f"{number(margin)}%", f"{grouped(cost)} ÷ {1 - margin / 100:.2f} = {grouped(price)}",
                         grouped(rounded, 0), f"({grouped(rounded, 0)} − {grouped(cost)}) ÷ {grouped(rounded, 0)} = "
                         f"{(rounded - cost) / rounded * 100:.1f}%", bold=margin == v["target_margin_percent"]))
    margins = ExampleTable(("Target gross margin", "Price = cost ÷ (1 − margin)", "Price rounded up",
                            "Margin check"), tuple(rows))
    return {"hour": hour, "seat": seat, "margins": margins}


def _effective_rate_tables(v: dict[str, float], r: Results) -> dict[str, ExampleTable]:
    """The agreement's effective hourly rate and margin after labour."""
    return {"": ExampleTable(("Line", "Calculation", "Result"), (
        _row("Monthly fee for labour (fee less pass-through and tool costs)", "", grouped(v["monthly_fee"])),
        _row("Technician hours logged", "", number(v["hours"])),
        _row("Effective hourly rate", f"{grouped(v['monthly_fee'])} ÷ {number(v['hours'])}",
             f"{grouped(r['effective_rate'] or 0)} an hour", bold=True),
        _row("Labour at loaded cost", f"{number(v['hours'])} × {grouped(v['loaded_hourly_cost'])}",
             grouped(r["labour_cost"] or 0)),
        _row("Profit after labour", f"{grouped(v['monthly_fee'])} − {grouped(r['labour_cost'] or 0)}",
             grouped(r["gross_profit"] or 0)),
        _row("Margin after labour", f"{grouped(r['gross_profit'] or 0)} ÷ {grouped(v['monthly_fee'])}",
             f"{r['margin_percent'] or 0:.1f}%", bold=True),
    ))}


def _staffing_tables(v: dict[str, float], r: Results) -> dict[str, ExampleTable]:
    """The service-desk chapter's technician count, with the loaded cost of the team."""
    share = number(v["utilisation_percent"] / 100)
    week = number(v["paid_hours_per_year"] / 52)
    return {"": ExampleTable(("Line", "Calculation", "Result"), (
        _row("Ticket hours a week", f"{number(v['tickets_per_week'])} tickets × {number(v['hours_per_ticket'])} hours",
             number(r["ticket_hours_per_week"] or 0)),
        _row("Hours one technician works a week", f"{number(v['paid_hours_per_year'])} paid hours ÷ 52", week),
        _row(f"Technicians at {number(v['utilisation_percent'])}% of time on tickets",
             f"{number(r['ticket_hours_per_week'] or 0)} ÷ ({week} × {share})",
             grouped(r["technicians_needed"] or 0, 1), bold=True),
        _row("Loaded cost of one technician", f"{number(v['salary'])} × {number(v['overhead_multiplier'])}",
             grouped(r["loaded_cost_per_year"] or 0, 0)),
        _row("Loaded cost of that team a year",
             f"{grouped(r['technicians_needed'] or 0, 2)} × {grouped(r['loaded_cost_per_year'] or 0, 0)}",
             grouped(r["team_cost_per_year"] or 0, 0), bold=True),
    ))}


def _valuation_tables(v: dict[str, float], r: Results) -> dict[str, ExampleTable]:
    """Adjusted EBITDA from revenue, then the enterprise value at the multiple and the band."""
    ebitda = grouped(r["adjusted_ebitda"] or 0, 0)
    return {"": ExampleTable(("Line", "Calculation", "Amount"), (
        _row("Revenue", "", grouped(v["revenue"], 0)),
        _row("Adjusted EBITDA", f"{grouped(v['revenue'], 0)} × {number(v['adjusted_ebitda_percent'])}%", ebitda,
             bold=True),
        _row("Enterprise value at the multiple agreed",
             f"{ebitda} × {v['multiple']:.1f}", grouped(r["value"] or 0, 0), bold=True),
        _row("Band: low and high end",
             f"{ebitda} × {v['multiple_low']:.1f} to × {v['multiple_high']:.1f}",
             f"{grouped(r['value_low'] or 0, 0)} to {grouped(r['value_high'] or 0, 0)}"),
    ))}


def _automation_tables(v: dict[str, float], r: Results) -> dict[str, ExampleTable]:
    """The automation chapter's new-starter example: hours saved a month and the payback."""
    runs = number(v["runs_per_month"])
    saved = v["minutes_before"] - v["minutes_after"]
    return {"": ExampleTable(("Line", "Calculation", "Result"), (
        _row("Time by hand a month", f"{number(v['minutes_before'])} minutes × {runs} ÷ 60",
             f"{grouped(r['hours_before_per_month'] or 0, 1)} hours"),
        _row("Time saved a month", f"({number(v['minutes_before'])} − {number(v['minutes_after'])}) minutes × "
             f"{runs} ÷ 60 = {number(saved)} × {runs} ÷ 60", f"{grouped(r['hours_saved_per_month'] or 0, 1)} hours"),
        _row("Payback", f"{number(v['build_hours'])} build hours ÷ {grouped(r['hours_saved_per_month'] or 0, 1)}",
             f"{grouped(r['payback_months'] or 0, 1)} months", bold=True),
    ))}


def _mdf_tables(v: dict[str, float], r: Results) -> dict[str, ExampleTable]:
    """An MDF-funded campaign: the MSP's net cost against the gross profit of the clients won."""
    share = 1 - v["mdf_share_percent"] / 100
    monthly = v["clients_won"] * v["monthly_fee_per_client"] * v["gross_margin_percent"] / 100
    return {"": ExampleTable(("Line", "Calculation", "Result"), (
        _row("Campaign cost after the vendor's share",
             f"{grouped(v['campaign_cost'], 0)} × {number(share)}", grouped(v["campaign_cost"] * share)),
        _row("Your own staff time (MDF does not pay for it)",
             f"{number(v['staff_hours'])} hours × {grouped(v['loaded_hourly_cost'])}",
             grouped(v["staff_hours"] * v["loaded_hourly_cost"])),
        _row("Your net cost", "", grouped(r["net_cost"] or 0), bold=True),
        _row("Net cost per client won", f"{grouped(r['net_cost'] or 0)} ÷ {number(v['clients_won'])}",
             grouped(r["cost_per_client"] or 0)),
        _row("Gross profit a month from the clients won",
             f"{number(v['clients_won'])} × {grouped(v['monthly_fee_per_client'], 0)} × "
             f"{number(v['gross_margin_percent'])}%", grouped(monthly)),
        _row(f"Gross profit over {number(v['months'])} months", f"{grouped(monthly)} × {number(v['months'])}",
             grouped(r["gross_profit"] or 0)),
        _row("Return on your net cost", f"({grouped(r['gross_profit'] or 0)} − {grouped(r['net_cost'] or 0)}) ÷ "
             f"{grouped(r['net_cost'] or 0)}", f"{r['return_percent'] or 0:.0f}%", bold=True),
        _row("Payback", f"{grouped(r['net_cost'] or 0)} ÷ {grouped(monthly)} a month",
             f"{grouped(r['payback_months'] or 0, 1)} months", bold=True),
    ))}


EXAMPLES: dict[str, Callable[[dict[str, float], Results], dict[str, ExampleTable]]] = {
    "seat-price": _seat_price_tables,
    "effective-rate": _effective_rate_tables,
    "staffing": _staffing_tables,
    "valuation": _valuation_tables,
    "automation-payback": _automation_tables,
    "mdf-return": _mdf_tables,
}


def example_tables(calculator: Calculator) -> dict[str, ExampleTable]:
    """The worked-example tables of a calculator, by part name ("" when it has one)."""
    values = defaults(calculator)
    return EXAMPLES[calculator.id](values, compute(calculator.id, values))


def calculator_example(handbook: Handbook, calculator_id: str, part: str = "") -> str:
    """The chapter's worked example as a Markdown table, from the calculator's defaults and formula."""
    item = _known(handbook, calculator_id)
    tables = example_tables(item)
    if part not in tables:
        parts: Sequence[str] = [f'"{name}"' for name in tables]
        raise MacroArgumentError(f"calculator_example({calculator_id!r}, {part!r}): no such part; expected "
                                 f"one of: {', '.join(parts)}")
    return render_template("calculator_example.md.j2", table=tables[part])
