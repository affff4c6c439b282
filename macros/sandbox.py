"""Render pages in a sandboxed Jinja environment so a contributed page cannot run code."""
from __future__ import annotations

from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from mkdocs_macros.errors import format_error
from mkdocs.structure.pages import Page

from .errors import HandbookError

# The delimiters and options that mkdocs-macros sets from its j2_* settings.
_CARRIED_OVER = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix",
    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
    "keep_trailing_newline",
)


def sandboxed_copy(env: jinja2.Environment) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment with the same loader, markers, undefined, globals and filters."""
    sandbox = ImmutableSandboxedEnvironment(
        loader=env.loader,
        undefined=env.undefined,
        extensions=list(env.extensions),
        **{name: getattr(env, name) for name in _CARRIED_OVER},
    )
    sandbox.globals.update(env.globals)
    sandbox.filters.update(env.filters)
    sandbox.tests.update(env.tests)
    return sandbox


def install_sandbox(plugin: Any) -> None:
    """Swap the macros plugin's page environment for a sandboxed copy.

    mkdocs-macros 1.5 keeps it in the private `_env`; the version is pinned and
    tests/test_sandbox.py fails if this stops taking effect.
    """
    plugin._env = sandboxed_copy(plugin.env)


@format_error.register
def _format_security_error(error: SecurityError, markdown: str, page: Page) -> str:
    """One clear line when a page tries to reach Python internals through template syntax."""
    return (f"{page.file.src_path}: template syntax tried something unsafe and was stopped "
            f"({error}); pages may only call the macros listed in the macro reference")


@format_error.register
def _format_handbook_error(error: HandbookError, markdown: str, page: Page) -> str:
    """A macro's own error message, naming the page, without a traceback."""
    return f"{page.file.src_path}: {error.message}"
