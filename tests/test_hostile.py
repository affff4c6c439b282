"""A hostile contribution stops the build with one line naming its file, and leaves nothing behind.

Each case under tests/hostile/<case>/ lays its files (and symlinks) over a minimal copy of the
project, then builds it. Its case.json holds the line the build must print and a marker: a
string the case tries to publish or print, which must appear nowhere in the output or the site.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

CASES_DIR = Path(__file__).parent / "hostile"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if (path / "case.json").is_file())
# A hang fails the case instead of stalling the suite; real failures take about a second.
BUILD_TIMEOUT_SECONDS = 60


def minimal_project(destination: Path) -> Path:
    """The project with every page a one-line stub and no nav: builds in about a second."""
    for name in ("macros", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", destination / "docs" / "assets")
    for page in (ROOT / "docs").rglob("*.md"):
        stub = destination / "docs" / page.relative_to(ROOT / "docs")
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("# Stub\n", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (destination / "mkdocs.yml").write_text(config[: config.index("\nnav:")] + "\n", encoding="utf-8")
    return destination


@pytest.fixture(scope="session")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One minimal project per session, copied for each case."""
    return minimal_project(tmp_path_factory.mktemp("minimal") / "project")


def with_case(minimal: Path, case: str, destination: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the minimal project with the case's files and symlinks laid over it."""
    project = destination / "project"
    shutil.copytree(minimal, project, symlinks=True)
    spec = json.loads((CASES_DIR / case / "case.json").read_text(encoding="utf-8"))
    files = CASES_DIR / case / "files"
    if files.is_dir():
        shutil.copytree(files, project, dirs_exist_ok=True)
    for link, target in spec["symlinks"].items():
        os.symlink(target, project / link)
    return project, spec


def test_the_corpus_covers_every_class() -> None:
    """At least 40 cases, and some of each kind the security issue names."""
    assert len(CASES) >= 40
    for kind in ("sandbox-", "fm-", "html-", "symlink-", "yaml-"):
        assert sum(case.startswith(kind) for case in CASES) >= 4, kind


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_hostile_case_stops_the_build(case: str, minimal: Path, tmp_path: Path) -> None:
    """Non-zero exit, the case's one line, no traceback, and the marker nowhere."""
    project, spec = with_case(minimal, case, tmp_path)
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True,
        text=True, check=False, timeout=BUILD_TIMEOUT_SECONDS)
    output = result.stdout + result.stderr
    problems = [line for line in output.splitlines()
                if line.startswith("ERROR") or "[macros] - ERROR" in line]
    assert result.returncode != 0, output
    assert len(problems) == 1, output
    assert spec["expect"] in problems[0], output
    assert "Traceback" not in output
    assert spec["marker"] not in output
    assert not (project / "hostile-out.txt").exists()
    for built in (site.rglob("*") if site.exists() else []):
        if built.is_file() and built.suffix in {".html", ".json", ".xml", ".txt", ".md", ".svg", ".js"}:
            assert spec["marker"] not in built.read_text(encoding="utf-8", errors="replace"), built


def test_inline_code_outside_html_blocks_is_text_not_html() -> None:
    """`checklists/<id>.docx` in a sentence is code; the same span inside a <div> block is HTML."""
    from macros.contributed import html_findings

    assert html_findings("The Word file is `checklists/<id>.docx`, made at build time.\n") == []
    assert html_findings("- a list item naming `<script>` as text\n") == []
    inside = html_findings('<div class="note">\n`<script>alert(1)</script>`\n</div>\n')
    assert [finding.what for finding in inside] == ["<script> element"]


@pytest.mark.parametrize(("src_uri", "allowed"), [
    ("tools/screenshot.png", True),
    ("business/chart.JPEG", True),
    ("assets/javascripts/tables.js", True),
    ("assets/vendor/tablesort-5.7.1/tablesort.min.js", True),
    ("evil.html", False),
    ("tools/logo.svg", False),
    ("assets/images/run.js", False),
    ("CNAME", False),
])
def test_only_pictures_are_published_from_outside_the_reviewed_folders(src_uri: str, allowed: bool) -> None:
    """Pictures anywhere, scripts and styles only in the folders maintainers review; nothing else."""
    from macros.contributed import check_static_file
    from macros.errors import HandbookError

    if allowed:
        check_static_file(src_uri)
    else:
        with pytest.raises(HandbookError, match=f"^docs/{src_uri}: "):
            check_static_file(src_uri)
