"""Pages render in an allowlisted, sandboxed Jinja environment: the handbook's macros and plain page facts only."""
from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError, safe_range
from mkdocs.structure.pages import Page
from mkdocs_macros.errors import format_error
from mkdocs_macros.plugin import MacrosPlugin

from .errors import HandbookError

# A page's rendered Markdown is at most this long, and its rendering may use at most this
# much processor time: the largest real page (the macro reference) renders to about 0.2 MB
# in well under a second. Processor time, not wall time, so a busy machine never stops a
# real page; a wall-clock backstop still ends a render that waits on nothing.
MAX_OUTPUT_CHARS = 4_000_000
MAX_RENDER_SECONDS = 5.0
MAX_RENDER_WALL_SECONDS = 120.0
_POLL_SECONDS = 0.05
# Largest string or list a page may build with `*`, and largest integer `**` may make.
MAX_REPEAT_ITEMS = 100_000
MAX_POWER_BITS = 4096

# The delimiters and options that mkdocs-macros sets from its j2_* settings.
_CARRIED_OVER = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix",
    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
    "keep_trailing_newline",
)

# Template syntax a page may use: output, macro calls with literal arguments, simple logic.
# No {% macro %}, {% call %}, {% include %}, {% import %}, {% extends %}, {% filter %}, {% with %}.
ALLOWED_NODES: frozenset[type[nodes.Node]] = frozenset({
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.Name, nodes.Call,
    nodes.Keyword, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Getattr, nodes.Getitem,
    nodes.Slice, nodes.Filter, nodes.Test, nodes.If, nodes.For, nodes.Compare, nodes.Operand,
    nodes.And, nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.CondExpr, nodes.Concat,
    nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow,
    nodes.Assign,
})
# Filters and tests that neither reach objects nor multiply output.
ALLOWED_FILTERS = frozenset({
    "e", "escape", "lower", "upper", "title", "capitalize", "trim", "length", "count",
    "default", "d", "first", "last", "string", "int", "float", "round", "abs",
})
ALLOWED_TESTS = frozenset({
    "defined", "undefined", "none", "number", "string", "sequence", "mapping", "boolean",
    "integer", "float", "true", "false", "eq", "ne", "lt", "le", "gt", "ge", "in", "even",
    "odd", "divisibleby", "equalto", "sameas",
})
_PLAIN_SCALARS = (str, int, float, bool, type(None))


class RenderLimitError(HandbookError):
    """A page whose template would run too long or write too much."""


class _TimeUp(Exception):
    """Raised asynchronously in the rendering thread at the deadline (takes no arguments)."""


def plain(value: Any, depth: int = 0) -> Any:
    """A copy of a front-matter value made of plain data only (text, numbers, lists, mappings)."""
    if isinstance(value, _PLAIN_SCALARS) and depth < 20:
        return value
    if isinstance(value, (list, tuple)) and depth < 20:
        return tuple(plain(item, depth + 1) for item in value)
    if isinstance(value, Mapping) and depth < 20:
        return {str(key): plain(item, depth + 1) for key, item in value.items()
                if isinstance(key, _PLAIN_SCALARS)}
    return None


def page_facts(variables: Mapping[str, Any], reserved: Iterable[str]) -> dict[str, Any]:
    """What a page template may read: its title, address and front matter, as plain data."""
    page = variables.get("page")
    meta = getattr(page, "meta", None)
    meta = plain(meta) if isinstance(meta, Mapping) else {}
    file = getattr(page, "file", None)
    facts: dict[str, Any] = {
        key: value for key, value in meta.items() if key.isidentifier() and key not in reserved}
    facts["page"] = {
        "title": str(getattr(page, "title", "") or ""),
        "url": str(getattr(page, "url", "") or ""),
        "src_path": str(getattr(file, "src_path", "") or ""),
        "meta": meta,
    }
    return facts


class _Deadline:
    """Raises RenderLimitError in the rendering thread once it has used too much processor time."""

    def __init__(self, cpu_seconds: float, wall_seconds: float) -> None:
        self.thread_id = threading.get_ident()
        self.clock = time.pthread_getcpuclockid(self.thread_id)
        self.cpu_seconds = cpu_seconds
        self.wall_seconds = wall_seconds
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.fired = False
        self.watchdog = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        started_cpu = time.clock_gettime(self.clock)
        started_wall = time.monotonic()
        while not self.done.wait(_POLL_SECONDS):
            used = time.clock_gettime(self.clock) - started_cpu
            if used > self.cpu_seconds or time.monotonic() - started_wall > self.wall_seconds:
                self._fire()
                return

    def _fire(self) -> None:
        with self.lock:
            if not self.done.is_set():
                self.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self.thread_id), ctypes.py_object(_TimeUp))

    def __enter__(self) -> _Deadline:
        self.watchdog.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.done.set()
            if self.fired:
                # The exception may still be pending: clear it so it cannot land elsewhere.
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id), None)


