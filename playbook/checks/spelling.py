"""Spelling: codespell over the prose, data and code, with .codespellrc and .codespell-ignore."""
from __future__ import annotations

import re
from pathlib import Path

from .common import Finding, run, tool

SPELLING_PATHS = ("docs", "data", "macros", "playbook", "CONTRIBUTING.md", "README.md")
_CODESPELL_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<message>.+)$")


def check(root: Path) -> list[Finding]:
    """codespell over the prose and data, with .codespellrc and the word list .codespell-ignore."""
    paths = [p for p in SPELLING_PATHS if (root / p).exists()]
    result = run([tool("codespell"), *paths], root)
    findings = []
    for line in result.stdout.splitlines():
        match = _CODESPELL_LINE.match(line.strip())
        if match:
            findings.append(Finding(match["file"], int(match["line"]),
                                    f"spelling: {match['message']} (if the word is right, add it in lowercase "
                                    "to .codespell-ignore)"))
    if result.returncode not in (0, 65) and not findings:
        findings.append(Finding("codespell", None, (result.stderr or result.stdout).strip()))
    return findings
