"""`make sources`: the handbook's footnotes by kind of source, and the claims still resting on a secondary one.

A footnote is primary when its address belongs to the publisher of what it supports: a standards
body, regulator, legislature, court or filing system (PUBLISHERS below), or a vendor or program
whose own site the data lists (data/vendors.yml and data/programs.yml `website`).
Everything else (trade press, blogs, aggregators, mirrors) is secondary. A report, never a gate:
it exits 0 once the pages and data are read.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .project import load_project

# Publishers, regulators, legislatures, courts and filing systems whose pages are primary sources.
PUBLISHERS = (
    "cisecurity.org", "nist.gov", "cyber.gov.au", "asd.gov.au", "ncsc.gov.uk", "iasme.co.uk", "cisa.gov",
    "nsa.gov", "fbi.gov", "ic3.gov", "learn.microsoft.com", "microsoft.com", "docs.azure.cn", "legislation.gov.uk", "gov.uk",
    "europa.eu", "sec.gov", "fedcourt.gov.au", "courtlistener.com", "ftc.gov", "hhs.gov", "ico.org.uk",
    "pcisecuritystandards.org", "iso.org", "gdpr-info.eu", "iasme.atlassian.net", "apple.com",
    # Publishers cited for their own surveys and research (the footnote names the report).
    "scalepad.com", "service-leadership.com", "galacticadvisors.com", "coalitioninc.com", "metricnet.com",
    # US regulations as published (eCFR, GovInfo, the Federal Register), the SOC 2 publisher, and
    # the Consortium for Service Innovation, which publishes KCS.
    "ecfr.gov", "govinfo.gov", "federalregister.gov", "aicpa.org", "aicpa-cima.com",
    "library.serviceinnovation.org", "nysenate.gov",
    # Official labour statistics and regulators, and the UK Parliament (chapters on hiring and pay).
    "bls.gov", "dol.gov", "ons.gov.uk", "parliament.uk", "acas.org.uk",
    # Vendors' own help centres on a host other than the website the data lists (Huntress, Backblaze,
    # TD SYNNEX StreamOne Ion, Ingram Micro Cloud).
    "support.huntress.io", "help.backblaze.com", "stream1.freshdesk.com", "ingrammicro-assist.freshdesk.com",
    "servicedesk.cloud.im",
    # The insurers' trade body, cited for what insurers ask on cyber insurance applications.
    "abi.org.uk",
)
# Publishers whose pages live on a shared host: the address must start with one of these.
PUBLISHER_PREFIXES = ("https://github.com/MicrosoftDocs/", "https://github.com/cisagov/", "https://github.com/usnistgov/",
                      "https://github.com/AustralianCyberSecurityCentre/", "https://github.com/Azure/",
                      "https://github.com/CISecurity/", "https://raw.githubusercontent.com/CISecurity/",
                      # CIPP's own repositories (data/vendors.yml, id cipp), where its documentation lives.
                      "https://github.com/KelvinTegelaar/CIPP/", "https://github.com/CyberDrain/CIPP")
_FOOTNOTE = re.compile(r"^\[\^(?P<name>[^\]]+)\]:\s*(?P<text>.*)$")
_URL = re.compile(r"https?://[^\s)>\]]+")


@dataclass(frozen=True)
class Footnote:
    """One footnote definition: where it is, its name and the host of its first address."""

    file: str
    line: int
    name: str
    host: str
    url: str


def host_of(url: str) -> str:
    """The address's host without "www." and a trailing dot."""
    return (urlsplit(url).hostname or "").removeprefix("www.").rstrip(".")


def footnotes(docs: Path) -> list[Footnote]:
    """Every footnote definition with an address in the pages under `docs`, in file order."""
    found = []
    for page in sorted(docs.rglob("*.md")):
        for number, text in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            match = _FOOTNOTE.match(text)
            url = _URL.search(match["text"]) if match else None
            if match and url:
                found.append(Footnote(page.relative_to(docs.parent).as_posix(), number, match["name"],
                                      host_of(url[0]), url[0]))
    return found


def own_sites(root: Path) -> frozenset[str]:
    """Hosts of the vendors' and programs' own sites, as the data lists them."""
    import yaml

    hosts = set()
    for name in ("vendors.yml", "programs.yml"):
        path = root / "data" / name
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
        for entry in entries or []:
            if entry.get("website"):
                hosts.add(host_of(entry["website"]))
    return frozenset(hosts)


def own_repositories(root: Path) -> tuple[str, ...]:
    """The code repositories of the open-source projects data/lean_stack.yml lists: each project's own pages."""
    import yaml

    path = root / "data" / "lean_stack.yml"
    jobs = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    repositories = set()
    for job in jobs or []:
        for source in (job.get("lean") or {}).get("sources") or []:
            parts = urlsplit(str(source.get("url", ""))).path.strip("/").split("/")
            if host_of(str(source.get("url", ""))) == "github.com" and len(parts) >= 2:
                repositories.add(f"https://github.com/{parts[0]}/{parts[1]}")
    return tuple(sorted(repositories))


def is_primary(url: str, vendors: frozenset[str], repositories: tuple[str, ...] = ()) -> bool:
    """Whether an address is a publisher's, a listed vendor's or a listed project's own (a subdomain counts as its parent)."""
    host = host_of(url)
    return url.startswith(PUBLISHER_PREFIXES) or any(
        url == repository or url.startswith(repository + "/") for repository in repositories) or any(
        host == known or host.endswith("." + known) for known in (*PUBLISHERS, *vendors))


def report(root: Path) -> str:
    """The report: counts by kind, the share that is primary, and each footnote resting on a secondary source."""
    project = load_project(root)
    notes = footnotes(project.docs_dir)
    vendors, repositories = own_sites(root), own_repositories(root)
    secondary = [note for note in notes if not is_primary(note.url, vendors, repositories)]
    primary = len(notes) - len(secondary)
    share = 100 * primary / len(notes) if notes else 0.0
    lines = [f"{len(notes)} footnotes with an address: {primary} primary ({share:.0f} %), "
             f"{len(secondary)} secondary.", "", "Secondary sources by host:"]
    lines += [f"  {count:3d}  {host}" for host, count in Counter(note.host for note in secondary).most_common()]
    lines += ["", "Footnotes resting on a secondary source (replace with the publisher's page where one exists):"]
    lines += [f"{note.file}:{note.line}: [^{note.name}] {note.host}" for note in secondary]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the report; always 0."""
    parser = argparse.ArgumentParser(prog="python -m playbook.sources", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    args = parser.parse_args(argv)
    print(report(args.root.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
