"""Typed records for the handbook's data files, one class per kind of entry."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Category:
    """A category of MSP tool and the job it does (data/categories.yml)."""

    id: str
    name: str
    short_name: str
    job: str
    page: str | None = None

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Category:
        """Build from one schema-valid entry."""
        return cls(**entry)


@dataclass(frozen=True)
class Source:
    """A page a fact comes from (a figure, a vendor or program entry) and the day someone read it."""

    title: str
    url: str
    read: dt.date

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Source:
        """Build from one schema-valid source mapping."""
        return cls(title=entry["title"], url=entry["url"], read=dt.date.fromisoformat(entry["read"]))


def cited_source(sources: tuple[Source, ...], reference: int | str) -> Source | None:
    """The listed source a reference names: its number (1 for the first) or its url; None if none."""
    if isinstance(reference, int):
        return sources[reference - 1] if 1 <= reference <= len(sources) else None
    return next((source for source in sources if source.url == reference), None)


@dataclass(frozen=True)
class Check:
    """An entry confirmed on `date` against `source`, which was read that day."""

    date: dt.date
    source: Source


@dataclass(frozen=True)
class Owner:
    """Who owns a vendor (a parent company, "independent" or "listed company") and who says so."""

    name: str
    source: Source | None = None


@dataclass(frozen=True, kw_only=True)
class Sourced:
    """The fields every checkable entry shares: the sources read, the check, what is uncertain."""

    sources: tuple[Source, ...] = ()
    checked: Check | None = None
    note: str | None = None

    @staticmethod
    def sourced_fields(entry: dict[str, Any]) -> dict[str, Any]:
        """`sources`, `checked` and `note` of a loader-checked entry, as records."""
        sources = tuple(Source.from_data(s) for s in entry.get("sources", ()))
        checked = entry.get("checked")
        check = None
        if checked is not None:
            source = cited_source(sources, checked["source"])
            assert source is not None, "the loader checks every reference to a source"
            check = Check(dt.date.fromisoformat(checked["date"]), source)
        return {"sources": sources, "checked": check, "note": entry.get("note")}


@dataclass(frozen=True)
class Vendor(Sourced):
    """A vendor of MSP tools (data/vendors.yml)."""

    id: str
    name: str
    category: str
    description: str
    website: str
    owner: Owner = Owner("not recorded")
    status: str = "active"
    successor: str | None = None
    example: bool = False

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Vendor:
        """Build from one schema-valid, loader-checked entry, resolving source references."""
        fields = cls.sourced_fields(entry)
        owner_source = entry["owner"].get("source")
        owner = Owner(entry["owner"]["name"],
                      None if owner_source is None else cited_source(fields["sources"], owner_source))
        plain = {k: v for k, v in entry.items() if k not in ("sources", "checked", "note", "owner")}
        return cls(**plain, **fields, owner=owner)


@dataclass(frozen=True)
class ChecklistItem:
    """One box to tick; `id` stays when the text is reworded, so saved ticks survive."""

    id: str
    text: str
    owner: str
    detail: str | None = None
    link: str | None = None
    minutes: int | None = None
    client_note: str | None = None
    # Framework controls the item helps meet, as "<framework>:<control>" (data/controls.yml).
    controls: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> ChecklistItem:
        """Build from one schema-valid item, freezing the list of controls."""
        return cls(**{**entry, "controls": tuple(entry.get("controls", ()))})


@dataclass(frozen=True)
class ChecklistSection:
    """A titled group of items in a checklist, belonging to one phase."""

    id: str
    title: str
    phase: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class ChecklistPhase:
    """A stage of the work (such as "Day 0"), holding the sections done in it."""

    id: str
    title: str
    sections: tuple[ChecklistSection, ...]

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        """Every item of the phase, in order."""
        return tuple(item for section in self.sections for item in section.items)

    @property
    def minutes(self) -> int:
        """Sum of the phase's item time estimates (items without one count as 0)."""
        return sum(item.minutes or 0 for item in self.items)


