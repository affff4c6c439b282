"""Main-thread CPU time of page loads, to compare two builds of the handbook.

Usage: .venv/bin/python benchmarks/main_thread.py [--ref HEAD~1] [--pages home chapter] [--loads 10]

Lighthouse scores on a shared host move with other load more than a small change moves them.
The CPU time the page's main thread actually ran is far steadier, so this script compares
builds by it: the working tree, and with `--ref` a git revision built from `git archive`.
Each page is loaded phone-sized (412 x 823), without throttling, in a fresh browser context,
the builds in turn and in alternating order so that changing load falls on both alike.
From a Chromium trace of each load it takes the main thread's CPU time (thread time of its
tasks), the part of it spent recalculating style, and the longest task after the first
contentful paint (wall time: what Lighthouse's blocking time is made of), and prints the medians.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.lighthouse import PAGES, PREFIX, ROOT, build
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from scripts.serve import make_server

TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "loading"]


def _main_thread_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The complete events of the renderer's main thread: the one that parsed the HTML."""
    parsers = Counter((e["pid"], e["tid"]) for e in events if e.get("name") == "ParseHTML")
    if not parsers:
        raise ValueError("the trace holds no ParseHTML event: the page did not load")
    main = parsers.most_common(1)[0][0]
    return [e for e in events if (e["pid"], e["tid"]) == main and e.get("ph") == "X"]


def cpu_and_style_ms(events: list[dict[str, Any]]) -> tuple[float, float]:
    """Main-thread CPU time of a page load and the part of it spent on style, in ms."""
    complete = _main_thread_events(events)
    cpu = sum(e.get("tdur", 0) for e in complete if e["name"] == "RunTask")
    style = sum(e.get("tdur", 0) for e in complete if e["name"] == "UpdateLayoutTree")
    return cpu / 1000, style / 1000


def longest_task_after_paint_ms(events: list[dict[str, Any]]) -> float:
    """Wall time of the main thread's longest task that starts at or after the first contentful paint."""
    paints = [e["ts"] for e in events if e.get("name") == "firstContentfulPaint"]
    if not paints:
        raise ValueError("the trace holds no firstContentfulPaint event: nothing was painted")
    tasks = [e.get("dur", 0) for e in _main_thread_events(events)
             if e["name"] == "RunTask" and e["ts"] >= min(paints)]
    return max(tasks, default=0) / 1000


def blocking_estimate_ms(events: list[dict[str, Any]], slowdown: float = 4.0) -> float:
    """Lighthouse-style blocking time at `slowdown`: each task after first paint, scaled, past 50 ms."""
    paints = [e["ts"] for e in events if e.get("name") == "firstContentfulPaint"]
    if not paints:
        raise ValueError("the trace holds no firstContentfulPaint event: nothing was painted")
    tasks = [e.get("dur", 0) / 1000 for e in _main_thread_events(events)
             if e["name"] == "RunTask" and e["ts"] >= min(paints)]
    return sum(max(0.0, slowdown * task - 50) for task in tasks)


def traced_load(browser: Any, url: str) -> list[dict[str, Any]]:
    """The Chromium trace events of one load of `url` in a fresh phone-sized context."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(2000)  # Material mounts its components after load
    events = json.loads(browser.stop_tracing())["traceEvents"]
    context.close()
    return events


def load_once(browser: Any, url: str) -> tuple[float, float, float]:
    """Load `url` once in a fresh phone-sized context and measure its main thread."""
    events = traced_load(browser, url)
    return (*cpu_and_style_ms(events), longest_task_after_paint_ms(events))


def build_revision(ref: str, site: Path, source: Path, url: str) -> None:
    """Build the handbook as it was at git revision `ref`."""
    source.mkdir()
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    # A revision from before the post-build step existed is built as it was published then.
    build(site, url, source, post=(source / "playbook" / "postbuild.py").is_file())


def serve_builds(folder: Path, ref: str | None) -> dict[str, str]:
    """Build the working tree (and `ref`, if given) in `folder`, serve each; name -> base URL."""
    url = f"http://127.0.0.1{PREFIX}"
    builds = {"working tree": folder / "tree"}
    build(builds["working tree"], url)
    if ref:
        builds[ref] = folder / "ref"
        build_revision(ref, builds[ref], folder / "ref-source", url)
    bases = {}
    for name, site in builds.items():
        server = make_server(site, 0, PREFIX)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bases[name] = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    return bases


def main() -> None:
    """Build, serve, load each page in turn and print medians."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", help="a git revision to compare the working tree with")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--loads", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        bases = serve_builds(Path(tmp), args.ref)
        builds = list(bases)
        results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for page in args.pages:
                for load in range(args.loads):
                    order = builds if load % 2 == 0 else builds[::-1]
                    for name in order:
                        results.setdefault((page, name), []).append(load_once(browser, bases[name] + PAGES[page]))
            browser.close()
    print(f"Medians of {args.loads} loads, phone-sized, no throttling\n")
    print("| Page | Build | Main-thread CPU | Style | Longest task after first paint |\n"
          "|---|---|---:|---:|---:|")
    for (page, name), loads in results.items():
        cpu, style, longest = (statistics.median(column) for column in zip(*loads))
        print(f"| {page} | {name} | {cpu:.0f} ms | {style:.0f} ms | {longest:.0f} ms |")


if __name__ == "__main__":
    main()
