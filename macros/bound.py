"""The handbook this build loaded, for MkDocs hooks that need its data after mkdocs-macros set up."""
from __future__ import annotations

from typing import Any

from .records import Handbook


def loaded_handbook(config: Any) -> Handbook:
    """The handbook mkdocs-macros loaded for this build, bound to its registered macros.

    Reused, not loaded again: data/ is read and checked once per build. Every macro is a
    partial with the handbook first (macros/__init__.py); mkdocs-macros is pinned exactly.
    """
    return config.plugins["macros"].macros["checklist"].args[0]
