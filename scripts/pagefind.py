"""Pagefind's binary at the version package-lock.json pins, for the online site's search.

Pagefind indexes the finished HTML of either engine (MkDocs or Zensical) into pagefind/: small
index chunks and page fragments a reader's browser fetches only for the words it searches.
Like scripts/vnu.py, no Node.js is needed: the platform package (`@pagefind/linux-x64`, ...)
named in the lock is downloaded once, refused unless it matches the lock's integrity hash, and
its one executable kept in build/cache/pagefind-<version>/. Neither committed nor served.

`python -P -m scripts.pagefind` fetches the binary (`make pagefind`, a step of the set-up of
`make build`, `make check` and `make test`); `python -P -m scripts.pagefind SITE_DIR` indexes a built site.
"""
from __future__ import annotations

import json
import platform
import stat
import subprocess
import sys
from pathlib import Path

from playbook.project import ROOT
from scripts.vnu import package_file

# What the reader's browser may fetch: pagefind/ holds the index Pagefind writes here.
OUTPUT = "pagefind"
# Pagefind reads only what playbook/postbuild.py marks data-pagefind-body: the article of each
# page Material's search holds. Within the article, what is not the page's prose: the edit and "Report a problem" links.
EXCLUDE_SELECTORS = (".md-content__button", ".msp-report", ".headerlink")


def platform_package() -> str:
    """The @pagefind/<os>-<cpu> package for this machine."""
    machine = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine().lower())
    system = {"linux": "linux", "darwin": "darwin", "windows": "windows", "freebsd": "freebsd"}.get(sys.platform.rstrip("0123456789"))
    if not machine or not system:
        raise SystemExit(f"Pagefind has no binary package for {sys.platform}/{platform.machine()}.")
    return f"@pagefind/{system}-{machine}"


def pinned(package: str, root: Path = ROOT) -> tuple[str, str]:
    """The version and integrity string package-lock.json holds for `package`."""
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{package}"]
    return entry["version"], entry["integrity"]


def binary_path(root: Path = ROOT) -> Path:
    """Where the pinned binary is kept (it may not be there yet)."""
    version, _ = pinned("pagefind", root)
    # The platform package ships Pagefind's "extended" build only (it adds Chinese and Japanese word splitting).
    name = "pagefind_extended.exe" if sys.platform.startswith("win") else "pagefind_extended"
    return root / "build" / "cache" / f"pagefind-{version}" / name


def fetch(root: Path = ROOT) -> Path:
    """Download and check the pinned platform package once; return the binary's path."""
    binary = binary_path(root)
    if binary.is_file():
        return binary
    package = platform_package()
    version, integrity = pinned(package, root)
    content = package_file(package, version, integrity, f"package/bin/{binary.name}")
    binary.parent.mkdir(parents=True, exist_ok=True)
    partial = binary.with_suffix(".partial")
    partial.write_bytes(content)
    partial.chmod(partial.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    partial.replace(binary)
    return binary


def index(site: Path) -> list[str]:
    """Write `site`/pagefind/ from the site's finished pages; a line of problem if Pagefind fails.

    The binary is the handbook's own tool (build/cache/ beside this file), whichever project's
    site it indexes, so a test's copy of the project does not fetch it again.
    """
    try:
        binary = fetch()
    except OSError as error:  # no network, or a refused certificate: one line, not a traceback
        return [f"post-build: Pagefind's binary could not be fetched ({error}); run `make pagefind`"]
    command = [str(binary), "--site", str(site), "--output-subdir", OUTPUT, "--force-language", "en", "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return [f"post-build: Pagefind stopped with status {done.returncode}: "
                + " ".join((done.stderr or done.stdout).split())[:300]]
    return []


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.exit("\n".join(index(Path(sys.argv[1]).resolve())) or None)
    fetch()
