"""Checks on what contributors write: raw HTML in Markdown (allowlist), page front matter, paths."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import jinja2
import jsonschema
from jinja2 import nodes
from justhtml import JustHTML
from mkdocs.utils import meta as mkdocs_meta

from .editlinks import top_level_path
from .errors import HandbookError
from .yamlfile import NotUtf8, decode_utf8, load_limited

# Raw HTML a chapter may hold, and the attributes each element may carry (beyond COMMON_ATTRIBUTES).
ALLOWED_ELEMENTS: Mapping[str, frozenset[str]] = {
    **{name: frozenset() for name in (
        "div", "span", "p", "br", "hr", "details", "summary", "abbr", "kbd", "sup", "sub", "b",
        "i", "em", "strong", "small", "mark", "code", "pre", "s", "del", "ins", "u", "q", "cite",
        "var", "samp", "figure", "figcaption", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "caption",
        "colgroup",
    )},
    "th": frozenset({"colspan", "rowspan", "scope", "align"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "col": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "a": frozenset({"href", "rel", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
}
ALLOWED_ELEMENTS["details"] = frozenset({"open"})
ALLOWED_ELEMENTS["ol"] = frozenset({"start", "type"})
COMMON_ATTRIBUTES = frozenset({"class", "id", "title", "markdown", "lang", "dir", "role",
                               "aria-label", "aria-hidden", "aria-describedby"})
URL_ATTRIBUTES = frozenset({"href", "src"})
ALLOWED_SCHEMES = frozenset({"", "http", "https", "mailto"})

# Markdown that is not HTML although it holds "<": fenced code (set aside before Markdown looks
# for HTML blocks), autolinks, and inline code outside HTML blocks. Inside an HTML block (from
# a line that starts with a tag to the next blank line) backticks are plain text, so a
# `<script>` there would reach readers: those code spans are still read as HTML.
_FENCE = re.compile(r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=indent)(?P=fence)[`~]*[ \t]*$|\Z)",
                    re.MULTILINE | re.DOTALL)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)[^\n]*?(?<!`)\1(?!`)")
_HTML_BLOCK_START = re.compile(r"^[ ]{0,3}</?[A-Za-z]")


@dataclass(frozen=True)
class HtmlFinding:
    """Raw HTML that is not allowed, and where."""

    line: int
    what: str


def _blank(match: re.Match[str]) -> str:
    """The matched text as spaces, newlines kept (so lines still count)."""
    return re.sub(r"[^\n]", " ", match[0])


def _without_inline_code(markdown: str) -> str:
    """Inline code spans blanked out, except in lines that belong to an HTML block."""
    lines = markdown.split("\n")
    in_html_block = False
    for number, line in enumerate(lines):
        if not line.strip():
            in_html_block = False
        elif _HTML_BLOCK_START.match(line):
            in_html_block = True
        if not in_html_block:
            lines[number] = _INLINE_CODE.sub(_blank, line)
    return "\n".join(lines)


def markdown_without_code(markdown: str) -> str:
    """The Markdown with fenced code, autolinks and inline code outside HTML blocks blanked out, lines unchanged."""
    return _without_inline_code(_AUTOLINK.sub(_blank, _FENCE.sub(_blank, markdown)))


def _url_problem(value: str) -> str | None:
    """Why a URL attribute is refused, if it is."""
    # Browsers ignore ASCII whitespace and control characters inside a scheme.
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", value)
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return "a malformed URL"
    if scheme not in ALLOWED_SCHEMES:
        return f"a {scheme}: URL"
    return None


def _elements(node: Any) -> Iterator[Any]:
    """Every element below `node`, in document order (templates' contents included)."""
    for child in list(getattr(node, "children", None) or []):
        if getattr(child, "name", "#").startswith("#"):
            continue
        yield child
        yield from _elements(child)
        content = getattr(child, "template_content", None)
        if content is not None:
            yield from _elements(content)


def html_findings(markdown: str) -> list[HtmlFinding]:
    """Raw HTML in `markdown` outside the allowlist, as an HTML5 parser (a browser's view) reads it."""
    document = JustHTML(markdown_without_code(markdown), fragment=True, sanitize=False,
                        track_node_locations=True)
    findings: list[HtmlFinding] = []
    for element in _elements(document.root):
        line = element.origin_line or 1
        name = element.name
        namespace = getattr(element, "namespace", "html")
        if name not in ALLOWED_ELEMENTS or namespace not in (None, "html"):
            findings.append(HtmlFinding(line, f"<{name}> element"))
            continue
        for attribute, value in (element.attrs or {}).items():
            if attribute.startswith("on"):
                findings.append(HtmlFinding(line, f"event-handler attribute {attribute} on <{name}>"))
            elif attribute not in COMMON_ATTRIBUTES | ALLOWED_ELEMENTS[name]:
                findings.append(HtmlFinding(line, f"attribute {attribute} on <{name}>"))
            elif attribute in URL_ATTRIBUTES and (problem := _url_problem(value or "")):
                findings.append(HtmlFinding(line, f"{problem} in {attribute} on <{name}>"))
    return findings


def check_html(markdown: str, file: str, first_line: int = 1) -> None:
    """Raise HandbookError naming file, line and element for raw HTML outside the allowlist."""
    findings = html_findings(markdown)
    if findings:
        first = findings[0]
        raise HandbookError(
            f"{file}:{first.line + first_line - 1}: raw HTML not allowed: {first.what}; "
            "expected Markdown, or HTML from the allowlist in macros/contributed.py "
            "(no script, style, iframe, object, embed, meta, base, form, link, on* attributes, "
            "javascript: or data: URLs); to show a tag as text write &lt; or use a fenced code block")


# ---------------------------------------------------------------- front matter

# Under the project folder each check is given (data/schema/), like every data file's schema.
SCHEMA_FILE = Path("data") / "schema" / "front_matter.schema.json"
_TOP_KEY = re.compile(r"^(?P<key>[^\s:#'\"][^:]*?)\s*:", re.MULTILINE)


@dataclass(frozen=True)
class PageSource:
    """A Markdown page as written: front matter, body and where the body starts."""

    file: str
    meta: dict[str, Any]
    body: str
    body_line: int
    key_lines: dict[str, int]


@cache
def front_matter_schema(project: Path) -> dict[str, Any]:
    """The JSON Schema for page front matter."""
    return json.loads((project / SCHEMA_FILE).read_text(encoding="utf-8"))


def read_page(path: Path, file: str) -> PageSource:
    """Decode and split a page as MkDocs does, parsing its front matter with the data files' strict loader.

    The text is read as MkDocs reads it (line endings made LF) and the front matter is found with
    MkDocs' own pattern; metadata MkDocs would read without `---` lines (MultiMarkdown style) is refused.
    """
    try:
        text = decode_utf8(path.read_bytes(), "utf-8-sig")
    except NotUtf8 as error:
        raise HandbookError(f"{file}:{error.line}: byte 0x{error.byte:02x} is not valid UTF-8; "
                            "expected the page to be saved as UTF-8 text") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = mkdocs_meta.YAML_RE.match(text)
    if not match:
        if mkdocs_meta.get_data(text)[1]:
            raise HandbookError(f"{file}:1: the page starts with `key: value` lines, which MkDocs reads "
                                "as metadata; expected front matter between two --- lines, or a heading first")
        return PageSource(file, {}, text, 1, {})
    yaml_text = match[1] or ""
    _, meta = load_limited(yaml_text, file, first_line=2)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise HandbookError(f"{file}:2: front matter is not a mapping; "
                            "expected `key: value` lines between the --- lines")
    key_lines = {m["key"]: yaml_text[: m.start()].count("\n") + 2
                 for m in _TOP_KEY.finditer(yaml_text) if not m.group(0).startswith((" ", "-"))}
    body_line = text[: match.end()].count("\n") + 1
    return PageSource(file, meta, text[match.end():], body_line, key_lines)


def _schema_problem(error: jsonschema.ValidationError) -> str:
    """What is wrong, worded without quoting the contributor's value (it may be hostile)."""
    limit = error.validator_value
    return {
        "type": f"is not of type {limit}",
        "pattern": "holds characters or a form that is not allowed",
        "maxLength": f"is longer than {limit} characters",
        "minLength": f"is shorter than {limit} characters",
        "maxItems": f"has more than {limit} items",
        "minItems": f"has fewer than {limit} items",
        "uniqueItems": "repeats an item",
        "const": f"can only be {json.dumps(limit)}",
        "enum": "is not one of " + (", ".join(map(str, limit)) if isinstance(limit, list) else ""),
        "minimum": f"is below {limit}",
        "maximum": f"is above {limit}",
        "additionalProperties": "has a key that is not allowed",
    }.get(str(error.validator), f"fails the {error.validator} check")


def check_front_matter(page: PageSource, project: Path) -> None:
    """Raise HandbookError (file:line: key: problem) if the front matter breaks its schema."""
    validator = jsonschema.Draft202012Validator(front_matter_schema(project))
    error = next(iter(sorted(validator.iter_errors(page.meta), key=lambda e: list(e.path))), None)
    if error is None:
        return
    key = str(error.path[0]) if error.path else None
    if error.validator == "additionalProperties":
        extra = sorted(set(page.meta) - set(front_matter_schema(project)["properties"]), key=str)
        key = str(extra[0]) if extra else key
        problem = f"unknown key {key!r}"
        expected = "one of: " + ", ".join(sorted(front_matter_schema(project)["properties"]))
    else:
        problem = _schema_problem(error)
        schema = front_matter_schema(project)["properties"].get(key, {}) if key else {}
        expected = schema.get("description", "a value the schema allows")
    line = page.key_lines.get(key or "", 2)
    where = f'front matter "{key}"' if key else "front matter"
    raise HandbookError(f"{page.file}:{line}: {where}: {problem}; expected {expected}")


# ---------------------------------------------------------------- paths

def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, symlinks followed, is `folder` or lies under it."""
    return path.resolve().is_relative_to(folder.resolve())


def project_file(project: Path, value: object, key: str, page: PageSource) -> Path:
    """The project file a front-matter path names, after checking it stays in docs/, data/ or the top folder's *.md."""
    line = page.key_lines.get(key, 2)
    if not isinstance(value, str) or not value or Path(value).is_absolute() or ".." in Path(value).parts:
        raise HandbookError(f"{page.file}:{line}: front matter {key}: {value!r} is not a project path; "
                            "expected a path from the project root such as data/vendors.yml")
    path = project / value
    resolved = path.resolve()
    allowed = (inside(path, project / "docs") or inside(path, project / "data")
               or (resolved.parent == project.resolve() and resolved.suffix == ".md"))
    if not allowed or not resolved.is_file():
        raise HandbookError(
            f"{page.file}:{line}: front matter {key}: {value!r} is not a file in docs/, data/ or a "
            "top-level .md file of the project; expected a path such as data/vendors.yml")
    return path


def symlinks_under(project: Path, folders: tuple[str, ...] = ("docs", "data")) -> list[str]:
    """Every symlink under `folders`, file or folder, wherever it leads (a contribution needs none)."""
    found = []
    for folder in folders:
        for directory, subdirectories, files in os.walk(project / folder):
            found.extend(str((Path(directory) / name).relative_to(project))
                         for name in sorted(subdirectories + files) if (Path(directory) / name).is_symlink())
    return sorted(found)


def check_symlinks(project: Path) -> None:
    """Raise HandbookError naming the first symlink under docs/ or data/."""
    found = symlinks_under(project)
    if found:
        raise HandbookError(f"{found[0]}: is a symlink; expected a real file or folder (a symlink could "
                            "publish a file from elsewhere on the build machine)")


# ---------------------------------------------------------------- other files under docs/

# Besides pages, a contribution may publish pictures a browser only displays. An HTML or SVG
# file is copied to the site as it is, so its scripts would run on the handbook's address.
PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})
# The project's own scripts, styles and vendored libraries: changed only with a maintainer's
# review (.github/CODEOWNERS).
REVIEWED_FOLDERS = ("assets/javascripts/", "assets/stylesheets/", "assets/vendor/")