def _too_long() -> RenderLimitError:
    return RenderLimitError(
        f"the page's template ran longer than {MAX_RENDER_SECONDS:g} s of processor time and was stopped; "
        "expected macro calls, not long loops")


def bounded_concat(chunks: Iterator[str], started: float) -> str:
    """Join a template's output, stopping when it grows too large or runs too long."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise RenderLimitError(
                f"the page's template wrote more than {MAX_OUTPUT_CHARS:,} characters and was "
                "stopped; expected macro calls, not long loops")
        if time.thread_time() - started > MAX_RENDER_SECONDS:
            raise _too_long()
        parts.append(chunk)
    return "".join(parts)


class PageTemplate(jinja2.Template):
    """A page template that sees only allowlisted globals and plain page facts, within limits."""

    def new_context(self, vars: dict[str, Any] | None = None, shared: bool = False,
                    locals: Mapping[str, Any] | None = None) -> Any:
        """The render context: the given variables reduced to page facts."""
        facts = page_facts(vars or {}, self.globals)
        return super().new_context(facts, False, None)

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Render within MAX_OUTPUT_CHARS and MAX_RENDER_SECONDS."""
        context = self.new_context(dict(*args, **kwargs))
        started = time.thread_time()
        try:
            with _Deadline(MAX_RENDER_SECONDS, MAX_RENDER_WALL_SECONDS):
                return bounded_concat(self.root_render_func(context), started)
        except _TimeUp:
            raise _too_long() from None
        except RecursionError:
            raise RenderLimitError("the page's template nests too deeply; "
                                   "expected macro calls") from None
        except Exception:
            self.environment.handle_exception()
            raise


def _check_syntax(tree: nodes.Template) -> None:
    """Refuse template syntax outside what a page needs, naming the line."""
    for node in tree.find_all(nodes.Node):
        name = type(node).__name__
        if type(node) not in ALLOWED_NODES:
            what = {"Macro": "{% macro %}", "CallBlock": "{% call %}", "Include": "{% include %}",
                    "Import": "{% import %}", "FromImport": "{% from ... import %}",
                    "Extends": "{% extends %}", "Block": "{% block %}",
                    "FilterBlock": "{% filter %}", "With": "{% with %}",
                    "AssignBlock": "{% set %}...{% endset %}"}.get(name, name)
            raise SecurityError(f"line {node.lineno}: {what} is not allowed in a page")
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            raise SecurityError(f"line {node.lineno}: attribute {node.attr!r} is not allowed")
        if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
            raise SecurityError(f"line {node.lineno}: filter {node.name!r} is not allowed")
        if isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
            raise SecurityError(f"line {node.lineno}: test {node.name!r} is not allowed")


def _bounded_mul(left: Any, right: Any) -> Any:
    """`*` that cannot build a huge string or list."""
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
            if len(seq) * count > MAX_REPEAT_ITEMS:
                raise SecurityError(f"repetition makes more than {MAX_REPEAT_ITEMS:,} items")
    return left * right


def _bounded_pow(left: Any, right: Any) -> Any:
    """`**` that cannot build a huge integer."""
    if isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
        if right * abs(left).bit_length() > MAX_POWER_BITS:
            raise SecurityError("power too large")
    return left ** right


class PageEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, immutable, and built from an allowlist: only `macro_names` and `range`."""

    template_class = PageTemplate
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, macro_names: Iterable[str], **options: Any) -> None:
        super().__init__(**options)
        self.macro_names = frozenset(macro_names)
        self.filters = {name: f for name, f in self.filters.items() if name in ALLOWED_FILTERS}
        self.tests = {name: t for name, t in self.tests.items() if name in ALLOWED_TESTS}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """No attributes at all: page facts are mappings (read as items), macros are only called."""
        return False

    def make_globals(self, d: Mapping[str, Any] | None) -> Any:
        """The handbook's macros and the sandbox's bounded range; nothing the engine added."""
        allowed: dict[str, Any] = {
            name: self.globals[name] for name in self.macro_names if name in self.globals}
        allowed["range"] = safe_range
        return allowed

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """`*` and `**` bounded; others as usual."""
        if operator == "*":
            return _bounded_mul(left, right)
        if operator == "**":
            return _bounded_pow(left, right)
        return super().call_binop(context, operator, left, right)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        _check_syntax(tree)
        return tree


def page_environment(env: jinja2.Environment, macro_names: Iterable[str]) -> PageEnvironment:
    """A page environment with `env`'s markers and undefined behaviour, and nothing else of it."""
    if isinstance(env, PageEnvironment):
        return env
    return PageEnvironment(macro_names, undefined=env.undefined,
                           **{name: getattr(env, name) for name in _CARRIED_OVER})


