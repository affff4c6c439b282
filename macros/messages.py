"""One line per refused page under mkdocs-macros: its own error reporting, given the handbook's wording."""
from __future__ import annotations

import jinja2
from mkdocs.structure.pages import Page
from mkdocs_macros.errors import format_error

from .errors import HandbookError
from .grammar import RAW_HINT, PageGrammarError


def _one_line(page: Page, problem: str) -> str:
    return f"docs/{page.file.src_path}: {' '.join(problem.split())}"


@format_error.register
def _format_grammar_error(error: PageGrammarError, markdown: str, page: Page) -> str:
    """What the page grammar refused, with its line."""
    return _one_line(page, error.message or "")


@format_error.register
def _format_handbook_error(error: HandbookError, markdown: str, page: Page) -> str:
    """A macro's own error message, naming the page, without a traceback."""
    return _one_line(page, error.message)


@format_error.register
def _format_syntax_error(error: jinja2.TemplateSyntaxError, markdown: str, page: Page) -> str:
    """A template syntax mistake, with its line."""
    return _one_line(page, f"line {error.lineno}: template syntax error: {error.message}; {RAW_HINT}")


@format_error.register
def _format_any_error(error: Exception, markdown: str, page: Page) -> str:
    """Anything else a page's template raises, in one line."""
    return _one_line(page, f"{type(error).__name__}: {error}")
