"""Build time of the handbook with and without macros, at 1x, 10x and 100x the chapters.

Usage: .venv/bin/python benchmarks/build_time.py [--scales 1 10 100] [--runs 3]

Each variant is a copy of the project in a temporary folder. "x10" adds nine copies of every
chapter folder (docs/<part>/) as docs/copy-N/<part>/, outside the navigation, so the menu
every page carries stays the same size and only the number of pages grows. "no macros" is
the same Markdown with the macros plugin (and the hook that sandboxes it) removed: calls
such as {{ tool_directory() }} stay as literal text. Timing: hyperfine when installed
(Debian package `hyperfine`), else /usr/bin/time, one strict build per run.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playbook.project import ROOT, TOOL_FOLDERS

NOT_COPIED = (*TOOL_FOLDERS, ".venv*", "tests")


def without_macros(config: str) -> str:
    """mkdocs.yml text with the macros plugin entry and its sandbox hook taken out."""
    config = re.sub(r"\n  - macros:\n(    .*\n|\s*#.*\n)*", "\n", config)
    return re.sub(r"\n  - macros/hooks\.py\n", "\n", config)


def make_corpus(target: Path, scale: int, macros: bool) -> int:
    """Copy the project into `target` with `scale` times the chapters; return the page count."""
    # The whole project (pages may show files from its root, such as CONTRIBUTING.md),
    # without what is installed, built or cached.
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*NOT_COPIED), dirs_exist_ok=True)
    chapters = [p for p in (target / "docs").iterdir() if p.is_dir() and p.name != "assets"]
    for copy in range(1, scale):
        for chapter in chapters:
            shutil.copytree(chapter, target / "docs" / f"copy-{copy}" / chapter.name)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    # Copies are deliberately left out of the navigation: report them at INFO, not as warnings.
    config = config.replace("omitted_files: warn", "omitted_files: info")
    if not macros:
        config = without_macros(config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return sum(1 for _ in (target / "docs").rglob("*.md"))


def time_builds(project: Path, runs: int) -> list[float]:
    """Wall-clock seconds of `runs` strict builds of `project`."""
    command = f"{sys.executable} -m mkdocs build --strict --quiet --site-dir {project / 'site'}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if shutil.which("hyperfine"):
        out = project / "hyperfine.json"
        subprocess.run(["hyperfine", "--runs", str(runs), "--warmup", "1" if runs > 1 else "0",
                        "--export-json", str(out), "--style", "none", command],
                       cwd=project, env=env, check=True, capture_output=True)
        return json.loads(out.read_text())["results"][0]["times"]
    times = []
    for _ in range(runs):
        result = subprocess.run(["/usr/bin/time", "-f", "%e", *command.split()], cwd=project, env=env,
                                check=True, capture_output=True, text=True)
        times.append(float(result.stderr.strip().splitlines()[-1]))
    return times


def main() -> None:
    """Measure every (scale, macros) pair and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=3, help="runs at 1x; larger scales run once")
    args = parser.parse_args()
    rows = []
    for scale in args.scales:
        results = {}
        for macros in (True, False):
            with tempfile.TemporaryDirectory(prefix="handbook-build-") as tmp:
                pages = make_corpus(Path(tmp), scale, macros)
                times = time_builds(Path(tmp), args.runs if scale == 1 else 1)
                results[macros] = sorted(times)[len(times) // 2]
            print(f"x{scale} macros={macros}: {pages} pages, median {results[macros]:.2f} s", flush=True)
        share = (results[True] - results[False]) / results[True] * 100
        rows.append((scale, pages, results[True], results[False], share))
    print("\n| Chapters | Pages | With macros (s) | Without macros (s) | Macro share | s per page |")
    print("|---|---:|---:|---:|---:|---:|")
    for scale, pages, with_m, without_m, share in rows:
        print(f"| x{scale} | {pages} | {with_m:.2f} | {without_m:.2f} | {share:.0f} % | {with_m / pages:.3f} |")


if __name__ == "__main__":
    main()
