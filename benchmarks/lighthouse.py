"""Lighthouse scores of four representative pages, mobile and desktop, median of three runs.

Usage: .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--out build/lighthouse]
       [--pages home chapter checklist "tool directory"] [--form-factors mobile desktop]

Builds the site for the loopback address it is served on (SITE_URL, so canonical links and
the 404 page are right), serves it with gzip under /handbook/ (scripts/serve.py), and runs
the npm package `lighthouse` at a pinned version through npx with Debian's Chromium. Needs
node/npx and network access to the npm registry on first use only (the package is cached in
build/npm-cache). The checklist PDFs are printed into the served site first, as `make pdf`
does for the deployed one: checklist pages link them, and Material's instant navigation
requests that link, so a missing PDF would show as a console error.

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
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from pdf import write_pdfs  # noqa: E402
from serve import make_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
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
PREFIX = "/handbook/"
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


def build(site: Path, url: str, source: Path = ROOT) -> None:
    """Strict build of the handbook in `source` (this checkout by default) for the given public URL."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=source, env=env, check=True)


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


def main() -> None:
    """Run every page x form factor `--runs` times and print the medians as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lighthouse")
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES), help="a subset, to rerun")
    parser.add_argument("--form-factors", nargs="+", choices=("mobile", "desktop"), default=["mobile", "desktop"])
    parser.add_argument("--no-calibrate", dest="calibrate", action="store_false",
                        help="mobile with Lighthouse's default 4x CPU slowdown only")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="handbook-lh-") as tmp:
        server = make_server(Path(tmp) / "site", 0, PREFIX)
        base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        build(Path(tmp) / "site", base)
        write_pdfs(Path(tmp) / "site", Path(tmp) / "site" / "pdf")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        home = Path(tmp) / "home"
        home.mkdir()
        rows = []
        for name in args.pages:
            path = PAGES[name]
            stem = name.replace(" ", "-")
            for form_factor in args.form_factors:
                runs = [lighthouse(base + path, form_factor, args.out / f"{stem}-{form_factor}-{i}.json", home)
                        for i in range(args.runs)]
                medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                rows.append((name, path, form_factor, medians))
                print(name, form_factor, medians, flush=True)
                if (form_factor == "mobile" and args.calibrate
                        and calibrated_slowdown(medians["benchmarkIndex"]) < DEFAULT_SLOWDOWN):
                    runs = [calibrated_run(base + path, args.out / f"{stem}-mobile-calibrated-{i}.json", home,
                                           medians["benchmarkIndex"]) for i in range(args.runs)]
                    medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                    label = f"mobile, calibrated ({min(r['slowdown'] for r in runs):g}-{max(r['slowdown'] for r in runs):g}x CPU)"
                    rows.append((name, path, label, medians))
                    print(name, label, medians, flush=True)
        server.shutdown()
    print(f"\n| Page | Form factor | {' | '.join(CATEGORIES)} | FCP | LCP | TBT | CLS | Host index |")
    print("|---|---|" + "---:|" * (len(CATEGORIES) + 5))
    for name, path, form_factor, m in rows:
        print(f"| {name} (`/{path}`) | {form_factor} | " + " | ".join(f"{m[c]:.0f}" for c in CATEGORIES)
              + f" | {m['FCP'] / 1000:.1f} s | {m['LCP'] / 1000:.1f} s | {m['TBT']:.0f} ms | {m['CLS']:.3f}"
              + f" | {m['benchmarkIndex']:.0f} |")
    indexes = [m["benchmarkIndex"] for *_, m in rows]
    print(f"\nLighthouse benchmarkIndex of this machine: {min(indexes):.0f}-{max(indexes):.0f}")


if __name__ == "__main__":
    main()
