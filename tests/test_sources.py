"""`make sources` sorts footnotes into primary and secondary sources and names the secondary ones."""
from __future__ import annotations

from pathlib import Path

from playbook.sources import footnotes, host_of, is_primary, report


def test_hosts_are_sorted_by_who_publishes_them() -> None:
    """A regulator's or a listed vendor's own page is primary; trade press is not."""
    vendors = frozenset({"hudu.com"})
    assert is_primary("https://www.cisa.gov/news", vendors)
    assert is_primary("https://learn.microsoft.com./en-us/partner-center/x", vendors)
    assert is_primary("https://docs.hudu.com/x", vendors)
    assert is_primary("https://github.com/MicrosoftDocs/entra-docs/blob/main/x.md", vendors)
    assert is_primary("https://support.huntress.io/hc/en-us/articles/1", vendors)
    assert not is_primary("https://someone.freshdesk.com/support/solutions/1", vendors)
    assert not is_primary("https://github.com/someone/notes", vendors)
    assert not is_primary("https://www.channele2e.com/news/x", vendors)
    assert not is_primary("https://notcisa.gov.example/x", vendors)
    assert host_of("https://www.cisa.gov/news") == "cisa.gov"


def test_the_report_counts_every_footnote_and_lists_the_secondary_ones(tmp_path: Path) -> None:
    """Counts add up, and each secondary footnote is named with its file and line."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "vendors.yml").write_text("- website: https://www.hudu.com/\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (docs / "page.md").write_text(
        "# Page\n\nText.[^a][^b]\n\n[^a]: CISA page, <https://www.cisa.gov/x>, read 2026-12-07.\n"
        "[^b]: A blog, <https://blog.example/x>, read 2026-12-07.\n", encoding="utf-8")
    assert [note.name for note in footnotes(docs)] == ["a", "b"]
    text = report(tmp_path)
    assert text.startswith("2 footnotes with an address: 1 primary (50 %), 1 secondary.")
    assert "docs/page.md:6: [^b] blog.example" in text
