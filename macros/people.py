"""Macros of the people and start-up chapters: hiring order, interview scorecards, the certification
map and on-call cost (business/hiring-and-pay.md), and the lean-versus-commercial stack cost
(operations/low-cost-stack.md).

Every number these tables print is worked out here from data/: hourly pay and the loaded cost of a
technician hour come from the seat-price calculator's defaults (data/calculators.yml), so the
pricing, hiring and stack chapters agree.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .calculators import PAID_HOURS_PER_YEAR, ExampleTable, _row, compute, defaults, grouped, number
from .channel import reader_date
from .errors import MacroArgumentError
from .records import Handbook, HiringRole, OnCallExample, StackOption, StackScenario
from .rendering import render_template

# Weeks in an average month.
WEEKS_PER_MONTH = 52 / 12

LEVELS = {"entry": "Entry", "associate": "Associate", "professional": "Professional", "expert": "Expert"}
PRICE_STATUS = {"sourced": "vendor's price", "free": "free (source)", "placeholder": "illustrative"}


def _known(items: Sequence, item_id: object, macro: str, file: str):  # type: ignore[no-untyped-def]
    """The entry with `item_id`, or a MacroArgumentError listing the known ids."""
    found = next((item for item in items if item.id == item_id), None)
    if found is None:
        known = ", ".join(f'"{item.id}"' for item in items)
        raise MacroArgumentError(f"{macro}({item_id!r}): no entry has this id; expected one of: {known} "
                                 f"(the ids in {file})")
    return found


def _seat_price(handbook: Handbook) -> tuple[dict[str, float], dict[str, float | None]]:
    """The seat-price calculator's defaults and results: the handbook's technician."""
    calculator = next(c for c in handbook.calculators if c.id == "seat-price")
    values = defaults(calculator)
    return values, compute(calculator.id, values)


def hourly_pay(handbook: Handbook) -> float:
    """A technician's hourly pay: the seat-price salary over 2,080 paid hours."""
    values, _ = _seat_price(handbook)
    return values["salary"] / PAID_HOURS_PER_YEAR


def loaded_hourly_cost(handbook: Handbook) -> float:
    """The loaded cost of a technician's client hour, from the seat-price calculator."""
    _, results = _seat_price(handbook)
    cost = results["loaded_hourly_cost"]
    assert cost is not None, "check_calculators made sure the defaults work out"
    return cost


def _table(table: ExampleTable) -> str:
    return render_template("calculator_example.md.j2", table=table)


# --- Hiring -------------------------------------------------------------------------------------

def hiring_order(handbook: Handbook) -> str:
    """Every role of data/hiring_roles.yml in hiring order: when to hire it and what it frees."""
    roles = sorted(handbook.hiring_roles, key=lambda role: role.order)
    return _table(ExampleTable(("Order", "Role", "Hire when", "What it takes off the owner"), tuple(
        _row(str(role.order), role.role, role.hire_when, role.frees) for role in roles)))


def interview_scorecard(handbook: Handbook, role_id: str) -> str:
    """One role's interview scorecard: criteria, weights, what strong looks like and warning signs."""
    role: HiringRole = _known(handbook.hiring_roles, role_id, "interview_scorecard", "data/hiring_roles.yml")
    rows = [_row(c.criterion, f"{c.weight}%", c.strong, c.warning) for c in role.criteria]
    rows.append(_row("Total", f"{sum(c.weight for c in role.criteria)}%", "", "", bold=True))
    return _table(ExampleTable(("Criterion", "Weight", "A strong answer shows", "Warning sign"), tuple(rows)))


@dataclass(frozen=True)
class CertificationRow:
    """One row of the certification map: the certification, a mark per role and its source line."""

    name: str
    body: str
    level: str
    marks: tuple[str, ...]
    why: str
    source_title: str
    source_url: str
    read: str
    note: str


def certification_map(handbook: Handbook) -> str:
    """Every certification of data/certifications.yml with a column per role, and its body's page."""
    roles = sorted(handbook.hiring_roles, key=lambda role: role.order)
    rows = [CertificationRow(
        c.name, c.body, LEVELS[c.level], tuple("✓" if role.id in c.roles else "" for role in roles), c.why,
        c.source.title if c.source else "", c.source.url if c.source else "",
        reader_date(c.source.read) if c.source else "", c.note) for c in handbook.certifications]
    return render_template("certification_map.md.j2", roles=[role.role for role in roles], rows=rows)


# --- On-call ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OnCallCosts:
    """What one month of a rota costs under each pay model, worked out from its inputs."""

    hourly_pay: float
    callouts_per_month: float
    hours_worked_per_month: float
    stipend: float
    stipend_overtime: float
    stipend_total: float
    per_call_floor: float
    per_call_each: float
    per_call_total: float
    toil_hours: float
    toil_total: float


