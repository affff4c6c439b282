"""Following the handbook: What's new and its Atom feed, Report a problem, the offline zip, the 404 page."""
from __future__ import annotations

import os
import html
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest

from conftest import ROOT
from macros import history
from playbook.project import load_project
from scripts.serve import serving

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = load_project(ROOT).site_url


def git(repo: Path, *args: str, when: str = "2026-01-01T12:00:00+00:00") -> str:
    """Run git in `repo` with a fixed author and date, so nothing depends on today."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def small_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with three changes on three days: a page, a checklist's data, then both."""
    repo = tmp_path_factory.mktemp("history") / "repo"
    (repo / "docs" / "checklists").mkdir(parents=True)
    (repo / "data" / "checklists").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "docs" / "pricing.md").write_text("---\n# not the title\n---\n\n# Pricing {#top}\n\nText.\n")
    (repo / "docs" / "checklists" / "onboarding.md").write_text("# Client onboarding checklist\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Add pricing and onboarding", when="2026-01-01T10:00:00+00:00")
    (repo / "data" / "checklists" / "onboarding.yml").write_text("id: onboarding\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Onboarding: ask for the admin accounts", when="2026-01-02T10:00:00+00:00")
    (repo / "docs" / "pricing.md").write_text("# Pricing\n\nMore text.\n")
    (repo / "data" / "vendors.yml").write_text("[]\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Pricing: per-user example", when="2026-01-03T10:00:00+00:00")
    return repo


def test_history_lists_changes_newest_first_with_page_titles(small_repo: Path) -> None:
    """Each change has its day, its subject, and the titles of the pages it touched (data mapped to its page)."""
    found = history.read_history(small_repo)
    assert found.available and not found.shallow
    assert [(c.date, c.subject) for c in found.changes] == [
        ("2026-01-03", "Pricing: per-user example"), ("2026-01-02", "Onboarding: ask for the admin accounts"),
        ("2026-01-01", "Add pricing and onboarding")]
    assert [p.title for p in found.changes[0].pages] == ["Pricing", "data/vendors.yml"]
    assert found.changes[1].pages == (history.Page("checklists/onboarding.md", "Client onboarding checklist"),)


def test_shallow_history_leaves_out_the_commit_that_seems_to_add_everything(small_repo: Path, tmp_path: Path) -> None:
    """A depth-2 clone lists the newest change only, and says that the list stops there."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", small_repo.as_uri(), str(clone)], check=True)
    found = history.read_history(clone)
    assert found.shallow and found.available
    assert [c.subject for c in found.changes] == ["Pricing: per-user example"]
    page = history.whats_new_markdown(found)
    assert "shallow copy of the history" in page and "## 2026\\-01\\-03" in page and "[Pricing](pricing.md), data" in page


def test_no_history_is_said_plainly(tmp_path: Path) -> None:
    """Outside a git repository the page says that no history is available, and the feed is empty."""
    found = history.read_history(tmp_path)
    assert not found.available and found.changes == []
    assert "No change history is available" in history.whats_new_markdown(found)
    feed = ElementTree.fromstring(history.feed_xml(found, SITE_URL, "T", {}))
    assert feed.findall(f"{ATOM}entry") == []


def test_whats_new_page_and_feed_list_the_same_changes(built_site: Path) -> None:
    """The page lists changes by day; the feed is valid Atom, each entry linking a published page."""
    page = (built_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    days = re.findall(r"<h2 id=\"[^\"]*\">(\d{4}-\d{2}-\d{2})", page)
    assert days and days == sorted(days, reverse=True)
    feed = ElementTree.parse(built_site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        assert entry.findtext(f"{ATOM}summary") and entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link").get("href").startswith(SITE_URL)
    # As a reader sees the page: the glossary may mark a term inside a commit subject.
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert entries[0].findtext(f"{ATOM}summary") in shown


def test_home_page_links_whats_new_the_feed_and_the_offline_zip(built_site: Path) -> None:
    """The home page leads to What's new, the feed and the zip; the checklists index to the same zip."""
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for href in ('href="whats-new/"', 'href="feed.xml"', 'href="download/msp-playbook-offline.zip"'):
        assert href in home, href
    checklists = (built_site / "checklists" / "index.html").read_text(encoding="utf-8")
    assert 'href="../download/msp-playbook-offline.zip"' in checklists
    assert 'type="application/atom+xml"' in home


def test_publish_offline_copies_the_zip_where_the_links_point() -> None:
    """`make publish-offline` puts the `make offline` zip at site/download/, the address the pages link."""
    plan = subprocess.run(["make", "-n", "publish-offline"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "site/download/msp-playbook-offline.zip" in plan


def test_report_a_problem_opens_a_prefilled_issue_for_the_page(built_site: Path) -> None:
    """The link is the code host's new-issue form, its title naming the page and its body the address and source."""
    page = (built_site / "tools" / "rmm" / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="([^"]+)" data-role="report-problem">', page)[1].replace("&amp;", "&")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/msp-playbook/handbook/issues/new"
    query = parse_qs(parts.query)
    assert "Remote monitoring and management" in query["title"][0]
    assert f"{SITE_URL}tools/rmm/" in query["body"][0] and "docs/tools/rmm.md" in query["body"][0]


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["/", "/previews/pull-42/"])
def test_404_page_works_from_any_address(built_site: Path, browser: Any, prefix: str) -> None:
    """Served under another path than the built one, at any depth: styled, and its links lead into the site."""
    with serving(built_site, prefix) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.request.method == "GET" else None)
        try:
            address = base + "no/such/page/"
            page.goto(address, wait_until="load")
            page.wait_for_function("getComputedStyle(document.querySelector('.md-header')).position === 'sticky'")
            home = page.locator("article a", has_text="home page")
            assert home.evaluate("a => a.href") == base
            home.click()
            page.wait_for_url(re.compile("^" + re.escape(base) + r"(index\.html|\.)?$"))
            assert failed == [address]
        finally:
            context.close()