@dataclass(frozen=True)
class ChecklistChange:
    """One line of a checklist's change log."""

    date: dt.date
    summary: str


@dataclass(frozen=True)
class Checklist:
    """A printable checklist (data/checklists/<id>.yml)."""

    id: str
    title: str
    audience: str
    when: str
    phases: tuple[ChecklistPhase, ...]
    changes: tuple[ChecklistChange, ...]

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Checklist:
        """Build from one schema-valid file: sections grouped under their phases, in file order."""
        sections = [ChecklistSection(s["id"], s["title"], s["phase"],
                                     tuple(ChecklistItem.from_data(i) for i in s["items"]))
                    for s in entry["sections"]]
        phases = tuple(ChecklistPhase(p["id"], p["title"],
                                      tuple(s for s in sections if s.phase == p["id"]))
                       for p in entry["phases"])
        changes = tuple(ChecklistChange(dt.date.fromisoformat(c["date"]), c["summary"])
                        for c in entry["changes"])
        return cls(entry["id"], entry["title"], entry["audience"], entry["when"], phases, changes)

    @property
    def sections(self) -> tuple[ChecklistSection, ...]:
        """Every section, in order, across phases."""
        return tuple(section for phase in self.phases for section in phase.sections)

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        """Every item, in order, across sections."""
        return tuple(item for section in self.sections for item in section.items)

    @property
    def minutes(self) -> int:
        """Sum of every item's time estimate (items without one count as 0)."""
        return sum(phase.minutes for phase in self.phases)

    @property
    def updated(self) -> dt.date:
        """Date of the newest change-log entry."""
        return max(change.date for change in self.changes)

    @property
    def version(self) -> str:
        """Newest change date plus a short hash of the items, so any edit to them shows."""
        # An item's controls count only when it has some, so unmapped checklists keep their versions.
        content = [[p.id, p.title, [[s.id, s.title, [[i.id, i.text, i.owner, i.detail, i.link,
                                                      i.minutes, i.client_note, *([list(i.controls)] if i.controls else [])]
                                                     for i in s.items]]
                                    for s in p.sections]]
                   for p in self.phases]
        digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
        return f"{self.updated.isoformat()}-{digest[:7]}"


@dataclass(frozen=True)
class BuildInfo:
    """Facts about this build that printed sheets carry: where the site lives, which commit."""

    site_url: str = ""
    commit: str = "uncommitted"
    # Pages live at x/index.html (True) or x.html (False, the offline build): links to files
    # made after the build are written relative to the page, so they depend on it.
    directory_urls: bool = True
    # The project folder (data/'s parent): where top_level_file reads CONTRIBUTING.md from.
    root: str = ""


@dataclass(frozen=True)
class Challenge:
    """A recurring MSP challenge and the strategies against it (data/challenges.yml)."""

    id: str
    name: str
    problem: str
    strategies: tuple[str, ...]

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Challenge:
        """Build from one schema-valid entry, freezing the strategy list."""
        return cls(**{**entry, "strategies": tuple(entry["strategies"])})


@dataclass(frozen=True)
class MdfFigure:
    """A marketing-fund or co-op figure a vendor publishes, and the listed source that gives it."""

    text: str
    source: Source


