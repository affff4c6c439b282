"""Edit links for pages built from data: point "Edit this page" at the data file instead."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from .errors import HandbookError

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


def apply_edit_data(page: Any, config: Any) -> None:
    """Set page.edit_url from the page's `edit_data` key, after checking the file exists."""
    data_file = page.meta.get(EDIT_DATA_KEY)
    # A checklist page names its checklist; its content is that checklist's data file.
    if data_file is None and isinstance(page.meta.get("checklist_id"), str):
        data_file = f"data/checklists/{page.meta['checklist_id']}.yml"
    if data_file is None or not page.edit_url:
        return
    project = Path(config["config_file_path"]).parent
    if not isinstance(data_file, str) or not (project / data_file).is_file():
        raise HandbookError(
            f"{page.file.src_path}: front matter {EDIT_DATA_KEY}: {data_file!r} is not a file; "
            "expected a path from the project root such as data/vendors.yml")
    # A relative edit_uri is relative to repo_url, as MkDocs itself treats it.
    edit_uri = urljoin(config.get("repo_url") or "", config["edit_uri"])
    page.edit_url = data_edit_url(edit_uri, config["docs_dir"], data_file)


# Front-matter key that makes a page show a file from outside docs/, e.g. `body_from: CONTRIBUTING.md`,
# so one text serves both the code host (which shows the top-level file) and the site.
BODY_FROM_KEY = "body_from"
_RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/|#)(?P<target>[^)\s]+)\)")


def repository_base(edit_uri: str, docs_dir: str) -> str:
    """The address of the project's files on the code host (".../blob/main/"), from edit_uri."""
    return data_edit_url(edit_uri, docs_dir, "").replace("/edit/", "/blob/", 1)


def site_links(markdown: str, blob_base: str, project: Path) -> str:
    """Links written from the project root (as the code host reads them) made right for the site.

    docs/x.md becomes /x.md (checked by the build like any page link); any other project
    file, such as data/vendors.yml, becomes its address on the code host. Targets that are
    not project files are left alone.
    """
    def rewrite(match: re.Match[str]) -> str:
        target = match["target"]
        if not (project / target.partition("#")[0]).exists():
            return match[0]  # not a project file (an example in code, say): leave it
        if target.startswith("docs/"):
            return f"](/{target.removeprefix('docs/')})"
        return f"]({blob_base}{target})"

    return _RELATIVE_LINK.sub(rewrite, markdown)


def apply_body_from(markdown: str, page: Any, config: Any) -> str:
    """The page's Markdown, replaced by the project file its `body_from` key names, if any."""
    source = page.meta.get(BODY_FROM_KEY)
    if source is None:
        return markdown
    project = Path(config["config_file_path"]).parent
    if not isinstance(source, str) or not (project / source).is_file():
        raise HandbookError(
            f"{page.file.src_path}: front matter {BODY_FROM_KEY}: {source!r} is not a file; "
            "expected a path from the project root such as CONTRIBUTING.md")
    edit_uri = urljoin(config.get("repo_url") or "", config["edit_uri"] or "")
    if page.edit_url:
        page.edit_url = data_edit_url(edit_uri, config["docs_dir"], source)
    text = (project / source).read_text(encoding="utf-8")
    return site_links(text, repository_base(edit_uri, config["docs_dir"]), project)
