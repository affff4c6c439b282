"""Edit links for pages built from data, and top-level files shown as pages.

"Edit this page" on a page built from data opens the data file (set by the post-build step, for
either engine); `top_level_file("CONTRIBUTING.md")` shows a top-level file as a page's text.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from playbook.project import load_project

from .errors import HandbookError
from .records import Handbook
from .rendering import page_link

# Front-matter key naming the data file that holds a page's content, e.g. `edit_data: data/vendors.yml`.
EDIT_DATA_KEY = "edit_data"


def data_edit_url(edit_uri: str, docs_dir: str, data_file: str) -> str:
    """The edit address of `data_file` (a path from the project root), derived from edit_uri.

    edit_uri points at the docs folder on the code host (".../edit/main/docs/"); the data
    file lives beside that folder, so the address is the same with the folder name replaced.
    """
    docs_name = Path(docs_dir).name + "/"
    base = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
    if base.endswith(docs_name):
        base = base[: -len(docs_name)]
    return base + data_file.lstrip("/")


def edit_base(config: Mapping[str, Any]) -> str:
    """The absolute edit address of docs/ on the code host ("" without one); a relative edit_uri is relative to repo_url."""
    return urljoin(config.get("repo_url") or "", config.get("edit_uri") or "")


def edited_file(meta: Mapping[str, Any]) -> str | None:
    """The project file a page's "Edit this page" should open: its `edit_data`, or its checklist's data file."""
    if isinstance(meta.get(EDIT_DATA_KEY), str):
        return str(meta[EDIT_DATA_KEY])
    if isinstance(meta.get("checklist_id"), str):
        return f"data/checklists/{meta['checklist_id']}.yml"
    return None


def _view_address(edit_url: str) -> str:
    """The theme's "View source" address for an edit address (Material replaces edit or blob with raw)."""
    return edit_url.replace("blob" if "/blob/" in edit_url else "edit", "raw")


def with_edit_links(html: str, base: str, docs_dir: str, source: str, data_file: str) -> str:
    """A built page whose edit and view buttons open `data_file` instead of its Markdown source."""
    page_edit, data_edit = urljoin(base, source), data_edit_url(base, docs_dir, data_file)
    for old, new in ((page_edit, data_edit), (_view_address(page_edit), _view_address(data_edit))):
        html = html.replace(f'href="{old}"', f'href="{new}"')
    return html


# A top-level Markdown file shown as a page's text (`top_level_file("CONTRIBUTING.md")`), so one
# text serves both the code host (which shows the top-level file) and the site.
TOP_LEVEL_NAME = re.compile(r"[A-Za-z0-9_-]+\.md")
_RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/|#)(?P<target>[^)\s]+)\)")


def repository_base(edit_uri: str, docs_dir: str) -> str:
    """The address of the project's files on the code host (".../blob/main/"), from edit_uri."""
    return data_edit_url(edit_uri, docs_dir, "").replace("/edit/", "/blob/", 1)


def site_links(markdown: str, blob_base: str, project: Path) -> str:
    """Links written from the project root (as the code host reads them) made right for the site.

    docs/x.md becomes a link relative to the page being rendered (checked by the build like any
    page link, and resolved alike by either engine); any other project file, such as
    data/vendors.yml, becomes its address on the code host. Targets that are not project files
    are left alone.
    """
    def rewrite(match: re.Match[str]) -> str:
        target = match["target"]
        if not (project / target.partition("#")[0]).exists():
            return match[0]  # not a project file (an example in code, say): leave it
        if target.startswith("docs/"):
            return f"]({page_link(target.removeprefix('docs/'))})"
        return f"]({blob_base}{target})"

    return _RELATIVE_LINK.sub(rewrite, markdown)


def top_level_path(root: Path, name: object) -> Path:
    """The top-level Markdown file `name` names, after checking it is one (never a path, never a symlink)."""
    path = root / str(name)
    if not isinstance(name, str) or not TOP_LEVEL_NAME.fullmatch(name) or path.is_symlink() or not path.is_file():
        raise HandbookError(f"top_level_file: {name!r} is not a top-level .md file of the project; "
                            "expected a name such as CONTRIBUTING.md")
    return path


def top_level_file(handbook: Handbook, name: str) -> str:
    """A top-level Markdown file of the project (such as CONTRIBUTING.md) as the page's text, its links made right for the site."""
    project = load_project(Path(handbook.build.root))
    text = top_level_path(project.root, name).read_text(encoding="utf-8")
    return site_links(text, repository_base(edit_base(project.config), str(project.docs_dir)), project.root)
