"""Content of the challenges, vendor and channel parts: data reaches the pages, renderers stay stable."""
from __future__ import annotations

import datetime as dt
import html
import os
import re
from pathlib import Path

import pytest

from macros.challenges import render_challenge_table
from macros.channel import (PROGRAM_KINDS, program_table, reader_date, render_channel_programs,
                            render_mdf_figures, render_program_table, render_vendor_practices)
from macros.loading import load_handbook
from macros.errors import MacroArgumentError
from macros.records import Challenge, Check, MdfFigure, Program, Source, VendorPractice
from macros.rendering import link_target

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
HANDBOOK = load_handbook(ROOT / "data")

# Every page of parts B, which must open with a summary and end with a Related list.
PAGES = [
    "index.md",
    *(f"challenges/{name}.md" for name in ("index", "enterprise-tools", "history", "strategies")),
    *(f"vendors/{name}.md" for name in ("index", "selecting-partners", "co-selling-and-mdf",
                                        "contracts", "managing")),
    *(f"channel/{name}.md" for name in ("index", "co-selling", "mdf-strategies", "example-programs",
                                        "requesting-mdf", "vendor-programs", "running-a-program",
                                        "distributors-and-marketplaces", "rmm-psa-programs",
                                        "security-backup-programs")),
]

# Dates are joined by no-break spaces; the page text here has whitespace squashed.
NBSP = "\u00a0"


def page_text(site: Path, page: str) -> str:
    """Visible text of a built page's article, whitespace collapsed and entities decoded."""
    built = site / ("index.html" if page == "index.md" else page.removesuffix(".md") + "/index.html")
    source = built.read_text(encoding="utf-8")
    article = source[source.index("<article"):source.index("</article>")]
    # Inline tags (links, glossary abbreviations, emphasis) vanish; block tags separate words.
    article = re.sub(r"</?(?:a|abbr|em|strong|code|span)\b[^>]*>", "", article)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


def assert_golden(name: str, rendered: str) -> None:
    """Compare with tests/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(rendered, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert rendered == path.read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Text with runs of whitespace made single spaces, as it reads on the page."""
    return re.sub(r"\s+", " ", text).strip()


def test_every_challenge_and_strategy_is_on_the_strategies_page(built_site: Path) -> None:
    text = page_text(built_site, "challenges/strategies.md")
    for challenge in HANDBOOK.challenges:
        assert challenge.name in text
        assert squash(challenge.problem) in text
        for strategy in challenge.strategies:
            assert strategy in text, strategy


def test_challenge_table_links_to_a_section_for_each_challenge(built_site: Path) -> None:
    source = (built_site / "challenges/strategies/index.html").read_text(encoding="utf-8")
    for challenge in HANDBOOK.challenges:
        assert f'href="#{challenge.id}"' in source
        assert f'id="{challenge.id}"' in source, f"no section with anchor #{challenge.id}"


def test_every_program_is_on_the_examples_page_with_its_date(built_site: Path) -> None:
    text = page_text(built_site, "channel/example-programs.md")
    source = (built_site / "channel/example-programs/index.html").read_text(encoding="utf-8")
    for program in HANDBOOK.programs:
        for field in (program.vendor, program.name, program.co_selling, program.mdf):
            assert squash(field) in text, field
        if program.also:
            assert squash(program.also) in text
        if program.checked:
            assert (f"Checked {reader_date(program.checked.date).replace(NBSP, ' ')} against "
                    f"{squash(program.checked.source.title)}") in text
        else:
            assert "Not yet checked." in text and squash(program.note or "") in text
        for tier in program.tiers:
            assert tier in text
        assert f'href="{program.website}"' in source
        for source_read in program.sources:
            assert f'href="{html.escape(link_target(source_read.url))}"' in source, source_read.url


def test_every_practice_is_on_the_vendor_page(built_site: Path) -> None:
    text = page_text(built_site, "channel/running-a-program.md")
    for number, practice in enumerate(HANDBOOK.vendor_practices, start=1):
        assert f"{number}. {practice.name}" in text
        assert squash(practice.aim) in text
        assert practice.warning_sign in text
        for action in practice.actions:
            assert action in text, action


def test_every_mdf_step_is_on_the_request_page(built_site: Path) -> None:
    text = page_text(built_site, "channel/requesting-mdf.md")
    for number, step in enumerate(HANDBOOK.mdf_steps, start=1):
        assert f"Step {number}: {step.name}" in text
        assert step.outcome in text
        for action in step.actions:
            assert action in text, action


def test_mdf_steps_match_the_mdf_checklist_sections() -> None:
    checklist = HANDBOOK.checklist("mdf-request") if hasattr(HANDBOOK, "checklist") else None
    if checklist is None:
        pytest.skip("no mdf-request checklist yet")
    sections = [section.id for section in checklist.sections]
    assert [step.id for step in HANDBOOK.mdf_steps] == sections


