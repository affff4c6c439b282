"""Markdown style: pymarkdown over docs/ and the top-level Markdown files, with .pymarkdown.json."""
from __future__ import annotations

import re
from pathlib import Path

from .common import Finding, run, tool

_PYMARKDOWN_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def check(root: Path) -> list[Finding]:
    """pymarkdown over docs/ and the top-level Markdown files, with .pymarkdown.json."""
    paths = ["docs"] + [p.name for p in sorted(root.glob("*.md"))]
    result = run([tool("pymarkdown"), "--config", ".pymarkdown.json", "scan", "-r", *paths], root)
    findings = []
    for line in (result.stdout + result.stderr).splitlines():
        match = _PYMARKDOWN_LINE.match(line.strip())
        if match:
            file = Path(match["file"])
            shown = file.relative_to(root).as_posix() if file.is_absolute() else file.as_posix()
            findings.append(Finding(shown, int(match["line"]), f"Markdown style: {match['message']}"))
    if result.returncode != 0 and not findings:
        findings.append(Finding("pymarkdown", None, (result.stderr or result.stdout).strip()))
    return findings
