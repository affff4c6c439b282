"""Workflows: actionlint (syntax, expressions) and zizmor (security, offline) over .github/workflows."""
from __future__ import annotations

import re
from pathlib import Path

from .common import Finding, run, tool

WORKFLOWS = Path(".github") / "workflows"
_ACTIONLINT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):\d+: (?P<message>.+)$")
_ZIZMOR_LINE = re.compile(r"^::(?:error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+)[^:]*::(?P<message>.+)$")


def check(root: Path) -> list[Finding]:
    """Every workflow passes actionlint and zizmor, each problem as file:line."""
    if not (root / WORKFLOWS).is_dir():
        return []
    files = sorted(path.relative_to(root).as_posix() for path in (root / WORKFLOWS).glob("*.y*ml"))
    findings = []
    # Named one by one: without paths actionlint looks for a git repository, which an
    # unpacked archive of the project does not have.
    actionlint = run([tool("actionlint"), "-oneline", "-no-color", *files], root)
    for line in actionlint.stdout.splitlines():
        match = _ACTIONLINT_LINE.match(line.strip())
        if match:
            findings.append(Finding(match["file"], int(match["line"]), f"actionlint: {match['message']}"))
    if actionlint.returncode != 0 and not findings:
        findings.append(Finding("actionlint", None, (actionlint.stderr or actionlint.stdout).strip()))
    zizmor = run([tool("zizmor"), "--offline", "--format", "github", "--no-progress", WORKFLOWS.as_posix()], root)
    zizmor_findings = []
    for line in zizmor.stdout.splitlines():
        match = _ZIZMOR_LINE.match(line.strip())
        if match:
            # zizmor names the file from the workflows folder outside a git repository.
            file = match["file"] if (root / match["file"]).is_file() else (WORKFLOWS / match["file"]).as_posix()
            message = match["message"].removeprefix(f"{Path(match['file']).name}:{match['line']}: ")
            zizmor_findings.append(Finding(file, int(match["line"]), f"zizmor: {message}"))
    if zizmor.returncode != 0 and not zizmor_findings:
        zizmor_findings.append(Finding("zizmor", None, (zizmor.stderr or zizmor.stdout).strip()[-2000:]))
    return findings + zizmor_findings
