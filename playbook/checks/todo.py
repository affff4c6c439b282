"""Unfinished pages: no TODO left from the chapter template."""
from __future__ import annotations

from pathlib import Path

from .common import Finding, project_files


def check(root: Path) -> list[Finding]:
    """No TODO left in a page (the chapter template marks what to write with TODO)."""
    findings = []
    for path in project_files(root / "docs", "*.md"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "TODO" in line:
                findings.append(Finding(path.relative_to(root).as_posix(), number,
                                        "unfinished: TODO left from the chapter template; expected your own text"))
    return findings
