"""What changed, from git history: the "What's new" page, the Atom feed and the book's changes page.

One `git log` over the reader's sources (docs/ without contributor pages, data/, the checklists
under data/checklists/) gives each commit's date, subject (the one line on what changed) and the
pages it touched. Data files map to the page that shows them when there is one (a checklist's
file to its page, the glossary's to the glossary); other data files are named as files.

A shallow clone (CI's default) holds only the newest commits, and its oldest commit looks as if it
added every file: that commit is left out and `History.shallow` says the list stops there.
Without git or history, `History.available` is False and the pages say so.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import jinja2

SOURCES = ("docs", "data")
# Pages for people editing the site, and this page itself (every build would list it).
NOT_LISTED = ("docs/contributing/", "docs/whats-new.md", "docs/tags.md")
_FIELD, _RECORD = "\x1f", "\x1e"
_TITLE = re.compile(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    """A changed page (source path under docs/, title) or a data file without a page (path None)."""

    path: str | None
    title: str


@dataclass(frozen=True)
class Change:
    """One commit that touched what readers read."""

    commit: str
    when: dt.datetime
    subject: str
    pages: tuple[Page, ...]

    @property
    def date(self) -> str:
        """The day of the change, ISO (2026-12-07)."""
        return self.when.date().isoformat()


@dataclass
class History:
    """The changes found, newest first, and what the history could tell."""

    changes: list[Change] = field(default_factory=list)
    available: bool = True
    shallow: bool = False


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in `root`, or None when git or the repository is missing."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def page_title(root: Path, source: str) -> str:
    """A page's title as the site shows it: its first "# " heading, without an attribute list."""
    path = root / "docs" / source
    if path.is_file():
        text = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"), count=1)
        found = _TITLE.search(text)
        if found:
            return found[1]
    return PurePosixPath(source).with_suffix("").as_posix()


def _page_of(root: Path, file: str) -> Page | None:
    """The page a changed file stands for, or None if readers do not read it."""
    if file.startswith(NOT_LISTED) or file.startswith("data/schema/"):
        return None
    if file.startswith("docs/"):
        if not file.endswith(".md"):
            return None
        source = file.removeprefix("docs/")
        exists = (root / file).is_file()
        return Page(source if exists else None, page_title(root, source) if exists else source)
    name = PurePosixPath(file)
    shown_on = {"data/glossary.yml": "glossary.md"}.get(file)
    if file.startswith("data/checklists/") and name.suffix == ".yml":
        shown_on = f"checklists/{name.stem}.md"
    if shown_on and (root / "docs" / shown_on).is_file():
        return Page(shown_on, page_title(root, shown_on))
    return Page(None, file)


def read_history(root: Path, since: str | None = None, limit: int | None = None) -> History:
    """Changes to docs/ and data/, newest first; `since` a tag, commit or date (exclusive)."""
    if _git(root, "rev-parse", "--git-dir") is None:
        return History(available=False)
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    boundary = set()
    if shallow:
        shallow_file = (_git(root, "rev-parse", "--git-path", "shallow") or "").strip()
        path = Path(shallow_file) if Path(shallow_file).is_absolute() else root / shallow_file
        boundary = set(path.read_text().split()) if path.is_file() else set()
    args = ["log", "--no-merges", f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%s", "--name-only"]
    if since and re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
        args.append(f"--since={since}T23:59:59")
    elif since:
        args.append(f"{since}..HEAD")
    output = _git(root, *args, "--", *SOURCES)
    if output is None:
        return History(available=False)
    changes = []
    for record in output.split(_RECORD)[1:]:
        head, _, files = record.partition("\n")
        commit, when, subject = head.split(_FIELD, 2)
        if commit in boundary:
            continue
        pages = []
        for file in files.split():
            page = _page_of(root, file)
            if page and page not in pages:
                pages.append(page)
        if pages:
            pages.sort(key=lambda page: page.path is None)  # pages first, then data files without one
            changes.append(Change(commit, dt.datetime.fromisoformat(when), subject.strip(), tuple(pages)))
        if limit and len(changes) >= limit:
            break
    return History(changes, available=bool(changes) or not shallow, shallow=shallow)


def previous_edition(root: Path) -> str | None:
    """The newest tag named edition-* before HEAD, or None."""
    out = _git(root, "describe", "--tags", "--abbrev=0", "--match", "edition-*", "HEAD^")
    return out.strip() if out else None


def edition_date(root: Path) -> dt.date | None:
    """The day of the newest commit: the edition a build of this tree is."""
    out = (_git(root, "log", "-1", "--format=%cs") or "").strip()
    return dt.date.fromisoformat(out) if out else None


def feed_xml(history: History, site_url: str, title: str, page_address: dict[str, str]) -> str:
    """The Atom feed of `history`: one entry per change, linking the first page it changed."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    updated = history.changes[0].when if history.changes else dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    return environment.get_template("feed.xml.j2").render(
        history=history, site_url=site_url, title=title, updated=updated.isoformat(),
        address=lambda page: site_url + page_address.get(page.path, "whats-new/") if page.path else None)


# The project folder the build reads git history from; define_env sets it from mkdocs-macros.
project_root: Path = Path.cwd()


def whats_new(handbook: object, limit: int = 40) -> str:
    """The newest changes to pages, data and checklists: date, pages changed, and what changed."""
    return whats_new_markdown(read_history(project_root, limit=limit))


def whats_new_markdown(history: History) -> str:
    """The What's new list as Markdown: a heading per day, a line per change."""
    from .rendering import render_template

    days: dict[str, list[Change]] = {}
    for change in history.changes:
        days.setdefault(change.date, []).append(change)
    return render_template("whats_new.md.j2", history=history, days=days)
