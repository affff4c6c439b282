"""Text and data agree: checklist times against the targets pages state, safe step order, worked sums.

Data only, through the loader: no browser, no site build, nothing that depends on today's date.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from macros.loading import load_handbook
from macros.records import Checklist

HANDBOOK = load_handbook(ROOT / "data", docs_dir=ROOT / "docs")
DOCS = ROOT / "docs"


def sheet(checklist_id: str) -> Checklist:
    """The checklist with this id; fails the test if it is missing."""
    found = HANDBOOK.checklist(checklist_id)
    assert found is not None, checklist_id
    return found


def position(checklist_id: str, item_id: str) -> tuple[int, int]:
    """(phase index, item index in the whole sheet) of an item: what comes first on the printed sheet."""
    found = sheet(checklist_id)
    for phase_index, phase in enumerate(found.phases):
        if any(item.id == item_id for item in phase.items):
            return phase_index, [item.id for item in found.items].index(item_id)
    raise AssertionError(f"{checklist_id}: no item {item_id}")


def page_text(relative: str) -> str:
    """A page's Markdown with line breaks folded into spaces, so a phrase split across lines still matches."""
    return re.sub(r"\s+", " ", (DOCS / relative).read_text(encoding="utf-8"))


# --- Times stated in text against the checklist data ------------------------------------------------

def test_qbr_preparation_hours_on_the_chapter_match_the_checklist() -> None:
    """The account-management chapter states the preparation time the QBR checklist adds up to.

    It once promised "preparation that takes an hour" while the checklist's two preparation phases
    held 9.5 hours of work.
    """
    qbr = sheet("qbr-preparation")
    preparation = [phase for phase in qbr.phases if "before" in phase.title.lower()]
    assert preparation, "the QBR checklist has no phases before the meeting"
    hours = Decimal(sum(phase.minutes for phase in preparation)) / 60
    text = page_text("business/account-management.md")
    assert "takes an hour" not in text
    stated = re.search(r"about ([\d.]+) hours of preparation", text)
    assert stated, "the chapter no longer states the preparation time"
    assert Decimal(stated.group(1)) == hours.quantize(Decimal("0.1")), (stated.group(1), hours)


def test_technician_access_cut_fits_within_the_hour() -> None:
    """Technician offboarding promises an access cut within the hour; that phase holds at most 60 minutes."""
    offboarding = sheet("technician-offboarding")
    assert "within the hour" in offboarding.when
    hour = [phase for phase in offboarding.phases if "within the hour" in phase.title.lower()]
    assert len(hour) == 1, "no single 'within the hour' phase"
    assert 0 < hour[0].minutes <= 60, hour[0].minutes
    cut = {item.id for item in hour[0].items}
    assert {"identity-disable", "gdap-groups", "psa-rmm-remove"} <= cut
    # The slow step (rotating every shared password) comes after the cut, not inside it.
    assert position("technician-offboarding", "vault-access")[0] > offboarding.phases.index(hour[0])
    assert "within the hour" in page_text("operations/service-desk.md")


def test_every_phase_claiming_an_hour_holds_an_hour_of_work_or_less() -> None:
    """Any checklist phase whose title promises "within the hour" or "first hour" holds no more than 60 minutes
    per person working it: the incident sheet says several people work at once, so it is exempt by name."""
    for checklist in HANDBOOK.checklists:
        if checklist.id == "incident-first-hour":
            continue
        for phase in checklist.phases:
            if "within the hour" in phase.title.lower():
                assert phase.minutes <= 60, (checklist.id, phase.id, phase.minutes)


# --- Risky order of steps --------------------------------------------------------------------------

def test_incident_evidence_is_exported_before_anything_is_changed() -> None:
    """Logs and the mailbox-rules listing are exported before rules are turned off or passwords changed."""
    for first in ("preserve-logs", "mail-rules-export"):
        for later in ("mail-rules", "admin-credentials", "disable-accounts"):
            assert position("incident-first-hour", first) < position("incident-first-hour", later), (first, later)
    items = {item.id: item for item in sheet("incident-first-hour").items}
    assert "exported" in items["mail-rules"].text and "delete" not in items["mail-rules"].text.replace("rather than delete", "")
    # The chapter gives the same order.
    chapter = page_text("security/incident-response.md")
    assert chapter.index("Before changing anything, export") < chapter.index("reset passwords of compromised accounts")


def test_onboarding_never_leaves_devices_or_admin_logins_unprotected() -> None:
    """Endpoint protection and admin MFA are in place no later than the previous provider's tools come off."""
    removal = position("client-onboarding", "previous-provider")
    for protection in ("endpoint-protection", "admin-mfa-day-0"):
        assert position("client-onboarding", protection) < removal, protection


def test_conditional_access_is_reported_on_before_it_is_enforced() -> None:
    """The tenant checklist creates Conditional Access policies in report-only mode, and enforces them later."""
    items = {item.id: item for item in sheet("m365-tenant-onboarding").items}
    assert "report-only" in items["security-defaults-or-ca"].text
    assert "switch each Conditional Access policy on" in items["ca-enforce"].text
    report = position("m365-tenant-onboarding", "security-defaults-or-ca")
    enforce = position("m365-tenant-onboarding", "ca-enforce")
    assert report[0] < enforce[0], "report-only and enforcement fall in the same phase"


