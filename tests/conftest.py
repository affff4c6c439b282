"""Shared fixtures: the project root, one strict build of the real site, a browser."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from playbook.project import ROOT, TOOL_FOLDERS
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from scripts.serve import serving



def build_site(project: Path, site_dir: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """A strict MkDocs build of `project` into `site_dir`, then the post-build step, as `make build` runs them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"SITE_URL": site_url} if site_url else {})}
    built = subprocess.run(
        [sys.executable, "-P", "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    if built.returncode != 0:
        return built
    after = subprocess.run([sys.executable, "-P", "-m", "playbook.postbuild", str(site_dir), "--root", str(project)],
                           cwd=project, env=env, capture_output=True, text=True, check=False)
    return subprocess.CompletedProcess(after.args, after.returncode, built.stdout + after.stdout,
                                       built.stderr + after.stderr)


# What a copy of the project leaves out: tooling, caches and build output.
NOT_COPIED = TOOL_FOLDERS | {"tests", "benchmarks", ".github"}


def copy_project(destination: Path) -> Path:
    """Copy the buildable parts of the project into `destination` and return it."""
    destination.mkdir(parents=True, exist_ok=True)
    for source in ROOT.iterdir():
        if source.name in NOT_COPIED:
            continue
        if source.is_dir():
            shutil.copytree(source, destination / source.name,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / source.name)
    return destination


def minimal_project(destination: Path) -> Path:
    """The project with every page a one-line stub and no nav: builds in about a second."""
    for name in ("macros", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
    # Without the vendored libraries (most of the bytes): no check reads them, and a build only links them.
    shutil.copytree(ROOT / "docs" / "assets", destination / "docs" / "assets", ignore=shutil.ignore_patterns("vendor"))
    for page in (ROOT / "docs").rglob("*.md"):
        stub = destination / "docs" / page.relative_to(ROOT / "docs")
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text("# Stub\n", encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (destination / "mkdocs.yml").write_text(config[: config.index("\nnav:")] + "\n", encoding="utf-8")
    return destination


@pytest.fixture(scope="session")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One minimal project per session, copied by the tests that change it."""
    return minimal_project(tmp_path_factory.mktemp("minimal") / "project")


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository's top folder."""
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real handbook, built strictly once per test session."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def printed_pdfs(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make pdf` writes (every checklist's PDF and the book), printed once per session."""
    out = tmp_path_factory.mktemp("pdf")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), str(built_site),
                             "--out", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on loopback (as a static host serves it) for browser tests."""
    with serving(built_site) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


_ran: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count the tests that really ran (their call phase), for the check below."""
    if report.when == "call":
        _ran.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under `make test`, a run that executed no test fails, whatever a configuration file says."""
    if os.environ.get("PLAYBOOK_SUITE") == "1" and not _ran:
        print("\nmake test: no test ran; expected the whole suite", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
