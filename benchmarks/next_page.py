"""What instant navigation would save on the next page: the handbook as built against it with `navigation.instant`.

Usage: .venv/bin/python -m benchmarks.next_page [--loads 8]

A reader rarely reads one page. This opens a chapter (`/tools/psa/`) phone-sized without
throttling, lets it settle, then follows a link to the next chapter (`/tools/rmm/`) and
measures that step alone: the wall time from the tap until the new page's heading is shown,
and the CPU time of every renderer main thread in the trace until the page has settled (with
instant navigation Material swaps the content into the same document; without it, as the
handbook is built, the browser loads the next page with its assets from its cache and starts
Material, its search index and our scripts again). Builds alternate load by load; medians
are printed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS

from benchmarks.features import HANDBOOK, WITH, serve_variants
from benchmarks.main_thread import TRACE_CATEGORIES

WITH_INSTANT = next(name for name, features in WITH.items() if features == ("navigation.instant",))
FIRST, NEXT, NEXT_TITLE = "tools/psa/", "tools/rmm/", "RMM"


def renderer_cpu_ms(events: list[dict[str, Any]]) -> float:
    """Thread time of the tasks of every renderer main thread in a trace, in ms."""
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"}
    return sum(e.get("tdur", 0) for e in events
               if e.get("ph") == "X" and e.get("name") == "RunTask" and (e["pid"], e["tid"]) in mains) / 1000


def next_page_once(browser: Any, base: str) -> tuple[float, float]:
    """(wall ms from tap to the next page's heading, renderer CPU ms until settled) for one step."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base + FIRST, wait_until="load")
    page.wait_for_timeout(2000)  # the first page settles: Material mounted, search index loaded
    browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    started = time.perf_counter()
    # A link as the reader would tap it; Material's instant navigation intercepts link clicks.
    page.evaluate("""href => { const a = document.createElement("a"); a.href = href;
                     a.textContent = "next"; document.querySelector("article").append(a); a.click(); }""",
                  base + NEXT)
    page.wait_for_url(base + NEXT)
    page.locator("article h1", has_text=NEXT_TITLE).wait_for()
    shown = (time.perf_counter() - started) * 1000
    page.wait_for_timeout(2000)  # the next page settles
    events = json.loads(browser.stop_tracing())["traceEvents"]
    context.close()
    return shown, renderer_cpu_ms(events)


def main() -> None:
    """Build both, take the step in turn and print medians."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=8)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = [HANDBOOK, WITH_INSTANT]
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bases = serve_variants(names, Path(tmp))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for load in range(args.loads):
                for name in (names if load % 2 == 0 else names[::-1]):
                    results.setdefault(name, []).append(next_page_once(browser, bases[name]))
            browser.close()
    print(f"From {FIRST} to {NEXT}, medians of {args.loads}, phone-sized, no throttling\n")
    print("| Build | Tap to the next page's heading | Renderer CPU for the step |\n|---|---:|---:|")
    for name in names:
        shown, cpu = (statistics.median(column) for column in zip(*results[name]))
        print(f"| {name} | {shown:.0f} ms | {cpu:.0f} ms |")


if __name__ == "__main__":
    main()
