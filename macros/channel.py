"""Render channel-program material: example programs, vendor practices, MDF request stages."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .records import Check, Handbook, MdfStep, Program, Source, VendorPractice
from .rendering import TrustedMarkdown, render_template


def reader_date(date: dt.date) -> str:
    """A date as readers in any country read it the same way, such as "21 November 2026"."""
    return f"{date.day} {date:%B %Y}"


def uncited_sources(sources: Sequence[Source], checked: Check | None) -> list[Source]:
    """The sources an entry lists beyond the one its check already names."""
    return [source for source in sources if checked is None or source != checked.source]


def _anchor(ident: str) -> TrustedMarkdown:
    """An ID used as a heading anchor; the schemas allow only slugs, so it needs no escaping."""
    return TrustedMarkdown(ident)


def render_channel_programs(programs: Sequence[Program]) -> str:
    """One section per program: its check (or "Not yet checked"), tiers, co-selling, MDF, sources."""
    rows = [(p, _anchor(p.id), reader_date(p.checked.date) if p.checked else None,
             [(s, reader_date(s.read)) for s in uncited_sources(p.sources, p.checked)])
            for p in programs]
    return render_template("channel_programs.md.j2", programs=rows)


def render_vendor_practices(practices: Sequence[VendorPractice]) -> str:
    """Numbered sections of practices, each with its aim, actions and warning sign."""
    rows = [(n, p, _anchor(p.id)) for n, p in enumerate(practices, start=1)]
    return render_template("vendor_practices.md.j2", practices=rows)


def render_mdf_steps(steps: Sequence[MdfStep]) -> str:
    """Numbered sections of MDF request stages, each with purpose, actions and outcome."""
    rows = [(n, s, _anchor(s.id)) for n, s in enumerate(steps, start=1)]
    return render_template("mdf_steps.md.j2", steps=rows)


def channel_programs(handbook: Handbook) -> str:
    """Every example program of data/programs.yml, in file order."""
    return render_channel_programs(handbook.programs)


def vendor_practices(handbook: Handbook) -> str:
    """Every practice of data/vendor_practices.yml, numbered in file order."""
    return render_vendor_practices(handbook.vendor_practices)


def mdf_steps(handbook: Handbook) -> str:
    """Every stage of data/mdf_steps.yml, numbered in file order."""
    return render_mdf_steps(handbook.mdf_steps)