def check_static_file(src_uri: str) -> None:
    """Raise HandbookError unless a non-page file under docs/ is a picture or in a reviewed folder."""
    if src_uri.startswith(REVIEWED_FOLDERS) or PurePosixPath(src_uri).suffix.lower() in PICTURE_SUFFIXES:
        return
    suffix = PurePosixPath(src_uri).suffix
    what = f"a {suffix} file" if suffix else "a file without a suffix"
    raise HandbookError(
        f"docs/{src_uri}: {what} would be published as it is; expected Markdown pages and PNG, "
        "JPEG, GIF, WebP or AVIF pictures (scripts, styles and SVG go under docs/assets/ with a "
        "maintainer's review)")


# ---------------------------------------------------------------- checklists

def called_with_literal(body: str, markers: Mapping[str, str], macro: str) -> list[tuple[object, int]]:
    """The first literal argument of each call of `macro` in a page's template, with its line in the body.

    Read by parsing the template, never rendering it.
    """
    env = jinja2.Environment(**markers)  # noqa: S701  parse only: never renders
    try:
        tree = env.parse(body)
    except jinja2.TemplateSyntaxError:
        return []
    return [(call.args[0].value, call.lineno) for call in tree.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name == macro
            and call.args and isinstance(call.args[0], nodes.Const)]


