"""Entry point that mkdocs-macros loads: registers the handbook's macros, nothing more."""
from __future__ import annotations

from functools import partial, update_wrapper
from pathlib import Path
from typing import Any

from . import rendering
from .loading import load_handbook

# Macros a page may call, by the name pages use. Each takes the Handbook first.
MACROS = {
    "tool_category_table": rendering.tool_category_table,
}


def define_env(env: Any) -> None:
    """Load data/ once for this build and register each macro with the handbook bound."""
    handbook = load_handbook(Path(env.project_dir) / "data")
    for name, function in MACROS.items():
        env.macro(update_wrapper(partial(function, handbook), function), name)
