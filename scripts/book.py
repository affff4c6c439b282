"""The handbook as one printable document: reader pages in navigation order, with a cover and contents.

Pure functions over the built site: `book_html` assembles the print page that scripts/pdf.py
prints with Chromium, and `finish_pdf` adds bookmarks and metadata to what Chromium wrote.
Links between chapters become anchors inside the document; every other link to the site
points at its published address (site_url), never at the loopback server used to print.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from justhtml import Element, JustHTML, Text
from markupsafe import Markup
from mkdocs.utils.yaml import yaml_load

from macros.checklists import css_string
from macros.history import History

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Contributor documentation and the tags index are for people editing the site, not readers;
# the book has its own page of changes since the previous edition instead of What's new.
LEFT_OUT = ("contributing/", "tags.md", "whats-new.md")
# The glossary chapter's anchor: the index links each term to its definition there.
GLOSSARY_KEY = "ch-glossary"
# Parts of a built page that only make sense on screen or link to contributor pages.
SCREEN_ONLY = (".md-content__button", ".headerlink", ".msp-report", ".md-source-file", ".md-tags", "script", "style")
# Attributes that name another element by id, rewritten with the ids themselves.
ID_REFERENCES = ("for", "aria-labelledby", "aria-describedby", "aria-controls")


@dataclass
class Chapter:
    """One reader page of the site as a chapter of the book."""

    path: str  # the Markdown source under docs/, e.g. "business/pricing.md"
    part: str | None  # title of the navigation section it belongs to, None for top-level pages
    opens_part: bool = False
    title: str = ""
    html: Markup = Markup("")
    # Its sections (h2) as (anchor in the book, title), for bookmarks.
    sections: list[tuple[str, str]] = field(default_factory=list)
    # Glossary terms marked in it (<abbr>) as (term id, anchor in the book), for the index.
    marks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The page's address relative to the site root, as MkDocs writes it ("business/pricing/")."""
        source = PurePosixPath(self.path)
        if source.name == "index.md":
            return "" if str(source.parent) == "." else f"{source.parent}/"
        return f"{source.with_suffix('')}/"

    @property
    def key(self) -> str:
        """The chapter's anchor in the book, unique and stable ("business-pricing")."""
        return "ch-" + (re.sub(r"[^a-z0-9]+", "-", self.url.lower()).strip("-") or "home")

    @property
    def page_name(self) -> str:
        """CSS name of the chapter's pages, which carry its title as running header."""
        return self.key.replace("-", "_")


@dataclass
class Part:
    """A navigation section (or a single top-level page, title None) and its chapters, in order."""

    title: str | None
    chapters: list[Chapter] = field(default_factory=list)


def reader_parts(nav: list[Any]) -> list[Part]:
    """The navigation as parts and chapters, in reading order, without contributor pages."""
    parts: list[Part] = []
    for entry in nav:
        title, value = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(value, list):
            part = Part(title)
            for item in value:
                path = next(iter(item.values())) if isinstance(item, dict) else item
                if isinstance(path, str) and not path.startswith(LEFT_OUT):
                    part.chapters.append(Chapter(path, title))
            if part.chapters:
                part.chapters[0].opens_part = True
                parts.append(part)
        elif isinstance(value, str) and not value.startswith(LEFT_OUT):
            parts.append(Part(None, [Chapter(value, None)]))
    return parts


