"""What every check shares: a finding (file:line: message) and how to find files and run tools."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..project import TOOL_FOLDERS

# Folders never checked: tools, builds and git.
SKIPPED = TOOL_FOLDERS

@dataclass(frozen=True)
class Finding:
    """One problem: where (file, line) and what."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """file:line: message, the form editors and CI logs turn into links."""
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


def tool(name: str) -> str:
    """A command installed in the same virtual environment as this Python."""
    return str(Path(sys.executable).parent / name)


def project_files(root: Path, pattern: str) -> list[Path]:
    """Files under root matching pattern, outside tool and build folders, sorted."""
    return sorted(p for p in root.rglob(pattern)
                  if p.is_file() and not SKIPPED & set(p.relative_to(root).parts[:-1]))


def run(command: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    """Run a command in the project folder and capture its output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)

