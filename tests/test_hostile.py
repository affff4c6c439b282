"""A hostile contribution stops the build with one line naming its file, and leaves nothing behind.

Each case under tests/hostile/<case>/ lays its files (and symlinks) over a minimal copy of the
project, then runs the pre-build step on it (a few are built by MkDocs as well). Its case.json holds the line the build must print and a marker: a
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

from conftest import ROOT, build_site

CASES_DIR = Path(__file__).parent / "hostile"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if (path / "case.json").is_file())
CASE_SPECS = {case: json.loads((CASES_DIR / case / "case.json").read_text(encoding="utf-8")) for case in CASES}
# A hang fails the case instead of stalling the suite; real failures take about a second.
BUILD_TIMEOUT_SECONDS = 60


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
    for kind in ("sandbox-", "fm-", "html-", "symlink-", "yaml-", "attr-list-", "markdown-", "static-", "data-"):
        assert sum(case.startswith(kind) for case in CASES) >= 4, kind


def _refused(output: str, spec: dict[str, str], project: Path, site: Path) -> None:
    """One line with the case's message, no traceback, and the marker nowhere (output, project, site)."""
    assert "Traceback" not in output
    assert spec["marker"] not in output
    assert not (project / "hostile-out.txt").exists()
    for built in (site.rglob("*") if site.exists() else []):
        if built.is_file() and built.suffix in {".html", ".json", ".xml", ".txt", ".md", ".svg", ".js"}:
            assert spec["marker"] not in built.read_text(encoding="utf-8", errors="replace"), built


@pytest.mark.parametrize("case", [case for case in CASES if CASE_SPECS[case].get("stage") is None])
def test_hostile_case_is_refused_before_any_engine(case: str, minimal: Path, tmp_path: Path) -> None:
    """The pre-build step (run before MkDocs and Zensical) names the case's problem first."""
    from playbook.prebuild import problems

    project, spec = with_case(minimal, case, tmp_path)
    found = problems(project)
    assert found and spec["expect"] in found[0], found
    _refused("\n".join(found), spec, project, tmp_path / "no-site")


POSTBUILD_CASES = [case for case in CASES if CASE_SPECS[case].get("stage") == "postbuild"]


def _as_its_own_page(case: str, text: str) -> str:
    """A case's expected line once its docs/evil.md is published as docs/<case>.md."""
    return (text.replace("docs/evil.md", f"docs/{case}.md").replace("'evil.md'", f"'{case}.md'")
            .replace("evil/: ", f"{case}/: "))


@pytest.fixture(scope="session")
def postbuild_output(minimal: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Every post-build case in one project (each case's page under its own name), built once.

    Built without --strict, so the engine's own refusals (links it does not recognise) are
    printed beside the post-build step's, and every case is judged in one build.
    """
    project = tmp_path_factory.mktemp("postbuild") / "project"
    shutil.copytree(minimal, project)
    for case in POSTBUILD_CASES:
        for source in (CASES_DIR / case / "files").rglob("*"):
            if source.is_file():
                relative = source.relative_to(CASES_DIR / case / "files").as_posix()
                target = project / (f"docs/{case}.md" if relative == "docs/evil.md" else relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\nstrict: true\n", "\nstrict: false\n"),
                      encoding="utf-8")
    site = project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([sys.executable, "-P", "-m", "mkdocs", "build", "--site-dir", str(site)],
                           cwd=project, env=env, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    after = subprocess.run([sys.executable, "-P", "-m", "playbook.postbuild", str(site), "--root", str(project)],
                           cwd=project, env=env, capture_output=True, text=True, check=False)
    assert after.returncode != 0
    return built.stdout + built.stderr + after.stdout + after.stderr, site


@pytest.mark.slow
@pytest.mark.parametrize("case", POSTBUILD_CASES)
def test_hostile_case_is_refused_by_the_post_build_check(case: str, postbuild_output: tuple[str, Path]) -> None:
    """What only the rendered page shows (attribute lists, Markdown links) is refused before publishing."""
    output, site = postbuild_output
    assert _as_its_own_page(case, CASE_SPECS[case]["expect"]) in output, output
    assert "Traceback" not in output
    assert not list(site.glob("checklists/*.docx"))  # refused: nothing of the post-build step written


# Cases an engine must refuse by itself too, when run without the pre-build step: one of each
# class that the build's own checks cover, and those only a macro can judge at render time.
ENGINE_CASES = ["sandbox-cycler-globals", "fm-body-from-environ", "symlink-page-to-passwd", "html-script",
                *[case for case in CASES if CASE_SPECS[case].get("stage") == "build"]]


@pytest.mark.slow
@pytest.mark.parametrize("case", ENGINE_CASES)
def test_hostile_case_stops_the_mkdocs_build(case: str, minimal: Path, tmp_path: Path) -> None:
    """Non-zero exit, one line naming the file, no traceback, and the marker nowhere."""
    project, spec = with_case(minimal, case, tmp_path)
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-P", "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True,
        text=True, check=False, timeout=BUILD_TIMEOUT_SECONDS)
    output = result.stdout + result.stderr
    problems = [line for line in output.splitlines()
                if line.startswith("ERROR") or "[macros] - ERROR" in line]
    assert result.returncode != 0, output
    assert len(problems) == 1, output
    assert "evil.md" in problems[0] or spec["expect"].split(":")[0] in problems[0], output
    _refused(output, spec, project, site)


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
