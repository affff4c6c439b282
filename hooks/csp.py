"""MkDocs hook: one Content-Security-Policy in every page: own origin only, and by hash only the
inline scripts that the theme's templates write (Material's own: its storage helpers, palette
and tabs; ours: the line in overrides/main.html that marks scripts as on). A script in a page's
content is never hashed in.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
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
# Hashes of the inline scripts the templates wrote, gathered page by page as the site is built.
_template_hashes: set[str] = set()


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs serve`: its live-reload snippet is an inline script."""
    _state["command"] = command


def on_pre_build(config: Any) -> None:
    """Start each build (and each rebuild of `mkdocs serve`) with no hashes."""
    _template_hashes.clear()


def inline_script_hashes(html: str) -> set[str]:
    """CSP sources ('sha256-...') for each inline script a browser would run in `html`."""
    hashes = set()
    for match in _SCRIPT.finditer(html):
        if _NOT_EXECUTED.search(match["attrs"]):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def template_script_hashes(output: str, content: str, where: str) -> set[str]:
    """Hashes of the inline scripts of a finished page `output`, leaving out its Markdown `content`.

    The content is taken out of the page before looking, so nothing written in a page, however
    it got there, is hashed.
    """
    if content and content not in output:
        raise PluginError(f"hooks/csp.py: {where}: the page's content is not in its finished HTML "
                          "as rendered, so its scripts cannot be told from the theme's.")
    return inline_script_hashes(output.replace(content, "") if content else output)


def content_security_policy(hashes: set[str], offline: bool = False) -> str:
    """The policy for the site: own origin only, inline scripts allowed by hash."""
    if offline:
        return _OFFLINE_POLICY
    return _POLICY.replace("{scripts}", " ".join(sorted(hashes)))


def add_policy(html: str, policy: str) -> str:
    """Insert the policy as the first thing after the charset, ahead of every script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _CHARSET.sub(lambda m: m[0] + meta, html, count=1)


@event_priority(-200)  # after every other hook and plugin has changed the page
def on_post_page(output: str, page: Any, config: Any) -> str:
    """Note the hashes of the scripts the templates wrote into this page."""
    _template_hashes.update(template_script_hashes(output, page.content or "", page.file.src_uri))
    return output


@event_priority(-200)
def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """Note the hashes of a page built from a template alone (404.html): all of it is template."""
    _template_hashes.update(inline_script_hashes(output_content))
    return output_content


@event_priority(-200)  # after the offline plugin and everything else that writes pages
def on_post_build(config: Any) -> None:
    """Put one policy into every page, allowing the template scripts found in any page.

    One shared list, because instant navigation (if turned on) runs the next page's inline
    scripts under the policy of the page the reader arrived on.
    """
    if _state.get("command") == "serve":
        return
    pages = list(Path(config.site_dir).rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    policy = content_security_policy(_template_hashes, offline=offline_enabled(config))
    for page, text in texts.items():
        page.write_text(add_policy(text, policy), encoding="utf-8")
