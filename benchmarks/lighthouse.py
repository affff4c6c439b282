"""Lighthouse scores of four representative pages, mobile and desktop, medians, beside stock Material.

Usage: .venv/bin/python benchmarks/lighthouse.py [--runs 5] [--out build/lighthouse]
       [--pages home chapter checklist "tool directory"] [--form-factors mobile desktop]
       [--no-stock] [--no-calibrate]

With the handbook, the same pages are built with Material's default configuration
(page_weight.default_project: no overrides, extra CSS, scripts or hooks of ours) and served
the same way; the two builds are measured in turn, run by run, each run starting with the
other one, and the table gives the handbook's performance as the median (and range) of its
ratios to stock Material's in the same run on the same page.

Builds the site for the loopback address it is served on (SITE_URL, so canonical links and
the 404 page are right), serves it with gzip under /handbook/ (scripts/serve.py), and runs
the npm package `lighthouse` at a pinned version through npx with Debian's Chromium. Needs
node/npx and network access to the npm registry on first use only (the package is cached in
build/npm-cache). The checklist PDFs are printed into the served site first, as `make pdf`
does for the deployed one, so that the checklist pages' links to them work as they do there.

Mobile is measured twice. First with Lighthouse's defaults, whose 4x CPU slowdown assumes a
host as fast as Lighthouse's reference machine (benchmarkIndex about 2000). Then, when this
host is slower than that, again with the slowdown scaled to the host's measured
benchmarkIndex (`calibrated_slowdown`), as Lighthouse's throttling guide advises, so that
both runs aim at the same mid-tier phone. Both sets of figures are printed.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from playbook.build import mkdocs_published, required
from playbook.project import ROOT, load_project
from scripts.pdf import write_pdfs
from scripts.serve import make_server

from benchmarks.page_weight import default_project

LIGHTHOUSE = "lighthouse@13.5.0"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The audit figures behind the performance score, to say what any lost point comes from.
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
           "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS", "speed-index": "SI"}
PAGES = {
    "home": "",
    "chapter": "tools/psa/",
    "checklist": "checklists/client-onboarding/",
    "tool directory": "tools/directory/",
}
PREFIX = load_project().base_path  # the path the site is published under
# Lighthouse's reference host: its code warns below a benchmarkIndex of 1000, which it calls
# "about 2x weaker than our regular target device", and its default slowdown for that target is 4x.
REFERENCE_INDEX = 2000.0
DEFAULT_SLOWDOWN = 4.0


def calibrated_slowdown(benchmark_index: float) -> float:
    """The CPU slowdown that brings this host to the phone Lighthouse's 4x aims at from its reference.

    A benchmarkIndex is work per unit of time, so a host half as fast needs half the slowdown.
    Rounded up to one decimal (never flattering), and never above the default or below 1x.
    """
    scaled = DEFAULT_SLOWDOWN * benchmark_index / REFERENCE_INDEX
    return min(DEFAULT_SLOWDOWN, max(1.0, math.ceil(scaled * 10) / 10))


def build(site: Path, url: str, source: Path = ROOT, post: bool = True) -> None:
    """The handbook in `source` (this checkout by default) built for `url` as it is published.

    `post=False` leaves out the post-build step, for stock Material, which has no step of ours.
    """
    required(mkdocs_published(source, site, url, post))


def lighthouse(url: str, form_factor: str, out: Path, home: Path,
               slowdown: float | None = None) -> dict[str, float]:
    """One Lighthouse run: the four category scores (0-100), the metrics and the host's CPU index.

    `slowdown` replaces Lighthouse's CPU slowdown multiplier; None keeps its default.
    """
    command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    if slowdown is not None:
        command.append(f"--throttling.cpuSlowdownMultiplier={slowdown}")
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "HOME": str(home),
           "npm_config_cache": str(ROOT / "build" / "npm-cache")}
    subprocess.run(command, env=env, check=True, capture_output=True)
    report = json.loads(out.read_text())
    result = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    result.update({short: report["audits"][audit]["numericValue"] for audit, short in METRICS.items()})
    # Lighthouse's measure of this machine's speed: its 4x CPU slowdown is relative to it.
    result["benchmarkIndex"] = report["environment"]["benchmarkIndex"]
    failed = sorted(a for a, v in report["audits"].items()
                    if v.get("scoreDisplayMode") == "binary" and v.get("score") == 0)
    if failed:
        print(f"  {out.name}: failed {', '.join(failed)}", flush=True)
    return result


def calibrated_run(url: str, out: Path, home: Path, benchmark_index: float, attempts: int = 4) -> dict[str, float]:
    """A mobile run whose CPU slowdown fits the host's speed during that very run.

    This host is shared, so its speed changes between runs. A run counts only when the
    benchmarkIndex Lighthouse measured in it is within 15 % of the one its slowdown was set
    for; otherwise it is repeated with the slowdown for the newly measured speed.
    """
    for _ in range(attempts):
        slowdown = calibrated_slowdown(benchmark_index)
        result = lighthouse(url, "mobile", out, home, slowdown)
        result["slowdown"] = slowdown
        measured = result["benchmarkIndex"]
        if abs(calibrated_slowdown(measured) - slowdown) <= 0.15 * slowdown:
            return result
        benchmark_index = measured
    print(f"  {out.name}: host speed kept changing; last run kept ({slowdown:g}x at index {measured:.0f})", flush=True)
    return result


def paired_ratios(ours: list[dict[str, float]], stock: list[dict[str, float]]) -> tuple[float, float, float]:
    """The median, lowest and highest of the performance ratios of runs made side by side (run i with run i)."""
    ratios = [a["performance"] / b["performance"] for a, b in zip(ours, stock, strict=True) if b["performance"]]
    return statistics.median(ratios), min(ratios), max(ratios)


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over `runs` (taken figure by figure)."""
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    """Run every page x form factor `--runs` times per build and print the medians as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lighthouse")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES), help="a subset, to rerun")
    parser.add_argument("--form-factors", nargs="+", choices=("mobile", "desktop"), default=["mobile", "desktop"])
    parser.add_argument("--no-stock", dest="stock", action="store_false",
                        help="measure the handbook only, not stock Material beside it")
    parser.add_argument("--no-calibrate", dest="calibrate", action="store_false",
                        help="mobile with Lighthouse's default 4x CPU slowdown only")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="handbook-lh-") as tmp:
        sources = {"handbook": ROOT}
        if args.stock:
            sources["stock Material"] = default_project(Path(tmp) / "stock-project")
        bases, servers = {}, []
        for build_name, source in sources.items():
            site = Path(tmp) / build_name.replace(" ", "-")
            server = make_server(site, 0, PREFIX)
            bases[build_name] = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
            build(site, bases[build_name], source, post=build_name == "handbook")
            write_pdfs(site, site / "pdf")
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
        home = Path(tmp) / "home"
        home.mkdir()
        rows = []
        paired: dict[tuple[str, str], tuple[float, float, float]] = {}
        for name in args.pages:
            path = PAGES[name]
            stem = name.replace(" ", "-")
            for form_factor in args.form_factors:
                runs: dict[str, list[dict[str, float]]] = {build_name: [] for build_name in bases}
                for i in range(args.runs):  # the builds in turn, first one then the other, so both meet the same load
                    for build_name in (list(bases) if i % 2 == 0 else list(bases)[::-1]):
                        base = bases[build_name]
                        out = args.out / f"{build_name.replace(' ', '-')}-{stem}-{form_factor}-{i}.json"
                        runs[build_name].append(lighthouse(base + path, form_factor, out, home))
                if "stock Material" in runs:
                    paired[(name, form_factor)] = paired_ratios(runs["handbook"], runs["stock Material"])
                for build_name in bases:
                    rows.append((build_name, name, path, form_factor, medians(runs[build_name])))
                    print(build_name, name, form_factor, rows[-1][-1], flush=True)
                handbook = rows[-len(bases)][-1]
                if (form_factor == "mobile" and args.calibrate
                        and calibrated_slowdown(handbook["benchmarkIndex"]) < DEFAULT_SLOWDOWN):
                    calibrated = [calibrated_run(bases["handbook"] + path,
                                                 args.out / f"{stem}-mobile-calibrated-{i}.json", home,
                                                 handbook["benchmarkIndex"]) for i in range(args.runs)]
                    label = (f"mobile, calibrated ({min(r['slowdown'] for r in calibrated):g}-"
                             f"{max(r['slowdown'] for r in calibrated):g}x CPU)")
                    rows.append(("handbook", name, path, label, medians(calibrated)))
                    print("handbook", name, label, rows[-1][-1], flush=True)
        for server in servers:
            server.shutdown()
    print(f"\n| Page | Form factor | Build | {' | '.join(CATEGORIES)} | vs stock (range) | FCP | LCP | TBT | CLS | Host index |")
    print("|---|---|---|" + "---:|" * (len(CATEGORIES) + 6))
    for build_name, name, path, form_factor, m in rows:
        pair = paired.get((name, form_factor)) if build_name == "handbook" else None
        ratio = f"{pair[0]:.2f} ({pair[1]:.2f}-{pair[2]:.2f})" if pair else "-"
        print(f"| {name} (`/{path}`) | {form_factor} | {build_name} | "
              + " | ".join(f"{m[c]:.0f}" for c in CATEGORIES)
              + f" | {ratio} | {m['FCP'] / 1000:.1f} s | {m['LCP'] / 1000:.1f} s | {m['TBT']:.0f} ms"
              + f" | {m['CLS']:.3f} | {m['benchmarkIndex']:.0f} |")
    indexes = [m["benchmarkIndex"] for *_, m in rows]
    print(f"\nLighthouse benchmarkIndex of this machine: {min(indexes):.0f}-{max(indexes):.0f}")


if __name__ == "__main__":
    main()
