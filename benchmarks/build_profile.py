"""Where a real build's CPU time goes: the pre-build step, MkDocs and the post-build step under cProfile.

Usage: .venv/bin/python -P benchmarks/build_profile.py [--scale 1] [--docx-cache] [--top 0]
(also `build_time.py --profile`).

The corpus is build_time.py's (a clone with `.git`, copies in the navigation). Each step runs in
its own process, as `make build` runs it, under cProfile with its own clock (with
time.process_time as the clock cProfile makes a system call per event and costs more than the
build). Each step's profile is then scaled to the CPU time its process used (getrusage), after
taking out the time it spent waiting (for git's processes: lock, poll and wait calls), so a busy
machine does not inflate the shares; the CPU of the processes a step starts (git, for the
revision dates and the build's commit) is read from getrusage and counted apart. Parts are the cumulative CPU of the functions named in PARTS (they do not nest in one
another); "other" is the rest of that process: start-up, imports, reading the configuration,
the navigation, copying the theme's files, writing pages.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import runpy
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.build_time import ENV, POSTBUILD, make_corpus  # noqa: E402

# (part, step, file ending, function names): the part's CPU is the sum of the cumulative time
# of those functions (every `on_*` event of a plugin when the names are "on_*").
PARTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("  pre-build: of which data loading and link check", "prebuild", "macros/loading.py", ("load_handbook",)),
    ("macros: data loading (define_env)", "mkdocs", "macros/__init__.py", ("define_env",)),
    ("macros: page rendering (mkdocs-macros, the macros)", "mkdocs", "mkdocs_macros/plugin.py", ("on_page_markdown",)),
    ("hooks: page checks, edit links, outline", "mkdocs", "macros/hooks.py", ("on_*",)),
    ("Markdown conversion (Python-Markdown, all extensions)", "mkdocs", "mkdocs/structure/pages.py", ("render",)),
    ("  of which the handbook's extensions (macros.*)", "mkdocs", "", ()),  # filled in by split()
    ("theme templates (Material, overrides)", "mkdocs", "", ()),  # filled in by split()
    ("git revision dates (plugin, in this process)", "mkdocs", "mkdocs_git_revision_date_localized_plugin/plugin.py", ("on_*",)),
    ("search index (Material's search plugin)", "mkdocs", "material/plugins/search/plugin.py", ("on_*",)),
    ("tags (Material's tags plugin)", "mkdocs", "material/plugins/tags/plugin.py", ("on_*",)),
    ("post-build: data loading", "postbuild", "playbook/postbuild.py", ("_handbook",)),
    ("post-build: content check (justhtml)", "postbuild", "playbook/postbuild.py", ("page_problems",)),
    ("post-build: Word files", "postbuild", "playbook/postbuild.py", ("write_word_files",)),
    ("post-build: library files (Word and Markdown)", "postbuild", "playbook/postbuild.py", ("write_library_files",)),
)
# Time a process spends waiting on others, not computing (cProfile's built-in entries).
WAITS = ("acquire", "waitpid", "poll", "select", "wait")
EXTENSION_FILES = ("macros/accessibility.py", "macros/diagrams.py", "macros/tabletools.py", "macros/phonetables.py")


def worker(output: Path, mode: str, args: list[str]) -> None:
    """Run one step in this process under cProfile (CPU clock); write its stats and its children's CPU."""
    profiler = cProfile.Profile()
    if mode == "mkdocs":
        sys.path.insert(0, str(Path.cwd()))  # as `python -m mkdocs` does
        sys.argv = ["mkdocs", *args]
        target = lambda: runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)  # noqa: E731
    elif mode == "postbuild":
        sys.argv = ["postbuild", *args]
        target = lambda: exec(compile(POSTBUILD, "postbuild-wrapper", "exec"), {"__name__": "__main__"})  # noqa: E731,S102
    else:
        sys.argv = ["prebuild", *args]
        target = lambda: runpy.run_module("playbook.prebuild", run_name="__main__", alter_sys=True)  # noqa: E731
    code = 0
    profiler.enable()
    try:
        target()
    except SystemExit as stop:
        code = stop.code or 0
    finally:
        profiler.disable()
    profiler.dump_stats(str(output))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = resource.getrusage(resource.RUSAGE_SELF)
    output.with_suffix(".json").write_text(json.dumps({
        "children": children.ru_utime + children.ru_stime, "self": me.ru_utime + me.ru_stime, "code": code}))
    sys.exit(code)


def cumulative(stats: pstats.Stats, file_end: str, names: tuple[str, ...]) -> float:
    """Sum of the cumulative time of the functions in files ending with `file_end` named in `names`."""
    total = 0.0
    for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if not filename.replace("\\", "/").endswith(file_end):
            continue
        if any(function == name or (name.endswith("*") and function.startswith(name[:-1])) for name in names):
            total += ct
    return total


