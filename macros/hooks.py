"""MkDocs hooks (mkdocs.yml `hooks:`), kept only for what no step around the engine can do.

- The contributor checks (on_config, on_files) repeat the pre-build step's, because `mkdocs serve`
  rebuilds after every edit without running that step again.
- Titles (escape_front_matter, title_as_text): Material's templates print page.title and the
  description without escaping, and only a hook reaches page.meta before they are printed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from mkdocs.plugins import event_priority

# MkDocs loads this file by path; the package imports because `make setup` installs the
# project (pyproject.toml) and `python -m mkdocs` puts the project folder first.
from macros.contributed import check_page, check_static_file, check_symlinks, read_page
from macros.errors import HandbookError


# Before mkdocs-macros reads data/: nothing outside the repository may be read or published.
@event_priority(100)
def on_config(config: Any) -> Any:
    """Stop the build if a symlink under docs/ or data/ leads outside the project."""
    check_symlinks(Path(config["config_file_path"]).parent)
    return config


def _markers(config: Any) -> dict[str, str]:
    """The Jinja delimiters pages are written with (the macros plugin's j2_* settings)."""
    settings = config.plugins["macros"].config
    return {key.removeprefix("j2_"): value for key, value in settings.items()
            if key.startswith("j2_") and key.endswith("_string") and value}


# Before MkDocs parses any page: each page's source is checked as written (front matter with the
# data files' limits, paths, raw HTML), so hostile input never reaches MkDocs' own YAML or the templates.
@event_priority(100)
def on_files(files: Any, config: Any) -> Any:
    """Check every page's front matter, paths and raw HTML, and what else docs/ publishes; one line for the first problem."""
    project = Path(config["config_file_path"]).parent
    markers = _markers(config)
    for file in files:
        # Only the files read from docs/ (symlinks included): the theme's assets are listed too.
        if file.src_dir != config["docs_dir"]:
            continue
        if file.is_documentation_page():
            check_page(read_page(Path(file.abs_src_path), f"docs/{file.src_path}"), project, markers)
        else:
            check_static_file(file.src_uri)
    return files


def escape_front_matter(page: Any) -> None:
    """Title and description from front matter as escaped markup, for every place the theme prints them."""
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = Markup(escape(page.meta[key]))


# After mkdocs-macros: titles the theme prints as they are.
@event_priority(-100)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Front-matter title and description as escaped markup."""
    escape_front_matter(page)
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Keep a heading's title as escaped text."""
    title_as_text(page)
    return html


def title_as_text(page: Any) -> None:
    """A title taken from the page's heading, kept as escaped text in its front matter.

    The theme prints a heading's title through `striptags`, which turns `&lt;` back into `<`
    inside <title> and Open Graph tags; a front-matter title is printed as it is (escaped here).
    The home page's head shows the site's name instead, so it is left alone.
    """
    if "title" not in page.meta and page.title and not page.is_homepage:
        page.meta["title"] = Markup(escape(Markup(str(page.title)).striptags()))