def test_offboarding_deletions_respect_legal_holds() -> None:
    """Purging the vault and deleting backups both name legal holds and retention duties."""
    items = {item.id: item for item in sheet("client-offboarding").items}
    for item_id in ("vault", "backup-copy"):
        words = f"{items[item_id].text} {items[item_id].detail or ''}".lower()
        assert "legal hold" in words, item_id
    assert "retention" in items["vault"].text.lower()


# --- Pages that describe the data ------------------------------------------------------------------

def test_stacks_table_covers_every_category_and_the_page_says_so() -> None:
    """The stacks-by-size table has a row per tool category, and the page no longer says some are missing."""
    listed = {row.category for row in HANDBOOK.stacks}
    assert {category.id for category in HANDBOOK.categories} <= listed
    assert "does not yet list" not in page_text("operations/stacks-by-size.md")


# --- Worked sums ------------------------------------------------------------------------------------

NUMBER = r"\d[\d,]*(?:\.\d+)?"
# An expression of numbers (optionally "h" for hours), + − × ÷ and brackets, then "=" and a result.
WORKED = re.compile(
    rf"(?P<expr>\(?{NUMBER}(?:\s*h)?(?:\s*[−+×÷-]\s*\(?{NUMBER}(?:\s*h)?\)?)+\)?(?:\s*[×÷]\s*{NUMBER})*)"
    rf"\s*=\s*(?P<result>{NUMBER})(?P<percent>%?)"
)


def worked_sums() -> list[tuple[str, str, str, str]]:
    """(file, expression, shown result, "%" or "") for every worked sum written in a page."""
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        for match in WORKED.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), match["expr"], match["result"], match["percent"]))
    return found


def evaluate(expression: str) -> Decimal:
    """The value of a sum written with the handbook's signs."""
    python = (expression.replace(",", "").replace("h", "").replace("×", "*").replace("÷", "/")
              .replace("−", "-"))
    assert re.fullmatch(r"[\d.\s()+\-*/]+", python), expression
    while python.count("(") > python.count(")"):  # a bracket opened in the prose, before the sum
        python = python.replace("(", "", 1)
    return Decimal(str(eval(python)))  # noqa: S307 - digits and operators only, checked above


def test_the_pages_hold_worked_sums() -> None:
    """The pricing, KPI and account-management chapters' examples are found, so the next test checks them."""
    files = {file for file, *_ in worked_sums()}
    assert {"docs/business/pricing.md", "docs/business/kpis.md", "docs/business/account-management.md"} <= files


@pytest.mark.parametrize(("file", "expression", "shown", "percent"), worked_sums())
def test_each_worked_sum_is_right_to_the_precision_shown(file: str, expression: str, shown: str,
                                                         percent: str) -> None:
    """Recompute every "a × b = c" in the pages; the result must round to what the page prints."""
    value = evaluate(expression) * (100 if percent else 1)
    printed = Decimal(shown.replace(",", ""))
    decimals = -printed.as_tuple().exponent if "." in shown else 0
    half_step = Decimal(1).scaleb(-decimals) / 2
    assert abs(value - printed) <= half_step + Decimal("0.0001"), (file, expression, value, shown)


# --- The directory's owner rule (CONTRIBUTING.md, "Who counts as the owner") ------------------------

def test_every_named_owner_has_a_source() -> None:
    """An owner other than "not confirmed" cites a listed source, so it carries a page and a read date."""
    for vendor in HANDBOOK.vendors:
        if vendor.owner.name != "not confirmed":
            assert vendor.owner.source is not None, (vendor.id, vendor.owner.name)
            assert vendor.owner.source.read, vendor.id


def test_notes_name_pages_not_source_numbers() -> None:
    """Readers see source titles, not numbers: no vendor or program note says "source 2"."""
    for entry in (*HANDBOOK.vendors, *HANDBOOK.programs):
        assert not re.search(r"(?i)\bsources? \d", entry.note or ""), entry.id


def test_the_owner_rule_is_written_where_contributors_look() -> None:
    """CONTRIBUTING.md and the schema both state the rule."""
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "### Who counts as the owner" in guide and "ultimate controlling owner" in guide
    schema = (ROOT / "data" / "schema" / "vendors.schema.json").read_text(encoding="utf-8")
    assert "ultimate controlling owner" in schema


def test_gdap_items_state_the_two_year_maximum_with_its_source() -> None:
    """Where a checklist sets up or tracks GDAP, it says relationships last two years at most, citing Microsoft."""
    for checklist_id, item_id in (("client-onboarding", "gdap"), ("m365-tenant-onboarding", "gdap-request"),
                                  ("m365-tenant-onboarding", "gdap-expiry")):
        item = next(i for i in sheet(checklist_id).items if i.id == item_id)
        detail = item.detail or ""
        assert "two years" in detail and "learn.microsoft.com" in detail and "dap-faq" in detail, item_id
