"""The real handbook builds strictly and nothing is lost between data and page."""
from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import ROOT
from macros.loading import load_handbook
from playbook.project import load_project, navigation


def site_text(site: Path) -> str:
    """All visible text of the built HTML pages, tags stripped and entities decoded."""
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    return html.unescape(re.sub(r"<[^>]+>", " ", "\n".join(pages)))


def test_every_category_and_vendor_reaches_the_site(built_site: Path) -> None:
    """Each category's name and job, and each vendor's name, appear in the built HTML."""
    handbook = load_handbook(ROOT / "data")
    text = site_text(built_site)
    for category in handbook.categories:
        assert category.name in text, category.id
        assert category.job in text, category.id
    for vendor in handbook.vendors:
        assert vendor.name in text, vendor.id


def test_home_page_has_the_category_table(built_site: Path) -> None:
    """The home page carries the generated table of tool categories."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "<table>" in home or "<table " in home
    assert "Professional services automation" in home


def test_every_page_is_in_the_navigation() -> None:
    """No orphan pages: every Markdown file under docs/ is reachable from the nav."""
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    listed = navigation(ROOT)
    # Pages deliberately out of the menu (What's new, linked from the home page) say so in mkdocs.yml.
    unlisted = {line.strip().lstrip("/") for line in str(load_project(ROOT).config.get("not_in_nav") or "").splitlines()
                if line.strip()}
    assert len(listed) == len(set(listed))
    assert pages - set(listed) - unlisted == set()
    assert set(listed) - pages == set()


def test_the_handbook_has_twelve_thousand_words_of_prose() -> None:
    """The chapters (front matter, macro calls and markup aside) hold 12,000+ words."""
    words = 0
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]+>|\(/[^)]*\)", " ", text, flags=re.DOTALL)
        words += len(re.findall(r"[A-Za-z][A-Za-z'-]*", text))
    assert words >= 12_000, words
