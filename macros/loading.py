"""Load data/ once per build: parse, validate against data/schema/, check IDs and references."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import difflib
import json
import re
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import jsonschema

from .errors import DataError, DataProblem
from .records import (BuildInfo, Category, Challenge, Checklist, Handbook, MdfStep, Program,
                      Vendor, VendorPractice)
from .records import Calculator, Clause, Comparison, Framework, FrameworkArea, GlossaryTerm, Kpi, LibraryTemplate, DealExample, Priority, SelectionCriterion, StackRow, Tag
from .records import Certification, HiringRole, OnCallExample, StackJob, StackScenario
from .yamlfile import YamlDocument, read_yaml
from .calculators import check_calculators
from .deals import check_deal_examples


@dataclass(frozen=True)
class Reference:
    """A field whose value (or each value of a list) must be an ID of another subject."""

    field: str
    target: str


@dataclass(frozen=True)
class Subject:
    """One kind of data: data/<name>.yml, validated by data/schema/<name>.schema.json.

    A folder subject is data/<name>/<id>.yml instead, each file a single mapping whose
    `id` is the file name, validated by data/schema/<schema>.schema.json.
    """

    name: str
    build: Callable[[dict[str, Any]], Any]
    references: tuple[Reference, ...] = ()
    folder: bool = False
    schema: str | None = None
    # Extra checks on one parsed, schema-valid file, given what the checks may compare it with.
    check: Callable[[YamlDocument, "CheckContext"], None] | None = None


@dataclass(frozen=True)
class CheckContext:
    """What data checks compare against: the pages in docs/ (None: unknown) and the day it is."""

    pages: frozenset[str] | None
    today: dt.date
    # Every "<framework>:<control>" of data/controls.yml (None: not loaded, nothing to check against).
    controls: frozenset[str] | None = None


def pages_in(docs_dir: Path | None) -> frozenset[str] | None:
    """Every page under `docs_dir` as a path relative to it, read once per load (None without docs/)."""
    if docs_dir is None:
        return None
    return frozenset(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))


def check_page_link(doc: YamlDocument, pages: frozenset[str], path: Sequence[str | int], link: str,
                    entry: str, field: str) -> None:
    """Raise DataError unless `link` (a page path under docs/, optionally with #anchor) names a page."""
    page = link.partition("#")[0]
    if page in pages:
        return
    close = difflib.get_close_matches(page, sorted(pages), n=1)
    hint = f'did you mean "{close[0]}"? ' if close else ""
    raise DataError(DataProblem(
        doc.file, f'"{link}" is not a page in docs/; {hint}expected the path of a chapter '
        'under docs/ that explains the item, such as "tools/rmm.md"',
        line=doc.line_of(list(path)), entry=entry, field=field))


def check_checklist(doc: YamlDocument, context: CheckContext) -> None:
    """IDs unique; sections name a phase, in phase order; every `link` names a page in docs/."""
    sections = doc.value["sections"]
    check_unique_ids(doc, [(("sections", s, "items", i), item)
                           for s, section in enumerate(sections)
                           for i, item in enumerate(section["items"])], scope="this checklist")
    check_unique_ids(doc, [(("phases", p), phase) for p, phase in enumerate(doc.value["phases"])],
                     scope="the phases of this checklist")
    check_phases(doc)
    if context.controls is not None:
        check_item_controls(doc, context.controls)
    if context.pages is None:  # data loaded on its own (a data-only test): no pages to check
        return
    for s, section in enumerate(sections):
        for i, item in enumerate(section["items"]):
            if "link" in item:
                check_page_link(doc, context.pages, ("sections", s, "items", i, "link"), item["link"],
                                item["id"], "link")


def check_item_controls(doc: YamlDocument, controls: frozenset[str]) -> None:
    """Raise DataError for the first item control that data/controls.yml does not list."""
    for s, section in enumerate(doc.value["sections"]):
        for i, item in enumerate(section["items"]):
            for c, key in enumerate(item.get("controls", ())):
                if key in controls:
                    continue
                framework = key.partition(":")[0]
                frameworks = sorted({known.partition(":")[0] for known in controls})
                same = sorted(known for known in controls if known.startswith(framework + ":"))
                # A suggestion the item does not already name.
                close = difflib.get_close_matches(key, [k for k in same if k not in item["controls"]], n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                where = (f"is not a control of \"{framework}\" in data/controls.yml{hint}" if same else
                         f'names no framework of data/controls.yml; expected one of: {", ".join(frameworks)}')
                raise DataError(DataProblem(
                    doc.file, f'"{key}" {where}; expected a framework id, a colon and a control id listed '
                    'in data/controls.yml, such as "cis:6.3", or the control added there with its source',
                    line=doc.line_of(["sections", s, "items", i, "controls", c]), entry=item["id"], field="controls"))


def check_controls(doc: YamlDocument, context: CheckContext) -> None:
    """Sources read by today; control IDs unique within each framework."""
    for index, framework in enumerate(doc.value):
        for number, source in enumerate(framework["sources"]):
            if dt.date.fromisoformat(source["read"]) > context.today:
                raise DataError(DataProblem(
                    doc.file, f'"{source["read"]}" is in the future; expected the day the page was read, '
                    f"on or before today ({context.today.isoformat()})",
                    line=doc.line_of([index, "sources", number, "read"]), entry=framework["id"], field="sources.read"))
        check_unique_ids(doc, [((index, "controls", c), control) for c, control in enumerate(framework["controls"])],
                         scope=f'the controls of "{framework["id"]}"')


def check_glossary(doc: YamlDocument, context: CheckContext) -> None:
    """Every term's `see` names a page that exists in docs/."""
    if context.pages is None:
        return
    for i, term in enumerate(doc.value):
        if "see" in term:
            check_page_link(doc, context.pages, (i, "see"), term["see"], term["id"], "see")


def check_phases(doc: YamlDocument) -> None:
    """Each section names a listed phase; sections follow the phases' order; no phase is empty."""
    phase_ids = [phase["id"] for phase in doc.value["phases"]]
    sections = doc.value["sections"]
    reached = 0
    for s, section in enumerate(sections):
        line = doc.line_of(["sections", s, "phase"])
        phase = section["phase"]
        if phase not in phase_ids:
            raise DataError(DataProblem(
                doc.file, f'"{phase}" is not a phase of this checklist; expected one of: '
                f"{', '.join(phase_ids)} (the ids under phases:)",
                line=line, entry=section["id"], field="phase"))
        if phase_ids.index(phase) < reached:
            raise DataError(DataProblem(
                doc.file, f'phase "{phase}" is listed before "{phase_ids[reached]}", which an '
                "earlier section uses; expected the sections in the order of phases:, each "
                "phase's sections together",
                line=line, entry=section["id"], field="phase"))
        reached = phase_ids.index(phase)
    used = {section["phase"] for section in sections}
    for p, phase_id in enumerate(phase_ids):
        if phase_id not in used:
            raise DataError(DataProblem(
                doc.file, "no section belongs to this phase; expected at least one section "
                f'with "phase: {phase_id}", or the phase removed',
                line=doc.key_line(("phases", p), "id"), entry=phase_id, field="id"))


def _cited(sources: list[dict[str, Any]], reference: int | str) -> dict[str, Any] | None:
    """The source mapping a reference names (its number from 1, or its url), or None."""
    if isinstance(reference, int):
        return sources[reference - 1] if reference <= len(sources) else None
    return next((source for source in sources if source["url"] == reference), None)


def _reference_problem(sources: list[dict[str, Any]], reference: int | str) -> str:
    """Why a reference names no listed source, for the contributor."""
    if isinstance(reference, int):
        return (f"{reference} is not the number of a listed source (this entry lists {len(sources)}); "
                "expected the number of an entry of `sources`, 1 for the first, or its url")
    return (f'"{reference}" is not the url of a listed source; expected the number of an entry '
            "of `sources`, 1 for the first, or the exact url of one of them")


def check_sources(doc: YamlDocument, context: CheckContext) -> None:
    """Sources read by today; every reference names a listed source; a check matches its source.

    An entry without a check needs a `note` saying what is uncertain, so "Not yet checked"
    always comes with the reason.
    """
    today = context.today
    for index, entry in enumerate(doc.value):
        sources = entry["sources"]

        def fail(path: list[str | int], field: str, problem: str) -> NoReturn:
            raise DataError(DataProblem(doc.file, problem, line=doc.line_of([index, *path]),
                                        entry=entry["id"], field=field))

        for number, source in enumerate(sources):
            if dt.date.fromisoformat(source["read"]) > today:
                fail(["sources", number, "read"], "sources.read", f'"{source["read"]}" is in the future; '
                     f"expected the day the page was read, on or before today ({today.isoformat()})")
        owner_source = entry.get("owner", {}).get("source")
        if owner_source is not None and _cited(sources, owner_source) is None:
            fail(["owner", "source"], "owner.source", _reference_problem(sources, owner_source))
        figure_source = entry.get("mdf_figure", {}).get("source")
        if figure_source is not None and _cited(sources, figure_source) is None:
            fail(["mdf_figure", "source"], "mdf_figure.source", _reference_problem(sources, figure_source))
        checked = entry.get("checked")
        if checked is None:
            if not entry.get("note"):
                fail([], "note", "the entry has no check and no note; expected `checked` with a "
                     "listed source, or a `note` saying what is not yet confirmed")
            continue
        if dt.date.fromisoformat(checked["date"]) > today:
            fail(["checked", "date"], "checked.date", f'"{checked["date"]}" is in the future; expected the '
                 f"day a listed source was read and confirmed the entry, on or before today ({today.isoformat()})")
        source = _cited(sources, checked["source"])
        if source is None:
            fail(["checked", "source"], "checked.source", _reference_problem(sources, checked["source"]))
        elif source["read"] != checked["date"]:
            fail(["checked", "date"], "checked.date", f'"{checked["date"]}" differs from the day its source '
                 f'was read ({source["read"]}); expected a check date equal to the read date of the '
                 "source that confirmed the entry")


def check_library(doc: YamlDocument, context: CheckContext) -> None:
    """Sources read by today; every table row has one cell per column; `related` names a page."""
    for index, entry in enumerate(doc.value):
        for number, source in enumerate(entry.get("sources", ())):
            if dt.date.fromisoformat(source["read"]) > context.today:
                raise DataError(DataProblem(
                    doc.file, f'"{source["read"]}" is in the future; expected the day the page was read, '
                    f"on or before today ({context.today.isoformat()})",
                    line=doc.line_of([index, "sources", number, "read"]), entry=entry["id"], field="sources.read"))
        for s, section in enumerate(entry.get("sections", ())):
            table = section.get("table")
            for r, row in enumerate(table["rows"] if table else ()):
                if len(row) != len(table["columns"]):
                    raise DataError(DataProblem(
                        doc.file, f"this row has {len(row)} cells; expected one per column "
                        f"({len(table['columns'])}: {', '.join(table['columns'])})",
                        line=doc.line_of([index, "sections", s, "table", "rows", r]), entry=entry["id"], field="rows"))
        if context.pages is not None:
            check_page_link(doc, context.pages, (index, "related"), entry["related"], entry["id"], "related")


def check_hiring_roles(doc: YamlDocument, context: CheckContext) -> None:
    """Each role's scorecard weights add up to 100, and no two roles share an `order`."""
    orders: dict[int, str] = {}
    for index, role in enumerate(doc.value):
        total = sum(c["weight"] for c in role["criteria"])
        if total != 100:
            raise DataError(DataProblem(
                doc.file, f"the criteria weights add up to {total}; expected weights that add up to 100",
                line=doc.line_of([index, "criteria"]), entry=role["id"], field="criteria"))
        if role["order"] in orders:
            raise DataError(DataProblem(
                doc.file, f'order {role["order"]} is already the order of "{orders[role["order"]]}"; '
                "expected each role to have its own place in the hiring order",
                line=doc.line_of([index, "order"]), entry=role["id"], field="order"))
        orders[role["order"]] = role["id"]


def check_dated_sources(doc: YamlDocument, context: CheckContext) -> None:
    """Every `read` date anywhere in the file is on or before today."""
    def walk(value: Any, path: list[str | int]) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("read"), str) and "url" in value:
                if dt.date.fromisoformat(value["read"]) > context.today:
                    raise DataError(DataProblem(
                        doc.file, f'"{value["read"]}" is in the future; expected the day the page was read, '
                        f"on or before today ({context.today.isoformat()})",
                        line=doc.line_of([*path, "read"]), entry=_entry_id(doc.value, path), field="read"))
            for key, item in value.items():
                walk(item, [*path, key])
        elif isinstance(value, list):
            for number, item in enumerate(value):
                walk(item, [*path, number])
    walk(doc.value, [])


# Every data file of the handbook. Adding a subject: a record class in records.py,
# a field of the same name on Handbook, a schema, a data file and a line here.
SUBJECTS: tuple[Subject, ...] = (
    Subject("categories", Category.from_data),
    # Before the checklists, whose items name its controls.
    Subject("controls", Framework.from_data, check=check_controls),
    Subject("vendors", Vendor.from_data, (Reference("category", "categories"),), check=check_sources),
    Subject("checklists", Checklist.from_data, folder=True, schema="checklist", check=check_checklist),
    Subject("challenges", Challenge.from_data),
    Subject("programs", Program.from_data, check=check_sources),
    Subject("vendor_practices", VendorPractice.from_data),
    Subject("mdf_steps", MdfStep.from_data),
    Subject("glossary", GlossaryTerm.from_data, check=check_glossary),
    Subject("comparisons", Comparison.from_data,
            (Reference("left", "categories"), Reference("right", "categories"))),
    Subject("selection_criteria", SelectionCriterion.from_data),
    Subject("tags", Tag.from_data),
    Subject("stacks", StackRow.from_data, (Reference("category", "categories"),)),
    Subject("priority_matrix", Priority.from_data),
    Subject("kpis", Kpi.from_data),
    Subject("frameworks", FrameworkArea.from_data),
    Subject("calculators", Calculator.from_data, check=check_calculators),
    Subject("clauses", Clause.from_data, check=check_library),
    Subject("library_templates", LibraryTemplate.from_data, check=check_library),
    Subject("deal_examples", DealExample.from_data, check=check_deal_examples),
    Subject("hiring_roles", HiringRole.from_data, check=check_hiring_roles),
    Subject("certifications", Certification.from_data, (Reference("roles", "hiring_roles"),),
            check=check_dated_sources),
    Subject("oncall", OnCallExample.from_data),
    Subject("lean_stack", StackJob.from_data, check=check_dated_sources),
    Subject("stack_scenarios", StackScenario.from_data),
)


@cache
def _schema(schema_path: Path) -> dict[str, Any]:
    """The JSON Schema at `schema_path` (read once per process)."""
    return json.loads(schema_path.read_text(encoding="utf-8"))


def _entry_id(value: Any, path: Sequence[str | int]) -> str | None:
    """ID of the innermost entry on `path`: its `id`, or its position if it has none."""
    found: str | None = None
    node = value
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            ident = node.get("id")
            if isinstance(ident, str):
                found = ident
            elif found is None and isinstance(step, int):  # a nested mapping keeps its entry's id
                found = f"#{step + 1}"
    return found


def _expected(schema: dict[str, Any], fallback: str) -> str:
    """What a schema node asks for, in words: its description, or `fallback`."""
    return str(schema.get("description") or fallback)


def _problem_from(error: jsonschema.ValidationError, doc: YamlDocument) -> DataProblem:
    """Turn one schema violation into a contributor-facing problem with a line."""
    path = list(error.absolute_path)
    entry = _entry_id(doc.value, path)
    field = next((str(step) for step in reversed(path) if isinstance(step, str)), None)
    if error.validator == "required":
        props = error.schema.get("properties", {})
        missing = next(name for name in error.validator_value if name not in error.instance)
        return DataProblem(doc.file, "this required field is missing; expected "
                           + _expected(props.get(missing, {}), "a value"),
                           line=doc.line_of(path), entry=entry, field=missing)
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = next(k for k in error.instance if k not in allowed)
        close = difflib.get_close_matches(str(unknown), allowed, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        return DataProblem(doc.file, f"unknown field{hint}; expected one of: {', '.join(allowed)}",
                           line=doc.key_line(path, str(unknown)), entry=entry, field=str(unknown))
    if not path:
        return DataProblem(doc.file, f"the file holds {_kind(error.instance)}; expected "
                           + _expected(error.schema, "data of another shape"), line=doc.line_of(path))
    shown = json.dumps(error.instance, ensure_ascii=False)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if error.validator == "type":
        problem = f"{shown} is {_kind(error.instance)}"
    elif error.validator == "format":
        problem = f"{shown} is not a valid {error.validator_value}"
    elif error.validator == "enum":
        problem = f"{shown} is not one of the allowed values ({', '.join(map(str, error.validator_value))})"
    else:
        problem = f"{shown} does not fit"
    return DataProblem(doc.file, f"{problem}; expected " + _expected(error.schema, error.message),
                       line=doc.line_of(path), entry=entry, field=field)


def _kind(value: Any) -> str:
    """A plain-English name for the type of a YAML value."""
    names = {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
             int: "a number", float: "a number", type(None): "nothing (null)"}
    return names.get(type(value), type(value).__name__)


def validate(doc: YamlDocument, schema: dict[str, Any]) -> None:
    """Raise DataError for the first schema violation in file order."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(doc.value))
    if errors:
        first = min(errors, key=lambda e: (doc.line_of(list(e.absolute_path)), -len(e.absolute_path)))
        raise DataError(_problem_from(first, doc))


# Characters no text in data needs, that can make a name or an address read as something else:
# bidirectional overrides and isolates, zero-width and other invisible format characters, controls.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cs", "Zl", "Zp"})
_ALLOWED_CONTROLS = frozenset("\n\t")
# Letters and symbols that draw nothing: the Hangul fillers, the blank braille pattern.
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every text value in `value` with its path, keys included as the path of their value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, path)
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _character_name(character: str) -> str:
    """The Unicode name of a character, or what kind it is when it has none (controls, private use)."""
    kinds = {"Cc": "a control character", "Co": "a private-use character", "Cs": "a surrogate"}
    return unicodedata.name(character, kinds.get(unicodedata.category(character), "unnamed"))


# The ASCII characters of _INVISIBLE_CATEGORIES (controls, Cc) other than _ALLOWED_CONTROLS:
# ASCII text is searched for these at once instead of character by character.
_ASCII_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def text_problem(text: str) -> str | None:
    """Why `text` may not stand in data (an invisible or direction-changing character, a look-alike host), or None."""
    if text.isascii():
        found = _ASCII_INVISIBLE.search(text)
        characters = text[found.start()] if found else ""
    else:
        characters = text
    for character in characters:
        if character in _BLANKS or (character not in _ALLOWED_CONTROLS
                                    and unicodedata.category(character) in _INVISIBLE_CATEGORIES):
            return (f"holds the invisible character U+{ord(character):04X} ({_character_name(character)}), "
                    "which can make text read differently from what it says; expected visible text only")
    if text.lower().startswith(("http://", "https://")):
        try:
            host = urlsplit(text).hostname or ""
        except ValueError:  # a host with characters that normalise into separators, such as "／"
            host = text.split("//", 1)[1].split("/", 1)[0]
        if not host.isascii():
            return (f'the web address\'s host "{host.encode("ascii", "backslashreplace").decode()}" holds '
                    "non-ASCII letters, which can imitate another site's name; expected the host as its "
                    "owner publishes it in ASCII (punycode, xn--, for an international name)")
    return None


def check_text(doc: YamlDocument) -> None:
    """Raise DataError for the first text in `doc` with an invisible character or a look-alike web address."""
    for path, text in _strings(doc.value):
        problem = text_problem(text)
        if problem:
            field = next((str(step) for step in reversed(path) if isinstance(step, str)), None)
            raise DataError(DataProblem(doc.file, problem, line=doc.line_of(list(path)),
                                        entry=_entry_id(doc.value, path), field=field))


def check_unique_ids(doc: YamlDocument, entries: Iterable[tuple[Sequence[str | int], dict[str, Any]]],
                     scope: str = "this file") -> None:
    """Raise DataError when two of `entries` (path, mapping) share an `id`."""
    seen: dict[str, int] = {}
    for path, entry in entries:
        line = doc.key_line(path, "id")
        ident = entry["id"]
        if ident in seen:
            raise DataError(DataProblem(
                doc.file, f"duplicate ID, already used at line {seen[ident]}; "
                f"expected each id to be unique in {scope}", line=line, entry=ident, field="id"))
        seen[ident] = line


_checked: dict[tuple[str, str, str], YamlDocument] = {}
# Enough for every file of a few handbooks; past it the memory is simply started again.
_CHECKED_LIMIT = 512


def checked_document(path: Path, display: str, schema_path: Path) -> YamlDocument:
    """One data file read, its text checked and validated against its schema; remembered per process.

    These checks depend on the file's and the schema's bytes alone, so the loads that repeat in
    one process (the tests' many small projects, Zensical's define_env per page) parse and validate
    an unchanged file once. Checks that look beyond the file (pages, references) run every time.
    """
    key = (display, hashlib.sha256(path.read_bytes()).hexdigest(), hashlib.sha256(schema_path.read_bytes()).hexdigest())
    if key not in _checked:
        doc = read_yaml(path, display)
        check_text(doc)
        validate(doc, _schema(schema_path))
        if len(_checked) >= _CHECKED_LIMIT:
            _checked.clear()
        _checked[key] = doc
    return _checked[key]


def load_subject(data_dir: Path, subject: Subject,
                 context: CheckContext) -> tuple[YamlDocument, tuple[Any, ...]]:
    """Read, validate, check and build the records of one subject's file."""
    path = data_dir / f"{subject.name}.yml"
    display = f"{data_dir.name}/{path.name}"
    if not path.is_file():
        raise DataError(DataProblem(display, "the file is missing; expected a YAML file here"))
    doc = checked_document(path, display, data_dir / "schema" / f"{subject.name}.schema.json")
    check_unique_ids(doc, [((i,), e) for i, e in enumerate(doc.value)])
    if subject.check:
        subject.check(doc, context)
    return doc, tuple(subject.build(entry) for entry in doc.value)


def load_folder(data_dir: Path, subject: Subject, context: CheckContext) -> tuple[Any, ...]:
    """Read, validate and build every data/<name>/<id>.yml of a folder subject, by file name."""
    folder = data_dir / subject.name
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    if not files:
        raise DataError(DataProblem(f"{data_dir.name}/{subject.name}/",
                                    "no .yml files found; expected a folder of YAML files, one per entry"))
    schema = data_dir / "schema" / f"{subject.schema or subject.name}.schema.json"
    records = []
    for path in files:
        doc = checked_document(path, f"{data_dir.name}/{subject.name}/{path.name}", schema)
        if doc.value["id"] != path.stem:
            raise DataError(DataProblem(
                doc.file, f'"{doc.value["id"]}" differs from the file name; expected the id to equal '
                f'the file name without .yml ("{path.stem}"), or the file to be renamed',
                line=doc.line_of(["id"]), entry=doc.value["id"], field="id"))
        if subject.check:
            subject.check(doc, context)
        records.append(subject.build(doc.value))
    return tuple(records)


def git_commit(project: Path) -> str:
    """Short commit of the project's checkout, or "uncommitted" without git or history."""
    try:
        result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=project,
                                capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "uncommitted"
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and commit else "uncommitted"


def check_references(docs: dict[str, YamlDocument], subjects: Sequence[Subject]) -> None:
    """Raise DataError for the first reference to an ID that does not exist."""
    ids = {name: [e["id"] for e in doc.value] for name, doc in docs.items()}
    for subject in subjects:
        doc = docs[subject.name]
        for ref in subject.references:
            for index, entry in enumerate(doc.value):
                values = entry.get(ref.field)
                for value in values if isinstance(values, list) else [] if values is None else [values]:
                    if value not in ids[ref.target]:
                        raise DataError(DataProblem(
                            doc.file, f'"{value}" is not an ID in {docs[ref.target].file}; '
                            f"expected one of: {', '.join(ids[ref.target])}",
                            line=doc.line_of([index, ref.field]), entry=entry["id"], field=ref.field))


def load_handbook(data_dir: Path, site_url: str = "", docs_dir: Path | None = None,
                  directory_urls: bool = True, today: dt.date | None = None) -> Handbook:
    """Every subject of data/, validated and cross-checked, as one Handbook.

    With `docs_dir`, links from data to pages (checklist items, glossary terms) are checked against it.
    `today` bounds the dates sources were read (the real date unless a test fixes one).
    """
    context = CheckContext(pages_in(docs_dir), today or dt.date.today())
    docs: dict[str, YamlDocument] = {}
    records: dict[str, tuple[Any, ...]] = {}
    for subject in SUBJECTS:
        if subject.folder:
            records[subject.name] = load_folder(data_dir, subject, context)
            continue
        # load_subject runs the subject's check before building, so records see only checked data.
        docs[subject.name], records[subject.name] = load_subject(data_dir, subject, context)
        if subject.name == "controls":
            context = replace(context, controls=frozenset(f.key(c) for f in records["controls"] for c in f.controls))
    check_references(docs, [subject for subject in SUBJECTS if not subject.folder])
    # git is asked once per build; printed checklists carry the commit.
    return Handbook(**records, build=BuildInfo(site_url, git_commit(data_dir.parent), directory_urls, str(data_dir.parent)))


def _content_key(data_dir: Path, docs_dir: Path | None) -> str:
    """What a loaded handbook depends on: every data file's name and bytes, and the pages' names."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for page in sorted(docs_dir.rglob("*.md")) if docs_dir is not None else []:
        digest.update(b"page:" + page.relative_to(docs_dir).as_posix().encode() + b"\0")
    return digest.hexdigest()


_loaded: dict[tuple[Any, ...], Handbook] = {}


def handbook_for_build(data_dir: Path, site_url: str, docs_dir: Path | None, directory_urls: bool) -> Handbook:
    """The handbook for a build, loaded once per process for the same data and pages.

    Zensical runs define_env for every page it renders, `mkdocs serve` for every rebuild, and
    the pre- and post-build steps once each: all get the same records back while the data files'
    bytes and the set of pages are unchanged, with this checkout's own build facts.
    """
    key = (_content_key(data_dir, docs_dir), site_url, directory_urls, dt.date.today())
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = load_handbook(data_dir, site_url, docs_dir, directory_urls)
    handbook = _loaded[key]
    build = BuildInfo(site_url, git_commit(data_dir.parent), directory_urls, str(data_dir.parent))
    return handbook if handbook.build == build else dataclasses.replace(handbook, build=build)