def sandbox_in_place(env: jinja2.Environment, macro_names: Iterable[str]) -> None:
    """Turn a freshly made `env` into a PageEnvironment, for engines that keep their own object.

    What PageEnvironment's and SandboxedEnvironment's constructors would have set up is set here;
    templates compiled from now on take the sandbox's code paths (`environment.sandboxed`).
    """
    if isinstance(env, PageEnvironment):
        return
    env.__class__ = PageEnvironment
    page_env = cast(PageEnvironment, env)
    page_env.macro_names = frozenset(macro_names)
    page_env.binop_table = page_env.default_binop_table.copy()
    page_env.unop_table = page_env.default_unop_table.copy()
    page_env.globals["range"] = safe_range
    page_env.filters = {name: f for name, f in env.filters.items() if name in ALLOWED_FILTERS}
    page_env.tests = {name: t for name, t in env.tests.items() if name in ALLOWED_TESTS}


class PageSandbox(Extension):
    """Jinja extension that makes the environment it is loaded into a PageEnvironment.

    Listed in mkdocs.yml as the macros plugin's `j2_extensions`, for Zensical's macros extension,
    which makes a new Jinja environment for each page inside its Markdown preprocessor, out of
    reach of define_env, but loads the configured extensions into it before rendering anything.
    """

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        from . import MACROS  # the package's registry (imported late: the package imports this module)
        sandbox_in_place(environment, MACROS)


SANDBOX_EXTENSION = f"{PageSandbox.__module__}.{PageSandbox.__name__}"


def _sandboxed_plugin_class(cls: type) -> type:
    """A subclass of the engine's macros object whose Jinja environment is always a PageEnvironment."""
    if getattr(cls, "_handbook_sandboxed", False):
        return cls

    def get(self: Any) -> PageEnvironment:
        try:
            return self.__dict__["_handbook_page_env"]
        except KeyError:
            raise AttributeError("_env") from None

    def set_(self: Any, env: jinja2.Environment) -> None:
        self.__dict__["_handbook_page_env"] = page_environment(
            env, self.__dict__["_handbook_macro_names"])

    return type(cls.__name__, (cls,), {"_env": property(get, set_), "_handbook_sandboxed": True,
                                       "__module__": cls.__module__})


def install_sandbox(plugin: Any, macro_names: Iterable[str]) -> None:
    """Make every Jinja environment the macros engine gives pages a PageEnvironment.

    Called from define_env, before mkdocs-macros 1.5 builds its environment (it assigns the
    private `_env`): the assignment is intercepted. Any other engine must have loaded PageSandbox
    into its environment, or is refused. The version is pinned and tests/test_sandbox.py fails
    if this stops taking effect.
    """
    extensions = list((getattr(plugin, "config", None) or {}).get("j2_extensions") or [])
    # PageSandbox converts the environment it is loaded into; any other extension listed
    # beside it would stay loaded there and add its own template syntax.
    others = [name for name in extensions if name != SANDBOX_EXTENSION]
    if others:
        raise HandbookError(
            f"macros: j2_extensions in mkdocs.yml may list only {SANDBOX_EXTENSION}; "
            f"{', '.join(map(str, others))} would add template syntax to every page")
    if not isinstance(plugin, MacrosPlugin):
        # Zensical's macros extension: its per-page environment was made sandboxed by PageSandbox
        # if mkdocs.yml lists it; without it, refuse to build rather than render unsandboxed.
        if SANDBOX_EXTENSION in extensions:
            return
        raise HandbookError(
            f"macros: this engine ({type(plugin).__module__}.{type(plugin).__name__}) renders pages "
            f"in a Jinja environment the handbook has not sandboxed; list {SANDBOX_EXTENSION} "
            "under the macros plugin's j2_extensions in mkdocs.yml")
    current = plugin.__dict__.pop("_env", None)
    plugin.__dict__["_handbook_macro_names"] = frozenset(macro_names)
    plugin.__class__ = _sandboxed_plugin_class(type(plugin))
    if current is not None:
        plugin._env = current


def is_sandboxed(plugin: Any) -> bool:
    """Whether the macros engine renders pages with a PageEnvironment."""
    return isinstance(getattr(plugin, "env", None), PageEnvironment)


def _one_line(page: Page, problem: str) -> str:
    return f"{page.file.src_path}: {' '.join(problem.split())}"


@format_error.register
def _format_security_error(error: SecurityError, markdown: str, page: Page) -> str:
    """One clear line when a page tries to reach Python internals through template syntax."""
    return _one_line(page, f"template syntax tried something unsafe and was stopped ({error}); "
                     "pages may only call the macros listed in the macro reference")


@format_error.register
def _format_handbook_error(error: HandbookError, markdown: str, page: Page) -> str:
    """A macro's own error message, naming the page, without a traceback."""
    return _one_line(page, error.message)


@format_error.register
def _format_syntax_error(error: jinja2.TemplateSyntaxError, markdown: str, page: Page) -> str:
    """A template syntax mistake, with its line."""
    return _one_line(page, f"line {error.lineno}: template syntax error: {error.message}; "
                     "literal {{ or {% in text need {% raw %}...{% endraw %}")


@format_error.register
def _format_any_error(error: Exception, markdown: str, page: Page) -> str:
    """Anything else a page's template raises, in one line."""
    return _one_line(page, f"{type(error).__name__}: {error}")

