"""Checklists as data: loading, exact errors for bad files, versions and the rendered sheet."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from macros.checklists import checklist, checklist_index, css_string
from macros.errors import DataError, MacroArgumentError
from macros.loading import load_handbook
from macros.records import (BuildInfo, Checklist, ChecklistChange, ChecklistItem,
                            ChecklistPhase, ChecklistSection, Handbook)

GOLDEN = Path(__file__).parent / "golden"
REQUIRED_IDS = {"client-onboarding", "client-offboarding", "technician-onboarding",
                "tool-evaluation", "vendor-evaluation", "vendor-contract-review",
                "mdf-request", "channel-program-setup", "technician-offboarding",
                "security-baseline", "incident-first-hour", "backup-restore-test",
                "m365-tenant-onboarding", "qbr-preparation"}
ONBOARDING_PHASES = ["Before day 0", "Day 0", "Week 1", "Month 1", "Day 90"]

SAMPLE = """\
# yaml-language-server: $schema=../schema/checklist.schema.json
id: sample
title: Sample sheet
audience: Whoever runs the tests
when: When the tests run, every time.
phases:
  - id: before
    title: Before
  - id: after
    title: After
sections:
  - id: one
    title: One
    phase: before
    items:
      - id: first
        text: Do the first thing
        owner: Technician
        minutes: 15
        link: tools/rmm.md
      - id: second
        text: Do the second thing
        owner: Client contact
        client_note: Say it is done.
  - id: two
    title: Two
    phase: after
    items:
      - id: third
        text: Do the third thing
        owner: Service manager
changes:
  - date: 2026-11-20
    summary: First version.
"""


def data_with_checklist(tmp_path: Path, text: str, name: str = "sample.yml") -> Path:
    """A copy of data/ plus one extra checklist file; returns the data folder."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "checklists" / name).write_text(text, encoding="utf-8")
    return data


def load_with(tmp_path: Path, text: str, name: str = "sample.yml") -> Handbook:
    """Load the project's data with one extra checklist, checking links against docs/."""
    return load_handbook(data_with_checklist(tmp_path, text, name), docs_dir=ROOT / "docs")


def test_every_checklist_loads_with_the_required_ids() -> None:
    """Fourteen or more checklists, including each one the handbook promises."""
    handbook = load_handbook(ROOT / "data", docs_dir=ROOT / "docs")
    ids = {c.id for c in handbook.checklists}
    assert REQUIRED_IDS <= ids
    for item in handbook.checklists:
        assert (ROOT / "data" / "checklists" / f"{item.id}.yml").is_file()
        assert (ROOT / "docs" / "checklists" / f"{item.id}.md").is_file()


def test_checklists_hold_300_items_each_with_an_owner_and_a_time() -> None:
    """At least 14 checklists and 300 items; every checklist is phased and timed."""
    handbook = load_handbook(ROOT / "data")
    items = [item for c in handbook.checklists for item in c.items]
    assert len(handbook.checklists) >= 14 and len(items) >= 300
    assert all(item.owner and item.minutes for item in items)
    assert all(len(c.phases) >= 2 and all(p.sections for p in c.phases) for c in handbook.checklists)
    assert sum(1 for item in items if item.client_note) >= 30


def test_onboarding_is_phased_from_before_day_0_to_day_90() -> None:
    """Client and technician onboarding use the five stages the handbook names."""
    handbook = load_handbook(ROOT / "data")
    for checklist_id in ("client-onboarding", "technician-onboarding"):
        sheet = handbook.checklist(checklist_id)
        assert sheet is not None
        assert [phase.title for phase in sheet.phases] == ONBOARDING_PHASES


def test_fuller_steps_are_present_and_risky_ones_reworded() -> None:
    """The steps practitioners add are there; restores and leavers are worded safely."""
    handbook = load_handbook(ROOT / "data")

    def item(checklist_id: str, item_id: str) -> ChecklistItem:
        sheet = handbook.checklist(checklist_id)
        assert sheet is not None
        return next(i for i in sheet.items if i.id == item_id)

    for item_id in ("previous-delegated-access", "gdap", "break-glass", "registrar-dns",
                    "disk-encryption"):
        item("client-onboarding", item_id)
    assert "two" in item("client-onboarding", "break-glass").text.lower()
    for item_id in ("gdap-end", "reseller-relationship", "edr-tamper", "registrar-code"):
        item("client-offboarding", item_id)
    assert item("client-offboarding", "vault").text.startswith("Purge, not archive")
    assert "isolated location" in item("client-onboarding", "restore-test").text
    leavers = item("client-onboarding", "user-list")
    assert "agree" in leavers.text and "confirmed in writing" in (leavers.detail or "")


