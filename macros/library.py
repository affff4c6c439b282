"""The clause and template library on pages: clauses by agreement, templates, the index and downloads."""
from __future__ import annotations

import re

from .channel import reader_date
from .checklists import file_href
from .errors import MacroArgumentError
from .records import Clause, Handbook, LibraryTemplate
from .rendering import TrustedMarkdown, render_download, render_template

# The agreements a clause belongs to, in the order the clauses page shows them.
AGREEMENTS = {
    "MSA": "Master services agreement (MSA)",
    "SOW": "Statement of work (SOW)",
    "SLA": "Service-level agreement (SLA)",
    "Vendor": "Vendor and distributor agreements",
}
CLAUSES_PAGE = "business/clauses.md"
# Agreements whose clauses a chapter other than the clauses page shows, with that chapter.
AGREEMENT_PAGES = {"Vendor": "vendors/negotiation.md"}
TEMPLATES_PAGE = "business/templates.md"
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

Entry = Clause | LibraryTemplate


def slug(value: object) -> TrustedMarkdown:
    """An entry id for an attribute list ({: #id }): printed as it is, because it can only be a slug."""
    text = str(value)
    if not _SLUG.fullmatch(text):
        raise ValueError(f"{text!r} is not a slug of lowercase letters, digits and hyphens")
    return TrustedMarkdown(text)


def library_file(entry: Entry, suffix: str) -> str:
    """Path in the site of an entry's download (the post-build step writes it): library/<id>.<suffix>."""
    return "library/" + entry.id + "." + suffix


def entry_page(entry: Entry) -> str:
    """The docs/ page, with anchor, that shows an entry."""
    if isinstance(entry, Clause):
        return AGREEMENT_PAGES.get(entry.agreement, CLAUSES_PAGE) + "#" + entry.id
    return TEMPLATES_PAGE + "#" + entry.id


def counterparty(clause: Clause) -> str:
    """Who pushes back on a clause: the vendor for the MSP's own supply agreements, else the client."""
    return "vendors" if clause.agreement == "Vendor" else "clients"


def entry_url(handbook: Handbook, entry: Entry) -> str:
    """Published address of the entry on its page, printed in its downloads."""
    page = entry_page(entry).partition("#")[0].removesuffix(".md")
    return handbook.build.site_url.rstrip("/") + "/" + page + "/#" + entry.id


def kind_of(entry: Entry) -> str:
    """What an entry is, in words for the index: "Clause (MSA)" or the template's kind."""
    return "Clause (" + entry.agreement + ")" if isinstance(entry, Clause) else entry.kind


def downloads(handbook: Handbook, entry: Entry) -> TrustedMarkdown:
    """Raw HTML links to the entry's Word and Markdown files, their href set again after the build."""
    html = render_template(
        "library_downloads.html.j2", entry=entry,
        docx_file=library_file(entry, "docx"), md_file=library_file(entry, "md"),
        docx_href=file_href(handbook, library_file(entry, "docx")),
        md_href=file_href(handbook, library_file(entry, "md")))
    return TrustedMarkdown(str(html).strip())


def _dated(entry: Entry) -> list[tuple[object, str]]:
    """The entry's sources, each with the day it was read as readers read dates."""
    return [(source, reader_date(source.read)) for source in entry.sources]


def clause_list(handbook: Handbook, agreement: str) -> str:
    """Every clause of one agreement (MSA, SOW, SLA or Vendor): purpose, wording, options, pushback, downloads."""
    if agreement not in AGREEMENTS:
        raise MacroArgumentError(
            f"clause_list({agreement!r}): not an agreement of the library; expected one of: "
            + ", ".join(f'"{name}"' for name in AGREEMENTS))
    clauses = [(clause, downloads(handbook, clause), _dated(clause))
               for clause in handbook.clauses if clause.agreement == agreement]
    return render_template("clause_list.md.j2", clauses=clauses, slug=slug, counterparty=counterparty)


def template_list(handbook: Handbook, only: str | None = None) -> str:
    """Every template of the library in full with its downloads, or `only` the one with that id.

    A single template sits inside a chapter's section, so its title is a third-level heading.
    """
    chosen = [t for t in handbook.library_templates if only is None or t.id == only]
    if not chosen:
        raise MacroArgumentError(
            f"template_list(only={only!r}): no template has this id; expected one of: "
            + ", ".join(f'"{t.id}"' for t in handbook.library_templates) + " (the ids in data/library_templates.yml)")
    templates = [(template, downloads(handbook, template), _dated(template)) for template in chosen]
    level = TrustedMarkdown("##" if only is None else "###")
    return render_template("template_list.md.j2", templates=templates, slug=slug, level=level,
                           sublevel=TrustedMarkdown(level + "#"))


def library_index(handbook: Handbook) -> str:
    """Markdown table of every clause and template: what it is, its purpose, its page and downloads."""
    entries: list[Entry] = [*sorted(handbook.clauses, key=lambda c: list(AGREEMENTS).index(c.agreement)),
                            *handbook.library_templates]
    rows = [(entry, kind_of(entry), entry_page(entry), downloads(handbook, entry)) for entry in entries]
    return render_template("library_index.md.j2", rows=rows)


def entry_markdown(handbook: Handbook, entry: Entry) -> str:
    """The entry as a Markdown file to download and edit, written from the same records as its page."""
    template = "clause_file.md.j2" if isinstance(entry, Clause) else "template_file.md.j2"
    return render_download(template, entry=entry, url=entry_url(handbook, entry), sources=_dated(entry),
                           agreement=AGREEMENTS.get(getattr(entry, "agreement", ""), ""),
                           counterparty=counterparty(entry) if isinstance(entry, Clause) else "")
