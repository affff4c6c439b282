"""Bytes a first visit to a chapter transfers: the handbook vs Material's default configuration.

Usage: .venv/bin/python benchmarks/page_weight.py [--page tools/psa/] [--verbose]

Builds the handbook twice in a temporary folder: as configured, and with the same pages,
plugins and Markdown extensions but `theme: {name: material}` and nothing else of ours
(no extra CSS or scripts, default fonts and features). Each is served with gzip on
loopback and visited once in a fresh Chromium profile, waiting for the search worker and
everything else to settle. Counted: bytes on the wire (headers and compressed bodies, as
Chromium reports them) and requests; requests to other hosts are aborted and listed (the
default configuration asks Google Fonts, which is exactly what this handbook avoids).
"""
from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import threading
import urllib.request
from pathlib import Path
from typing import Any

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from playbook.build import mkdocs_published, required
from playbook.project import ROOT, TOOL_FOLDERS, load_project
from scripts.serve import make_server

PREFIX = load_project().base_path  # the path the site is published under
NOT_COPIED = (*TOOL_FOLDERS, ".venv*", "tests")


def default_config(config: str) -> str:
    """mkdocs.yml text with our theme settings, extra CSS/JS and our hooks/ removed (the sandbox stays)."""
    config = re.sub(r"\ntheme:\n(  .*\n|\s*#.*\n)*", "\ntheme:\n  name: material\n", config)
    config = re.sub(r"\nextra_css:\n(  .*\n|\s*#.*\n)*", "\n", config)
    config = re.sub(r"\nextra:\n(  .*\n|\s*#.*\n)*", "\n", config)
    return re.sub(r"  - hooks/.*\n", "", config)


def default_project(project: Path) -> Path:
    """A copy of the handbook at `project` whose mkdocs.yml keeps our pages but Material's defaults."""
    # The whole project (pages may show files from its root, such as CONTRIBUTING.md),
    # without what is installed, built or cached.
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*NOT_COPIED))
    (project / "mkdocs.yml").write_text(default_config((ROOT / "mkdocs.yml").read_text()))
    shutil.rmtree(project / "overrides")  # Material's own templates only (the folder
    (project / "overrides").mkdir()        # stays because mkdocs.yml watches it)
    return project


def build(project: Path, site: Path, post: bool) -> None:
    """Strict build of `project` into `site`; with `post`, the post-build step too, as the handbook is published."""
    required(mkdocs_published(project, site, post=post))


def gzip_size(url: str) -> int:
    """Bytes the server sends for `url` to a browser that accepts gzip: headers and body."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        return len(str(response.headers)) + len(response.read())


def first_visit(browser: Any, url: str, verbose: bool = False) -> tuple[int, int, list[str]]:
    """(bytes transferred, requests, other hosts asked) for one visit with an empty cache."""
    context = browser.new_context()
    external: list[str] = []
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"),
                  lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    # A worker's script finishes loading on the worker's own target, which this session does
    # not see; Playwright still names the request, so it is weighed as the server sends it.
    finished: list[str] = []
    context.on("requestfinished", lambda r: finished.append(r.url))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(1500)  # the search worker starts after the page settles
    context.close()
    for unseen in sorted(set(finished) - {urls.get(request) for request in sizes}):
        urls[unseen] = unseen
        sizes[unseen] = gzip_size(unseen)
    # data: URLs (icons inlined in Material's CSS) never touch the network.
    sizes = {r: size for r, size in sizes.items() if not urls.get(r, "").startswith("data:")}
    if verbose:
        for request, size in sorted(sizes.items(), key=lambda item: -item[1]):
            print(f"  {size / 1024:6.1f} KiB  {urls.get(request, '?').split(PREFIX, 1)[-1]}")
    return sum(sizes.values()), len(sizes), sorted({u.split("/")[2] for u in external})


def main() -> None:
    """Measure both builds and print a Markdown table."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="tools/psa/")
    parser.add_argument("--verbose", action="store_true", help="list each request and its size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="handbook-weight-") as tmp:
        ours = Path(tmp) / "ours"
        build(ROOT, ours, post=True)
        project = default_project(Path(tmp) / "default-project")
        default = Path(tmp) / "default"
        build(project, default, post=False)
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, site in (("This handbook", ours), ("Material defaults", default)):
                server = make_server(site, 0, PREFIX)
                threading.Thread(target=server.serve_forever, daemon=True).start()
                url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}{args.page}"
                if args.verbose:
                    print(name)
                rows.append((name, *first_visit(browser, url, args.verbose)))
                server.shutdown()
            browser.close()
    print(f"| Build (`/{args.page}`, first visit, gzip) | Transferred | Requests | Other hosts asked |")
    print("|---|---:|---:|---|")
    for name, size, requests, hosts in rows:
        print(f"| {name} | {size / 1024:.0f} KiB | {requests} | {', '.join(hosts) or 'none'} |")


if __name__ == "__main__":
    main()