@dataclass(frozen=True)
class Program(Sourced):
    """A channel program MSPs join (data/programs.yml).

    `kind` names the comparison table it belongs in; `asks` and `gives` say what the program
    asks of a partner and what it gives, as its sources say; `mdf_figure` is set only when the
    vendor publishes a figure for marketing or co-op funds.
    """

    id: str
    vendor: str
    name: str
    website: str
    co_selling: str
    mdf: str
    kind: str | None = None
    tiers: tuple[str, ...] = ()
    also: str | None = None
    asks: str | None = None
    gives: str | None = None
    mdf_figure: MdfFigure | None = None

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Program:
        """Build from one schema-valid, loader-checked entry, resolving source references."""
        fields = cls.sourced_fields(entry)
        figure = None
        if "mdf_figure" in entry:
            source = cited_source(fields["sources"], entry["mdf_figure"]["source"])
            assert source is not None, "the loader checks every reference to a source"
            figure = MdfFigure(entry["mdf_figure"]["text"], source)
        plain = {k: v for k, v in entry.items()
                 if k not in ("sources", "checked", "note", "tiers", "mdf_figure")}
        return cls(**plain, **fields, tiers=tuple(entry.get("tiers", ())), mdf_figure=figure)


@dataclass(frozen=True)
class VendorPractice:
    """A practice for vendors running a channel program for MSPs (data/vendor_practices.yml)."""

    id: str
    name: str
    aim: str
    actions: tuple[str, ...]
    warning_sign: str

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> VendorPractice:
        """Build from one schema-valid entry, freezing the action list."""
        return cls(**{**entry, "actions": tuple(entry["actions"])})


@dataclass(frozen=True)
class MdfStep:
    """One stage of requesting market development funds (data/mdf_steps.yml)."""

    id: str
    name: str
    purpose: str
    actions: tuple[str, ...]
    outcome: str

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> MdfStep:
        """Build from one schema-valid entry, freezing the action list."""
        return cls(**{**entry, "actions": tuple(entry["actions"])})


@dataclass(frozen=True)
class GlossaryTerm:
    """A term of the MSP trade, its definition and the spellings that get a hover (data/glossary.yml)."""

    id: str
    term: str
    definition: str
    expansion: str | None = None
    # Exact spellings that get the hover definition on every page; None means the term itself.
    matches: tuple[str, ...] | None = None
    # The chapter that explains the term: a page path under docs/, optionally with an anchor.
    see: str | None = None

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> GlossaryTerm:
        """Build from one schema-valid entry, freezing the list of spellings."""
        matches = entry.get("matches")
        return cls(**{**entry, "matches": None if matches is None else tuple(matches)})

    @property
    def hover_spellings(self) -> tuple[str, ...]:
        """The spellings that get a hover: `matches`, or the term itself when not given."""
        return (self.term,) if self.matches is None else self.matches


@dataclass(frozen=True)
class ComparisonRow:
    """One aspect of a side-by-side comparison, with points for each side."""

    id: str
    aspect: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    """Two tool categories compared aspect by aspect (data/comparisons.yml)."""

    id: str
    title: str
    left: str
    right: str
    rows: tuple[ComparisonRow, ...]

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Comparison:
        """Build from one schema-valid entry, turning rows into records."""
        rows = tuple(ComparisonRow(r["id"], r["aspect"], tuple(r["left"]), tuple(r["right"]))
                     for r in entry["rows"])
        return cls(entry["id"], entry["title"], entry["left"], entry["right"], rows)


@dataclass(frozen=True)
class SelectionCriterion:
    """Something to weigh when choosing a tool, with questions to ask (data/selection_criteria.yml)."""

    id: str
    name: str
    summary: str
    questions: tuple[str, ...]

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> SelectionCriterion:
        """Build from one schema-valid entry, freezing the question list."""
        return cls(**{**entry, "questions": tuple(entry["questions"])})


@dataclass(frozen=True)
class Tag:
    """A tag pages may carry, and what it gathers (data/tags.yml)."""

    id: str
    description: str

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Tag:
        """Build from one schema-valid entry."""
        return cls(**entry)


@dataclass(frozen=True)
class StackRow:
    """What MSPs of one to three, about ten and about fifty people run in one tool category (data/stacks.yml)."""

    id: str
    category: str
    one_to_three: str
    ten: str
    fifty: str

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> StackRow:
        """Build from one schema-valid entry."""
        return cls(**entry)


