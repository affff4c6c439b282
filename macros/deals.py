"""Worked examples of the deal chapters (data/deal_examples.yml): an earn-out on the mergers and
acquisitions chapter and a price-increase cap on the vendor negotiation chapter.

Each example is a pure formula of the values in its entry, returning every number the chapter
shows by name, and a table built from those numbers; nothing in the chapters is typed by hand.
tests/test_deal_examples.py works each example out again on its own.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .calculators import ExampleTable, _row, formula_problem, grouped, number
from .errors import DataError, DataProblem, MacroArgumentError
from .records import DealExample, Handbook
from .rendering import render_template
from .yamlfile import YamlDocument

if TYPE_CHECKING:
    from .loading import CheckContext

Results = dict[str, float]


def _share_paid(retained_percent: float, floor_percent: float) -> float:
    """Share of one year's earn-out paid: nothing at or below the floor, all of it at 100% kept, a straight line between."""
    if retained_percent <= floor_percent:
        return 0.0
    return min(1.0, (retained_percent - floor_percent) / (100 - floor_percent))


def earn_out(adjusted_ebitda: float, multiple: float, cash_at_close_percent: float, holdback_percent: float,
             earn_out_percent: float, floor_percent: float, year_1_retained_percent: float,
             year_2_retained_percent: float) -> Results:
    """A headline price split into cash at close, a holdback released after a year, and an earn-out paid
    in two equal yearly parts, each in proportion to the recurring revenue kept above a floor."""
    headline = adjusted_ebitda * multiple
    pot = headline * earn_out_percent / 100
    year_share = pot / 2
    paid_1 = year_share * _share_paid(year_1_retained_percent, floor_percent)
    paid_2 = year_share * _share_paid(year_2_retained_percent, floor_percent)
    cash = headline * cash_at_close_percent / 100
    holdback = headline * holdback_percent / 100
    received = cash + holdback + paid_1 + paid_2
    return {"headline": headline, "cash": cash, "holdback": holdback, "pot": pot, "year_share": year_share,
            "share_1": _share_paid(year_1_retained_percent, floor_percent) * 100,
            "share_2": _share_paid(year_2_retained_percent, floor_percent) * 100,
            "paid_1": paid_1, "paid_2": paid_2, "earn_out_paid": paid_1 + paid_2, "received": received,
            "received_percent": received / headline * 100, "effective_multiple": received / adjusted_ebitda}


def price_cap(first_year_cost: float, cap_percent: float, year_2_increase_percent: float,
              year_3_increase_percent: float) -> Results:
    """Three years of one vendor's bill with the increases the vendor asks for, and with each increase held to a cap."""
    uncapped_2 = first_year_cost * (1 + year_2_increase_percent / 100)
    uncapped_3 = uncapped_2 * (1 + year_3_increase_percent / 100)
    capped_2 = first_year_cost * (1 + min(year_2_increase_percent, cap_percent) / 100)
    capped_3 = capped_2 * (1 + min(year_3_increase_percent, cap_percent) / 100)
    uncapped = first_year_cost + uncapped_2 + uncapped_3
    capped = first_year_cost + capped_2 + capped_3
    return {"uncapped_2": uncapped_2, "uncapped_3": uncapped_3, "capped_2": capped_2, "capped_3": capped_3,
            "uncapped_total": uncapped, "capped_total": capped, "saving": uncapped - capped,
            "saving_percent": (uncapped - capped) / uncapped * 100,
            "year_3_gap": uncapped_3 - capped_3}


FORMULAS: dict[str, Callable[..., Results]] = {
    "earn-out": earn_out,
    "price-cap": price_cap,
}


def _earn_out_table(v: dict[str, float], r: Results) -> ExampleTable:
    """The headline price, how it is paid, and what the seller receives once the earn-out is measured."""
    floor = number(v["floor_percent"])

    def year(n: int) -> tuple[tuple[str, ...], bool]:
        kept = number(v[f"year_{n}_retained_percent"])
        return _row(f"Earn-out, year {n}: {kept}% of recurring revenue kept",
                    f"{grouped(r['year_share'], 0)} × ({kept} − {floor}) ÷ (100 − {floor}), "
                    f"at most all of it: {r[f'share_{n}']:.0f}% paid", grouped(r[f"paid_{n}"], 0))

    return ExampleTable(("Line", "Calculation", "Amount"), (
        _row("Headline price", f"{grouped(v['adjusted_ebitda'], 0)} adjusted EBITDA × {number(v['multiple'])}",
             grouped(r["headline"], 0), bold=True),
        _row(f"Cash at close ({number(v['cash_at_close_percent'])}%)",
             f"{grouped(r['headline'], 0)} × {number(v['cash_at_close_percent'])}%", grouped(r["cash"], 0)),
        _row(f"Holdback released after 12 months, no claims ({number(v['holdback_percent'])}%)",
             f"{grouped(r['headline'], 0)} × {number(v['holdback_percent'])}%", grouped(r["holdback"], 0)),
        _row(f"Earn-out at stake ({number(v['earn_out_percent'])}%), half in each of two years",
             f"{grouped(r['headline'], 0)} × {number(v['earn_out_percent'])}% ÷ 2",
             f"{grouped(r['year_share'], 0)} a year"),
        year(1),
        year(2),
        _row("Seller receives in total", f"{grouped(r['cash'], 0)} + {grouped(r['holdback'], 0)} + "
             f"{grouped(r['paid_1'], 0)} + {grouped(r['paid_2'], 0)}", grouped(r["received"], 0), bold=True),
        _row("Share of the headline price received", f"{grouped(r['received'], 0)} ÷ {grouped(r['headline'], 0)}",
             f"{r['received_percent']:.1f}%"),
        _row("Multiple actually paid", f"{grouped(r['received'], 0)} ÷ {grouped(v['adjusted_ebitda'], 0)}",
             f"{r['effective_multiple']:.2f}", bold=True),
    ))


