"""The project as every command, test and benchmark reads it: mkdocs.yml read once into a Project.

The build itself reads mkdocs.yml through the engine (MkDocs or Zensical); everything around
it (the pre- and post-build steps, `make check`, scripts/, benchmarks/, tests/) asks
`load_project()` for the root, the docs and data folders, the site address and its base path,
the macros settings and page markers, and the navigation.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Folders of tools, caches and build output: never checked, copied or published.
TOOL_FOLDERS = frozenset({".git", ".venv", ".venv-lock", ".venv-zensical", "site", "build", "node_modules",
                          ".pytest_cache", ".hypothesis", "__pycache__"})
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
    return load_project(root).base_path


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
    return list(load_project(root).nav)


@dataclass(frozen=True)
class Project:
    """The facts of one checkout of the project, from its mkdocs.yml."""

    root: Path
    config: dict[str, Any] = field(repr=False)
    docs_dir: Path
    data_dir: Path
    site_url: str
    base_path: str
    directory_urls: bool
    macros: dict[str, Any] = field(repr=False)
    markers: dict[str, str]
    nav: tuple[str, ...]


def _macros_settings(config: dict[str, Any]) -> dict[str, Any]:
    """The macros plugin's settings in mkdocs.yml ({} when it has none)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "macros" in plugin:
            return plugin["macros"] or {}
    return {}


_projects: dict[tuple[Path, int], Project] = {}


def load_project(root: Path = ROOT) -> Project:
    """The project at `root`, its mkdocs.yml read once per process (again only if the file changed)."""
    root = root.resolve()
    key = (root, (root / "mkdocs.yml").stat().st_mtime_ns)
    if key not in _projects:
        config = read_mkdocs_config(root)
        macros = _macros_settings(config)
        site_url = str(config.get("site_url") or "")
        _projects[key] = Project(
            root=root, config=config, docs_dir=root / str(config.get("docs_dir") or "docs"),
            data_dir=root / "data", site_url=site_url, base_path=base_path(site_url),
            directory_urls=bool(config.get("use_directory_urls", True)), macros=macros,
            markers={key.removeprefix("j2_"): str(value) for key, value in macros.items()
                     if key.startswith("j2_") and key.endswith("_string") and value},
            nav=tuple(nav_pages(config.get("nav"))))
    return _projects[key]