@pytest.mark.parametrize("page", PAGES)
def test_page_has_description_tags_and_related_list(page: str) -> None:
    source = (ROOT / "docs" / page).read_text(encoding="utf-8")
    front = source.split("---\n")[1]
    assert re.search(r"^description: \S", front, re.M)
    assert "tags:\n  - " in front and "draft" not in front
    assert "\n## Related\n" in source
    related = source.split("\n## Related\n", 1)[1]
    assert related.count("\n- [") >= 3, "the Related list should link at least three pages"


def test_home_page_has_reading_paths_and_checklists(built_site: Path) -> None:
    text = page_text(built_site, "index.md")
    for role in ("MSP owner", "Service manager", "Technician", "Vendor channel manager"):
        assert role in text
    source = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'class="grid cards"' in source
    assert 'href="checklists/"' in source


# Fixed records for the golden files, so editing data/ never changes them.
CHALLENGES = (
    Challenge(id="pricing", name="Pricing & margin", problem="Prices are <too> low.",
              strategies=("Raise prices yearly.", "Measure *margin* per client.")),
    Challenge(id="people", name="People", problem="Few hands.", strategies=("Hire juniors.",)),
)
ACME_NEWS = Source(url="https://news.example/acme", title="Acme renames its program", read=dt.date(2026, 3, 5))
PROGRAMS = (
    Program(id="acme", vendor="Acme", name="Acme Partner [Program]",
            website="https://partners.example.com/a b", co_selling="Shared leads.",
            mdf="Half of approved costs.", tiers=("Gold *star*", "Member"),
            sources=(ACME_NEWS, Source(url="https://acme.example/tiers", title="Tiers | Acme",
                                       read=dt.date(2026, 3, 4))),
            checked=Check(dt.date(2026, 3, 5), ACME_NEWS),
            note="Funding rules not confirmed.", also="Renamed in 2025."),
    Program(id="globex", vendor="Globex", name="Globex Channel", website="https://globex.example/",
            co_selling="Deal registration.", mdf="Co-op funds.", note="No source found for <this>."),
)
PRACTICES = (
    VendorPractice(id="objectives", name="Set objectives", aim="Partners need a reason.",
                   actions=("Write goals.", "Publish _benefits_."), warning_sign="Nobody knows why."),
)


def test_challenge_table_golden() -> None:
    assert_golden("challenge_table.html", render_challenge_table(CHALLENGES))


def test_channel_programs_golden() -> None:
    assert_golden("channel_programs.md", render_channel_programs(PROGRAMS))


def test_vendor_practices_golden() -> None:
    assert_golden("vendor_practices.md", render_vendor_practices(PRACTICES))


def test_reader_date_is_unambiguous() -> None:
    assert reader_date(dt.date(2026, 11, 2)) == "2\u00a0November\u00a02026"


FIGURED = Program(id="initech", vendor="Initech", name="Initech Partners", website="https://initech.example/",
                  co_selling="None.", mdf="Co-op.", kind="security-backup", asks="Two | certified staff.",
                  gives="A *discount*.", sources=(ACME_NEWS,),
                  mdf_figure=MdfFigure("40 % of earnings accrue as co-op.", ACME_NEWS), note="Tiers not read.")


def test_program_table_has_one_escaped_row_per_program_with_its_figure_or_none() -> None:
    """Each program is one table row linked to its entry; data cannot break the table; absent figures say so."""
    lines = render_program_table((FIGURED, PROGRAMS[1])).strip().split("\n")
    assert len(lines) == 4
    assert "(channel/example-programs.md#initech)" in lines[2]
    assert "Two \\| certified staff\\." in lines[2] and "\\*discount\\*" in lines[2]
    assert "40 \\% of earnings accrue as co\\-op\\." in lines[2] and ACME_NEWS.url in lines[2]
    assert "None published in the pages read." in lines[3] and "Not yet checked" in lines[3]
    assert "Not found in the pages read." in lines[3]


def test_mdf_figures_lists_published_figures_and_names_the_rest() -> None:
    rendered = render_mdf_figures((FIGURED, PROGRAMS[1]))
    assert rendered.count("\n| ") == 2  # the header's separator row and one figure
    assert "read 2026\\-03\\-05" in rendered
    assert "published in the pages read for: [Globex](channel/example-programs.md#globex)." in rendered


def test_every_program_has_a_kind_with_a_table_and_unknown_kinds_are_refused() -> None:
    assert {program.kind for program in HANDBOOK.programs} <= set(PROGRAM_KINDS)
    with pytest.raises(MacroArgumentError, match="expected one of: distribution"):
        program_table(HANDBOOK, "hyperscalers")
