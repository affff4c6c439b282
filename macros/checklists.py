"""Checklists on a page: the interactive, printable sheet and the index of all checklists."""
from __future__ import annotations

from dataclasses import replace
from functools import partial

from markupsafe import Markup

from .errors import MacroArgumentError
from .records import Checklist, ChecklistItem, ChecklistPhase, Handbook
from .rendering import escape_markdown, render_template


def markdown_text(text: object) -> Markup:
    """Data text for a region of the sheet that Markdown processes (md_in_html), made inert."""
    # escape_markdown turns &, < and > into entities and backslash-escapes the rest of the
    # punctuation, so it is already safe HTML; Markup stops autoescape doubling the entities.
    return Markup(escape_markdown(text))


def css_string(text: object) -> Markup:
    """Text as a quoted CSS string: everything but letters, digits and spaces hex-escaped."""
    # The space after each escape ends it and is swallowed by CSS, so real spaces survive.
    escaped = "".join(char if char.isascii() and (char.isalnum() or char == " ")
                      else f"\\{ord(char):x} " for char in str(text))
    return Markup(f'"{escaped}"')


def page_url(handbook: Handbook, checklist: Checklist) -> str:
    """Public address of the checklist's own page (stamped on paper), or its site path."""
    return f"{handbook.build.site_url.rstrip('/')}/checklists/{checklist.id}/"


def file_href(handbook: Handbook, name: str) -> str:
    """Link from a checklist's page to a file made after the build, such as pdf/<id>.pdf.

    The page is checklists/<id>/index.html online and checklists/<id>.html in the offline build.
    """
    # Relative, so it works under any path and from file:// (make offline); raw HTML, not a
    # Markdown link: the file does not exist while MkDocs checks links (make pdf writes it).
    return ("../../" if handbook.build.directory_urls else "../") + name


def duration(minutes: int) -> str:
    """A time estimate in words a reader scans: "45 min", "2 h", "1 h 30 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def item_controls(handbook: Handbook, item: ChecklistItem) -> list[str]:
    """The controls an item helps meet as a reader sees them, such as ["CIS 6.3", "SCuBA MS.AAD.3.2v2"]."""
    return [handbook.control_display(key) for key in item.controls]


def docx_path(checklist: Checklist) -> str:
    """Path in the site of the checklist's Word file (the post-build step writes it)."""
    return f"checklists/{checklist.id}.docx"


def _known(handbook: Handbook, checklist_id: object) -> Checklist:
    """The checklist named by a macro argument, or a MacroArgumentError listing the known IDs."""
    found = handbook.checklist(checklist_id) if isinstance(checklist_id, str) else None
    if found is None:
        known = ", ".join(f'"{c.id}"' for c in handbook.checklists)
        raise MacroArgumentError(
            f"checklist({checklist_id!r}): no checklist has this id; expected one of: {known} "
            "(the file names in data/checklists/)")
    return found


# The ids a sheet gives its own parts, after its "cl-<checklist>-" prefix (checklist.html.j2),
# and those checklists.js gives each item's record form ("<item>-by", "-at", "-note").
_SHEET_IDS = ("changes", "client", "import", "run", "run-by", "run-name", "started", "stamp")
_ITEM_ID_SUFFIXES = ("", "-detail", "-by", "-at", "-note")


class SheetView:
    """A checklist as its sheet shows it: the same record, but with the phases given (section ids
    made unique); every other attribute, the version above all, is the record's own."""

    def __init__(self, checklist: Checklist, phases: tuple[ChecklistPhase, ...]) -> None:
        self._checklist = checklist
        self.phases = phases

    def __getattr__(self, name: str) -> object:
        return getattr(self._checklist, name)


def with_unique_section_ids(checklist: Checklist) -> SheetView:
    """The checklist with each section id that would repeat another id of its sheet prefixed "section-".

    A section's heading is "cl-<checklist>-<section>", in the same namespace as the items' boxes
    and the run controls: the channel-program checklist has a section and an item both called
    "portal", the tabletop exercise a section called "run" like the run list. Only such sections
    change; every other heading keeps its anchor, and the version (a hash of the data's ids) is
    the record's, as on the PDF and the Word file.
    """
    taken = set(_SHEET_IDS)
    taken.update(f"phase-{phase.id}" for phase in checklist.phases)
    taken.update(item.id + suffix for item in checklist.items for suffix in _ITEM_ID_SUFFIXES)
    phases = []
    for phase in checklist.phases:
        sections = []
        for section in phase.sections:
            unique = section.id
            while unique in taken:
                unique = "section-" + unique
            taken.add(unique)
            sections.append(section if unique == section.id else replace(section, id=unique))
        phases.append(replace(phase, sections=tuple(sections)))
    return SheetView(checklist, tuple(phases))


def checklist(handbook: Handbook, checklist_id: str) -> str:
    """One checklist as a tickable, printable sheet with its version and change log."""
    item = _known(handbook, checklist_id)
    return render_template(
        "checklist.html.j2", checklist=with_unique_section_ids(item), build=handbook.build, md=markdown_text,
        css_string=css_string, page_url=page_url(handbook, item), duration=duration,
        item_controls=partial(item_controls, handbook),
        pdf_href=file_href(handbook, f"pdf/{item.id}.pdf"), docx_href=file_href(handbook, docx_path(item)))


def print_stamps(handbook: Handbook) -> dict[str, Markup]:
    """Each checklist's paper stamp, a <style> element for the <head> of its page, by checklist id."""
    return {item.id: Markup(render_template("checklist_stamp.html.j2", checklist=item, css_string=css_string,
                                            page_url=page_url(handbook, item)).strip())
            for item in handbook.checklists}


def checklist_index(handbook: Handbook) -> str:
    """Markdown table of every checklist: title (linking to its page), audience, when to use it."""
    return render_template("checklist_index.md.j2", checklists=handbook.checklists)