def oncall_costs(example: OnCallExample, pay: float) -> OnCallCosts:
    """The monthly cost of `example` under a stipend, a per-call fee and time off in lieu.

    Stipend: a weekly standby payment, plus hours worked at the overtime rate.
    Per call: the flat fee per call-out, but never less than the hours worked at the overtime rate.
    Time off in lieu: hours worked times the ratio, valued at hourly pay (the time the desk loses).
    """
    callouts = example.callouts_per_week * WEEKS_PER_MONTH
    hours = callouts * example.hours_per_callout
    overtime = hours * pay * example.overtime_multiplier
    stipend = example.stipend_per_week * WEEKS_PER_MONTH
    floor = example.hours_per_callout * pay * example.overtime_multiplier
    each = max(example.per_call_fee, floor)
    toil_hours = hours * example.toil_ratio
    return OnCallCosts(pay, callouts, hours, stipend, overtime, stipend + overtime, floor, each, callouts * each,
                       toil_hours, toil_hours * pay)


def oncall_cost(handbook: Handbook, example_id: str) -> str:
    """The monthly cost of one rota of data/oncall.yml under three pay models, with the working."""
    example: OnCallExample = _known(handbook.oncall, example_id, "oncall_cost", "data/oncall.yml")
    c = oncall_costs(example, hourly_pay(handbook))
    values, _ = _seat_price(handbook)
    per_tech = example.technicians
    rate_factor = number(example.overtime_multiplier)
    rows = (
        _row("Hourly pay", f"{grouped(values['salary'], 0)} a year ÷ {grouped(PAID_HOURS_PER_YEAR, 0)} paid hours",
             grouped(c.hourly_pay)),
        _row("Call-outs a month", f"{number(example.callouts_per_week)} a week × 52 ÷ 12", grouped(c.callouts_per_month, 1)),
        _row("Hours worked on call-outs a month",
             f"{grouped(c.callouts_per_month, 1)} × {number(example.hours_per_callout)} hours",
             grouped(c.hours_worked_per_month, 1)),
        _row("Stipend: standby pay", f"{grouped(example.stipend_per_week, 0)} a week × 52 ÷ 12", grouped(c.stipend)),
        _row("Stipend: hours worked at overtime",
             f"{grouped(c.hours_worked_per_month, 1)} × {grouped(c.hourly_pay)} × {rate_factor}", grouped(c.stipend_overtime)),
        _row("Stipend model, a month", f"{grouped(c.stipend)} + {grouped(c.stipend_overtime)}",
             grouped(c.stipend_total), bold=True),
        _row("Per call: floor for one call-out",
             f"{number(example.hours_per_callout)} hours × {grouped(c.hourly_pay)} × {rate_factor}", grouped(c.per_call_floor)),
        _row("Per call: paid per call-out", f"the larger of the fee ({grouped(example.per_call_fee, 0)}) and the floor",
             grouped(c.per_call_each)),
        _row("Per-call model, a month", f"{grouped(c.callouts_per_month, 1)} × {grouped(c.per_call_each)}",
             grouped(c.per_call_total), bold=True),
        _row("Time off in lieu: hours given back",
             f"{grouped(c.hours_worked_per_month, 1)} × {number(example.toil_ratio)}", grouped(c.toil_hours)),
        _row("Time-off-in-lieu model, a month (desk time lost, at hourly pay)",
             f"{grouped(c.toil_hours)} × {grouped(c.hourly_pay)}", grouped(c.toil_total), bold=True),
        _row(f"Stipend model, per technician a month ({per_tech} on the rota)",
             f"{grouped(c.stipend_total)} ÷ {per_tech}", grouped(c.stipend_total / per_tech)),
        _row("Stipend model, a year", f"{grouped(c.stipend_total)} × 12", grouped(c.stipend_total * 12, 0), bold=True),
    )
    return _table(ExampleTable(("Line", "How it is worked out", "Amount"), rows))


# --- The lean and the commercial stack -----------------------------------------------------------

@dataclass(frozen=True)
class OptionCost:
    """What one tool costs over the scenario's months: licences, hours, and the hours at loaded cost."""

    licences: float
    hours: float
    time: float

    @property
    def total(self) -> float:
        return self.licences + self.time


def units(option: StackOption, scenario: StackScenario) -> int:
    """How many of the option's pricing unit the scenario has."""
    return {"flat": 1, "per-endpoint": scenario.endpoints, "per-technician": scenario.technicians}[option.basis]