@dataclass(frozen=True)
class Priority:
    """A ticket priority with its response and resolution targets (data/priority_matrix.yml)."""

    id: str
    name: str
    impact: str
    examples: tuple[str, ...]
    response: str
    resolution: str
    updates: str

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Priority:
        """Build from one schema-valid entry, freezing the example list."""
        return cls(**{**entry, "examples": tuple(entry["examples"])})


@dataclass(frozen=True)
class Kpi:
    """A KPI with its formula, an indicative range and the sources of that range (data/kpis.yml)."""

    id: str
    name: str
    formula: str
    range: str
    sources: tuple[Source, ...]

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Kpi:
        """Build from one schema-valid entry, turning each source's date text into a date."""
        sources = tuple(Source(s["title"], s["url"], dt.date.fromisoformat(s["read"]))
                        for s in entry["sources"])
        return cls(**{**entry, "sources": sources})


@dataclass(frozen=True)
class DealExample:
    """A worked example of a deal chapter: the values its formula takes (data/deal_examples.yml)."""

    id: str
    title: str
    page: str
    # The formula's parameters in order, each with its value (a tuple, so the record stays hashable).
    inputs: tuple[tuple[str, float], ...]
    sources: tuple[Source, ...] = ()
    note: str | None = None

    @property
    def values(self) -> dict[str, float]:
        """The inputs by name, as the formula takes them."""
        return dict(self.inputs)

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> DealExample:
        """Build from one schema-valid, loader-checked entry, turning each source's date text into a date."""
        sources = tuple(Source.from_data(s) for s in entry.get("sources", ()))
        return cls(id=entry["id"], title=entry["title"], page=entry["page"],
                   inputs=tuple((name, float(value)) for name, value in entry["values"].items()),
                   sources=sources, note=entry.get("note"))


@dataclass(frozen=True)
class FrameworkArea:
    """A client baseline control area and its place in four frameworks (data/frameworks.yml)."""

    id: str
    area: str
    action: str
    cis_ig1: str
    nist_csf: str
    essential_eight: str
    cyber_essentials: str

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> FrameworkArea:
        """Build from one schema-valid entry."""
        return cls(**entry)


@dataclass(frozen=True)
class Control:
    """One control of a framework that checklist items may name (data/controls.yml)."""

    id: str
    title: str
    label: str | None = None


@dataclass(frozen=True)
class Framework:
    """A framework's controls, where they were read and what is left out (data/controls.yml)."""

    id: str
    name: str
    short_name: str
    sources: tuple[Source, ...]
    note: str
    controls: tuple[Control, ...]

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Framework:
        """Build from one schema-valid entry, sources and controls as records."""
        return cls(**{**entry, "sources": tuple(Source.from_data(s) for s in entry["sources"]),
                      "controls": tuple(Control(**c) for c in entry["controls"])})

    def key(self, control: Control) -> str:
        """The control as checklist items name it: "<framework>:<control>"."""
        return f"{self.id}:{control.id}"

    def display(self, control: Control) -> str:
        """The control as a reader sees it on a checklist, such as "CIS 6.3"."""
        return f"{self.short_name} {control.label or control.id}"


@dataclass(frozen=True)
class CalculatorInput:
    """A field of a calculator: its name in formulas and links, label, unit, default and bounds."""

    name: str
    label: str
    unit: str
    default: float
    min: float
    max: float
    min_exclusive: bool = False
    max_exclusive: bool = False


@dataclass(frozen=True)
class CalculatorResult:
    """A number a calculator shows: its name in the formula, label, format and unit."""

    name: str
    label: str
    format: str
    unit: str = ""


