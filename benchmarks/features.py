"""What the handbook's choices cost a phone's main thread: one changed at a time, beside stock Material.

Usage: .venv/bin/python -m benchmarks.features [--pages chapter checklist] [--loads 8]

Builds the handbook as configured, the same pages as stock Material (page_weight's default
project), and the handbook with one choice changed per further build: a Material feature
it leaves off turned on, or one it has (or a group, or our stylesheet) left out, each a line
added to or deleted from a copy of mkdocs.yml. Every
page is loaded phone-sized without throttling, the builds in rotating order so that changing
load falls on all alike. From a Chromium trace of each load come the main thread's CPU time,
its style time, and an estimate of Lighthouse's blocking time at its 4x slowdown (each task
after the first contentful paint, four times as long, less 50 ms). Medians are printed, with
each build's difference from the handbook's: what that choice costs or saves.
"""
from __future__ import annotations

import argparse
import re
import shutil
import statistics
import tempfile
import threading
from pathlib import Path
from typing import Any

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from playbook.build import mkdocs_published, required
from scripts.serve import make_server

from benchmarks.lighthouse import PAGES, PREFIX, ROOT
from benchmarks.main_thread import blocking_estimate_ms, cpu_and_style_ms, traced_load
from benchmarks.page_weight import NOT_COPIED, default_project

HANDBOOK = "handbook"
STOCK = "stock Material"
# Further builds: Material features the handbook leaves off, turned on one at a time...
WITH = {
    "with navigation.instant": ("navigation.instant",),
}
# ...and the mkdocs.yml list items the handbook has, left out one (or one group) at a time.
WITHOUT = {
    "without navigation.tabs": ("navigation.tabs",),
    "without toc.follow": ("toc.follow",),
    "without search.suggest, .highlight, .share": ("search.suggest", "search.highlight", "search.share"),
    "without content.code.copy": ("content.code.copy",),
    "without handbook.css": ("assets/stylesheets/handbook.css",),
}


def without(config: str, items: tuple[str, ...]) -> str:
    """mkdocs.yml text with the list items `items` deleted; each must be there exactly once."""
    for item in items:
        config, found = re.subn(rf"^[ \t]*- {re.escape(item)}[ \t]*(#.*)?\n", "", config, flags=re.M)
        if found != 1:
            raise ValueError(f"mkdocs.yml lists {item!r} {found} times, expected once")
    return config


def with_features(config: str, features: tuple[str, ...]) -> str:
    """mkdocs.yml text with `features` added at the head of the theme's feature list."""
    for feature in reversed(features):
        config, found = re.subn(r"^([ \t]*)features:\n", rf"\g<0>\1  - {feature}\n", config, count=1, flags=re.M)
        if found != 1:
            raise ValueError("mkdocs.yml has no theme features list to add to")
    return config


def make_project(name: str, folder: Path) -> Path:
    """A copy of the handbook for build `name`, in `folder`."""
    if name == STOCK:
        return default_project(folder)
    shutil.copytree(ROOT, folder, ignore=shutil.ignore_patterns(*NOT_COPIED))
    config = folder / "mkdocs.yml"
    text = without(config.read_text(encoding="utf-8"), WITHOUT.get(name, ()))
    config.write_text(with_features(text, WITH.get(name, ())), encoding="utf-8")
    return folder


def build(project: Path, site: Path, url: str, post: bool) -> None:
    """Strict build of `project` into `site` for the public `url`; with `post`, the post-build step too."""
    required(mkdocs_published(project, site, url, post))


def serve_variants(names: list[str], folder: Path) -> dict[str, str]:
    """Build each named variant in `folder` and serve it on loopback; name -> base URL."""
    url = f"http://127.0.0.1{PREFIX}"
    bases = {}
    for number, name in enumerate(names):
        site = folder / f"site-{number}"
        build(make_project(name, folder / f"project-{number}"), site, url, post=name != STOCK)
        server = make_server(site, 0, PREFIX)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bases[name] = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    return bases


def load_once(browser: Any, url: str) -> tuple[float, float, float]:
    """CPU, style and estimated blocking time (ms) of one phone-sized load in a fresh context."""
    events = traced_load(browser, url)
    return (*cpu_and_style_ms(events), blocking_estimate_ms(events))


def main() -> None:
    """Build every variant, load each page in turn and print medians and differences."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--loads", type=int, default=8)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = [HANDBOOK, STOCK, *WITH, *WITHOUT]
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bases = serve_variants(names, Path(tmp))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for page in args.pages:
                for load in range(args.loads):
                    shift = load % len(names)
                    for name in names[shift:] + names[:shift]:
                        results.setdefault((page, name), []).append(load_once(browser, bases[name] + PAGES[page]))
            browser.close()
    print(f"Medians of {args.loads} loads, phone-sized, no throttling; in brackets, the difference "
          "from the handbook as built\n")
    print("| Page | Build | Main-thread CPU | Style | Blocking time at 4x (estimate) |\n|---|---|---:|---:|---:|")
    for page in args.pages:
        base = [statistics.median(column) for column in zip(*results[(page, HANDBOOK)])]
        for name in names:
            figures = [statistics.median(column) for column in zip(*results[(page, name)])]
            cells = [f"{value:.0f} ms" + ("" if name == HANDBOOK else f" ({value - ref:+.0f})")
                     for value, ref in zip(figures, base)]
            print(f"| {page} | {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
