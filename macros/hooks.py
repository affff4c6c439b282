"""MkDocs hooks (mkdocs.yml `hooks:`): run after the macros plugin has set itself up."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

# MkDocs loads this file by path, not as part of the package: make the package importable.
_PROJECT = str(Path(__file__).resolve().parent.parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from macros.sandbox import install_sandbox  # noqa: E402


@event_priority(-100)
def on_config(config: Any) -> Any:
    """Sandbox the page templates once mkdocs-macros has built its environment."""
    install_sandbox(config.plugins["macros"])
    return config
