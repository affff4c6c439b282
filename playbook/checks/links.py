"""Links: a strict build into build/check-site, then lychee offline over it: no broken link or anchor."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..project import site_base_path
from .common import Finding, run, tool

# Where the link check builds the site (also what CI uploads for reviewers).
CHECK_SITE = Path("build") / "check-site"

_MKDOCS_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains (?:an? )?(?:\w+ )*?link '(?P<target>[^']+)'(?P<rest>.*)")


def _source_line(source: Path, target: str) -> int | None:
    """First line of a source page that contains a link target (None if a macro generated it)."""
    if not source.is_file():
        return None
    needles = [f"({target}", f'"{target}"', f"'{target}'", target]
    lines = source.read_text(encoding="utf-8").splitlines()
    for needle in needles:
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return None


def _build_findings(root: Path, output: str) -> list[Finding]:
    """MkDocs' link and anchor warnings as file:line findings, or the build's error."""
    findings = []
    for line in output.splitlines():
        match = _MKDOCS_LINK.search(line)
        if match:
            source = root / "docs" / match["page"]
            found = _source_line(source, match["target"])
            rest = match["rest"].strip(" ,.")
            note = "" if found else " (the link may come from a macro)"
            findings.append(Finding(f"docs/{match['page']}", found,
                                    f"broken link '{match['target']}': {rest}{note}"))
    if not findings:
        errors = [line for line in output.splitlines() if line.startswith(("ERROR", "WARNING"))]
        findings.append(Finding("mkdocs.yml", None, "the strict build failed: "
                                + (" | ".join(errors) or output.strip()[-2000:])))
    return findings


def _page_source(root: Path, site: Path, html: Path) -> Path:
    """The Markdown page a built HTML file came from (best guess from the path)."""
    relative = html.relative_to(site)
    folder = relative.parent
    for candidate in (folder.with_suffix(".md"), folder / "index.md", folder / "README.md"):
        if str(candidate) != ".md" and (root / "docs" / candidate).is_file():
            return root / "docs" / candidate
    return html


def _site_root(root: Path, site: Path) -> Path:
    """A folder that resolves root-relative links (/handbook/...) the way the published site does.

    The site is published under the path of site_url, so a folder named like that path
    (a link to the built site) is placed inside a scratch root.
    """
    prefix = site_base_path(root).strip("/")
    if not prefix:
        return site
    scratch = site.parent / "check-root"
    link = scratch / prefix
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(site.resolve(), target_is_directory=True)
    return scratch


def check(root: Path) -> list[Finding]:
    """Strict build into build/check-site, then lychee offline: 0 broken internal links or anchors."""
    site = root / CHECK_SITE
    result = run([sys.executable, "-P", "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], root)
    if result.returncode != 0:
        return _build_findings(root, result.stdout + result.stderr)
    # The post-build step, as `make build` runs it: the Word files pages link to are written here.
    after = run([sys.executable, "-P", "-m", "playbook.postbuild", str(site), "--root", str(root)], root)
    if after.returncode != 0:
        return [Finding(line.split(": ", 1)[0], None, line.split(": ", 1)[-1])
                for line in after.stdout.splitlines() if line.strip()]
    report = site.parent / "lychee.json"
    report.unlink(missing_ok=True)
    lychee = run([tool("lychee"), "--offline", "--include-fragments", "--index-files", "index.html",
                   "--root-dir", str(_site_root(root, site)), "--no-progress", "--format", "json",
                   "--output", str(report),
                   # PDFs are made by `make pdf` and the offline zip by `make offline`, not by this
                   # build; 404.html is served from any path.
                   "--exclude", r"/pdf/[^/]+\.pdf$", "--exclude", r"/download/msp-playbook-offline\.zip$",
                   "--exclude-path", str(site / "404.html"), str(site)], root)
    if not report.is_file():
        return [Finding("lychee", None, (lychee.stderr or lychee.stdout).strip() or "no report written")]
    data = json.loads(report.read_text(encoding="utf-8"))
    findings = []
    for html, failures in sorted((data.get("error_map") or data.get("fail_map") or {}).items()):
        source = _page_source(root, site, Path(html))
        shown = source.relative_to(root).as_posix() if source.is_relative_to(root) else str(source)
        for failure in failures:
            url = failure.get("url", "")
            status = failure.get("status", {})
            text = status.get("text") if isinstance(status, dict) else str(status)
            # Look the link up in the source by its file name or anchor, whichever it shows.
            key = url.rsplit("#", 1)[-1] if "#" in url else Path(url.split("?")[0]).name
            line = _source_line(source, key) if source.suffix == ".md" else None
            shown_url = url.replace(site.as_uri() + "/", "")
            findings.append(Finding(shown, line, f"broken link in the built page: {shown_url} ({text})"))
    if lychee.returncode != 0 and not findings:
        findings.append(Finding("lychee", None, (lychee.stderr or lychee.stdout).strip()))
    return findings
