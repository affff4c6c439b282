"""Template guard: pages call only documented macros with plain arguments; nothing else is a template."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2 import nodes

from ..project import read_mkdocs_config
from .common import Finding, project_files

REFERENCE_PAGE = "docs/contributing/macros.md"

# --- Template syntax in pages -----------------------------------------------------------------

# Statements a page must not use, named as the author wrote them.
_STATEMENTS = {
    nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from ... import",
    nodes.Extends: "extends", nodes.For: "for", nodes.If: "if", nodes.Assign: "set",
    nodes.AssignBlock: "set", nodes.Macro: "macro", nodes.CallBlock: "call", nodes.FilterBlock: "filter",
    nodes.With: "with", nodes.Block: "block", nodes.ScopedEvalContextModifier: "autoescape",
}
_LITERALS = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Keyword, nodes.Neg, nodes.Pos)


def page_environment(root: Path) -> jinja2.Environment:
    """A Jinja environment with the markers the macros plugin uses for pages (j2_* settings)."""
    config = read_mkdocs_config(root)
    settings: dict[str, Any] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "macros" in plugin:
            settings = plugin["macros"] or {}
    names = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string")
    return jinja2.Environment(**{name: settings[f"j2_{name}"] for name in names if f"j2_{name}" in settings})


def _front_matter(text: str) -> dict[str, Any]:
    """A page's YAML front matter, or {} when it has none or it cannot be read."""
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n", text, re.S)
    if not match:
        return {}
    try:
        value = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return value if isinstance(value, dict) else {}


def _macro_list(allowed: frozenset[str]) -> str:
    """The allowed macros, for messages."""
    return ", ".join(sorted(allowed)) or "none"


def _walk_call(call: nodes.Call, allowed: frozenset[str]) -> Iterator[tuple[int, str]]:
    """Problems in one macro call: unknown macro, or arguments that are not plain values."""
    if not isinstance(call.node, nodes.Name):
        yield call.lineno, ("only a macro name may be called, such as tool_category_table(); "
                            f"expected one of: {_macro_list(allowed)}")
        return
    name = call.node.name
    if name not in allowed:
        close = difflib.get_close_matches(name, sorted(allowed), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        yield call.lineno, (f'"{name}" is not a macro in the macro reference{hint}; expected one of: '
                            f"{_macro_list(allowed)} (see {REFERENCE_PAGE})")
    if call.dyn_args is not None or call.dyn_kwargs is not None:
        yield call.lineno, f"{name}(): expected plain arguments, not *args or **kwargs"
    for argument in [*call.args, *call.kwargs]:
        for node in argument.find_all(nodes.Node):
            if not isinstance(node, _LITERALS):
                yield node.lineno, (f"{name}(): arguments must be plain values (text in quotes, numbers, "
                                    "true/false, lists); expected no variables, filters or expressions")
                break
        if not isinstance(argument, _LITERALS):
            yield argument.lineno, (f"{name}(): arguments must be plain values (text in quotes, numbers, "
                                    "true/false, lists); expected no variables, filters or expressions")


def template_problems(source: str, env: jinja2.Environment, allowed: frozenset[str]) -> list[tuple[int, str]]:
    """(line, problem) for template syntax in a page that is not a plain call of an allowed macro."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as error:
        return [(error.lineno, f"template syntax error: {error.message}; expected {{{{ macro(...) }}}} "
                 "calls only (to show literal braces, wrap them in {% raw %} ... {% endraw %})")]
    problems: list[tuple[int, str]] = []
    for statement in tree.body:
        if isinstance(statement, nodes.Output):
            for node in statement.nodes:
                if isinstance(node, nodes.TemplateData):
                    continue
                if isinstance(node, nodes.Call):
                    problems.extend(_walk_call(node, allowed))
                elif isinstance(node, nodes.Name):
                    problems.append((node.lineno, f'"{{{{ {node.name} }}}}" is not a macro call; pages may only '
                                     f"call the macros in the macro reference: {_macro_list(allowed)}"))
                else:
                    problems.append((node.lineno, "only macro calls such as {{ tool_category_table() }} may "
                                     f"appear in a page; expected one of: {_macro_list(allowed)}"))
        else:
            tag = next((word for kind, word in _STATEMENTS.items() if isinstance(statement, kind)),
                       type(statement).__name__.lower())
            problems.append((statement.lineno, f'"{{% {tag} %}}" is not allowed in a page; expected only '
                             f"macro calls from the macro reference ({REFERENCE_PAGE})"))
    return sorted(set(problems))


def check(root: Path) -> list[Finding]:
    """Pages call only macros the macro reference documents, with plain arguments."""
    from macros.reference import documented_macros

    env = page_environment(root)
    allowed = documented_macros()
    findings = []
    for path in project_files(root / "docs", "*.md"):
        text = path.read_text(encoding="utf-8")
        if _front_matter(text).get("render_macros") is False:
            continue
        relative = path.relative_to(root).as_posix()
        findings.extend(Finding(relative, line, message) for line, message in template_problems(text, env, allowed))
    return findings