def test_microsoft_365_facts_name_their_source() -> None:
    """An item about GDAP, emergency access, security defaults or legacy sign-in cites a source or links a page that does."""
    handbook = load_handbook(ROOT / "data")
    topics = ("gdap", "emergency access", "security defaults", "legacy authentication")
    cited = 0
    for sheet in handbook.checklists:
        for item in sheet.items:
            detail = (item.detail or "").lower()
            if not any(topic in f"{item.text} {detail}".lower() for topic in topics):
                continue
            has_source = "source:" in detail and "read 2026-" in detail
            cited += has_source
            assert has_source or item.link, (sheet.id, item.id)
    assert cited >= 5


def test_each_checklist_page_calls_its_macro_and_sets_its_meta() -> None:
    """docs/checklists/<id>.md names the checklist in front matter and renders it once."""
    for path in (ROOT / "data" / "checklists").glob("*.yml"):
        page = (ROOT / "docs" / "checklists" / f"{path.stem}.md").read_text(encoding="utf-8")
        front = yaml.safe_load(page.split("---")[1])
        assert front["checklist_id"] == path.stem
        assert front["description"] and front["tags"]
        assert page.count(f'{{{{ checklist("{path.stem}") }}}}') == 1


def test_sample_loads(tmp_path: Path) -> None:
    """The sample used below is valid, so each bad case differs from it by one fault."""
    handbook = load_with(tmp_path, SAMPLE)
    sample = handbook.checklist("sample")
    assert sample is not None
    assert [i.id for i in sample.items] == ["first", "second", "third"]
    assert [(p.title, [s.id for s in p.sections]) for p in sample.phases] == [
        ("Before", ["one"]), ("After", ["two"])]
    assert [(i.owner, i.minutes) for i in sample.items] == [
        ("Technician", 15), ("Client contact", None), ("Service manager", None)]
    assert sample.items[1].client_note == "Say it is done."
    assert sample.minutes == 15 and sample.phases[1].minutes == 0
    assert sample.changes[0].date == dt.date(2026, 11, 20)


