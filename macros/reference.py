"""The macro reference for authors: built from MACROS, docstrings, signatures and reference.yml."""
from __future__ import annotations

import inspect
import posixpath
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import MacroArgumentError
from .loading import validate
from .records import Handbook
from .rendering import TrustedMarkdown, render_template
from .yamlfile import read_yaml

REFERENCE_FILE = Path(__file__).parent / "reference.yml"
REFERENCE_SCHEMA = Path(__file__).parent / "reference.schema.json"
# The page that shows the reference; problems point authors there.
REFERENCE_PAGE = "docs/contributing/macros.md"


@dataclass(frozen=True)
class Argument:
    """One argument a page may pass to a macro."""

    name: str
    type: str
    default: str
    description: str


@dataclass(frozen=True)
class Example:
    """One documented call of a macro and what it renders."""

    call: str
    note: str
    source: TrustedMarkdown
    output: TrustedMarkdown
    # False for a macro whose output is a whole page (top_level_file): the call is shown alone.
    live: bool = True


@dataclass(frozen=True)
class MacroDoc:
    """Everything the reference page says about one macro."""

    name: str
    summary: str
    arguments: tuple[Argument, ...]
    examples: tuple[Example, ...]
    documented: bool


def registered_macros() -> Mapping[str, Callable[..., Any]]:
    """The MACROS registry of macros/__init__.py (imported late: that module imports this one)."""
    from . import MACROS

    return MACROS


def load_reference(path: Path = REFERENCE_FILE) -> dict[str, Any]:
    """The documentation entries of reference.yml, validated against its schema."""
    doc = read_yaml(path, f"macros/{path.name}")
    validate(doc, json.loads(REFERENCE_SCHEMA.read_text(encoding="utf-8")))
    return doc.value


def page_parameters(function: Callable[..., Any]) -> list[inspect.Parameter]:
    """The parameters a page passes: all but the Handbook that comes first."""
    return list(inspect.signature(function).parameters.values())[1:]


def reference_problems(macros: Mapping[str, Callable[..., Any]] | None = None,
                       entries: Mapping[str, Any] | None = None) -> list[str]:
    """What is missing or stale in reference.yml compared with the registered macros."""
    macros = registered_macros() if macros is None else macros
    entries = load_reference() if entries is None else entries
    problems = []
    for name, function in macros.items():
        if name not in entries:
            problems.append(f'macros/reference.yml: macro "{name}" is registered in macros/__init__.py '
                            "but not documented; expected an entry with its arguments and an example")
            continue
        given = {p.name for p in page_parameters(function)}
        described = set(entries[name]["arguments"])
        for missing in sorted(given - described):
            problems.append(f'macros/reference.yml: macro "{name}", argument "{missing}" is not described; '
                            "expected a line saying what it expects")
        for extra in sorted(described - given):
            problems.append(f'macros/reference.yml: macro "{name}" has no argument "{extra}"; '
                            f"expected only: {', '.join(sorted(given)) or 'no arguments'}")
        if not (function.__doc__ or "").strip():
            problems.append(f'macro "{name}" ({function.__module__}.{function.__name__}) has no docstring; '
                            "expected a one-line summary, shown in the reference")
    for name in entries:
        if name not in macros:
            problems.append(f'macros/reference.yml: "{name}" is documented but not registered; '
                            "expected the name of a macro in MACROS of macros/__init__.py")
    return problems


def documented_macros() -> frozenset[str]:
    """Names a page may call: registered in MACROS and documented in reference.yml."""
    return frozenset(registered_macros()) & frozenset(load_reference())


def example_environment(handbook: Handbook) -> jinja2.Environment:
    """A sandboxed environment in which every registered macro is callable, as on a page."""
    env = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    env.globals.update({name: partial(function, handbook) for name, function in registered_macros().items()})
    return env


def render_example(handbook: Handbook, call: str) -> str:
    """What `{{ call }}` renders to on a page."""
    return example_environment(handbook).from_string("{{ " + call + " }}").render()


def _html_link(home: str) -> str:
    """A raw-HTML link from the reference page to the built `home` page (MkDocs leaves raw HTML alone)."""
    home_url = home.removesuffix(".md").removesuffix("index").rstrip("/") + "/"
    page_url = REFERENCE_PAGE.removeprefix("docs/").removesuffix(".md") + "/"
    return posixpath.relpath(home_url, page_url) + "/"


def _argument(parameter: inspect.Parameter, description: str) -> Argument:
    """An Argument from a signature parameter and its description."""
    annotation = parameter.annotation
    shown_type = "" if annotation is inspect.Parameter.empty else str(getattr(annotation, "__name__", annotation))
    default = "required" if parameter.default is inspect.Parameter.empty else repr(parameter.default)
    return Argument(parameter.name, shown_type, default, description)


def describe(handbook: Handbook, name: str, function: Callable[..., Any], entry: Mapping[str, Any] | None,
             live: bool = True) -> MacroDoc:
    """The reference entry of one macro, with its examples rendered when `live`."""
    summary = (function.__doc__ or "").strip().splitlines()[0] if function.__doc__ else ""
    if entry is None:
        arguments = tuple(_argument(p, "") for p in page_parameters(function))
        return MacroDoc(name, summary, arguments, (), documented=False)
    arguments = tuple(_argument(p, entry["arguments"].get(p.name, "")) for p in page_parameters(function))
    examples = []
    for example in entry["examples"]:
        call = example["call"]
        shown = example.get("live", True)
        output = str(render_example(handbook, call)) if live and shown else ""
        if "home" in example:
            # Same-page anchors point at headings of the macro's home page, not of this one.
            home = example["home"]
            output = output.replace("](#", f"](/{home}#").replace('href="#', f'href="{_html_link(home)}#')
        # Not indented: the tab is a pymdownx.blocks tab (`/// tab`), so raw HTML in the example
        # (a checklist's sheet) starts its lines and md_in_html reads it, leaving no `markdown` attribute.
        examples.append(Example(call, example.get("note", ""),
                                TrustedMarkdown("{{ " + call + " }}"),
                                TrustedMarkdown(output), shown))
    return MacroDoc(name, summary, arguments, tuple(examples), documented=True)


def macro_reference(handbook: Handbook, only: str | None = None) -> str:
    """Reference of every registered macro: summary, arguments and live examples."""
    macros = registered_macros()
    entries = load_reference()
    if only is not None and only not in macros:
        raise MacroArgumentError(f'macro_reference: argument "only" is {only!r}; expected the name of '
                                 f"a registered macro: {', '.join(sorted(macros))}")
    if only == "macro_reference":
        raise MacroArgumentError('macro_reference: argument "only" cannot be "macro_reference" '
                                 "(it would include itself); expected the name of another macro")
    names = [only] if only else sorted(macros)
    docs = [describe(handbook, name, macros[name], entries.get(name)) for name in names]
    return render_template("macro_reference.md.j2", docs=docs, heading_level=TrustedMarkdown("###" if only else "##"))
