"""The same sources build with Zensical (`make zensical`); links written by macros resolve in both."""
from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin

import pytest

from conftest import ROOT
from playbook.build import zensical_build, zensical_post_build
from scripts.serve import serving
from macros.loading import load_handbook
from macros.rendering import current_page, page_link, page_source, relative_link


@pytest.mark.parametrize(("target", "page", "link"), [
    ("tools/rmm.md", "index.md", "tools/rmm.md"),
    ("tools/rmm.md", "tools/index.md", "rmm.md"),
    ("tools/rmm.md", "tools/directory.md", "rmm.md"),
    ("tools/rmm.md#pricing", "checklists/client-onboarding.md", "../tools/rmm.md#pricing"),
    ("/checklists/sample.md", "business/deep/page.md", "../../checklists/sample.md"),
])
def test_links_from_macros_are_relative_to_the_page(target: str, page: str, link: str) -> None:
    assert relative_link(target, page) == link


def test_the_pre_build_checks_run_once_however_often_zensical_loads_the_macros(monkeypatch: pytest.MonkeyPatch) -> None:
    """Zensical executes macros/__init__.py afresh for every page; the contribution checks still run once.

    With the cache kept in that module, a cold Zensical build ran them for each of 106 pages (12.2 s against 3.7 s).
    """
    import importlib.util

    import playbook.prebuild as prebuild

    checked: list[Path] = []
    monkeypatch.setattr(prebuild, "problems", lambda root: checked.append(root) or [])
    prebuild.problems_once.cache_clear()
    try:
        for _ in range(3):  # as zensical/extensions/macros.py's _load_module does, page after page
            spec = importlib.util.spec_from_file_location("macros", ROOT / "macros" / "__init__.py")
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            assert module.contribution_problems(ROOT) == ()
    finally:
        prebuild.problems_once.cache_clear()
    assert checked == [ROOT]


def test_page_link_follows_the_page_being_rendered() -> None:
    env = SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_uri="checklists/index.md")))
    token = current_page.set(page_source(env))
    try:
        assert page_link("checklists/client-onboarding.md") == "client-onboarding.md"
    finally:
        current_page.reset(token)
    assert page_source(SimpleNamespace()) == "index.md"


# Pages the two engines still publish differently, each for a reason README.md gives
# (Building with Zensical): each engine's own tags index; What's new (and the macro reference's
# example of it) reads git history, which the test's copy of the project (without .git) lacks.
KNOWN_DIFFERENCES = {"tags/", "whats-new/", "contributing/macros/"}
_HEADING_IDS = re.compile(r'<h[1-6][^>]*\bid="([^"]+)"')
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.DOTALL)


def internal_links(site: Path, html_file: Path) -> set[str]:
    """Every link inside a page's content to the site itself, as the address it leads to."""
    content = _ARTICLE.search(html_file.read_text(encoding="utf-8"))
    base = "http://site/" + html_file.parent.relative_to(site).as_posix() + "/"
    hrefs = re.findall(r'href="([^"]+)"', content[1]) if content else []
    return {urljoin(base, html.unescape(href)).replace("/./", "/").removesuffix("index.html")
            for href in hrefs if not href.startswith(("http:", "https:", "mailto:"))}


