"""Bytes a reader's first search query fetches, with the handbook as it is and with ten times the pages.

Usage: .venv/bin/python -P benchmarks/search_scale.py [--scales 1 10] [--queries 12]
       .venv/bin/python -P benchmarks/search_scale.py --sites x1=site x10=/tmp/x10/site

Each scale is a clone of the project with the chapters copied (build_time.py's corpus), built
with MkDocs (GIT_DATES=false) and the post-build step, which marks the pages Material's search
holds and indexes them with Pagefind (scripts/pagefind.py, the binary package-lock.json pins). `--sites` measures
folders already built and indexed instead. Each site is served with gzip on loopback
(scripts/serve.py), and for each of the first `--queries` reader questions of
tests/search/questions.yml, in a fresh browser context on a chapter loaded and settled:

the search box is focused and the question typed, as a reader does, with each option:

- material: the handbook's search script refused, so the page falls back to Material's whole
  index, search/search_index.json (the worker's script came with the page): the site before.
- pagefind: the handbook's search (assets/javascripts/search.js) with Pagefind, as published:
  that script, Pagefind's script and WebAssembly, its entry and metadata files, the index
  chunks holding the query's words (short and common words left out) and the fragments of the
  ten results it lists.

The figure is the body bytes on the wire (gzip where the server compresses; Pagefind's own
files are gzip already), summed over every request after the page had settled; medians and
the largest over the questions, then each option's growth from x1 to the largest scale.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from benchmarks.build_time import ENV, POSTBUILD, make_corpus  # noqa: E402
from playbook.project import ROOT  # noqa: E402
from scripts import pagefind  # noqa: E402
from scripts.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from scripts.serve import serving  # noqa: E402

OPTIONS = ("material", "pagefind")
PAGE = "tools/psa/"
RESULTS_SHOWN = 10
QUESTIONS = yaml.safe_load((ROOT / "tests" / "search" / "questions.yml").read_text(encoding="utf-8"))
# Pagefind's search from the page, as the handbook's search script runs it.
def build_scale(scale: int, target: Path) -> Path:
    """A corpus of `scale` times the chapters in `target`, built and indexed; its site folder."""
    make_corpus(target, scale)
    python, site = sys.executable, target / "site"
    env = {**ENV, "GIT_DATES": "false"}
    subprocess.run([python, "-P", "-m", "playbook.prebuild", "--root", str(target)], cwd=target, env=env, check=True)
    subprocess.run([python, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=target, env=env, check=True)
    # The real post-build step, which marks the searched pages and runs Pagefind.
    subprocess.run([python, "-P", "-c", POSTBUILD, str(site), "--root", str(target)], cwd=target, env=env, check=True)
    return site


def first_query_bytes(browser: Any, base: str, option: str, query: str) -> tuple[int, dict[str, int], list[str]]:
    """Body bytes a first `query` fetches with `option` on a settled chapter, in parts; the result links.

    Both go through the search box as a reader does; for "material" the handbook's search script
    is refused, so the page falls back to Material's own index, as the site did before Pagefind.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if option == "material":
        context.route("**/assets/javascripts/search.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(base + PAGE, wait_until="networkidle")
    page.wait_for_function("() => typeof window.component$ !== 'undefined'")  # Material has mounted
    fetched: list[Any] = []
    context.on("requestfinished", lambda request: fetched.append(request))
    box = page.locator(".md-search__input")
    box.focus()
    box.fill(query)
    box.press("End")
    page.wait_for_function("() => /matching/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=180000)
    page.wait_for_load_state("networkidle")
    found = page.eval_on_selector_all(".md-search-result__list > .md-search-result__item > a",
                                      "links => links.map(link => link.href)")[:RESULTS_SHOWN]
    if os.environ.get("SEARCH_SCALE_VERBOSE"):
        print(option, query, [(r.url.rsplit("/", 2)[-2:], r.sizes()["responseBodySize"]) for r in fetched],
              file=sys.stderr)
    parts = {"fragments": 0, "chunks": 0, "other": 0}
    for request in fetched:
        kind = "fragments" if "/fragment/" in request.url else "chunks" if "/index/" in request.url else "other"
        parts[kind] += request.sizes()["responseBodySize"]
    context.close()
    return sum(parts.values()), parts, found


def address_of(page: str) -> str:
    """The address path of a page under docs/ (as tests/test_search_questions.py has it)."""
    path = page.removesuffix(".md").removesuffix("index").removesuffix("/")
    return path + "/" if path else ""


def top_pages(links: list[str], base: str, count: int = 3) -> list[str]:
    """The first `count` distinct pages among result links, as address paths; a copy's page counts as its original."""
    prefix = urlsplit(base).path
    paths = (re.sub(r"^copy-\d+/", "", urlsplit(link).path.removeprefix(prefix)) for link in links)
    return list(dict.fromkeys(paths))[:count]


def on_disk(site: Path) -> dict[str, int]:
    """What each option's whole index weighs on disk (Material's gzip-compressed as served)."""
    import gzip

    index = (site / "search" / "search_index.json").read_bytes()
    bundle = site / pagefind.OUTPUT
    return {"material": len(gzip.compress(index, compresslevel=6)),
            "pagefind": sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())}


def main() -> None:
    """Build (or take) each scale's site, measure each option's first queries, print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", nargs="+", type=int, default=[1, 10])
    parser.add_argument("--sites", nargs="+", metavar="NAME=FOLDER", help="built and indexed sites instead")
    parser.add_argument("--options", nargs="+", choices=OPTIONS, default=list(OPTIONS))
    parser.add_argument("--queries", type=int, default=len(QUESTIONS), help="how many reader questions, from the first")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    questions = QUESTIONS[: args.queries]
    rows: dict[tuple[str, str], list[int]] = {}
    answered: dict[tuple[str, str], int] = {}
    breakdown: dict[tuple[str, str], list[dict[str, int]]] = {}
    sizes: dict[str, dict[str, int]] = {}
    pages: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.sites:
            sites = {name: Path(folder) for name, folder in (s.split("=", 1) for s in args.sites)}
        else:
            sites = {f"x{scale}": build_scale(scale, Path(tmp) / f"x{scale}") for scale in args.scales}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, site in sites.items():
                sizes[name] = on_disk(site)
                pages[name] = sum(1 for _ in site.rglob("index.html"))
                with serving(site) as base:
                    for option in args.options:
                        for entry in questions:
                            total, parts, found = first_query_bytes(browser, base, option, entry["question"])
                            breakdown.setdefault((name, option), []).append(parts)
                            top = top_pages(found, base)
                            hit = address_of(entry["page"]) in top
                            if not hit:
                                print(f"  {name} {option}: {entry['question']!r}: {top}", file=sys.stderr)
                            rows.setdefault((name, option), []).append(total)
                            answered[(name, option)] = answered.get((name, option), 0) + hit
            browser.close()
    names = list(sites)
    print(f"First query's bytes on the wire (body, gzip), on /{PAGE} settled; {len(questions)} reader questions; "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")
    print("| Site | Pages | Option | Whole index | First query, median | First query, largest | Answer in top 3 |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for (name, option), totals in rows.items():
        print(f"| {name} | {pages[name]} | {option} | {sizes[name][option] / 1024:.0f} KiB | "
              f"{statistics.median(totals) / 1024:.1f} KiB | {max(totals) / 1024:.1f} KiB | "
              f"{answered[(name, option)]}/{len(totals)} |")
    print("\nPagefind's first query in parts, medians: its script, WebAssembly, entry and metadata (other); "
          "the index chunks of the query's words; the fragments of the results shown\n")
    print("| Site | Other | Index chunks | Fragments |\n|---|---:|---:|---:|")
    for name in names if "pagefind" in args.options else []:
        parts = breakdown[(name, "pagefind")]
        print(f"| {name} | " + " | ".join(f"{statistics.median(p[kind] for p in parts) / 1024:.1f} KiB"
                                         for kind in ("other", "chunks", "fragments")) + " |")
    if len(names) > 1:
        first, last = names[0], names[-1]
        print(f"\nGrowth from {first} to {last} (target: at most 1.5 times):")
        for option in args.options:
            median = statistics.median(rows[(last, option)]) / statistics.median(rows[(first, option)])
            largest = max(rows[(last, option)]) / max(rows[(first, option)])
            print(f"- {option}: median {median:.2f} times, largest {largest:.2f} times")


if __name__ == "__main__":
    main()
