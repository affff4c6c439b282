"""YAML style: yamllint over every YAML file of the project, with .yamllint.yml."""
from __future__ import annotations

from pathlib import Path

from .common import Finding, project_files


def check(root: Path) -> list[Finding]:
    """yamllint over every YAML file of the project, with .yamllint.yml."""
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    config = YamlLintConfig(file=str(root / ".yamllint.yml"))
    findings = []
    for path in project_files(root, "*.yml") + project_files(root, "*.yaml"):
        relative = path.relative_to(root).as_posix()
        if config.is_file_ignored(relative):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            findings.append(Finding(relative, None, "not UTF-8 text; expected the file saved as UTF-8"))
            continue
        for problem in linter.run(text, config, relative):
            findings.append(Finding(relative, problem.line, f"{problem.desc} ({problem.rule or 'syntax'})"))
    return findings
