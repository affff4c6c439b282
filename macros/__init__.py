"""Entry point that mkdocs-macros loads: registers the handbook's macros, nothing more."""
from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable
from functools import partial, update_wrapper
from pathlib import Path
from typing import Any

from . import rendering
from . import challenges, channel
from . import glossary, tools
from . import reference
from . import checklists
from . import tags
from . import operations
from . import business
from . import security
from . import calculators
from . import frameworks
from . import library
from . import history
from . import editlinks
from . import deals
from . import people
from .errors import HandbookError
from .grammar import GRAMMAR_EXTENSION
from . import messages  # noqa: F401  (registers one-line error messages with mkdocs-macros)
from .loading import handbook_for_build

# Macros a page may call, by the name pages use. Each takes the Handbook first.
MACROS = {
    "vendor_list": tools.vendor_list,
    "tool_directory": tools.tool_directory,
    "comparison": tools.comparison,
    "selection_criteria": tools.selection_criteria,
    "glossary": glossary.glossary,
    "tool_category_table": rendering.tool_category_table,
    "challenge_table": challenges.challenge_table,
    "channel_programs": channel.channel_programs,
    "program_table": channel.program_table,
    "mdf_figures": channel.mdf_figures,
    "vendor_practices": channel.vendor_practices,
    "mdf_steps": channel.mdf_steps,
    "macro_reference": reference.macro_reference,
    "checklist": checklists.checklist,
    "checklist_index": checklists.checklist_index,
    "tag_vocabulary": tags.tag_vocabulary,
    "stack_by_size": operations.stack_by_size,
    "priority_matrix": business.priority_matrix,
    "kpi_table": business.kpi_table,
    "framework_mapping": security.framework_mapping,
    "framework_coverage": frameworks.framework_coverage,
    "calculator": calculators.calculator,
    "calculator_example": calculators.calculator_example,
    "clause_list": library.clause_list,
    "template_list": library.template_list,
    "library_index": library.library_index,
    "whats_new": history.whats_new,
    "top_level_file": editlinks.top_level_file,
    "deal_example": deals.deal_example,
    "hiring_order": people.hiring_order,
    "interview_scorecard": people.interview_scorecard,
    "certification_map": people.certification_map,
    "oncall_cost": people.oncall_cost,
    "stack_cost_comparison": people.stack_cost_comparison,
    "lean_stack_table": people.lean_stack_table,
}


class PageMacro(partial):
    """A macro bound to the handbook (its first argument) whose links are relative to the page rendered."""

    def __new__(cls, env: Any, function: Callable[..., str], *args: Any) -> PageMacro:
        """Bind `args` to `function`, remembering the mkdocs-macros environment to read the page from."""
        macro = super().__new__(cls, function, *args)
        macro.env = env
        return macro

    def __call__(self, /, *args: Any, **kwargs: Any) -> str:
        """Call the macro with rendering.current_page set to env.page's source file."""
        source = rendering.page_source(self.env)
        token = rendering.current_page.set(source)
        try:
            return super().__call__(*args, **kwargs)
        except HandbookError as error:
            if runs_without_hooks(self.env):
                stop_build(self.env, [f"docs/{source}: {error.message}"])
            raise
        finally:
            rendering.current_page.reset(token)


def runs_without_hooks(env: Any) -> bool:
    """Whether the engine is Zensical, which calls define_env but runs none of MkDocs' hooks."""
    return type(env).__module__.partition(".")[0] == "zensical"


def stop_build(env: Any, problems: Iterable[str]) -> None:
    """Print each problem on a line, remove the half-written site folder and end the process.

    Zensical prints a Python traceback for any exception a page raises and keeps the pages it
    has written, so a refusal there ends the process itself, as `make zensical` would.
    """
    for line in problems:
        print(line, file=sys.stderr)
    print("zensical: refused; nothing was published. Fix the lines above.", file=sys.stderr, flush=True)
    project = Path(env.project_dir).resolve()
    site = (project / str(env.conf.get("site_dir") or "site")).resolve()
    sources = (project / str(env.conf.get("docs_dir") or "docs")).resolve()
    # Only a folder of output: never the project, nor one holding the pages (a mistaken site_dir).
    if site != project and site.is_relative_to(project) and not sources.is_relative_to(site):
        shutil.rmtree(site, ignore_errors=True)
    os._exit(1)


def contribution_problems(project: Path) -> tuple[str, ...]:
    """The pre-build step's problems with the project, found once per process (not per page)."""
    from playbook.prebuild import problems_once
    return problems_once(project)


def require_page_grammar(settings: Any) -> None:
    """Refuse to build unless the macros engine loads the page grammar, and nothing else, into pages.

    Both engines build pages' Jinja environment from the `j2_extensions` setting, so checking
    the setting is checking what every page is parsed with.
    """
    extensions = list((settings or {}).get("j2_extensions") or [])
    if extensions != [GRAMMAR_EXTENSION]:
        raise HandbookError(
            f"macros: j2_extensions in mkdocs.yml must list exactly {GRAMMAR_EXTENSION} (found: "
            f"{', '.join(map(str, extensions)) or 'nothing'}); it refuses any page template beyond macro calls")


def define_env(env: Any) -> None:
    """Load data/ once for this build and register each macro with the handbook bound."""
    if runs_without_hooks(env) and (found := contribution_problems(Path(env.project_dir).resolve())):
        stop_build(env, found)
    require_page_grammar(getattr(env, "config", None))
    handbook = handbook_for_build(Path(env.project_dir) / "data", env.conf.get("site_url") or "",
                                  Path(env.conf["docs_dir"]), bool(env.conf.get("use_directory_urls", True)))
    history.project_root = Path(env.project_dir)
    glossary.use_for_build(Path(env.project_dir), handbook)
    for name, function in MACROS.items():
        env.macro(update_wrapper(PageMacro(env, function, handbook), function), name)