def option_cost(option: StackOption, scenario: StackScenario, hourly: float) -> OptionCost:
    """Licences over the months, set-up plus monthly hours, and those hours at the loaded hourly cost."""
    licences = option.monthly_price * units(option, scenario) * scenario.months
    hours = option.setup_hours + option.admin_hours_per_month * scenario.months
    return OptionCost(licences, hours, hours * hourly)


BASIS = {"flat": "a month", "per-endpoint": "per endpoint a month", "per-technician": "per technician a month"}


def _stack_table(handbook: Handbook, scenario: StackScenario, side: str, hourly: float) -> ExampleTable:
    rows = []
    totals = OptionCost(0, 0, 0)
    for job in handbook.lean_stack:
        option: StackOption = getattr(job, side)
        cost = option_cost(option, scenario, hourly)
        totals = OptionCost(totals.licences + cost.licences, totals.hours + cost.hours, totals.time + cost.time)
        price = (f"{grouped(option.monthly_price)} {BASIS[option.basis]} × {units(option, scenario)} × "
                 f"{scenario.months} = {grouped(cost.licences, 0)}" if option.monthly_price else "0")
        rows.append(_row(job.job, option.name, price,
                         PRICE_STATUS[option.price_status],
                         f"{number(option.setup_hours)} + {number(option.admin_hours_per_month)} × {scenario.months} = "
                         f"{number(cost.hours)}", grouped(cost.time, 0), grouped(cost.total, 0)))
    rows.append(_row("Total", "", grouped(totals.licences, 0), "", number(totals.hours), grouped(totals.time, 0),
                     grouped(totals.total, 0), bold=True))
    return ExampleTable(("Job", "Tool", "Licences and hosting", "Price is", "Hours (set-up + monthly × months)",
                         f"Hours at {grouped(hourly)}", "First year"), tuple(rows))


def stack_totals(handbook: Handbook, scenario: StackScenario, side: str) -> OptionCost:
    """The whole stack's licences, hours and time cost for one side ("lean" or "commercial")."""
    hourly = loaded_hourly_cost(handbook)
    costs = [option_cost(getattr(job, side), scenario, hourly) for job in handbook.lean_stack]
    return OptionCost(sum(c.licences for c in costs), sum(c.hours for c in costs), sum(c.time for c in costs))


def stack_cost_comparison(handbook: Handbook, scenario_id: str, part: str = "summary") -> str:
    """The first-year cost of the lean and the commercial stack for one scenario of data/stack_scenarios.yml.

    `part` is "lean" or "commercial" (each tool with its working) or "summary" (the two side by side).
    """
    scenario: StackScenario = _known(handbook.stack_scenarios, scenario_id, "stack_cost_comparison",
                                     "data/stack_scenarios.yml")
    hourly = loaded_hourly_cost(handbook)
    if part in ("lean", "commercial"):
        return _table(_stack_table(handbook, scenario, part, hourly))
    if part != "summary":
        raise MacroArgumentError(f"stack_cost_comparison({scenario_id!r}, {part!r}): no such part; expected "
                                 '"lean", "commercial" or "summary"')
    lean, commercial = stack_totals(handbook, scenario, "lean"), stack_totals(handbook, scenario, "commercial")
    per_endpoint = scenario.endpoints * scenario.months
    rows = (
        _row("Licences and hosting (cash out)", grouped(lean.licences, 0), grouped(commercial.licences, 0)),
        _row("Hours of set-up and upkeep", number(lean.hours), number(commercial.hours)),
        _row(f"Those hours at the loaded cost of {grouped(hourly)} an hour", grouped(lean.time, 0),
             grouped(commercial.time, 0)),
        _row("First-year cost, cash and time", grouped(lean.total, 0), grouped(commercial.total, 0), bold=True),
        _row(f"Per endpoint a month ({scenario.endpoints} endpoints × {scenario.months} months)",
             grouped(lean.total / per_endpoint), grouped(commercial.total / per_endpoint)),
        _row("Cash only, per endpoint a month", grouped(lean.licences / per_endpoint),
             grouped(commercial.licences / per_endpoint)),
    )
    return _table(ExampleTable(("Line", "Lean stack", "Commercial stack"), rows))


@dataclass(frozen=True)
class LinkedSource:
    """A source as a table cell shows it: its title, address and the day it was read."""

    title: str
    url: str
    read: str


def _linked(option: StackOption) -> tuple[LinkedSource, ...]:
    return tuple(LinkedSource(s.title, s.url, reader_date(s.read)) for s in option.sources)


def lean_stack_table(handbook: Handbook) -> str:
    """Every job of data/lean_stack.yml: the lean option, its licence, where it stops, when to move, sources."""
    rows = [(job, job.lean, _linked(job.lean) + _linked(job.commercial)) for job in handbook.lean_stack]
    return render_template("lean_stack.md.j2", rows=rows)
