"""Shared fixtures: the project root, one strict build of the real site, a browser."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
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


def print_pdfs(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """What `make pdf` does: every checklist's PDF and the book from the built `site`, into `out`."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), str(site), "--out", str(out)],
                          capture_output=True, text=True, check=False)


class Outputs:
    """The built site and its PDFs, made in a thread while the tests that need neither run.

    The suite spends much of its time waiting on a browser; building and printing beside it
    uses the second core. Each output is made once, at most, and only if a collected test needs it.
    """

    def __init__(self, items: list[pytest.Item], factory: pytest.TempPathFactory) -> None:
        """Start making what `items` need."""
        needs = set().union(*(item.fixturenames for item in items)) if items else set()
        self.site = factory.mktemp("site")
        self.pdfs = factory.mktemp("pdf")
        self.built: subprocess.CompletedProcess[str] | None = None
        self.printed: subprocess.CompletedProcess[str] | None = None
        self.site_ready, self.pdfs_ready = threading.Event(), threading.Event()
        wanted = ("built_site" in needs, "printed_pdfs" in needs)
        self.thread = threading.Thread(target=self._make, args=wanted, daemon=True)
        self.thread.start()

    def _make(self, site: bool, pdfs: bool) -> None:
        """Build, then print; each step signals when it is done, whatever its outcome."""
        try:
            if site or pdfs:
                self.built = build_site(ROOT, self.site)
        finally:
            self.site_ready.set()
        try:
            if pdfs and self.built and self.built.returncode == 0:
                self.printed = print_pdfs(self.site, self.pdfs)
        finally:
            self.pdfs_ready.set()


def output_order(item: pytest.Item) -> int:
    """0 for a test that needs no built site, 1 for one that does, 2 for one that needs its PDFs."""
    return 2 if "printed_pdfs" in item.fixturenames else 1 if "built_site" in item.fixturenames else 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Whole modules in order of what they need, so the site builds and prints while others run."""
    module_order: dict[str, int] = {}
    for item in items:
        module_order[item.nodeid.split("::")[0]] = max(module_order.get(item.nodeid.split("::")[0], 0),
                                                        output_order(item))
    items.sort(key=lambda item: module_order[item.nodeid.split("::")[0]])


@pytest.fixture(scope="session", autouse=True)
def outputs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outputs]:
    """The session's built site and PDFs, started before the first test; never left running after it."""
    made = Outputs(request.session.items, tmp_path_factory)
    yield made
    made.thread.join()


@pytest.fixture(scope="session")
def built_site(outputs: Outputs) -> Path:
    """The real handbook, built strictly once per test session."""
    outputs.site_ready.wait()
    assert outputs.built is not None and outputs.built.returncode == 0, \
        outputs.built and outputs.built.stdout + outputs.built.stderr
    return outputs.site


@pytest.fixture(scope="session")
def printed_pdfs(built_site: Path, outputs: Outputs) -> Path:
    """What `make pdf` writes (every checklist's PDF and the book), printed once per session."""
    outputs.pdfs_ready.wait()
    assert outputs.printed is not None and outputs.printed.returncode == 0, \
        outputs.printed and outputs.printed.stdout + outputs.printed.stderr
    return outputs.pdfs


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
