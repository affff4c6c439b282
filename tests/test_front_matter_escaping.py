"""Any front-matter title or description comes out as text wherever the theme prints it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from justhtml import JustHTML
from mkdocs.commands.build import get_context
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from conftest import ROOT
from macros.hooks import escape_front_matter, title_as_text

# Text with every character that means something in HTML, quotes included.
PLAIN_TEXT = st.lists(st.sampled_from(list("<>&\"'/=ab c;#!-") + ["script", "&lt;", "</title>"]),
                      min_size=1, max_size=20).map("".join)


class ThemePage:
    """One page rendered through the project's theme (Material with overrides/main.html)."""

    def __init__(self, docs: Path) -> None:
        self.config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), nav=["index.md", "probe.md"])
        self.env = self.config.theme.get_env()
        self.files = Files([File(name, str(docs), "/tmp/unused-site", True)
                            for name in ("index.md", "probe.md")])
        self.nav = get_navigation(self.files, self.config)

    def render(self, meta: dict[str, Any], heading: str = "Probe") -> str:
        """The page's HTML for front matter `meta` and heading HTML, escaped as the build escapes them."""
        page = Page(None, self.files.get_file_from_path("probe.md"), self.config)
        page.meta = dict(meta)
        page.markdown = "# Heading\n"
        page.content = "<p>Body.</p>"
        page.toc = get_toc([])
        page._title_from_render = heading
        escape_front_matter(page)
        title_as_text(page)
        return self.env.get_template("main.html").render(get_context(self.nav, self.files, self.config, page))


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> ThemePage:
    """The theme, loaded once."""
    docs = tmp_path_factory.mktemp("docs")
    for name in ("index.md", "probe.md"):
        (docs / name).write_text("# Page\n", encoding="utf-8")
    return ThemePage(docs)


def elements(html: str) -> list[str]:
    """The page's element names in document order (its structure)."""
    names: list[str] = []
    stack = [JustHTML(html, sanitize=False).root]
    while stack:
        node = stack.pop()
        children = list(getattr(node, "children", None) or [])
        names.extend(child.name for child in children if not child.name.startswith("#"))
        stack.extend(reversed(children))
    return names


def words(text: str) -> str:
    """Text with runs of whitespace as one space (how a parser's text reads it)."""
    return " ".join(text.split())


def attribute(html: str, selector: str, name: str) -> str:
    """The value of attribute `name` on the first element matching `selector`."""
    return JustHTML(html, sanitize=False).query(selector)[0].attrs[name]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=PLAIN_TEXT, description=PLAIN_TEXT)
def test_title_and_description_stay_text(theme: ThemePage, title: str, description: str) -> None:
    """Same elements as a harmless page; <title>, description and Open Graph hold the exact text."""
    html = theme.render({"title": title, "description": description})
    assert elements(html) == elements(theme.render({"title": "x", "description": "y"}))
    document = JustHTML(html, sanitize=False)
    assert words(document.query("title")[0].to_text()) == words(f"{title} - {theme.config['site_name']}")
    assert attribute(html, 'meta[name="description"]', "content") == description
    assert attribute(html, 'meta[property="og:title"]', "content") == title
    assert attribute(html, 'meta[property="og:description"]', "content") == description


def test_heading_title_stays_text(theme: ThemePage) -> None:
    """A title from the page's heading, whose HTML holds escaped markup, is not unescaped into <head>."""
    html = theme.render({}, heading="Hi &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
    assert elements(html) == elements(theme.render({}))
    assert JustHTML(html, sanitize=False).query("title")[0].to_text().startswith(
        "Hi </title><script>alert(1)</script> - ")