def _pages(site: Path) -> set[str]:
    """Every built page of a site, as paths of its HTML files (the 404 page aside)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


@pytest.mark.slow
def test_zensical_publishes_the_same_site(built_site: Path, zensical_site: Path) -> None:
    """Zensical + the post-build step: every page, the same internal links and table rows, the CSP, the Word files."""
    site = zensical_site
    assert _pages(built_site) - _pages(site) == set()
    for html_file in site.rglob("*.html"):
        assert 'http-equiv="Content-Security-Policy"' in html_file.read_text(encoding="utf-8"), html_file
    assert sorted(p.name for p in site.glob("checklists/*.docx")) == \
        sorted(p.name for p in built_site.glob("checklists/*.docx"))

    handbook = load_handbook(ROOT / "data")
    for html_file in sorted(built_site.rglob("index.html")):
        page = html_file.relative_to(built_site).as_posix()
        if page.removesuffix("index.html") in KNOWN_DIFFERENCES:
            continue
        other = site / page
        assert internal_links(built_site, html_file) == internal_links(site, other), page
        rows = [len(re.findall(r"<tr[ >]", path.read_text(encoding="utf-8"))) for path in (html_file, other)]
        assert rows[0] == rows[1], (page, rows)
        # Glossary hovers: the abbr extension gets the glossary from define_env in either engine.
        marks = [path.read_text(encoding="utf-8").count("<abbr") for path in (html_file, other)]
        assert marks[0] == marks[1], (page, marks)
    directory = (site / "tools" / "directory" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<tr[ >]", directory)) > len(handbook.vendors)
    for checklist in handbook.checklists:
        sheet = (site / "checklists" / checklist.id / "index.html").read_text(encoding="utf-8")
        items = re.findall(r'class="msp-checklist__item"[^>]*? data-item="([^"]+)"', sheet)
        assert items == [item.id for item in checklist.items], checklist.id
    assert "{{" not in (site / "tools" / "index.html").read_text(encoding="utf-8")
    # The macro reference's outline: its examples' headings left out by either engine.
    reference = "contributing/macros/index.html"
    assert _HEADING_IDS.findall((site / reference).read_text(encoding="utf-8")) == \
        _HEADING_IDS.findall((built_site / reference).read_text(encoding="utf-8"))
    # Edit buttons of pages made from other files open those files (Zensical 0.0.73 writes no
    # edit buttons without repo_url; if it does, the post-build step points them the same way).
    for page, edited in (("contributing", "CONTRIBUTING.md"), ("glossary", "data/glossary.yml")):
        for built in (built_site, site):
            text = (built / page / "index.html").read_text(encoding="utf-8")
            assert f"/edit/main/docs/{page}" not in text, (built, page)
        assert f"/edit/main/{edited}\"" in (built_site / page / "index.html").read_text(encoding="utf-8"), page


def zensical_alone(minimal: Path, tmp_path: Path, evil_page: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the minimal project with docs/evil.md, built by Zensical by hand (no make, no pre-build step)."""
    project = tmp_path / "project"
    shutil.copytree(minimal, project)
    (project / "docs" / "evil.md").write_text(evil_page, encoding="utf-8")
    return project, zensical_build(project)


@pytest.mark.slow
@pytest.mark.parametrize(("body", "message"), [
    # Beyond the grammar: refused by the pre-build checks the macros run before any page renders.
    ("{{ cycler.__init__.__globals__.os.popen('echo HOSTILE_$((6*7))').read() }}",
     'docs/evil.md:6: "cycler" is not a macro of the handbook'),
    # Within the grammar but wrong: refused as the page renders, after other pages were written.
    ("{{ checklist('HOSTILE_42') }}", "docs/evil.md: checklist('HOSTILE_42'): no checklist has this id"),
], ids=["grammar", "argument"])
def test_zensical_alone_refuses_a_page_in_one_line(minimal: Path, tmp_path: Path, body: str, message: str) -> None:
    """Without make or the pre-build step, Zensical stops on a refused page with one line and publishes nothing."""
    project, result = zensical_alone(minimal, tmp_path, f"---\nrender_macros: true\n---\n# Evil\n\n{body}\n")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert message in output
    assert "Traceback" not in output and "HOSTILE_42\n" not in output
    assert not (project / "zensical-site").exists(), sorted((project / "zensical-site").rglob("*"))[:5]


@pytest.mark.slow
def test_a_heading_zensical_prints_as_markup_is_refused_after_the_build(minimal: Path, tmp_path: Path) -> None:
    """Zensical 0.0.73 prints a heading's text unescaped in <title>: the post-build step refuses what that makes."""
    project, built = zensical_alone(minimal, tmp_path, '# Refresh &lt;/title&gt;&lt;meta http-equiv="refresh" '
                                    'content="0;url=https://example.invalid/HOSTILE_42"&gt;\n\nText.\n')
    assert built.returncode == 0, built.stdout + built.stderr
    after = zensical_post_build(project)
    output = after.stdout + after.stderr
    assert after.returncode != 0, output
    assert "evil/: <meta>: markup outside the content that the theme never writes" in output
    assert "evil/: a </title> the parser did not pair" in output
    assert "Traceback" not in output
    assert not list((project / "zensical-site").glob("checklists/*.docx"))  # nothing of the step written


@pytest.mark.browser
@pytest.mark.slow
def test_zensicals_search_loads_its_index_only_when_opened(zensical_site: Path, browser: Any) -> None:
    """A first visit to the Zensical build asks for no search index; opening search (as "/" does) loads it and answers."""
    from playwright.sync_api import expect

    with serving(zensical_site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(f"{url}tools/psa/", wait_until="networkidle")
        assert not [address for address in asked if address.endswith(".json")], asked
        page.locator(".md-search__button").click()
        dialog = page.locator("dialog[open]")  # Zensical draws its search in a shadow root
        dialog.locator('input[aria-label="Search"]').fill("hudu")
        expect(dialog).to_contain_text("Tool directory")
        assert [address for address in asked if address.endswith("/search.json")]
        context.close()
