"""MkDocs hook for the offline build (`make offline`, OFFLINE=true): settings that file:// needs."""
from __future__ import annotations

from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.plugins import event_priority
from mkdocs.utils import is_error_template


def offline_enabled(config: Any) -> bool:
    """True when Material's offline plugin is on for this build (OFFLINE=true)."""
    for plugin in config.plugins.values():
        if type(plugin).__name__ == "OfflinePlugin":
            return bool(plugin.config.enabled)
    return False


@event_priority(50)  # before the offline plugin's on_config, which would add an unpkg URL
def on_config(config: Any) -> Any:
    """Offline: the vendored iframe-worker shim as the only polyfill (the plugin would add unpkg's)."""
    if offline_enabled(config):
        config.extra["polyfills"] = [config.extra["vendor"]["iframe_worker"]]
    return config


def on_template_context(context: Any, template_name: str, config: Any) -> Any:
    """Offline: 404.html with links relative to itself, as every other page has them.

    MkDocs writes an error page's links from site_url's path, so that a server can show it at
    any depth; from the zip, opened as a file, those links would name the disk's root.
    """
    if offline_enabled(config) and is_error_template(template_name):
        context.update(get_context(context["nav"], context["pages"], config, base_url="."))
    return context
