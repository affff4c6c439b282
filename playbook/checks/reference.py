"""Macro reference: every registered macro is documented in macros/reference.yml, and nothing stale is."""
from __future__ import annotations

from pathlib import Path

from .common import Finding


def check(root: Path) -> list[Finding]:
    """Every registered macro is documented in macros/reference.yml, and nothing stale is."""
    from macros.errors import HandbookError
    from macros.reference import reference_problems

    try:
        problems = reference_problems()
    except HandbookError as error:
        return [Finding("macros/reference.yml", None, error.message)]
    return [_reference_finding(problem) for problem in problems]


def _reference_finding(problem: str) -> Finding:
    """A reference problem ("file: message") as a Finding."""
    file, _, message = problem.partition(": ")
    return Finding(file, None, message) if file.startswith("macros/") else Finding("macros/__init__.py", None, problem)
