"""Template guard: pages call only documented macros with plain arguments; nothing else is a template."""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import jinja2
import pathspec

from ..project import PAGE_SUFFIXES, load_project
from .common import Finding



def page_environment(root: Path) -> jinja2.Environment:
    """The Jinja environment pages are parsed with: the macros plugin's markers and extensions (j2_*)."""
    settings = load_project(root).macros
    names = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
             "comment_start_string", "comment_end_string", "extensions")
    return jinja2.Environment(**{name: settings[f"j2_{name}"] for name in names if f"j2_{name}" in settings})


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
    from macros import require_page_grammar
    from macros.errors import HandbookError
    from macros.grammar import page_problem
    from mkdocs.utils.meta import get_data

    project = load_project(root)
    config, settings = project.config, project.macros
    try:
        require_page_grammar(settings)
    except HandbookError as error:
        return [Finding("mkdocs.yml", None, error.message)]
    env = page_environment(root)
    docs_dir = project.docs_dir.relative_to(project.root).as_posix()
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
        problem = page_problem(text, env)
        if problem is not None:
            findings.append(Finding(relative, problem[0], problem[1].removeprefix(f"line {problem[0]}: ")))
    return findings
