"""`python -m playbook.freshness`: list data entries nobody has verified in the last twelve months."""
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

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclasses.dataclass(frozen=True)
class StaleEntry:
    """One data entry whose `last_verified` date is older than the cut-off."""

    subject: str
    id: str
    name: str
    last_verified: dt.date


def year_before(today: dt.date) -> dt.date:
    """The same calendar day one year earlier (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def stale_entries(handbook: Handbook, today: dt.date) -> list[StaleEntry]:
    """Entries of every subject that records `last_verified`, checked before the cut-off.

    Subjects are found by the field rather than named, so vendors, channel programs and
    any later subject with the same field are all covered without changes here.
    """
    cutoff = year_before(today)
    found = []
    for field in dataclasses.fields(handbook):
        records = getattr(handbook, field.name)
        if not isinstance(records, tuple):
            continue
        for record in records:
            verified = getattr(record, "last_verified", None)
            if isinstance(verified, dt.date) and verified < cutoff:
                found.append(StaleEntry(field.name, record.id, getattr(record, "name", record.id), verified))
    return sorted(found, key=lambda e: (e.last_verified, e.subject, e.id))


def report(entries: Sequence[StaleEntry], today: dt.date) -> str:
    """Plain-text report for the terminal: one line per stale entry, oldest first."""
    cutoff = year_before(today)
    if not entries:
        return f"All entries were verified on or after {cutoff.isoformat()}. Nothing to review.\n"
    lines = [f"{len(entries)} entries not verified since {cutoff.isoformat()} (today is {today.isoformat()}):"]
    lines += [f"  data/{e.subject}.yml  {e.id}  ({e.name})  last verified {e.last_verified.isoformat()}, "
              f"{(today - e.last_verified).days} days ago" for e in entries]
    lines.append("Check each one against the vendor's site, fix what changed and set last_verified to today.")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None, today: dt.date | None = None) -> int:
    """Print the report; exit 0 even when entries are stale (it is a reminder, not a gate)."""
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