BAD_CASES = {
    "duplicate-item-id": (
        SAMPLE.replace("id: second", "id: first"), "sample.yml",
        'data/checklists/sample.yml:21: entry "first", field "id": duplicate ID, already used '
        "at line 16; expected each id to be unique in this checklist"),
    "unknown-field": (
        SAMPLE.replace("        text: Do the second thing\n",
                       "        text: Do the second thing\n        txet: typo\n"), "sample.yml",
        'data/checklists/sample.yml:23: entry "second", field "txet": unknown field '
        '(did you mean "text"?); expected one of: client_note, controls, detail, id, link, minutes, owner, text'),
    "link-to-missing-chapter": (
        SAMPLE.replace("link: tools/rmm.md", "link: tools/rmmm.md"), "sample.yml",
        'data/checklists/sample.yml:20: entry "first", field "link": "tools/rmmm.md" is not a '
        'page in docs/; did you mean "tools/rmm.md"? expected the path of a chapter under '
        'docs/ that explains the item, such as "tools/rmm.md"'),
    "id-differs-from-file-name": (
        SAMPLE, "other.yml",
        'data/checklists/other.yml:2: entry "sample", field "id": "sample" differs from the '
        'file name; expected the id to equal the file name without .yml ("other"), or the '
        "file to be renamed"),
    "missing-change-log": (
        SAMPLE.split("changes:")[0], "sample.yml",
        "data/checklists/sample.yml:2: field \"changes\": this required field is missing; "
        "expected the change "
        "log: a list of {date, summary}, newest first"),
    "missing-owner": (
        SAMPLE.replace("        owner: Client contact\n", ""), "sample.yml",
        'data/checklists/sample.yml:21: entry "second", field "owner": this required field is '
        'missing; expected the role that does the item, in sentence case, such as "Technician", '
        '"Service manager", "Client contact" or "Account manager"'),
    "minutes-not-a-number": (
        SAMPLE.replace("minutes: 15", "minutes: a quarter of an hour"), "sample.yml",
        'data/checklists/sample.yml:19: entry "first", field "minutes": "a quarter of an hour" '
        "is text; expected a whole number: about how many minutes of work the item takes, "
        "such as 30"),
    "unknown-phase": (
        SAMPLE.replace("phase: after", "phase: afterwards"), "sample.yml",
        'data/checklists/sample.yml:27: entry "two", field "phase": "afterwards" is not a phase '
        "of this checklist; expected one of: before, after (the ids under phases:)"),
    "phases-out-of-order": (
        SAMPLE.replace("phase: before", "phase: AFTER").replace("phase: after", "phase: before")
        .replace("phase: AFTER", "phase: after"), "sample.yml",
        'data/checklists/sample.yml:27: entry "two", field "phase": phase "before" is listed '
        'before "after", which an earlier section uses; expected the sections in the order of '
        "phases:, each phase's sections together"),
    "unknown-control": (
        SAMPLE.replace("        owner: Client contact\n", "        owner: Client contact\n        controls: [cis:6.33]\n"),
        "sample.yml",
        'data/checklists/sample.yml:24: entry "second", field "controls": "cis:6.33" is not a control of "cis" '
        'in data/controls.yml (did you mean "cis:6.3"?); expected a framework id, a colon and a control id listed '
        'in data/controls.yml, such as "cis:6.3", or the control added there with its source'),
    "unknown-framework": (
        SAMPLE.replace("        owner: Client contact\n", "        owner: Client contact\n        controls: [iso:A.5.1]\n"),
        "sample.yml",
        'data/checklists/sample.yml:24: entry "second", field "controls": "iso:A.5.1" names no framework of '
        'data/controls.yml; expected one of: ce, cis, csf, e8, scuba; expected a framework id, a colon and a control id '
        'listed in data/controls.yml, such as "cis:6.3", or the control added there with its source'),
    "empty-phase": (
        SAMPLE.replace("phase: after", "phase: before"), "sample.yml",
        'data/checklists/sample.yml:9: entry "after", field "id": no section belongs to this '
        'phase; expected at least one section with "phase: after", or the phase removed'),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_checklist_raises_its_exact_message(case: str, tmp_path: Path) -> None:
    """File, line, entry, field and what was expected, for each kind of mistake."""
    text, name, message = BAD_CASES[case]
    with pytest.raises(DataError) as raised:
        load_with(tmp_path, text, name)
    assert str(raised.value) == message


def test_version_follows_the_items_not_the_wording_elsewhere() -> None:
    """Rewording an item changes the version; the same items give the same version."""
    handbook = load_handbook(ROOT / "data")
    original = handbook.checklist("vendor-contract-review")
    assert original is not None
    same = dataclasses.replace(original, when="Some other description of when to use it.")
    assert same.version == original.version
    phase = original.phases[0]
    section = phase.sections[0]

    def with_first_item(**change: object) -> Checklist:
        item = dataclasses.replace(section.items[0], **change)
        first = dataclasses.replace(section, items=(item, *section.items[1:]))
        return dataclasses.replace(original, phases=(
            dataclasses.replace(phase, sections=(first, *phase.sections[1:])), *original.phases[1:]))

    assert with_first_item(text="Check the price").version != original.version
    assert with_first_item(owner="Finance").version != original.version
    assert with_first_item(minutes=5).version != original.version
    assert with_first_item(client_note="Tell them.").version != original.version
    assert with_first_item(controls=("cis:15.1",)).version != original.version
    assert original.version.startswith(original.updated.isoformat() + "-")


def test_build_commit_is_read_or_falls_back() -> None:
    """The build carries a short git commit, or "uncommitted" outside a checkout."""
    commit = load_handbook(ROOT / "data").build.commit
    assert commit == "uncommitted" or (4 <= len(commit) <= 12 and commit.isalnum())


def golden_handbook() -> Handbook:
    """A handbook holding one checklist with every feature, for the golden file."""
    sheet = Checklist(
        id="sample", title="Sample & <test> sheet", audience="Technicians *and* owners",
        when="Before a [site visit](https://evil.example/).",
        phases=(
            ChecklistPhase("day-0", "Day 0", (
                ChecklistSection("access", "Access & accounts", "day-0", (
                    ChecklistItem("mfa", "Turn on MFA for <every> admin", "Technician",
                                  "Start with e-mail_and_remote access.", "tools/security.md",
                                  minutes=90, client_note="Tell *staff* the <date>."),
                    ChecklistItem("vault", "Store passwords in the vault", "Service <manager>"),
                )),
            )),
            ChecklistPhase("week-1", "Week 1", (
                ChecklistSection("backups", "Backups", "week-1", (
                    ChecklistItem("restore", "Test a restore", "Technician",
                                  link="tools/backup-dr.md#testing", minutes=45),
                )),
            )),
        ),
        changes=(ChecklistChange(dt.date(2026, 11, 20), "First *version*."),),
    )
    fields = {name: () for name in Handbook.__dataclass_fields__}
    fields.update(checklists=(sheet,), build=BuildInfo("https://example.org/handbook/", "abc1234"))
    return Handbook(**fields)


def test_checklist_html_matches_golden_file() -> None:
    """The sheet's markup is exactly the reviewed golden file."""
    expected = (GOLDEN / "checklist_sample.html").read_text(encoding="utf-8")
    assert checklist(golden_handbook(), "sample") == expected


def test_checklist_markup_has_labelled_checkboxes_and_escaped_data() -> None:
    """Each item is a real checkbox with its own label; data never becomes markup."""
    html = checklist(golden_handbook(), "sample")
    for item in ("mfa", "vault", "restore"):
        assert f'<input type="checkbox" id="cl-sample-{item}"' in html
        assert f'<label for="cl-sample-{item}">' in html
    assert "<every>" not in html and "<test>" not in html
    assert "evil.example/\">" not in html  # the link in the data stays text
    assert "\n\n" not in html.strip()


def test_unknown_checklist_names_macro_id_and_known_ids() -> None:
    """A typo in a page's macro call says what exists."""
    with pytest.raises(MacroArgumentError) as raised:
        checklist(golden_handbook(), "sampel")
    assert str(raised.value) == (
        "checklist('sampel'): no checklist has this id; expected one of: \"sample\" "
        "(the file names in data/checklists/)")


def test_index_lists_every_checklist_with_audience_and_purpose() -> None:
    """One table row per checklist, linking its page."""
    table = checklist_index(golden_handbook())
    assert "[Sample &amp; &lt;test&gt; sheet](checklists/sample.md)" in table
    assert "Technicians \\*and\\* owners" in table


def test_css_string_cannot_end_the_rule() -> None:
    """Quotes, braces and angle brackets in a title cannot escape the CSS string."""
    quoted = css_string('a"}</style><script>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert all(c not in quoted[1:-1] for c in '"}<>')


def test_file_links_follow_the_address_style_of_the_build() -> None:
    """From checklists/<id>/ online two folders up, from checklists/<id>.html offline one."""
    from dataclasses import replace

    from macros.checklists import file_href
    from macros.records import BuildInfo

    online = golden_handbook()
    offline = replace(online, build=BuildInfo(online.build.site_url, online.build.commit, False))
    assert file_href(online, "pdf/sample.pdf") == "../../pdf/sample.pdf"
    assert file_href(offline, "pdf/sample.pdf") == "../pdf/sample.pdf"


def test_mapped_item_shows_the_controls_it_helps_meet(tmp_path: Path) -> None:
    """An item's controls appear under it as the coverage pages name them, escaped, and on the CSV's data."""
    text = SAMPLE.replace("        owner: Client contact\n",
                          "        owner: Client contact\n        controls: [cis:6.3, e8:mfa:ml1, scuba:MS.AAD.3.2v2]\n")
    html = checklist(load_with(tmp_path, text), "sample")
    assert ('<p class="msp-checklist__frameworks" markdown="span">Helps meet: CIS 6\\.3, Essential Eight '
            'Multi\\-factor authentication ML1, SCuBA MS\\.AAD\\.3\\.2v2</p>') in html
    assert 'data-controls="CIS 6.3; Essential Eight Multi-factor authentication ML1; SCuBA MS.AAD.3.2v2"' in html
    assert html.count("msp-checklist__frameworks") == 1  # unmapped items carry no line


def test_enough_items_are_mapped_and_every_control_is_listed() -> None:
    """At least 150 items name controls; the registry holds all 56 IG1 safeguards and every Essential Eight strategy."""
    handbook = load_handbook(ROOT / "data")
    mapped = [item for sheet in handbook.checklists for item in sheet.items if item.controls]
    assert len(mapped) >= 150
    cis, e8 = handbook.framework("cis"), handbook.framework("e8")
    assert cis is not None and e8 is not None
    assert len(cis.controls) == 56
    assert {c.id.split(":")[0] for c in e8.controls} == {
        "application-control", "patch-applications", "office-macros", "user-application-hardening",
        "admin-privileges", "patch-os", "mfa", "backups"}
    for framework in handbook.controls:
        assert framework.sources and all(source.read <= dt.date.today() for source in framework.sources)
