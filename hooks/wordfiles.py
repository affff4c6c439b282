"""MkDocs hook: each checklist's Word file joins the build as checklists/<id>.docx."""
from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, Files

from macros.bound import loaded_handbook
from macros.checklists import docx_path, page_url
from macros.docx_export import checklist_docx


def on_files(files: Files, config: Any) -> Files:
    """Add every checklist's .docx as a generated file, so pages can link it like any other."""
    handbook = loaded_handbook(config)
    for checklist in handbook.checklists:
        content = checklist_docx(checklist, handbook.build, page_url(handbook, checklist))
        files.append(File.generated(config, docx_path(checklist), content=content))
    return files
