"""Render the MSP-business material: the SLA priority matrix and the KPI table."""
from __future__ import annotations

from collections.abc import Sequence

from .channel import reader_date
from .records import Handbook, Kpi, Priority
from .rendering import render_template


def render_priority_matrix(priorities: Sequence[Priority]) -> str:
    """Markdown table of priorities: impact, examples, response, resolution and update targets."""
    return render_template("priority_matrix.md.j2", priorities=priorities)


def render_kpi_table(kpis: Sequence[Kpi]) -> str:
    """Markdown table of KPIs: formula, indicative range and each source with the day it was read."""
    rows = [(kpi, [(source, reader_date(source.read)) for source in kpi.sources]) for kpi in kpis]
    return render_template("kpi_table.md.j2", rows=rows)


def priority_matrix(handbook: Handbook) -> str:
    """Every priority of data/priority_matrix.yml, highest first."""
    return render_priority_matrix(handbook.priority_matrix)


def kpi_table(handbook: Handbook) -> str:
    """Every KPI of data/kpis.yml with its formula, range and sources."""
    return render_kpi_table(handbook.kpis)
