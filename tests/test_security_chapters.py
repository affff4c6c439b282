"""Security part: the framework table shows every control area in all four frameworks; sources are dated."""
from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

from macros.loading import load_handbook
from macros.records import FrameworkArea
from macros.security import render_framework_mapping

ROOT = Path(__file__).resolve().parent.parent
HANDBOOK = load_handbook(ROOT / "data")
PAGES = sorted((ROOT / "docs" / "security").glob("*.md"))
FRAMEWORK_COLUMNS = ["CIS Controls v8.1 IG1", "NIST CSF 2.0", "Essential Eight", "Cyber Essentials"]
FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:(.*)$")


class TableCells(HTMLParser):
    """Text of each header and of each body row's cells, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.rows[-1] if self._in_body else self.headers).append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def cells(rendered: str) -> TableCells:
    """Parse a rendered framework table."""
    parser = TableCells()
    parser.feed(rendered)
    return parser


def test_table_has_a_row_per_area_with_all_four_frameworks() -> None:
    table = cells(render_framework_mapping(HANDBOOK.frameworks))
    assert table.headers[1:] == FRAMEWORK_COLUMNS
    assert len(table.rows) == len(HANDBOOK.frameworks) >= 8
    for row, area in zip(table.rows, HANDBOOK.frameworks, strict=True):
        assert row[0] == f"{area.area} {area.action}"
        assert row[1:] == [area.cis_ig1, area.nist_csf, area.essential_eight, area.cyber_essentials]
        assert all(cell.strip() for cell in row[1:]), f"{area.id}: a framework cell is empty"


def test_data_text_cannot_inject_markup() -> None:
    area = FrameworkArea("x", "<script>alert(1)</script>", "Do <b>this</b> & that.", "1.1",
                         "PR.AA-01", "None", "None")
    rendered = render_framework_mapping([area])
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert "&lt;b&gt;this&lt;/b&gt; &amp; that." in rendered


def test_baseline_page_calls_the_macro_on_its_own_line() -> None:
    source = (ROOT / "docs" / "security" / "baseline.md").read_text(encoding="utf-8")
    assert "\n{{ framework_mapping() }}\n" in source
    assert "render_macros: true" in source


def test_baseline_page_shows_every_area(built_site: Path) -> None:
    page = (built_site / "security" / "baseline" / "index.html").read_text(encoding="utf-8")
    table = cells(page[page.index('<div class="framework-mapping">'):])
    assert [row[1:] for row in table.rows[:len(HANDBOOK.frameworks)]] == [
        [a.cis_ig1, a.nist_csf, a.essential_eight, a.cyber_essentials] for a in HANDBOOK.frameworks]


def test_every_footnote_has_an_https_address_and_a_past_read_date() -> None:
    assert len(PAGES) >= 4
    today = dt.date.today()
    found = 0
    for page in PAGES:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            match = FOOTNOTE.match(line)
            if not match:
                continue
            found += 1
            where = f"{page.name}:{number} [^{match[1]}]"
            assert re.search(r"<https://[^\s>]+>", match[2]), f"{where}: no <https://...> address"
            read = re.search(r"read (\d{4}-\d{2}-\d{2})\.?\s*$", match[2])
            assert read, f"{where}: does not end with 'read YYYY-MM-DD.'"
            assert dt.date.fromisoformat(read[1]) <= today, f"{where}: read date is in the future"
    assert found >= 30


def test_every_chapter_ends_with_a_related_list_of_relative_links() -> None:
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        related = text[text.rindex("## Related"):]
        links = re.findall(r"\]\(([^)]+)\)", related.split("\n[^")[0])
        assert links, f"{page.name}: Related has no links"
        assert all(not link.startswith(("/", "http")) for link in links), page.name