@dataclass(frozen=True)
class Calculator:
    """A calculator and the chapter it belongs to (data/calculators.yml)."""

    id: str
    title: str
    page: str
    intro: str
    inputs: tuple[CalculatorInput, ...]
    results: tuple[CalculatorResult, ...]
    sources: tuple[Source, ...] = ()
    note: str | None = None

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Calculator:
        """Build from one schema-valid entry, inputs, results and sources as records."""
        return cls(**{**entry, "inputs": tuple(CalculatorInput(**i) for i in entry["inputs"]),
                      "results": tuple(CalculatorResult(**r) for r in entry["results"]),
                      "sources": tuple(Source.from_data(s) for s in entry.get("sources", ()))})


@dataclass(frozen=True)
class Clause:
    """A sample agreement clause of the library, with its options and pushback (data/clauses.yml)."""

    id: str
    title: str
    agreement: str
    purpose: str
    wording: tuple[str, ...]
    options: tuple[str, ...]
    pushback: tuple[str, ...]
    related: str
    notice: str
    background: str | None = None
    sources: tuple[Source, ...] = ()

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Clause:
        """Build from one schema-valid entry, lists as tuples and sources as records."""
        lists = {key: tuple(entry[key]) for key in ("wording", "options", "pushback")}
        sources = tuple(Source.from_data(s) for s in entry.get("sources", ()))
        return cls(**{**entry, **lists, "sources": sources})


@dataclass(frozen=True)
class TemplateTable:
    """A table in a library template: column headings and rows of cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class TemplateSection:
    """One section of a library template: a heading and any of paragraphs, points and a table."""

    heading: str
    text: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    table: TemplateTable | None = None


@dataclass(frozen=True)
class LibraryTemplate:
    """A form, matrix, price book, outline or procedure of the library (data/library_templates.yml)."""

    id: str
    title: str
    kind: str
    purpose: str
    related: str
    notice: str
    sections: tuple[TemplateSection, ...]
    background: str | None = None
    sources: tuple[Source, ...] = ()

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> LibraryTemplate:
        """Build from one schema-valid entry, with its sections, tables and sources as records."""
        sections = tuple(TemplateSection(
            heading=s["heading"], text=tuple(s.get("text", ())), items=tuple(s.get("items", ())),
            table=TemplateTable(tuple(s["table"]["columns"]), tuple(tuple(r) for r in s["table"]["rows"]))
            if "table" in s else None) for s in entry["sections"])
        sources = tuple(Source.from_data(s) for s in entry.get("sources", ()))
        return cls(**{**entry, "sections": sections, "sources": sources})


@dataclass(frozen=True)
class ScorecardCriterion:
    """One line of an interview scorecard: what is scored, its weight and what strong and weak look like."""

    criterion: str
    weight: int
    strong: str
    warning: str


@dataclass(frozen=True)
class HiringRole:
    """A role an MSP hires, in the order it usually hires it, with its interview scorecard (data/hiring_roles.yml)."""

    id: str
    role: str
    order: int
    hire_when: str
    frees: str
    criteria: tuple[ScorecardCriterion, ...]

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> HiringRole:
        """Build from one schema-valid entry."""
        criteria = tuple(ScorecardCriterion(**c) for c in entry["criteria"])
        return cls(**{**entry, "criteria": criteria})


@dataclass(frozen=True)
class Certification:
    """A certification, who awards it and the roles it matters for (data/certifications.yml)."""

    id: str
    name: str
    body: str
    level: str
    roles: tuple[str, ...]
    why: str
    source: Source | None = None
    note: str = ""

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> Certification:
        """Build from one schema-valid entry; no source means the body's page is not yet checked."""
        source = Source.from_data(entry["source"]) if "source" in entry else None
        return cls(**{**entry, "roles": tuple(entry["roles"]), "source": source})


@dataclass(frozen=True)
class OnCallExample:
    """An on-call rota whose monthly cost the hiring chapter works out under three pay models (data/oncall.yml)."""

    id: str
    title: str
    technicians: int
    callouts_per_week: float
    hours_per_callout: float
    overtime_multiplier: float
    stipend_per_week: float
    per_call_fee: float
    toil_ratio: float

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> OnCallExample:
        """Build from one schema-valid entry."""
        return cls(**entry)