def called_checklists(body: str, markers: Mapping[str, str]) -> list[str]:
    """The ids a page's template passes to checklist(...)."""
    return [str(value) for value, _ in called_with_literal(body, markers, "checklist")]


def check_page(page: PageSource, project: Path, markers: Mapping[str, str]) -> None:
    """All checks on one page's source: front matter, paths, checklist id, raw HTML."""
    check_front_matter(page, project)
    if "edit_data" in page.meta:
        project_file(project, page.meta["edit_data"], "edit_data", page)
    checklist_id = page.meta.get("checklist_id")
    if checklist_id is not None:
        project_file(project, f"data/checklists/{checklist_id}.yml", "checklist_id", page)
        if checklist_id not in called_checklists(page.body, markers):
            raise HandbookError(
                f"{page.file}:{page.key_lines.get('checklist_id', 2)}: front matter checklist_id: "
                f"{checklist_id!r} is not the checklist this page shows; expected the id passed "
                "to checklist(...) on the page")
    check_html(page.body, page.file, page.body_line)
    for name, line in called_with_literal(page.body, markers, "top_level_file"):
        try:
            source = top_level_path(project, name)
        except HandbookError as error:
            raise HandbookError(f"{page.file}:{page.body_line + line - 1}: {error}") from None
        shown = read_page(source, str(name))
        check_html(shown.body, shown.file, shown.body_line)
