"""Bytes a first visit to a chapter transfers: the handbook vs Material's default configuration.

Usage: .venv/bin/python benchmarks/page_weight.py [--page tools/psa/]

Builds the handbook twice in a temporary folder: as configured, and with the same pages,
plugins and Markdown extensions but `theme: {name: material}` and nothing else of ours
(no extra CSS or scripts, default fonts and features). Each is served with gzip on
loopback and visited once in a fresh Chromium profile, waiting for the search index and
everything else to settle. Counted: bytes on the wire (headers and compressed bodies, as
Chromium reports them) and requests; requests to other hosts are aborted and listed (the
default configuration asks Google Fonts, which is exactly what this handbook avoids).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import make_server  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/handbook/"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def default_config(config: str) -> str:
    """mkdocs.yml text with our theme settings, extra CSS/JS and web hook removed."""
    config = re.sub(r"\ntheme:\n(  .*\n|\s*#.*\n)*", "\ntheme:\n  name: material\n", config)
    config = re.sub(r"\nextra_css:\n(  .*\n|\s*#.*\n)*", "\n", config)
    config = re.sub(r"\nextra:\n(  .*\n|\s*#.*\n)*", "\n", config)
    return config.replace("  - hooks/web.py\n", "")


def build(project: Path, site: Path) -> None:
    """Strict build of `project` into `site`."""
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True)


def first_visit(browser: Any, url: str) -> tuple[int, int, list[str]]:
    """(bytes transferred, requests, other hosts asked) for one visit with an empty cache."""
    context = browser.new_context()
    external: list[str] = []
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"),
                  lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1500)  # search worker and index load after the page settles
    context.close()
    return sum(sizes.values()), len(sizes), sorted({u.split("/")[2] for u in external})


def main() -> None:
    """Measure both builds and print a Markdown table."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="tools/psa/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handbook-weight-") as tmp:
        ours = Path(tmp) / "ours"
        build(ROOT, ours)
        project = Path(tmp) / "default-project"
        for name in ("docs", "data", "macros", "overrides"):
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        (project / "mkdocs.yml").write_text(default_config((ROOT / "mkdocs.yml").read_text()))
        shutil.rmtree(project / "overrides")  # Material's own templates only (the folders
        (project / "overrides").mkdir()        # stay because mkdocs.yml watches them)
        (project / "hooks").mkdir()
        default = Path(tmp) / "default"
        build(project, default)
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, site in (("This handbook", ours), ("Material defaults", default)):
                server = make_server(site, 0, PREFIX)
                threading.Thread(target=server.serve_forever, daemon=True).start()
                url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}{args.page}"
                rows.append((name, *first_visit(browser, url)))
                server.shutdown()
            browser.close()
    print(f"| Build (`/{args.page}`, first visit, gzip) | Transferred | Requests | Other hosts asked |")
    print("|---|---:|---:|---|")
    for name, size, requests, hosts in rows:
        print(f"| {name} | {size / 1024:.0f} KiB | {requests} | {', '.join(hosts) or 'none'} |")


if __name__ == "__main__":
    main()
