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

from macros.editlinks import apply_body_from, apply_edit_data  # noqa: E402
from macros.examples import examples_out_of_outline  # noqa: E402
from macros.pagescripts import scripts_needed  # noqa: E402
from macros.errors import HandbookError  # noqa: E402
from macros.sandbox import is_sandboxed  # noqa: E402


@event_priority(-100)
def on_config(config: Any) -> Any:
    """Refuse to build if pages would render outside the sandbox define_env installs."""
    if not is_sandboxed(config.plugins["macros"]):
        raise HandbookError("macros: pages would render outside the sandbox; "
                            "expected define_env to install it")
    return config


# After mkdocs-macros: a body taken from a project file is shown as written, never run as a template.
@event_priority(-100)
def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Edit links of pages built from data (edit_data); bodies kept outside docs/ (body_from)."""
    apply_edit_data(page, config)
    return apply_body_from(markdown, page, config)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Keep live examples' headings out of the page's outline; note which optional scripts it needs."""
    html, page.toc = examples_out_of_outline(html, page.toc)
    page.scripts_needed = scripts_needed(html)
    return html
