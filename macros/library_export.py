"""Each entry of the clause and template library as a Word file (.docx), from the same records as its page."""
from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as WordDocument

from .channel import reader_date
from .docx_export import AUTHOR, StyleIds, _heading, _paragraph, _style_ids
from .library import AGREEMENTS, counterparty
from .records import Clause, LibraryTemplate, Source

# Fixed document dates: the same entry always gives the same file.
STAMP = dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc)
# The paragraph styles an entry's file uses, looked up once per document (docx_export._paragraph).
PARAGRAPH_STYLES = ("Title", "Heading 1", "List Bullet")


def _start(title: str, subject: str, url: str) -> tuple[WordDocument, StyleIds]:
    """A new document with its properties, footer and title; its paragraph styles' ids."""
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.keywords = "MSP Playbook, library"
    properties.comments = url
    properties.created = STAMP
    properties.modified = STAMP
    properties.revision = 1
    document.sections[0].footer.paragraphs[0].text = title + " \u00b7 " + url
    style_ids = _style_ids(PARAGRAPH_STYLES)
    _heading(document, style_ids, title, 0)
    return document, style_ids


def _labelled(document: WordDocument, label: str, text: str) -> None:
    """A paragraph starting with a bold label."""
    paragraph = document.add_paragraph()
    paragraph.add_run(label + ": ").bold = True
    paragraph.add_run(text)


def _bullets(document: WordDocument, style_ids: StyleIds, heading: str, points: tuple[str, ...],
             note: str | None = None) -> None:
    """A heading, an optional italic note and a bulleted list."""
    _heading(document, style_ids, heading, 1)
    if note:
        document.add_paragraph().add_run(note).italic = True
    for point in points:
        _paragraph(document, style_ids, "List Bullet", point)


def _background(document: WordDocument, style_ids: StyleIds, background: str | None,
                sources: tuple[Source, ...]) -> None:
    """The entry's sourced facts, each source with its address and the day it was read."""
    if not background:
        return
    _heading(document, style_ids, "Background", 1)
    document.add_paragraph(background)
    for source in sources:
        _paragraph(document, style_ids, "List Bullet",
                   source.title + ", " + source.url + ", read " + reader_date(source.read))


def clause_document(clause: Clause, url: str) -> WordDocument:
    """A clause as a Word document: notice, purpose, wording, options, pushback and background."""
    document, style_ids = _start(clause.title, "Sample clause, " + AGREEMENTS[clause.agreement], url)
    _labelled(document, "Agreement", AGREEMENTS[clause.agreement])
    _labelled(document, "Notice", clause.notice)
    _labelled(document, "Purpose", clause.purpose)
    _labelled(document, "Online", url)
    _heading(document, style_ids, "Sample wording", 1)
    for paragraph in clause.wording:
        document.add_paragraph(paragraph)
    _bullets(document, style_ids, "Options MSPs choose between", clause.options, "The contributors' experience, an opinion.")
    _bullets(document, style_ids, "What " + counterparty(clause) + " push back on", clause.pushback, "The contributors' experience, an opinion.")
    _background(document, style_ids, clause.background, clause.sources)
    return document


def template_document(template: LibraryTemplate, url: str) -> WordDocument:
    """A template as a Word document: notice, purpose, then each section's text, points and table."""
    document, style_ids = _start(template.title, template.kind, url)
    _labelled(document, "Notice", template.notice)
    _labelled(document, "Purpose", template.purpose)
    _labelled(document, "Online", url)
    for section in template.sections:
        _heading(document, style_ids, section.heading, 1)
        for paragraph in section.text:
            document.add_paragraph(paragraph)
        for item in section.items:
            _paragraph(document, style_ids, "List Bullet", item)
        if section.table:
            table = document.add_table(rows=1 + len(section.table.rows), cols=len(section.table.columns))
            table.style = "Table Grid"
            for cell, column in zip(table.rows[0].cells, section.table.columns):
                cell.paragraphs[0].add_run(column).bold = True
            for row, cells in zip(table.rows[1:], section.table.rows):
                for cell, text in zip(row.cells, cells):
                    cell.text = text.strip()
    _background(document, style_ids, template.background, template.sources)
    return document


def entry_docx(entry: Clause | LibraryTemplate, url: str) -> bytes:
    """The entry's Word file as bytes, ready to be written into the site."""
    document = clause_document(entry, url) if isinstance(entry, Clause) else template_document(entry, url)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