@dataclass(frozen=True)
class StackOption:
    """One tool for a job: its licence, how it is priced, the time it takes and where the price comes from."""

    name: str
    licence: str
    basis: str
    monthly_price: float
    setup_hours: float
    admin_hours_per_month: float
    price_status: str
    sources: tuple[Source, ...] = ()

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> StackOption:
        """Build from one schema-valid option mapping."""
        return cls(**{**entry, "sources": tuple(Source.from_data(s) for s in entry.get("sources", ()))})


@dataclass(frozen=True)
class StackJob:
    """One job of a start-up MSP's stack, with a lean and a commercial option (data/lean_stack.yml)."""

    id: str
    job: str
    lean: StackOption
    commercial: StackOption
    free_tier_ends: str
    move_when: str

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> StackJob:
        """Build from one schema-valid entry."""
        return cls(**{**entry, "lean": StackOption.from_data(entry["lean"]),
                      "commercial": StackOption.from_data(entry["commercial"])})


@dataclass(frozen=True)
class StackScenario:
    """The size of MSP the stack comparison is worked out for (data/stack_scenarios.yml)."""

    id: str
    title: str
    clients: int
    endpoints: int
    technicians: int
    months: int

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> StackScenario:
        """Build from one schema-valid entry."""
        return cls(**entry)


@dataclass(frozen=True)
class Handbook:
    """Everything in data/, validated and cross-checked, loaded once per build."""

    categories: tuple[Category, ...]
    vendors: tuple[Vendor, ...]
    challenges: tuple[Challenge, ...]
    programs: tuple[Program, ...]
    vendor_practices: tuple[VendorPractice, ...]
    mdf_steps: tuple[MdfStep, ...]
    checklists: tuple[Checklist, ...]
    glossary: tuple[GlossaryTerm, ...]
    comparisons: tuple[Comparison, ...]
    selection_criteria: tuple[SelectionCriterion, ...]
    tags: tuple[Tag, ...]
    stacks: tuple[StackRow, ...]
    priority_matrix: tuple[Priority, ...]
    kpis: tuple[Kpi, ...]
    frameworks: tuple[FrameworkArea, ...]
    calculators: tuple[Calculator, ...] = ()
    controls: tuple[Framework, ...] = ()
    clauses: tuple[Clause, ...] = ()
    library_templates: tuple[LibraryTemplate, ...] = ()
    deal_examples: tuple[DealExample, ...] = ()
    hiring_roles: tuple[HiringRole, ...] = ()
    certifications: tuple[Certification, ...] = ()
    oncall: tuple[OnCallExample, ...] = ()
    lean_stack: tuple[StackJob, ...] = ()
    stack_scenarios: tuple[StackScenario, ...] = ()
    # Keep last (site URL and git commit of this build).
    build: BuildInfo = BuildInfo()

    def category(self, category_id: str) -> Category:
        """The category with this ID (IDs were checked when loading)."""
        return next(c for c in self.categories if c.id == category_id)

    def vendors_in(self, category_id: str) -> tuple[Vendor, ...]:
        """Vendors of one category, in file order."""
        return tuple(v for v in self.vendors if v.category == category_id)

    def framework(self, framework_id: str) -> Framework | None:
        """The framework of data/controls.yml with this ID, or None."""
        return next((f for f in self.controls if f.id == framework_id), None)

    def control_display(self, key: str) -> str:
        """A "<framework>:<control>" key as a reader sees it, such as "CIS 6.3" (keys were checked when loading)."""
        framework_id, _, control_id = key.partition(":")
        framework = self.framework(framework_id)
        control = next((c for c in framework.controls if c.id == control_id), None) if framework else None
        return framework.display(control) if framework and control else key

    def checklist(self, checklist_id: str) -> Checklist | None:
        """The checklist with this ID, or None."""
        return next((c for c in self.checklists if c.id == checklist_id), None)
