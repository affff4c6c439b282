"""Each checklist as a Word file (.docx), written from the same records as its page."""
from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .checklists import duration
from .records import BuildInfo, Checklist, ChecklistItem

TICK_BOX = "\u2610"
SIGN_OFF_ROLES = ("Completed by", "Checked by", "Client contact")
SIGN_OFF_COLUMNS = ("Role", "Name", "Date", "Signature")
AUTHOR = "The MSP Playbook contributors"
# The paragraph styles the file uses, looked up once per document (see _paragraph).
PARAGRAPH_STYLES = ("Title", "Heading 1", "Heading 2", "List Paragraph")
StyleIds = dict[str, str | None]


@functools.cache
def _style_ids(names: tuple[str, ...] = PARAGRAPH_STYLES) -> StyleIds:
    """Each named paragraph style's id, as python-docx resolves a style's name in a new Document().

    Every Word file the handbook writes starts from Document(), python-docx's own default
    template, so the ids are the same for each: looked up once per process (each lookup scans
    every style for the default one, 14 ms a document).
    """
    styles = Document().styles
    return {name: styles.get_style_id(styles[name], WD_STYLE_TYPE.PARAGRAPH) for name in names}


def _paragraph(document: WordDocument, style_ids: StyleIds, style: str, text: str = "") -> Paragraph:
    """document.add_paragraph(text, style) with the style id looked up once per document.

    Setting a style by name (or object) makes python-docx search the styles part for the
    name and then scan every style for the default one, for each paragraph: about a fifth of
    the post-build step's CPU. The paragraph gets the same <w:pStyle> as Paragraph.style writes.
    """
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_ids[style]  # noqa: SLF001 (what Paragraph.style sets, after its lookup)
    return paragraph


def _heading(document: WordDocument, style_ids: StyleIds, text: str, level: int) -> Paragraph:
    """document.add_heading(text, level), with the style id looked up once per document."""
    return _paragraph(document, style_ids, "Title" if level == 0 else f"Heading {level}", text)


def chapter_url(site_url: str, link: str) -> str:
    """Published address of a chapter named by an item's `link` (docs path, maybe #anchor)."""
    path, _, anchor = link.partition("#")
    page = path.removesuffix(".md").removesuffix("index").rstrip("/")
    address = f"{site_url.rstrip('/')}/{page}/" if page else f"{site_url.rstrip('/')}/"
    return f"{address}#{anchor}" if anchor else address


def _facts(document: WordDocument, checklist: Checklist, build: BuildInfo, page_url: str) -> None:
    """The lines under the title: who, when, phases, time, version and where it lives online."""
    facts = [("For", checklist.audience), ("When", checklist.when),
             ("Phases", ", ".join(phase.title for phase in checklist.phases))]
    if checklist.minutes:
        facts.append(("Time", f"About {duration(checklist.minutes)} of work in all"))
    facts += [("Version", f"{checklist.version} (build {build.commit}), "
                          f"{len(checklist.items)} items"),
              ("Online", page_url)]
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    run_line = document.add_paragraph()
    run_line.add_run("Client: ").bold = True
    run_line.add_run("______________________   ")
    run_line.add_run("Run by: ").bold = True
    run_line.add_run("______________________")


def _item(document: WordDocument, style_ids: StyleIds, item: ChecklistItem, site_url: str,
          control_display: Callable[[str], str] | None = None) -> None:
    """One item: a tick box with the task, then owner and time, detail, controls and client note."""
    task = _paragraph(document, style_ids, "List Paragraph")
    task.add_run(f"{TICK_BOX} ")
    task.add_run(item.text).bold = True
    meta = f"Owner: {item.owner}"
    if item.minutes:
        meta += f" \u00b7 About {duration(item.minutes)}"
    lines = [(None, meta)]
    if item.detail:
        lines.append((None, item.detail))
    if item.link:
        lines.append(("Read more: ", chapter_url(site_url, item.link)))
    if item.controls and control_display:
        lines.append(("Helps meet: ", ", ".join(control_display(key) for key in item.controls)))
    if item.client_note:
        lines.append(("Tell the client: ", item.client_note))
    paragraph = _paragraph(document, style_ids, "List Paragraph")
    paragraph.paragraph_format.left_indent = Pt(22)
    for number, (label, text) in enumerate(lines):
        if number:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        if label:
            paragraph.add_run(label).italic = True
        run = paragraph.add_run(text)
        run.font.size = Pt(9.5)


def _sign_off(document: WordDocument, style_ids: StyleIds) -> None:
    """A table with a row per person who signs the finished checklist."""
    _heading(document, style_ids, "Sign-off", 1)
    table = document.add_table(rows=1 + len(SIGN_OFF_ROLES), cols=len(SIGN_OFF_COLUMNS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, SIGN_OFF_COLUMNS):
        cell.paragraphs[0].add_run(title).bold = True
    for row, role in zip(table.rows[1:], SIGN_OFF_ROLES):
        row.cells[0].text = role


def checklist_document(checklist: Checklist, build: BuildInfo, page_url: str,
                       control_display: Callable[[str], str] | None = None) -> WordDocument:
    """The checklist as a Word document: facts, phases, sections, items and sign-off.

    With `control_display` (Handbook.control_display), each item lists the controls it helps meet.
    """
    document = Document()
    properties = document.core_properties
    # Fixed dates and revision: the same checklist gives the same document properties.
    stamp = dt.datetime.combine(checklist.updated, dt.time(), tzinfo=dt.timezone.utc)
    properties.title = checklist.title
    properties.subject = f"Checklist, version {checklist.version}"
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.keywords = "checklist, MSP Playbook"
    properties.comments = page_url
    properties.created = stamp
    properties.modified = stamp
    properties.revision = 1
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = f"{checklist.title}, version {checklist.version} \u00b7 {page_url}"
    style_ids = _style_ids()
    _heading(document, style_ids, checklist.title, 0)
    _facts(document, checklist, build, page_url)
    for phase in checklist.phases:
        _heading(document, style_ids, phase.title, 1)
        if phase.minutes:
            document.add_paragraph().add_run(
                f"About {duration(phase.minutes)} of work in this phase").italic = True
        for section in phase.sections:
            _heading(document, style_ids, section.title, 2)
            for item in section.items:
                _item(document, style_ids, item, build.site_url, control_display)
    _sign_off(document, style_ids)
    return document


def checklist_docx(checklist: Checklist, build: BuildInfo, page_url: str,
                   control_display: Callable[[str], str] | None = None) -> bytes:
    """The checklist's Word file as bytes, ready to be written into the site."""
    buffer = io.BytesIO()
    checklist_document(checklist, build, page_url, control_display).save(buffer)
    return buffer.getvalue()
