"""Build cost per page: the real build, the same build without macros, and a plain-Markdown floor.

Usage: .venv/bin/python -P benchmarks/build_time.py [--scales 1 10] [--rounds 3] [--docx-cache]
       .venv/bin/python -P benchmarks/build_time.py --compare-env GIT_DATES=false [--scales 1] [--rounds 5]
       .venv/bin/python -P benchmarks/build_time.py --engines [--scales 1] [--rounds 3]
       .venv/bin/python -P benchmarks/build_time.py --profile [--scales 1]

Three variants of one corpus, timed in alternating rounds (real, no macros, floor; then the
order reversed; then again), each round's builds one after the other, so a busy machine weighs
on every variant alike. Each build runs in child processes; their CPU time (user + sys, from
resource.getrusage(RUSAGE_CHILDREN), git's processes included) is the stable figure on a shared
machine, wall time is printed beside it. Medians and ranges, per page.

- real: `python -P -m playbook.prebuild`, `mkdocs build --strict` with everything in mkdocs.yml
  (macros, hooks, the handbook's Markdown extensions, git revision dates, search, tags), then
  `python -P -m playbook.postbuild SITE` (content check, Word files, CSP). No Word-file cache
  (as a fresh clone builds) unless --docx-cache.
- no macros: `mkdocs build --strict` with the macros plugin, the `hooks:` and the handbook's
  own Markdown extensions (`macros.*`) taken out of mkdocs.yml; pages' `{{ ... }}` stay as text.
  No pre- or post-build step.
- floor: plain Python-Markdown (no extensions, no theme) over the same pages, one HTML file each.

Corpus: a clone of the project (its own `.git`, with the history, so the git-revision-date plugin
costs what it costs) with the working tree's files over it. At xN, N-1 copies of every chapter
folder, the home page and the glossary go to docs/copy-K/, are committed in the clone, and are
appended to the navigation as sections "Copy K". In the real build the post-build step is told
that the copies' checklists and calculators are on their own pages (see `POSTBUILD`).

--compare-env NAME=VALUE times the real build's MkDocs step with and without that environment
setting, in alternating pairs (GIT_DATES=false is what `make serve` sets).

--engines times a cold `mkdocs build --strict` against a cold `zensical build --clean --strict`
(from .venv-zensical, `make zensical-setup`) of the same corpus, after one pre-build step, in
alternating pairs; the cache folder Zensical keeps is removed before each build.

--profile runs one real build (pre-build, MkDocs, post-build) at the first scale under cProfile
and prints the split of CPU time by part (see build_profile.py).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script with -P: the project folder is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playbook.build import ZENSICAL  # noqa: E402
from playbook.project import ROOT, TOOL_FOLDERS, load_project  # noqa: E402

VARIANTS = ("real", "no macros", "floor")
# Top-level pages copied with the chapters: chapters link to them (../glossary.md).
TOP_PAGES = ("index.md", "glossary.md", "whats-new.md")  # the home page links to What's new
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
# The post-build step, with the copies' pages allowed to hold a checklist or a calculator as the
# macro reference may (each copy of a checklist page shows its own checklist once).
POSTBUILD = """
import sys
from pathlib import Path
import playbook.postbuild as post
site = Path(sys.argv[1])
post.EXAMPLE_PAGES = frozenset((*post.EXAMPLE_PAGES, *(
    post.page_path(site, p) for p in site.glob("copy-*/**/*.html"))))
