"""Operations part and the chapters of issue 18: the stacks table and the footnote sources."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from macros.loading import load_handbook
from macros.operations import SIZES, render_stack_by_size, stack_by_size
from macros.records import Category, StackRow
from test_content_part_b import page_text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HANDBOOK = load_handbook(ROOT / "data")

# Pages written or edited for issue 18 by the operations helper.
SOURCED_PAGES = [
    "business/index.md", "business/target-market.md", "business/msp-vs-in-house.md",
    "challenges/history.md", "channel/index.md", "channel/example-programs.md",
    "channel/co-selling.md", "vendors/managing.md", "vendors/selecting-partners.md",
    "vendors/co-selling-and-mdf.md", "tools/choosing.md", "tools/backup-dr.md",
    "channel/vendor-programs.md", "channel/mdf-strategies.md", "channel/requesting-mdf.md",
    "channel/running-a-program.md", "channel/distributors-and-marketplaces.md",
    "channel/rmm-psa-programs.md", "channel/security-backup-programs.md",
    *(f"operations/{name}.md" for name in ("index", "service-desk", "stacks-by-size")),
    *(f"tools/{name}.md" for name in (
        "index", "email-security", "m365-management", "automation", "vulnerability-management",
        "application-control", "dns-filtering", "mdm", "identity-and-passwords",
        "quoting-and-procurement", "distributors-and-csp")),
]
FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:(.*)$", re.MULTILINE)
READ = re.compile(r", read (\d{4}-\d{2}-\d{2})\.\s*$")


def test_the_stacks_table_has_every_size_and_every_row_on_the_page(built_site: Path) -> None:
    text = page_text(built_site, "operations/stacks-by-size.md")
    for _, label in SIZES:
        assert label in text
    for row in HANDBOOK.stacks:
        assert HANDBOOK.category(row.category).name in text
        for field, _ in SIZES:
            assert re.sub(r"\s+", " ", getattr(row, field)).strip() in text


def test_every_category_has_a_stack_row() -> None:
    assert {row.category for row in HANDBOOK.stacks} == {c.id for c in HANDBOOK.categories}


def test_the_stacks_table_escapes_data_and_keeps_one_line_per_row() -> None:
    rows = (StackRow("x", "rmm", "Uses *bold* | pipes", "Ten <b>people</b>", "Fifty\nlines"),)
    rendered = render_stack_by_size(rows, (Category("rmm", "Remote monitoring", "RMM", "Watches."),))
    lines = rendered.strip().split("\n")
    assert len(lines) == 3
    assert lines[0] == "| Category | 1–3 people | About 10 people | About 50 people |"
    assert "\\*bold\\*" in lines[2] and "\\|" in lines[2] and "&lt;b&gt;" in lines[2]
    assert "Fifty lines" in lines[2]
    assert stack_by_size(HANDBOOK).count("\n| **") == len(HANDBOOK.stacks)


def test_every_footnote_on_the_pages_written_has_an_https_address_and_a_past_read_date() -> None:
    today = dt.date.today()
    for page in SOURCED_PAGES:
        source = (DOCS / page).read_text(encoding="utf-8")
        for label, body in FOOTNOTE.findall(source):
            where = f"{page} [^{label}]"
            assert re.search(r"<https://[^>\s]+>", body), f"{where}: no https address"
            read = READ.search(body)
            assert read, f"{where}: no 'read YYYY-MM-DD.' date at the end"
            assert dt.date.fromisoformat(read.group(1)) <= today, f"{where}: read date in the future"
        used = set(re.findall(r"\[\^([^\]]+)\](?!:)", source))
        defined = {label for label, _ in FOOTNOTE.findall(source)}
        assert used == defined, f"{page}: footnotes used {sorted(used)} but defined {sorted(defined)}"
