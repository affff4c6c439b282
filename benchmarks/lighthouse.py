"""Lighthouse scores of four representative pages, mobile and desktop, median of three runs.

Usage: .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--out build/lighthouse]

Builds the site for the loopback address it is served on (SITE_URL, so canonical links and
the 404 page are right), serves it with gzip under /handbook/ (benchmarks/serve.py), and runs
the npm package `lighthouse` at a pinned version through npx with Debian's Chromium. Needs
node/npx and network access to the npm registry on first use only.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import make_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@13.5.0"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": "",
    "chapter": "tools/psa/",
    "checklist": "checklists/client-onboarding/",
    "tool directory": "tools/directory/",
}
PREFIX = "/handbook/"


def build(site: Path, url: str) -> None:
    """Strict build of the handbook for the given public URL."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)


def lighthouse(url: str, form_factor: str, out: Path, home: Path) -> dict[str, float]:
    """One Lighthouse run: the four category scores (0-100) for `url`."""
    command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium", "HOME": str(home)}
    subprocess.run(command, env=env, check=True, capture_output=True)
    report = json.loads(out.read_text())
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def main() -> None:
    """Run every page x form factor `--runs` times and print the medians as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lighthouse")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="handbook-lh-") as tmp:
        server = make_server(Path(tmp) / "site", 0, PREFIX)
        base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        build(Path(tmp) / "site", base)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        home = Path(tmp) / "home"
        home.mkdir()
        rows = []
        for name, path in PAGES.items():
            for form_factor in ("mobile", "desktop"):
                runs = [lighthouse(base + path, form_factor,
                                   args.out / f"{name.replace(' ', '-')}-{form_factor}-{i}.json", home)
                        for i in range(args.runs)]
                medians = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
                rows.append((name, path, form_factor, medians))
                print(name, form_factor, medians, flush=True)
        server.shutdown()
    print(f"\n| Page | Form factor | {' | '.join(CATEGORIES)} |")
    print("|---|---|" + "---:|" * len(CATEGORIES))
    for name, path, form_factor, medians in rows:
        print(f"| {name} (`/{path}`) | {form_factor} | " + " | ".join(f"{medians[c]:.0f}" for c in CATEGORIES) + " |")


if __name__ == "__main__":
    main()
