"""MkDocs hook: each checklist's Word file joins the build as checklists/<id>.docx."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path, not as part of the package: make the package importable.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from mkdocs.structure.files import File, Files  # noqa: E402

from macros.checklists import docx_path, page_url  # noqa: E402
from macros.docx_export import checklist_docx  # noqa: E402
from macros.records import Handbook  # noqa: E402


def loaded_handbook(config: Any) -> Handbook:
    """The handbook mkdocs-macros loaded for this build (bound to its checklist macro)."""
    # Reused, not loaded again: data/ is read and checked once per build.
    return config.plugins["macros"].macros["checklist"].args[0]


def on_files(files: Files, config: Any) -> Files:
    """Add every checklist's .docx as a generated file, so pages can link it like any other."""
    handbook = loaded_handbook(config)
    for checklist in handbook.checklists:
        content = checklist_docx(checklist, handbook.build, page_url(handbook, checklist))
        files.append(File.generated(config, docx_path(checklist), content=content))
    return files
