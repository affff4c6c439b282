"""Data: every data file validated exactly as the build does."""
from __future__ import annotations

from pathlib import Path

from .common import Finding


def check(root: Path) -> list[Finding]:
    """Every data file validated exactly as the build does (macros.loading.load_handbook)."""
    from macros.errors import DataError, HandbookError
    from macros.loading import load_handbook

    try:
        load_handbook(root / "data", docs_dir=root / "docs")
    except DataError as error:
        problem = error.problem
        text = problem.message()
        # The message already starts with file:line; keep the rest as the description.
        return [Finding(problem.file, problem.line, text.split(": ", 1)[1] if ": " in text else text)]
    except HandbookError as error:
        return [Finding("data", None, error.message)]
    return []
