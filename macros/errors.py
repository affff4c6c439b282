"""The one error type the data layer raises, worded for contributors."""
from __future__ import annotations

from dataclasses import dataclass

from mkdocs.exceptions import PluginError


@dataclass(frozen=True)
class DataProblem:
    """Where a data file is wrong and what was expected instead."""

    file: str
    problem: str
    line: int | None = None
    entry: str | None = None
    field: str | None = None

    def message(self) -> str:
        """One line: file:line: entry, field: problem."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        subject = []
        if self.entry:
            subject.append(f'entry "{self.entry}"')
        if self.field:
            subject.append(f'field "{self.field}"')
        prefix = f"{where}: " + (", ".join(subject) + ": " if subject else "")
        return prefix + self.problem


class HandbookError(PluginError):
    """A problem in data/ or in a macro call; MkDocs prints it without a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DataError(HandbookError):
    """A data file that breaks its schema, its IDs or its cross-references."""

    def __init__(self, problem: DataProblem) -> None:
        super().__init__(problem.message())
        self.problem = problem


class MacroArgumentError(HandbookError):
    """A macro called from a page with an argument it cannot use."""
