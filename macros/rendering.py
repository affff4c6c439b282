"""Pure functions that turn handbook records into Markdown through Jinja templates."""
from __future__ import annotations

import posixpath
import re
import string
from contextvars import ContextVar
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


# What could open a block at the start of a line: a bullet or heading mark, a number and its dot,
# or a bracket starting a link definition ("[x]: address", its "]" already escaped).
_LINE_START = re.compile(r"^(?:(?P<mark>[-+#])|(?P<number>\d+)(?P<dot>[.)])(?=\s|$)|(?P<bracket>\[)(?=[^\]]*\\\]:))")
_ALWAYS_BACKSLASHED = set("\\`*_{}|~!")


def editable_markdown(text: object) -> TrustedMarkdown:
    """Data text as Markdown a person edits (a download): inert, but placeholders such as [Client] left plain.

    HTML specials become entities and emphasis, code and table characters are backslash-escaped; a
    closing bracket is escaped only where it could end a link ("](", "][", "]:"), and a character
    that could open a block (a list, a heading, a link definition) only at the start; ">" is an entity.
    """
    flat = re.sub(r"\s+", " ", str(text)).strip()
    out = []
    for index, char in enumerate(flat):
        following = flat[index + 1:index + 2]
        if char in _HTML_ENTITIES:
            out.append(_HTML_ENTITIES[char])
        elif char in _ALWAYS_BACKSLASHED or (char == "]" and following in ("(", "[", ":")):
            out.append("\\" + char)
        else:
            out.append(char)
    escaped = "".join(out)
    return TrustedMarkdown(_LINE_START.sub(_escape_line_start, escaped, count=1))


def _escape_line_start(match: re.Match[str]) -> str:
    """The backslash that keeps a line's first characters from opening a list, quote or heading."""
    if match["mark"] or match["bracket"]:
        return "\\" + (match["mark"] or match["bracket"])
    return match["number"] + "\\" + match["dot"]


def _finalize_editable(value: Any) -> str:
    """Escape every value a download template prints, as editable Markdown, unless already safe."""
    return value if isinstance(value, TrustedMarkdown) else editable_markdown(value)


def _finalize(value: Any) -> str:
    """Escape every value a Markdown template prints unless a filter already made it safe."""
    if isinstance(value, TrustedMarkdown):
        return value
    return escape_markdown(value)


def link_target(url: str) -> TrustedMarkdown:
    """A URL made safe to sit inside Markdown's (...) link syntax."""
    return TrustedMarkdown(quote(url, safe=":/?#@!$&'*+,;=%-._~"))


# The source path (relative to docs/) of the page being rendered; define_env sets it from
# mkdocs-macros' env.page around each macro call. Unset, links are written for the home page.
current_page: ContextVar[str] = ContextVar("current_page", default="index.md")


def relative_link(target: str, page: str) -> str:
    """A docs/-relative page path (with any #anchor) as a link relative to the page `page`.

    Relative links resolve in MkDocs and in Zensical alike; root-absolute ones do not.
    """
    path, hash_mark, anchor = target.partition("#")
    relative = posixpath.relpath(path.lstrip("/"), posixpath.dirname(page) or ".")
    return relative + hash_mark + anchor


def page_source(env: Any) -> str:
    """The docs/-relative source path of the page an mkdocs-macros environment is rendering."""
    page = getattr(env, "page", None)
    file = getattr(page, "file", None)  # MkDocs' page; Zensical's has the source path as `path`
    return str(getattr(file, "src_uri", None) or getattr(file, "src_path", None) or getattr(page, "path", None)
               or "index.md")


def page_link(target: str) -> TrustedMarkdown:
    """A link to a docs/ page from the page being rendered, safe inside Markdown's (...)."""
    return link_target(relative_link(target, current_page.get()))


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
    env.filters["page_link"] = page_link
    return env


@cache
def download_templates() -> jinja2.Environment:
    """Jinja environment for Markdown files readers download and edit: values escaped as editable_markdown."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize_editable,
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
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["page_link"] = page_link
    return env


def render_download(name: str, **context: Any) -> str:
    """Render a template of macros/templates/ as a Markdown file to download (see download_templates)."""
    return download_templates().get_template(name).render(**context)


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
