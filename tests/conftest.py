"""Shared fixtures: the project root, one strict build of the real site, a browser."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# build_site: a strict MkDocs build and the post-build step, as `make build` runs them (tests import it from here).
from playbook.build import ZENSICAL, zensical_published
from playbook.build import mkdocs_published as build_site
from playbook.project import ROOT, TOOL_FOLDERS
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from scripts.serve import serving


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


def make_offline(scratch: Path, pdfs: Path) -> subprocess.CompletedProcess[str]:
    """`make offline` into `scratch` (build/ and offline.zip), with PDFs already printed (PDFS=)."""
    return subprocess.run(["make", "--no-print-directory", "offline", f"OFFLINE_DIR={scratch / 'build'}",
                           f"OFFLINE_ZIP={scratch / 'offline.zip'}", f"PDFS={pdfs}"], cwd=ROOT, capture_output=True,
                          text=True, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def build_with_zensical(project: Path) -> subprocess.CompletedProcess[str]:
    """A copy of the project built by Zensical into zensical-site/, then the post-build step, as `make zensical` runs them."""
    copy_project(project)
    return zensical_published(project)


class Outputs:
    """The built sites, PDFs and offline zip the suite shares, made in threads while other tests run.

    The suite spends much of its time waiting on a browser; building and printing beside it
    uses the second core. Each output is made once, at most, and only if a collected test needs
    it (its fixture is in the test's closure). Each waits for what it is made from.
    """

    def __init__(self, items: list[pytest.Item], factory: pytest.TempPathFactory) -> None:
        """Start making what `items` need: the MkDocs chain in one thread, Zensical's build in another."""
        needs = set().union(*(item.fixturenames for item in items)) if items else set()
        self.site, self.pdfs, self.offline = factory.mktemp("site"), factory.mktemp("pdf"), factory.mktemp("offline")
        self.zensical = factory.mktemp("zensical") / "project"
        self.results: dict[str, subprocess.CompletedProcess[str] | None] = {}
        self.ready = {name: threading.Event() for name in ("built_site", "printed_pdfs", "offline_zip", "zensical_site")}
        chain = [("built_site", lambda: build_site(ROOT, self.site)),
                 ("printed_pdfs", lambda: print_pdfs(self.site, self.pdfs)),
                 ("offline_zip", lambda: make_offline(self.offline, self.pdfs))]
        # A step is made if it or any later step of its chain is needed.
        last = max((number for number, (name, _) in enumerate(chain) if name in needs), default=-1)
        chains = [chain[: last + 1], [("zensical_site", lambda: build_with_zensical(self.zensical))]
                  if "zensical_site" in needs and ZENSICAL.is_file() else []]
        scheduled = {name for steps in chains for name, _ in steps}
        for name in self.ready.keys() - scheduled:  # never made: a wait for it ends at once
            self.ready[name].set()
        self.threads = [threading.Thread(target=self._make, args=(steps,), daemon=True) for steps in chains]
        for thread in self.threads:
            thread.start()

    def _make(self, steps: list[tuple[str, Any]]) -> None:
        """Each step in turn while the one before it succeeded; every step signals when it is settled."""
        failed = False
        for name, make in steps:
            try:
                if not failed:
                    self.results[name] = make()
            except BaseException:  # pytest.fail too: kept for the test that waits on it, so no wait hangs
                self.results[name] = subprocess.CompletedProcess(name, 1, "", traceback.format_exc())
            finally:
                failed = failed or name not in self.results or self.results[name].returncode != 0
                self.ready[name].set()

    def wait(self, name: str) -> subprocess.CompletedProcess[str]:
        """The finished step `name`; the test fails with its output if it (or a step before it) failed."""
        self.ready[name].wait()
        result = self.results.get(name)
        assert result is not None, f"{name} was not made: a step before it failed"
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result


def output_order(item: pytest.Item) -> int:
    """0 for a test that needs no shared output, 1 for one that needs the built site, 2 for one that needs more."""
    names = set(item.fixturenames)
    return 2 if names & {"printed_pdfs", "offline_zip", "zensical_site"} else 1 if "built_site" in names else 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Whole modules in order of what they need, so the sites build and print while others run."""
    module_order: dict[str, int] = {}
    for item in items:
        module = item.nodeid.split("::")[0]
        module_order[module] = max(module_order.get(module, 0), output_order(item))
    items.sort(key=lambda item: module_order[item.nodeid.split("::")[0]])


@pytest.fixture(scope="session", autouse=True)
def outputs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outputs]:
    """The session's shared outputs, started before the first test; never left running after it."""
    made = Outputs(request.session.items, tmp_path_factory)
    yield made
    for thread in made.threads:
        thread.join()


@pytest.fixture(scope="session")
def built_site(outputs: Outputs) -> Path:
    """The real handbook, built strictly once per test session (and its post-build step)."""
    outputs.wait("built_site")
    return outputs.site


@pytest.fixture(scope="session")
def printed_pdfs(built_site: Path, outputs: Outputs) -> Path:
    """What `make pdf` writes (every checklist's PDF and the book), printed once per session."""
    outputs.wait("printed_pdfs")
    return outputs.pdfs


@pytest.fixture(scope="session")
def offline_zip(printed_pdfs: Path, outputs: Outputs) -> Path:
    """What `make offline` writes, with the session's PDFs: the zip's path."""
    outputs.wait("offline_zip")
    return outputs.offline / "offline.zip"


@pytest.fixture(scope="session")
def zensical_site(outputs: Outputs) -> Path:
    """The handbook built by Zensical and the post-build step, as `make zensical` does: the site folder."""
    if not ZENSICAL.is_file():
        pytest.fail("Zensical is not installed: run `make zensical-setup` (make test does)")
    outputs.wait("zensical_site")
    return outputs.zensical / "zensical-site"


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
