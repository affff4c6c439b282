"""MkDocs hooks (mkdocs.yml `hooks:`): run after the macros plugin has set itself up."""
from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority

# MkDocs loads this file by path; the package imports because `make setup` installs the
# project (pyproject.toml) and `python -m mkdocs` puts the project folder first.
from macros.editlinks import apply_body_from, apply_edit_data
from macros.examples import examples_out_of_outline
from macros.pagescripts import scripts_needed
from macros.sandbox import install_sandbox


@event_priority(-100)
def on_config(config: Any) -> Any:
    """Sandbox the page templates once mkdocs-macros has built its environment."""
    install_sandbox(config.plugins["macros"])
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