sys.exit(post.main(sys.argv[1:]))
"""
# Plain Python-Markdown: every page of the corpus to HTML, no extensions and no theme.
FLOOR = """
import sys
from pathlib import Path
import markdown
docs, out = Path(sys.argv[1]), Path(sys.argv[2])
for page in sorted(docs.rglob("*.md")):
    target = out / page.relative_to(docs).with_suffix(".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown.markdown(page.read_text(encoding="utf-8")), encoding="utf-8")
"""


def without_macros(config: str) -> str:
    """mkdocs.yml text without the macros plugin, the `hooks:` and the `macros.*` Markdown extensions."""
    lines = config.splitlines(keepends=True)
    kept: list[str] = []
    skipping = None  # the indentation of the entry being dropped
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if skipping is not None:
            if not line.strip() or line.lstrip().startswith("#") or indent > skipping:
                continue
            skipping = None
        stripped = line.strip()
        if line.startswith("hooks:") or stripped.startswith("- macros:"):
            skipping = indent
            continue
        if re.fullmatch(r"- macros\.\w+", stripped):
            continue
        kept.append(line)
    text = "".join(kept)
    if re.search(r"^hooks:|- macros[:.]", text, re.MULTILINE):
        raise ValueError("mkdocs.yml: the macros plugin, hooks or macros.* extensions were not all removed")
    return text


def nav_copies(nav: list[str], pages: set[str], copies: range) -> str:
    """YAML lines appending one navigation section per copy, with the copied pages in reading order."""
    lines = []
    for copy in copies:
        lines.append(f"  - Copy {copy}:\n")
        lines += [f"      - copy-{copy}/{page}\n" for page in nav if page in pages]
    return "".join(lines)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                    "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True)


def make_corpus(target: Path, scale: int, macros: bool = True) -> int:
    """A clone of the project in `target` with `scale` times the chapters; return the page count."""
    subprocess.run(["git", "clone", "--quiet", "--shared", str(ROOT), str(target)], check=True)
    # The working tree as it is (uncommitted changes too), without what is installed or built.
    ignored = shutil.ignore_patterns(*TOOL_FOLDERS, ".venv*", ".zensical.yml")
    shutil.copytree(ROOT, target, ignore=ignored, dirs_exist_ok=True)
    docs = target / "docs"
    copied = [p for p in docs.iterdir() if (p.is_dir() and p.name != "assets") or p.name in TOP_PAGES]
    for copy in range(1, scale):
        for source in copied:
            if source.is_dir():
                shutil.copytree(source, docs / f"copy-{copy}" / source.name)
            else:
                (docs / f"copy-{copy}").mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, docs / f"copy-{copy}" / source.name)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    if not config.rstrip().splitlines()[-1].startswith("  - "):
        raise ValueError("mkdocs.yml: expected `nav:` to be its last key")
    pages = {p.relative_to(docs).as_posix() for p in copied for p in ([p] if p.is_file() else p.rglob("*.md"))}
    config = config.rstrip("\n") + "\n" + nav_copies(list(load_project(ROOT).nav), pages, range(1, scale))
    if not macros:
        config = without_macros(config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    _git(target, "add", "-A")
    _git(target, "commit", "--quiet", "--allow-empty", "-m", f"benchmark corpus x{scale}")
    return sum(1 for _ in docs.rglob("*.md"))


def commands(variant: str, project: Path, docx_cache: bool) -> list[list[str]]:
    """The child processes of one build of `variant` in `project`."""
    python, site = sys.executable, str(project / "site")
    mkdocs = [python, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site]
    if variant == "real":
        post = [python, "-P", "-c", POSTBUILD, site, "--root", str(project)]
        if docx_cache:
            post += ["--cache", str(project / "build" / "cache" / "docx")]
        return [[python, "-P", "-m", "playbook.prebuild", "--root", str(project)], mkdocs, post]
    if variant == "no macros":
        return [mkdocs]
    return [[python, "-P", "-c", FLOOR, str(project / "docs"), site]]


@dataclass
class Sample:
    """One build: CPU seconds (user + sys of its child processes) and wall seconds."""

    cpu: float
    wall: float
    parts: list[float] = field(default_factory=list)  # CPU of each child process


def run_build(variant: str, project: Path, docx_cache: bool = False, env: dict[str, str] | None = None,
              only: int | None = None) -> Sample:
    """Build `variant` once in `project` from an empty site folder; its CPU and wall time.

    `env` adds to the environment; `only` runs just that step of the build (1: MkDocs in "real").
    """
    shutil.rmtree(project / "site", ignore_errors=True)
    parts, wall = [], 0.0
    steps = commands(variant, project, docx_cache)
    for command in steps if only is None else [steps[only]]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=project, env={**ENV, **(env or {})}, capture_output=True, text=True)
        wall += time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode:
            raise SystemExit(f"{variant}: {' '.join(command[:4])} failed:\n{result.stdout}{result.stderr}")
        parts.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Sample(sum(parts), wall, parts)


def order(round_number: int) -> tuple[str, ...]:
    """The variants' order in a round: as listed, then reversed, alternately."""
    return VARIANTS if round_number % 2 == 0 else VARIANTS[::-1]


def spread(values: list[float], pages: int, unit: float = 1000.0) -> str:
    """Median per page and range per page, in ms: "48.1 (45.0-50.2)"."""
    scaled = [v / pages * unit for v in values]
    return f"{statistics.median(scaled):.1f} ({min(scaled):.1f}-{max(scaled):.1f})"


def ratio_spread(ratios: list[float]) -> str:
    """Median of paired ratios with their range: "2.10 (2.00-2.31)"."""
    return f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"


def measure(scale: int, rounds: int, docx_cache: bool, workdir: Path) -> dict[str, object]:
    """Every variant at `scale`, in alternating rounds; the samples and the page count."""
    real, plain = workdir / f"x{scale}-real", workdir / f"x{scale}-nomacros"
    pages = make_corpus(real, scale, macros=True)
    make_corpus(plain, scale, macros=False)
    where = {"real": real, "no macros": plain, "floor": real}
    samples: dict[str, list[Sample]] = {v: [] for v in VARIANTS}
    for number in range(rounds):
        for variant in order(number):
            sample = run_build(variant, where[variant], docx_cache)
            samples[variant].append(sample)
            print(f"x{scale} round {number + 1} {variant}: CPU {sample.cpu:.2f} s "
                  f"({' + '.join(f'{p:.2f}' for p in sample.parts)}), wall {sample.wall:.2f} s",
                  file=sys.stderr, flush=True)
    shutil.rmtree(real), shutil.rmtree(plain)
    return {"scale": scale, "pages": pages, "samples": samples}


def compare_env(setting: str, scale: int, rounds: int, workdir: Path) -> str:
    """The real build's MkDocs step with and without NAME=VALUE in its environment, in alternating pairs."""
    name, _, value = setting.partition("=")
    project = workdir / f"x{scale}-env"
    pages = make_corpus(project, scale)
    run_build("real", project)  # the pre-build step once; the site folder is rebuilt each time
    samples: dict[bool, list[Sample]] = {True: [], False: []}
    for number in range(rounds):
        for with_setting in ((False, True) if number % 2 == 0 else (True, False)):
            sample = run_build("real", project, env={name: value} if with_setting else None, only=1)
            samples[with_setting].append(sample)
            print(f"x{scale} round {number + 1} {setting if with_setting else 'as is'}: CPU {sample.cpu:.2f} s, "
                  f"wall {sample.wall:.2f} s", file=sys.stderr, flush=True)
    ratios = [a.cpu / b.cpu for a, b in zip(samples[True], samples[False])]
    return "\n".join([
        f"| Scale | Pages | Rounds | MkDocs CPU as is | MkDocs CPU with {setting} | Ratio (paired) | Wall as is | Wall with {setting} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| x{scale} | {pages} | {rounds} | {spread([s.cpu for s in samples[False]], pages)} "
        f"| {spread([s.cpu for s in samples[True]], pages)} | {ratio_spread(ratios)} "
        f"| {spread([s.wall for s in samples[False]], pages)} | {spread([s.wall for s in samples[True]], pages)} |"])


def compare_engines(scale: int, rounds: int, workdir: Path) -> str:
    """A cold MkDocs build against a cold Zensical build of the same corpus, engines alone, in alternating pairs."""
    if not ZENSICAL.exists():
        raise SystemExit("Zensical is not installed: run `make zensical-setup` first")
    project = workdir / f"x{scale}-engines"
    pages = make_corpus(project, scale)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / ".zensical.yml").write_text(f"{config}\nsite_dir: zensical-site\n", encoding="utf-8")
    run_build("real", project)  # the pre-build step once, as both make targets run it first
    engines = {
        "MkDocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(project / "site")],
        "Zensical": [str(ZENSICAL), "build", "--clean", "--strict", "--config-file", ".zensical.yml"],
    }
    samples: dict[str, list[Sample]] = {name: [] for name in engines}
    for number in range(rounds):
        for name in (list(engines) if number % 2 == 0 else list(engines)[::-1]):
            for folder in ("site", "zensical-site", ".cache"):
                shutil.rmtree(project / folder, ignore_errors=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = subprocess.run(engines[name], cwd=project, env=ENV, capture_output=True, text=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if result.returncode:
                raise SystemExit(f"{name} failed:\n{result.stdout}{result.stderr}")
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            samples[name].append(Sample(cpu, wall, [cpu]))
            print(f"x{scale} round {number + 1} {name}: CPU {cpu:.2f} s, wall {wall:.2f} s", file=sys.stderr, flush=True)
    ratios = [z.cpu / m.cpu for z, m in zip(samples["Zensical"], samples["MkDocs"])]
    return "\n".join([
        "| Scale | Pages | Rounds | MkDocs CPU | Zensical CPU | Zensical / MkDocs (CPU, paired) | MkDocs wall | Zensical wall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| x{scale} | {pages} | {rounds} | {spread([s.cpu for s in samples['MkDocs']], pages)} "
        f"| {spread([s.cpu for s in samples['Zensical']], pages)} | {ratio_spread(ratios)} "
        f"| {spread([s.wall for s in samples['MkDocs']], pages)} | {spread([s.wall for s in samples['Zensical']], pages)} |"])


def table(results: list[dict[str, object]]) -> str:
    """The Markdown table: CPU and wall ms per page, median (range), and the paired ratio."""
    rows = ["| Scale | Pages | Rounds | Real CPU | No macros CPU | Floor CPU | Real / no macros (CPU, paired) "
            "| Real wall | No macros wall | Floor wall | Real: pre / MkDocs / post CPU |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for result in results:
        samples, pages = result["samples"], result["pages"]
        real, plain, floor = (samples[v] for v in VARIANTS)
        ratios = [r.cpu / p.cpu for r, p in zip(real, plain)]
        parts = " / ".join(f"{statistics.median(s.parts[i] for s in real) / pages * 1000:.1f}"
                           for i in range(3))
        rows.append(f"| x{result['scale']} | {pages} | {len(real)} "
                    f"| {spread([s.cpu for s in real], pages)} | {spread([s.cpu for s in plain], pages)} "
                    f"| {spread([s.cpu for s in floor], pages)} | {ratio_spread(ratios)} "
                    f"| {spread([s.wall for s in real], pages)} | {spread([s.wall for s in plain], pages)} "
                    f"| {spread([s.wall for s in floor], pages)} | {parts} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    """Measure every scale and print the table (progress goes to stderr)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--rounds", type=int, default=3, help="rounds at each scale (each builds every variant)")
    parser.add_argument("--docx-cache", action="store_true",
                        help="keep Word files between the real builds (as `make build` run again does)")
    parser.add_argument("--compare-env", metavar="NAME=VALUE",
                        help="instead: the real build's MkDocs step with and without this setting (GIT_DATES=false)")
    parser.add_argument("--engines", action="store_true",
                        help="instead: cold MkDocs against cold Zensical, the engine commands alone")
    parser.add_argument("--profile", action="store_true",
                        help="profile one real build at the first scale instead (see build_profile.py)")
    args = parser.parse_args(argv)
    if args.profile:
        from benchmarks.build_profile import main as profile
        profile(["--scale", str(args.scales[0])])
        return
    load = os.getloadavg()
    if args.compare_env or args.engines:
        with tempfile.TemporaryDirectory(prefix="handbook-build-") as tmp:
            result = (compare_env(args.compare_env, args.scales[0], args.rounds, Path(tmp)) if args.compare_env
                      else compare_engines(args.scales[0], args.rounds, Path(tmp)))
        print(f"\nEngine step only, ms per page, median (range); load average at start {load[0]:.2f}, "
              f"at end {os.getloadavg()[0]:.2f}")
        print(result)
        return
    with tempfile.TemporaryDirectory(prefix="handbook-build-") as tmp:
        results = [measure(scale, args.rounds, args.docx_cache, Path(tmp)) for scale in args.scales]
    print(f"\nCPU and wall time in ms per page, median (range); load average at start "
          f"{load[0]:.2f}, at end {os.getloadavg()[0]:.2f}")
    print(table(results))


if __name__ == "__main__":
    main()
