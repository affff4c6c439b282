"""MkDocs hook: one Content-Security-Policy in every page (own origin only, inline scripts by hash)."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from offline import offline_enabled  # hooks/offline.py (MkDocs puts hooks/ on the path while loading)

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

_state: dict[str, str] = {}


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`: its live-reload snippet is an inline script."""
    _state["command"] = command


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
    policy = content_security_policy(hashes, offline=offline_enabled(config))
    for page, text in texts.items():
        page.write_text(add_policy(text, policy), encoding="utf-8")
