"""`python -m playbook.freshness`: list entries never checked, or checked more than twelve months ago."""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from macros.errors import HandbookError
from macros.loading import load_handbook
from macros.records import Handbook

from .project import load_project

DATA_DIR = load_project().data_dir
PROGRAMS_GROUP = "Channel programs"


@dataclasses.dataclass(frozen=True)
class StaleEntry:
    """One data entry to review: never checked (`checked` is None) or checked before the cut-off."""

    subject: str
    group: str
    id: str
    name: str
    checked: dt.date | None


def year_before(today: dt.date) -> dt.date:
    """The same calendar day one year earlier (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def stale_entries(handbook: Handbook, today: dt.date) -> list[StaleEntry]:
    """Vendors (grouped by category, in category order) and channel programs that need a check.

    Within a group, never-checked entries come first in file order, then the oldest checks.
    """
    cutoff = year_before(today)
    groups = [(category.name, "vendors", handbook.vendors_in(category.id)) for category in handbook.categories]
    groups.append((PROGRAMS_GROUP, "programs", handbook.programs))
    found = []
    for group, subject, records in groups:
        due = [StaleEntry(subject, group, r.id, r.name, r.checked.date if r.checked else None)
               for r in records if r.checked is None or r.checked.date < cutoff]
        found += sorted(due, key=lambda e: (e.checked is not None, e.checked or cutoff))
    return found


def report(entries: Sequence[StaleEntry], today: dt.date) -> str:
    """Plain-text report for the terminal: a heading per group, one line per entry to review."""
    cutoff = year_before(today)
    if not entries:
        return f"Every entry was checked on or after {cutoff.isoformat()}. Nothing to review.\n"
    never = sum(e.checked is None for e in entries)
    lines = [f"{len(entries)} entries to review (today is {today.isoformat()}): {never} never checked, "
             f"{len(entries) - never} last checked before {cutoff.isoformat()}."]
    group = None
    for entry in entries:
        if entry.group != group:
            group = entry.group
            lines += ["", f"{group}:"]
        when = ("never checked" if entry.checked is None else
                f"checked {entry.checked.isoformat()}, {(today - entry.checked).days} days ago")
        lines.append(f"  data/{entry.subject}.yml  {entry.id}  ({entry.name})  {when}")
    lines += ["", "To check one, read a public source (see CONTRIBUTING.md, \"Check an entry\"), "
              "add it to the entry's sources and set checked."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None, today: dt.date | None = None) -> int:
    """Print the report; exit 0 even when entries are due (it is a reminder, not a gate)."""
    parser = argparse.ArgumentParser(prog="python -m playbook.freshness", description=__doc__)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="date to measure from, YYYY-MM-DD (default: today)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the data folder (default: data/)")
    args = parser.parse_args(argv)
    when = args.today or today or dt.date.today()
    try:
        handbook = load_handbook(args.data)
    except HandbookError as error:
        print(error.message, file=sys.stderr)
        return 1
    sys.stdout.write(report(stale_entries(handbook, when), when))
    return 0


if __name__ == "__main__":
    sys.exit(main())