def load_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as a dict (its !ENV tags resolved as MkDocs resolves them)."""
    with config_file.open(encoding="utf-8") as handle:
        return yaml_load(handle)


def _element_text(element: Any) -> str:
    """Visible text of an element, whitespace collapsed."""
    return re.sub(r"\s+", " ", element.to_text(separator="")).strip()


def _rewrite_href(href: str, page_file: str, site_url: str, keys: dict[str, str], own_key: str) -> str:
    """A link of a built page as it must read inside the book."""
    if href.startswith("#"):
        return f"#{own_key}--{href[1:]}" if href[1:] else f"#{own_key}"
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href  # already absolute: another site, mailto:, or the published address
    target = urlsplit(urljoin("/" + page_file, href))
    path = target.path.lstrip("/")
    # The offline build writes tools/rmm.html where the site has tools/rmm/.
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    if path in keys:
        key = keys[path]
        return f"#{key}--{target.fragment}" if target.fragment else f"#{key}"
    published = urljoin(site_url, path)
    return f"{published}#{target.fragment}" if target.fragment else published


def chapter_html(page_html: str, page_file: str, chapter: Chapter, site_url: str,
                 keys: dict[str, str], terms: dict[str, str] | None = None) -> tuple[str, Markup]:
    """The title and article of one built page (at `page_file` in the site), ids made unique, links rewritten.

    Each glossary mark whose hover text is one of `terms` (hover text -> term id) gets an anchor
    for the index, kept in chapter.marks; each section (h2) links to itself, so that Chromium
    writes a named destination for it (it writes them only for link targets), kept in
    chapter.sections for the bookmarks.
    """
    document = JustHTML(page_html, sanitize=False)
    article = document.query_one("article.md-content__inner")
    if article is None:
        raise ValueError(f"{chapter.url or 'index'}: the built page holds no article")
    for selector in SCREEN_ONLY:
        for element in article.query(selector):
            element.parent.remove_child(element)
    heading = article.query_one("h1")
    title = _element_text(heading) if heading is not None else chapter.path
    chapter.marks = []
    for number, element in enumerate(article.query("abbr[title]")):
        term = (terms or {}).get(element.attrs["title"] or "")
        if term is not None:
            element.attrs["id"] = f"ix-{number}"
            chapter.marks.append((term, f"{chapter.key}--ix-{number}"))
    for element in article.query("[id]"):
        element.attrs["id"] = f"{chapter.key}--{element.attrs['id']}"
    for name in ID_REFERENCES:
        for element in article.query(f"[{name}]"):
            element.attrs[name] = " ".join(f"{chapter.key}--{ref}" for ref in
                                           (element.attrs[name] or "").split())
    for element in article.query("a[href]"):
        element.attrs["href"] = _rewrite_href(element.attrs["href"] or "", page_file, site_url,
                                              keys, chapter.key)
    chapter.sections = []
    for element in article.query("h2[id]"):
        anchor = element.attrs["id"] or ""
        chapter.sections.append((anchor, _element_text(element)))
        link = Element("a", {"class": "msp-book__self", "href": f"#{anchor}"}, "html")
        for child in list(element.children or []):
            element.remove_child(child)
            link.append_child(child)
        element.append_child(link)
    for element in article.query("img[src]"):
        source = element.attrs["src"] or ""
        if not urlsplit(source).scheme:
            element.attrs["src"] = urljoin("/" + page_file, source).lstrip("/")
    # Mermaid reads a diagram's text from the element it draws into; Material does the same swap.
    for element in article.query("pre.mermaid"):
        drawing = Element("div", {"class": "mermaid"}, "html")
        drawing.append_child(Text(element.to_text()))
        element.parent.replace_child(drawing, element)
    article.name, article.attrs = "div", {"class": "msp-book__body"}
    return title, Markup(article.to_html(pretty=False))


def built_page(site: Path, chapter: Chapter) -> str:
    """Where MkDocs wrote a chapter in `site`: <url>/index.html, or <name>.html in the offline build."""
    folder_page = f"{chapter.url}index.html"
    if (site / folder_page).is_file():
        return folder_page
    return str(PurePosixPath(chapter.path).with_suffix(".html"))


def site_stylesheets(home_html: str) -> list[str]:
    """The stylesheets the built home page links (Material's, the palette, extra_css), in order."""
    document = JustHTML(home_html, sanitize=False)
    return [link.attrs["href"] for link in document.query('link[rel="stylesheet"][href]')
            if "print.css" not in (link.attrs["href"] or "")]


@dataclass(frozen=True)
class BookFacts:
    """What the cover and the PDF's metadata say about this printing."""

    title: str
    description: str
    author: str
    site_url: str
    version: str
    date: dt.date
    # The edition: the day of the newest change printed, and what changed since the previous one.
    edition: dt.date | None = None
    since: str | None = None
    history: History = field(default_factory=lambda: History(available=False))


def book_facts(config: dict[str, Any], commit: str, date: dt.date, edition: dt.date | None = None,
               since: str | None = None, history: History | None = None) -> BookFacts:
    """The cover's facts from mkdocs.yml, the commit printed, the day, the edition and its changes."""
    return BookFacts(title=config["site_name"], description=config.get("site_description", ""),
                     author=config.get("copyright", "").split(".")[0] or config["site_name"],
                     site_url=config["site_url"], version=f"{date.isoformat()} (build {commit})",
                     date=date, edition=edition, since=since,
                     history=history or History(available=False))


@dataclass
class IndexEntry:
    """A glossary term in the back-of-book index: where it is defined and the pages it is used on."""

    term: str
    definition: str  # anchor of its entry in the glossary chapter
    uses: list[tuple[str, str]]  # (anchor, page number as text; "" before the numbers are known)


def index_entries(chapters: list[Chapter], glossary: list[tuple[str, str]],
                  pages: dict[str, int]) -> list[IndexEntry]:
    """Terms marked in the chapters (glossary: (id, term) in order), each page listed once."""
    uses: dict[str, list[str]] = {}
    for chapter in chapters:
        for term_id, anchor in chapter.marks:
            uses.setdefault(term_id, []).append(anchor)
    entries = []
    for term_id, term in glossary:
        if term_id not in uses:
            continue
        listed, seen = [], set()
        for anchor in uses[term_id]:
            page = pages.get(anchor)
            if (page is None and pages) or (page is not None and page in seen):
                continue  # not printed (a part print hides), or a page already listed
            seen.add(page)
            listed.append((anchor, str(page) if page is not None else ""))
        entries.append(IndexEntry(term, f"{GLOSSARY_KEY}--{term_id}", listed))
    return entries


def read_chapters(site: Path, parts: list[Part], site_url: str,
                  glossary: list[tuple[str, str, str]] | None = None) -> None:
    """Fill each chapter's title, article, sections and glossary marks from its built page.

    What it fills depends only on the built site, so a book printed in several passes reads
    every page once (the parse is as slow as a print).
    """
    chapters = [chapter for part in parts for chapter in part.chapters]
    keys = {chapter.url: chapter.key for chapter in chapters}
    terms = {hover: term_id for term_id, _, hover in glossary or []}
    for chapter in chapters:
        page_file = built_page(site, chapter)
        chapter.title, chapter.html = chapter_html((site / page_file).read_text(encoding="utf-8"),
                                                   page_file, chapter, site_url, keys, terms)


def book_html(site: Path, parts: list[Part], facts: BookFacts, config: dict[str, Any],
              pages: dict[str, int] | None = None,
              glossary: list[tuple[str, str, str]] | None = None, fits: dict[str, int] | None = None) -> str:
    """The whole book as one HTML document to be served from the site's root and printed.

    `glossary` lists the terms as (id, term, hover text), in index order; `fits` how many steps
    tighter a chapter is set (by its key), so its last page is not left with a few lines.
    Chapters not yet read (`read_chapters`) are read from the site first.
    """
    chapters = [chapter for part in parts for chapter in part.chapters]
    if not all(chapter.html for chapter in chapters):
        read_chapters(site, parts, facts.site_url, glossary)
    index = index_entries(chapters, [(term_id, term) for term_id, term, _ in glossary or []], pages or {})
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    return environment.get_template("book.html.j2").render(
        title=facts.title, description=facts.description, author=facts.author,
        site_url=facts.site_url, version=facts.version, date=facts.date.isoformat(),
        copyright=config.get("copyright", ""), parts=parts, chapters=chapters, index=index, fits=fits or {},
        edition=facts.edition.isoformat() if facts.edition else "", since=facts.since,
        history=facts.history,
        pages=pages or {}, css_string=css_string,
        stylesheets=site_stylesheets((site / "index.html").read_text(encoding="utf-8")),
        mermaid=config["extra"]["vendor"]["mermaid"])
