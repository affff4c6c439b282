"""Time from opening search to the first result, on a page's first visit.

Usage: .venv/bin/python benchmarks/first_search.py [--ref HEAD~1] [--query hudu] [--tries 6]

Material (as shipped, which the handbook uses) fetches the search index and starts its search
worker on every page load, so a first search waits only for whatever of that is not done yet.
This script measures the wait as a reader meets it: a chapter loaded phone-sized in a fresh
browser context, once Material has mounted, the search button tapped, the query typed at
60 ms a key, until the first result shows. With
`--ref` it builds a git revision too (as `main_thread.py` does) and alternates the builds.
Served on loopback, so the index's download over a phone's network is not in the figure.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path
from typing import Any

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from benchmarks.lighthouse import PAGES
from benchmarks.main_thread import serve_builds

KEY_DELAY_MS = 60


def first_search_ms(browser: Any, url: str, query: str) -> float:
    """Milliseconds from tapping search on a freshly loaded `url` to its first result."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("() => typeof window.component$ !== 'undefined'")  # Material has mounted
    started = page.evaluate("performance.now()")
    page.click(".md-header label[for=__search]")
    page.keyboard.type(query, delay=KEY_DELAY_MS)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    elapsed = page.evaluate("performance.now()") - started
    context.close()
    return float(elapsed)


def main() -> None:
    """Build, serve, search each build in turn and print medians."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", help="a git revision to compare the working tree with")
    parser.add_argument("--page", choices=PAGES, default="chapter")
    parser.add_argument("--query", default="hudu", help="a word the index holds")
    parser.add_argument("--tries", type=int, default=6)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        bases = {name: base + PAGES[args.page] for name, base in serve_builds(Path(tmp), args.ref).items()}
        builds = list(bases)
        results: dict[str, list[float]] = {name: [] for name in builds}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for attempt in range(args.tries):
                order = builds if attempt % 2 == 0 else builds[::-1]
                for name in order:
                    results[name].append(first_search_ms(browser, bases[name], args.query))
            browser.close()
    print(f"Search opened and {args.query!r} typed at {KEY_DELAY_MS} ms a key on /{PAGES[args.page]}, "
          f"phone-sized, loopback; medians of {args.tries}\n")
    print("| Build | Tap to first result | Each try |\n|---|---:|---|")
    for name, times in results.items():
        print(f"| {name} | {statistics.median(times):.0f} ms | {', '.join(f'{t:.0f}' for t in times)} |")


if __name__ == "__main__":
    main()
