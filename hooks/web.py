"""MkDocs hooks for reading online: a Content-Security-Policy, the offline build, accessible markup."""
from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

# Everything comes from the site's own origin. data: only for the icons Material's CSS
# inlines. Inline styles: Mermaid writes a <style> into each diagram it draws.
_POLICY = (
    "default-src 'self'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
# Read from disk, the iframe-worker shim runs search in an iframe it writes inline
# script into (its text names the page's own path), so no fixed hash can allow it.
_OFFLINE_POLICY = _POLICY.replace("{scripts}", "'unsafe-inline'")

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_NOT_EXECUTED = re.compile(r"""\b(src|type\s*=\s*["']?application/json)""", re.IGNORECASE)
_CHARSET = re.compile(r'<meta charset="utf-8">', re.IGNORECASE)

_ABBR = re.compile(r"<abbr(?![^>]*\btabindex=)(?=[^>]*\btitle=)")
# pymdownx.tasklist: <li class="task-list-item"><label class="task-list-control"><input ...>
# <span class="task-list-indicator"></span></label> text</li>; the box itself has no name.
_TASK = re.compile(
    r'(<li class="task-list-item">\s*<label class="task-list-control">\s*<input type="checkbox")'
    r'([^>]*>.*?</label>)(.*?)(?=</li>|<ul|<ol)', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

# A diagram drawn to a phone's width shrinks its labels past reading. Each ```mermaid block
# (superfences writes <pre class="mermaid">, which Material replaces with the drawing) sits in
# a box that scrolls sideways where reading.css gives the drawing a legible minimum width.
# A box that scrolls must be reachable by keyboard (WCAG 2.1.1), hence tabindex and a name.
_MERMAID_BLOCK = re.compile(r'<pre class="mermaid">.*?</pre>', re.DOTALL)
_DIAGRAM_BOX = ('<div class="msp-diagram" tabindex="0" role="group" '
                'aria-label="Diagram; on a narrow screen it scrolls sideways">')
_state: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`: its live-reload snippet is an inline script."""
    _state["command"] = command


def _offline_enabled(config: Any) -> bool:
    """True when Material's offline plugin is on for this build (OFFLINE=true)."""
    for plugin in config.plugins.values():
        if type(plugin).__name__ == "OfflinePlugin":
            return bool(plugin.config.enabled)
    return False


def without_instant_navigation(features: list[str]) -> list[str]:
    """Theme features with instant navigation (and its options) taken out, for the offline build."""
    return [name for name in features
            if name != "navigation.instant" and not name.startswith("navigation.instant.")]


@event_priority(50)  # before the offline plugin's on_config, which would add an unpkg URL
def on_config(config: Any) -> Any:
    """Offline: the vendored iframe-worker shim as the only polyfill, and no instant navigation.

    From file:// Material's instant navigation ends at once, and as it ends it closes the
    stream of page loads that every other component waits for: with it on, the zip had no
    table of contents that follows, no copy buttons and no diagrams. Material's own guide
    says to turn it off for offline builds.
    """
    if _offline_enabled(config):
        config.extra["polyfills"] = [config.extra["vendor"]["iframe_worker"]]
        config.theme["features"] = without_instant_navigation(config.theme["features"])
    return config


def scrollable_diagrams(html: str) -> str:
    """`html` with each Mermaid block inside a box that scrolls sideways on a narrow screen."""
    return _MERMAID_BLOCK.sub(lambda block: f"{_DIAGRAM_BOX}{block[0]}</div>", html)


def focusable_abbreviations(html: str) -> str:
    """Let keyboard readers reach glossary terms, so their tooltip opens on focus as on hover."""
    return _ABBR.sub('<abbr tabindex="0"', html)


def label_task_checkboxes(html: str) -> str:
    """Name each task-list checkbox after the text of its item (Material leaves them unnamed)."""
    def named(match: re.Match[str]) -> str:
        label = " ".join(html_lib.unescape(_TAG.sub("", match[3])).split())
        return f'{match[1]} aria-label="{html_lib.escape(label)}"{match[2]}{match[3]}'
    return _TASK.sub(named, html)


@event_priority(-50)  # after macros/hooks.py, which sets page.scripts_needed
def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Each page's HTML: focusable terms, named task boxes, diagrams that scroll (and their script)."""
    html = scrollable_diagrams(label_task_checkboxes(focusable_abbreviations(html)))
    if _MERMAID_BLOCK.search(html):
        page.scripts_needed = frozenset(getattr(page, "scripts_needed", ())) | {"mermaid"}
    return html


def named_search_dialog(html: str) -> str:
    """Give Material's search dialog an accessible name (it has role=dialog and none)."""
    return html.replace('<div class="md-search" data-md-component="search" role="dialog">',
                        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">', 1)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Name the search dialog."""
    return named_search_dialog(output)


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """Name the search dialog of pages built from a template alone, such as 404.html."""
    return named_search_dialog(output_content)


def inline_script_hashes(html: str) -> set[str]:
    """CSP sources ('sha256-...') for each inline script a browser would run in `html`."""
    hashes = set()
    for match in _SCRIPT.finditer(html):
        if _NOT_EXECUTED.search(match["attrs"]):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def content_security_policy(hashes: set[str], offline: bool = False) -> str:
    """The policy for the site: own origin only, inline scripts allowed by hash."""
    if offline:
        return _OFFLINE_POLICY
    return _POLICY.replace("{scripts}", " ".join(sorted(hashes)))


def add_policy(html: str, policy: str) -> str:
    """Insert the policy as the first thing after the charset, ahead of every script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _CHARSET.sub(lambda m: m[0] + meta, html, count=1)


@event_priority(-200)  # after the offline plugin and everything else that writes pages
def on_post_build(config: Any) -> None:
    """Put one policy into every page, allowing the inline scripts found in any page.

    One shared list, because instant navigation runs the next page's inline scripts
    under the policy of the page the reader arrived on.
    """
    if _state.get("command") == "serve":
        return
    pages = list(Path(config.site_dir).rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    hashes: set[str] = set()
    for text in texts.values():
        hashes |= inline_script_hashes(text)
    policy = content_security_policy(hashes, offline=_offline_enabled(config))
    for page, text in texts.items():
        page.write_text(add_policy(text, policy), encoding="utf-8")