def waiting(stats: pstats.Stats) -> float:
    """Seconds of the profile spent in built-in waits (lock acquire, waitpid, poll, select)."""
    return sum(tt for (filename, _line, function), (_cc, _nc, tt, _ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
               if filename == "~" and any(word in function for word in WAITS))


def scale(stats: pstats.Stats, cpu: float) -> float:
    """Factor from the profile's busy seconds to the process's CPU seconds."""
    busy = stats.total_tt - waiting(stats)  # type: ignore[attr-defined]
    return cpu / busy if busy > 0 else 0.0


def split(stats: dict[str, pstats.Stats], figures: dict[str, dict[str, float]]) -> dict[str, float]:
    """CPU seconds of each part of PARTS, from each step's stats scaled to its process's CPU."""
    factor = {step: scale(stats[step], figures[step]["self"]) for step in stats}
    parts = {}
    for label, step, file_end, names in PARTS:
        parts[label] = cumulative(stats[step], file_end, names) * factor[step] if names else 0.0
    mk, f = stats["mkdocs"], factor["mkdocs"]
    # The git plugin waits for its pool of git processes (their CPU is counted apart).
    git = "git revision dates (plugin, in this process)"
    parts[git] = max(0.0, parts[git] - waiting(mk) * f)
    parts["  of which the handbook's extensions (macros.*)"] = f * sum(
        cumulative(mk, file, ("run",)) for file in EXTENSION_FILES)
    parts["theme templates (Material, overrides)"] = f * (
        cumulative(mk, "mkdocs/commands/build.py", ("_build_page", "_build_template"))
        - cumulative(mk, "mkdocs/plugins.py", ("on_page_context", "on_post_page")))
    return parts


def profile(project: Path, docx_cache: bool) -> tuple[dict[str, pstats.Stats], dict[str, dict[str, float]]]:
    """Run the three steps of a real build of `project` under the profiler; their stats and CPU figures."""
    python, site, me = sys.executable, str(project / "site"), str(Path(__file__).resolve())
    post = [site, "--root", str(project)] + (["--cache", str(project / "build" / "cache" / "docx")] if docx_cache else [])
    steps = {
        "prebuild": (["-P"], ["--root", str(project)]),
        "mkdocs": ([], ["build", "--strict", "--quiet", "--site-dir", site]),
        "postbuild": (["-P"], post),
    }
    stats, figures = {}, {}
    for step, (flags, args) in steps.items():
        out = project / f"{step}.prof"
        command = [python, *flags, me, "--worker", step, "--output", str(out), "--", *args]
        result = subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(f"{step} failed:\n{result.stdout}{result.stderr}")
        stats[step] = pstats.Stats(str(out))
        figures[step] = json.loads(out.with_suffix(".json").read_text())
    return stats, figures


def report(stats: dict[str, pstats.Stats], figures: dict[str, dict[str, float]], pages: int, top: int) -> str:
    """The split as a Markdown table: CPU seconds, ms per page and share of the whole build."""
    parts = split(stats, figures)
    profiled = {step: figures[step]["self"] for step in stats}
    whole = sum(profiled.values()) + sum(f["children"] for f in figures.values())
    rows = [("pre-build step (all)", profiled["prebuild"] + figures["prebuild"]["children"])]
    rows += [(label, parts[label]) for label, step, _f, _n in PARTS if step == "prebuild"]
    for step, title in (("mkdocs", "MkDocs"), ("postbuild", "post-build")):
        named = [(label, parts[label]) for label, where, _f, _n in PARTS if where == step]
        rows += named
        if step == "mkdocs":
            rows.append(("git processes started by MkDocs (revision dates, build commit)", figures["mkdocs"]["children"]))
        counted = sum(value for label, value in named if not label.startswith("  "))
        rest = "start-up, imports, config, nav, files, writing" if step == "mkdocs" else "start-up, reading and writing pages, CSP"
        rows.append((f"{title}: other ({rest})", profiled[step] - counted))
    lines = [f"CPU of the profiled build (profiling overhead included; each process's profile scaled to its CPU): {whole:.2f} s for {pages} pages",
             "", "| Part | CPU s | ms per page | Share |", "|---|---:|---:|---:|"]
    lines += [f"| {label.strip()}{' (sub-part)' if label.startswith('  ') else ''} | {value:.2f} "
              f"| {value / pages * 1000:.1f} | {value / whole * 100:.0f} % |" for label, value in rows]
    if top:
        for step in stats:
            lines.append(f"\n{step}: top {top} by own time")
            stats[step].sort_stats("tottime")
            stats[step].print_stats(top)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Profile one real build and print the split."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        mode, rest = argv[1], argv[2:]
        output = Path(rest[rest.index("--output") + 1])
        worker(output, mode, rest[rest.index("--") + 1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--docx-cache", action="store_true", help="profile a second build, with the Word files cached")
    parser.add_argument("--top", type=int, default=0, help="also print each step's N most costly functions")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="handbook-profile-") as tmp:
        project = Path(tmp) / "corpus"
        pages = make_corpus(project, args.scale)
        if args.docx_cache:  # a first build fills the cache
            profile(project, True)
        stats, figures = profile(project, args.docx_cache)
        print(report(stats, figures, pages, args.top))


if __name__ == "__main__":
    main()