def _price_cap_table(v: dict[str, float], r: Results) -> ExampleTable:
    """Each year's bill without and with the cap, and the difference over three years."""
    cap = number(v["cap_percent"])
    up_2, up_3 = number(v["year_2_increase_percent"]), number(v["year_3_increase_percent"])
    held_2 = number(min(v["year_2_increase_percent"], v["cap_percent"]))
    held_3 = number(min(v["year_3_increase_percent"], v["cap_percent"]))
    first = grouped(v["first_year_cost"], 0)
    return ExampleTable(("Year", f"Increases as asked ({up_2}%, then {up_3}%)", f"Increases capped at {cap}%",
                         "Difference"), (
        _row("Year 1", first, first, "0"),
        _row("Year 2", f"{first} × (1 + {up_2}%) = {grouped(r['uncapped_2'], 0)}",
             f"{first} × (1 + {held_2}%) = {grouped(r['capped_2'], 0)}",
             grouped(r["uncapped_2"] - r["capped_2"], 0)),
        _row("Year 3", f"{grouped(r['uncapped_2'], 0)} × (1 + {up_3}%) = {grouped(r['uncapped_3'], 0)}",
             f"{grouped(r['capped_2'], 0)} × (1 + {held_3}%) = {grouped(r['capped_3'], 0)}",
             grouped(r["year_3_gap"], 0)),
        _row("Three years", grouped(r["uncapped_total"], 0), grouped(r["capped_total"], 0),
             f"{grouped(r['saving'], 0)} ({r['saving_percent']:.1f}%)", bold=True),
    ))


TABLES: dict[str, Callable[[dict[str, float], Results], ExampleTable]] = {
    "earn-out": _earn_out_table,
    "price-cap": _price_cap_table,
}


def compute(example: DealExample) -> Results:
    """Every number of one example, from its values."""
    return FORMULAS[example.id](**example.values)


def check_deal_examples(doc: YamlDocument, context: CheckContext) -> None:
    """Each example has a formula whose parameters are exactly its values; its page exists; sources read by today.

    The earn-out's three parts of the price must add up to 100%, and its floor must be below 100%.
    """
    from .loading import check_dated_sources, check_page_link  # the loader imports this module first

    check_dated_sources(doc, context)

    for index, entry in enumerate(doc.value):
        def fail(path: list[str | int], field: str, problem: str) -> None:
            raise DataError(DataProblem(doc.file, problem, line=doc.line_of([index, *path]),
                                        entry=entry["id"], field=field))

        problem = formula_problem(FORMULAS, entry["id"], list(entry["values"]), "values", "macros/deals.py")
        if problem is not None:
            fail([problem[0]], *problem)
        if entry["id"] == "earn-out":
            values = entry["values"]
            parts = values["cash_at_close_percent"] + values["holdback_percent"] + values["earn_out_percent"]
            if parts != 100:
                fail(["values"], "values", f"cash at close, holdback and earn-out add up to {number(parts)}%; "
                     "expected 100%")
            if values["floor_percent"] >= 100:
                fail(["values", "floor_percent"], "floor_percent", "expected a floor below 100%")
        if context.pages is not None:
            check_page_link(doc, context.pages, (index, "page"), entry["page"], entry["id"], "page")


def deal_example(handbook: Handbook, example_id: str) -> str:
    """A deal chapter's worked example as a Markdown table, worked out from data/deal_examples.yml."""
    found = next((e for e in handbook.deal_examples if e.id == example_id), None)
    if found is None:
        known = ", ".join(f'"{e.id}"' for e in handbook.deal_examples)
        raise MacroArgumentError(f"deal_example({example_id!r}): no example has this id; expected one of: "
                                 f"{known} (the ids in data/deal_examples.yml)")
    return render_template("calculator_example.md.j2", table=TABLES[found.id](found.values, compute(found)))
