"""The project's settings as every command, test and benchmark reads them: mkdocs.yml, base path, navigation."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The suffixes MkDocs builds into pages (mkdocs.utils.markdown_extensions), kept here so
# commands that only read the project need not import MkDocs.
PAGE_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that reads MkDocs' tags: !ENV as MkDocs does, !!python/name and others as None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """!ENV as MkDocs reads it: the first environment variable that is set, else the last item."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    *names, default = loader.construct_sequence(node)
    return next((os.environ[name] for name in names if name in os.environ), default)


_PlainLoader.add_constructor("!ENV", _env_tag)
_PlainLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_PlainLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def parse_mkdocs_config(text: str) -> dict[str, Any]:
    """mkdocs.yml text as plain data (tags that name Python objects become None)."""
    value = yaml.load(text, Loader=_PlainLoader)  # noqa: S506 (a SafeLoader subclass)
    return value if isinstance(value, dict) else {}


def read_mkdocs_config(root: Path = ROOT) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data."""
    return parse_mkdocs_config((root / "mkdocs.yml").read_text(encoding="utf-8"))


def base_path(site_url: str) -> str:
    """The URL path a site_url publishes under, with both slashes: /handbook/, or /."""
    path = urlsplit(site_url).path.strip("/")
    return f"/{path}/" if path else "/"


def site_base_path(root: Path = ROOT) -> str:
    """The path the project's site is published under, from site_url in mkdocs.yml."""
    return base_path(str(read_mkdocs_config(root).get("site_url") or ""))


def nav_pages(nav: object) -> list[str]:
    """Every page path named in a `nav` value, in reading order (external links left out)."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(PAGE_SUFFIXES) and "://" not in nav else []
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    if isinstance(nav, list):
        return [page for value in nav for page in nav_pages(value)]
    return []


def navigation(root: Path = ROOT) -> list[str]:
    """The pages of the project's navigation (mkdocs.yml `nav`), in reading order."""
    return nav_pages(read_mkdocs_config(root).get("nav"))
