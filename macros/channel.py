"""Render channel-program material: example programs, vendor practices, MDF request stages."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .errors import MacroArgumentError
from .records import Check, Handbook, MdfStep, Program, Source, VendorPractice
from .rendering import TrustedMarkdown, page_link, render_template

# The comparison tables of the channel part, by the `kind` of data/programs.yml.
PROGRAM_KINDS: dict[str, str] = {
    "distribution": "distributors, marketplaces and Microsoft CSP",
    "rmm-psa": "RMM and PSA vendors",
    "security-backup": "security and backup vendors, and Microsoft's partner program",
    "cloud-network": "other large cloud and network vendors",
}
# Where every program has its full entry, the target of the tables' links.
PROGRAMS_PAGE = "channel/example-programs.md"


def reader_date(date: dt.date) -> str:
    """A date as readers in any country read it the same way, such as "21 November 2026".

    Joined by no-break spaces, so a narrow column or a phone never splits a date over two lines.
    """
    return f"{date.day}\u00a0{date:%B}\u00a0{date:%Y}"


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


def _details(program: Program) -> TrustedMarkdown:
    """A link target to the program's full entry on the programs page, from the page rendered."""
    return page_link(f"{PROGRAMS_PAGE}#{program.id}")


def render_program_table(programs: Sequence[Program]) -> str:
    """Markdown table: each program with what it asks, what it gives, any published figure, its check."""
    rows = [(p, _details(p), reader_date(p.checked.date) if p.checked else None) for p in programs]
    return render_template("program_table.md.j2", rows=rows)


def render_mdf_figures(programs: Sequence[Program]) -> str:
    """Markdown table of the published MDF or co-op figures, then the programs that publish none."""
    published = [(p, _details(p)) for p in programs if p.mdf_figure]
    unpublished = [(p, _details(p)) for p in programs if not p.mdf_figure]
    return render_template("mdf_figures.md.j2", published=published, unpublished=unpublished)


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


def program_table(handbook: Handbook, kind: str) -> str:
    """The comparison table of one kind of program in data/programs.yml, in file order."""
    if kind not in PROGRAM_KINDS:
        raise MacroArgumentError(f'program_table(): kind "{kind}" is not a kind of data/programs.yml; '
                                 f"expected one of: {', '.join(PROGRAM_KINDS)}")
    return render_program_table([p for p in handbook.programs if p.kind == kind])


def mdf_figures(handbook: Handbook) -> str:
    """Every MDF or co-op figure a program's vendor publishes, with its source, and who publishes none."""
    return render_mdf_figures(handbook.programs)


def vendor_practices(handbook: Handbook) -> str:
    """Every practice of data/vendor_practices.yml, numbered in file order."""
    return render_vendor_practices(handbook.vendor_practices)


def mdf_steps(handbook: Handbook) -> str:
    """Every stage of data/mdf_steps.yml, numbered in file order."""
    return render_mdf_steps(handbook.mdf_steps)
