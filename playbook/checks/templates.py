"""Template guard: pages call only documented macros with plain arguments; nothing else is a template."""
from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pathspec
from jinja2 import nodes

from ..project import PAGE_SUFFIXES, read_mkdocs_config
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
    settings = _macros_settings(read_mkdocs_config(root))
    names = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string")
    return jinja2.Environment(**{name: settings[f"j2_{name}"] for name in names if f"j2_{name}" in settings})


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


def _macros_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The macros plugin's settings in mkdocs.yml ({} when it has none)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "macros" in plugin:
            return plugin["macros"] or {}
    return {}


def rendered_as_template(meta: dict[str, Any], page: str, settings: dict[str, Any]) -> bool:
    """Whether mkdocs-macros renders this page, decided as its `render` does (same comparisons)."""
    render_macros = meta.get("render_macros")
    if render_macros == False:  # noqa: E712 (the plugin's own test: 0 counts as false too)
        return False
    if settings.get("render_by_default", True) == False:  # noqa: E712
        with warnings.catch_warnings():  # the plugin's own pattern style, deprecated by pathspec
            warnings.simplefilter("ignore", DeprecationWarning)
            forced = pathspec.PathSpec.from_lines("gitwildmatch", str(settings.get("force_render_paths") or "")
                                                  .splitlines())
        return render_macros == True or forced.match_file(page)  # noqa: E712
    return True


def pages(docs: Path) -> list[Path]:
    """Every file under docs/ that MkDocs builds into a page, whatever its folder or name."""
    return sorted(path for path in docs.rglob("*") if path.name.endswith(PAGE_SUFFIXES)
                  and (path.is_file() or path.is_symlink()))


def check(root: Path) -> list[Finding]:
    """Every page mkdocs-macros renders calls only documented macros, with plain arguments.

    The pages are those MkDocs builds (every Markdown suffix it knows), read as it reads them
    (its own front matter parser), so no page is rendered that this check did not read.
    Templates in overrides/ are the maintainers' and trusted; templates that MkDocs would render
    from docs/ (extra_templates) cannot be sandboxed, so they are refused.
    """
    from macros.reference import documented_macros
    from mkdocs.utils.meta import get_data

    config = read_mkdocs_config(root)
    settings = _macros_settings(config)
    env = page_environment(root)
    allowed = documented_macros()
    docs_dir = str(config.get("docs_dir") or "docs")
    findings = [Finding("mkdocs.yml", None, f"extra_templates: {name} would be rendered by MkDocs' unsandboxed "
                        "theme engine; expected no extra_templates (put theme templates in overrides/)")
                for name in config.get("extra_templates") or []]
    docs = root / docs_dir
    for path in pages(docs):
        relative = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            findings.append(Finding(relative, None, f"not UTF-8 text (byte {error.start}); expected the file "
                                    "saved as UTF-8"))
            continue
        except OSError as error:
            findings.append(Finding(relative, None, f"cannot be read ({error.strerror}); expected a plain file"))
            continue
        _, meta = get_data(text)
        if not rendered_as_template(meta, path.relative_to(docs).as_posix(), settings):
            continue
        findings.extend(Finding(relative, line, message) for line, message in template_problems(text, env, allowed))
    return findings
