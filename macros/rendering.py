"""Pure functions that turn handbook records into Markdown through Jinja templates."""
from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .records import Handbook

TEMPLATES = Path(__file__).parent / "templates"

_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BACKSLASHED = set(string.punctuation) - set(_HTML_ENTITIES)


class TrustedMarkdown(str):
    """Markdown produced by a template or filter of ours, not by data: never escaped again."""


def escape_markdown(text: object) -> TrustedMarkdown:
    """Data text as Markdown that renders exactly as written, on one line.

    HTML specials become entities; all other ASCII punctuation is backslash-escaped
    (pymdownx.escapeall allows that for every character), so no Markdown, HTML or
    extension syntax in data can take effect.
    """
    flat = re.sub(r"\s+", " ", str(text)).strip()
    out = []
    for char in flat:
        if char in _HTML_ENTITIES:
            out.append(_HTML_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return TrustedMarkdown("".join(out))


def _finalize(value: Any) -> str:
    """Escape every value a Markdown template prints unless a filter already made it safe."""
    if isinstance(value, TrustedMarkdown):
        return value
    return escape_markdown(value)


def link_target(url: str) -> TrustedMarkdown:
    """A URL made safe to sit inside Markdown's (...) link syntax."""
    return TrustedMarkdown(quote(url, safe=":/?#@!$&'*+,;=%-._~"))


@cache
def markdown_templates() -> jinja2.Environment:
    """Jinja environment for *.md.j2 templates: every printed value is Markdown-escaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["link_target"] = link_target
    return env


@cache
def html_templates() -> jinja2.Environment:
    """Jinja environment for *.html.j2 templates: HTML autoescaping on."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, **context: Any) -> str:
    """Render one template of macros/templates/ with the environment its suffix calls for."""
    env = html_templates() if name.endswith(".html.j2") else markdown_templates()
    rendered = env.get_template(name).render(**context)
    return Markup(rendered) if name.endswith(".html.j2") else rendered


def tool_category_table(handbook: Handbook) -> str:
    """Markdown table of tool categories: the category, the job it does, example vendors."""
    rows = [(category, [v for v in handbook.vendors_in(category.id) if v.example])
            for category in handbook.categories]
    return render_template("tool_category_table.md.j2", rows=rows)
