"""Coverage pages: every control of a framework with the checklist items that help meet it, gaps included."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from macros.errors import MacroArgumentError
from macros.frameworks import coverage, framework_coverage
from macros.loading import load_handbook
from macros.records import (BuildInfo, Checklist, ChecklistChange, ChecklistItem, ChecklistPhase,
                            ChecklistSection, Control, Framework, Handbook, Source)


def small_handbook() -> Handbook:
    """Two controls, one covered by an item whose text holds Markdown, one covered by none."""
    framework = Framework("cis", "CIS <IG1>", "CIS", (Source("List | of *safeguards*", "https://example.org/cis",
                                                             dt.date(2026, 12, 7)),), "Only two here.",
                          (Control("6.3", "Require MFA"), Control("17.1", "Designate personnel")))
    item = ChecklistItem("mfa", "Turn on *MFA* | now", "Technician", controls=("cis:6.3",))
    sheet = Checklist("sample", "Sample [sheet]", "Technicians", "Every time the tests run.",
                      (ChecklistPhase("day-0", "Day 0", (ChecklistSection("one", "One", "day-0", (item,)),)),),
                      (ChecklistChange(dt.date(2026, 12, 7), "First."),))
    fields = {name: () for name in Handbook.__dataclass_fields__}
    fields.update(checklists=(sheet,), controls=(framework,), build=BuildInfo("https://example.org/", "abc1234"))
    return Handbook(**fields)


def test_coverage_lists_every_control_with_its_items_and_the_gaps() -> None:
    """Each control in the framework's order; covered ones with their items, uncovered ones said plainly."""
    handbook = small_handbook()
    rows = coverage(handbook, handbook.controls[0])
    assert [(control.id, [item.id for _, item in uses]) for control, uses in rows] == [("6.3", ["mfa"]), ("17.1", [])]
    page = framework_coverage(handbook, "cis")
    assert page.startswith("**1 of 2** controls of CIS &lt;IG1&gt; have at least one checklist item")
    assert "| 6\\.3 | Require MFA | [Sample \\[sheet\\]](checklists/sample.md): Turn on \\*MFA\\* \\| now |" in page
    assert "| 17\\.1 | Designate personnel | **No checklist item** |" in page
    assert "[List \\| of \\*safeguards\\*](https://example.org/cis) on 2026\\-12\\-07" in page


def test_unknown_framework_names_the_known_ones() -> None:
    """A wrong id in a page's call says which ids exist."""
    with pytest.raises(MacroArgumentError, match=r'framework_coverage\(\'iso\'\): .*expected one of: "cis"'):
        framework_coverage(small_handbook(), "iso")


def test_real_coverage_pages_list_all_ig1_safeguards_and_essential_eight_levels() -> None:
    """The CIS page has 56 rows and the Essential Eight page 24 (8 strategies, 3 levels), covered or not."""
    handbook = load_handbook(ROOT / "data")
    for framework_id, rows in (("cis", 56), ("e8", 24)):
        page = framework_coverage(handbook, framework_id)
        assert page.count("\n| ") == rows + 2  # the header and separator rows, then one per control
        framework = handbook.framework(framework_id)
        assert framework is not None
        covered = sum(1 for _, uses in coverage(handbook, framework) if uses)
        assert page.startswith(f"**{covered} of {rows}**") and 0 < covered < rows
        assert page.count("**No checklist item**") == rows - covered


def test_each_framework_has_its_coverage_page() -> None:
    """docs/security/coverage/<id>.md calls the macro for every framework of data/controls.yml."""
    for framework in load_handbook(ROOT / "data").controls:
        page = ROOT / "docs" / "security" / "coverage" / f"{framework.id}.md"
        assert f'{{{{ framework_coverage("{framework.id}") }}}}' in page.read_text(encoding="utf-8")


def test_word_file_lists_the_controls_an_item_helps_meet() -> None:
    """The Word file carries the same "Helps meet" line as the page, from the same names."""
    import io

    from docx import Document

    from macros.docx_export import checklist_docx

    handbook = small_handbook()
    sheet = handbook.checklists[0]
    text = "\n".join(p.text for p in Document(io.BytesIO(checklist_docx(
        sheet, handbook.build, "https://example.org/checklists/sample/", handbook.control_display))).paragraphs)
    assert "Helps meet: CIS 6.3" in text
    plain = "\n".join(p.text for p in Document(io.BytesIO(checklist_docx(
        sheet, handbook.build, "https://example.org/checklists/sample/"))).paragraphs)
    assert "Helps meet" not in plain


def test_nist_csf_subcategories_are_known_and_all_on_their_page() -> None:
    """csf:PR.AA-03 (dot and dash) is a known control, and the CSF page lists all 106 Subcategories."""
    handbook = load_handbook(ROOT / "data")
    framework = handbook.framework("csf")
    assert framework is not None
    assert handbook.control_display("csf:PR.AA-03") == "NIST CSF PR.AA-03"
    assert len(framework.controls) == 106 and len({c.id for c in framework.controls}) == 106
    page = framework_coverage(handbook, "csf")
    assert page.count("\n| ") == 106 + 2
    for control in framework.controls:
        assert f"| {control.id.replace('.', chr(92) + '.').replace('-', chr(92) + '-')} |" in page, control.id
    assert any("csf:PR.AA-03" in item.controls for sheet in handbook.checklists for item in sheet.items)
