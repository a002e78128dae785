"""The self-inspection checklist as an Excel workbook (xlsx), one per language.

xlsx, not CSV: Excel opens a CSV in the system's code page and garbles UTF-8 Japanese unless the
file carries a byte-order mark, and a CSV can neither keep column widths nor repeat the header
row on each printed page. The workbook is written with openpyxl and made byte-identical for one
commit: its document dates are the edition's date, and every part of the archive carries that
date instead of the clock's.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from .build_cache import MEMO, digest
from .duties_register import ChecklistRow, checklist_made_from, checklist_rows
from .manual import Manual
from .texts import text

# The row of the column headings; the rows above it say what the sheet is.
HEADER_ROW = 5
COLUMNS = ("checklist_number", "column_id", "column_title", "checklist_question", "checklist_yes", "checklist_no",
           "checklist_na", "checklist_note")
WIDTHS = (6, 9, 28, 70, 7, 7, 9, 30)
# What a yes / no / not-applicable cell accepts: a tick (or nothing).
TICK = "✓"
WRAPPED_STYLE = "Checklist"


def checklist_workbook(manual: Manual, language: str) -> bytes:
    """The workbook's bytes: title, edition and authority above, then one row per question (kept
    from one preview rebuild to the next while its content is the same)."""
    edition = manual.editions.latest
    stamp = (datetime.datetime.fromisoformat(edition.date) if edition else datetime.datetime(1980, 1, 1))
    made_from = checklist_made_from(manual, language)
    note = text(language, "checklist_translates" if language != manual.authoritative else "book_notice")
    rows = checklist_rows(manual, language)
    key = digest(language, stamp.isoformat(), made_from, note,
                 *(f"{row.number}\t{row.clause_id}\t{row.title}\t{row.question}" for row in rows))
    return MEMO.compute("checklist-workbook", key, lambda: _workbook(language, stamp, made_from, note, rows))


def _workbook(language: str, stamp: datetime.datetime, made_from: str, note: str, rows: list[ChecklistRow]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = text(language, "book_title")
    workbook.properties.title = text(language, "checklist_title")
    workbook.properties.language = language
    sheet = workbook.active
    sheet.title = text(language, "checklist_sheet")

    colon = "：" if language == "ja" else ": "
    sheet["A1"] = f"{text(language, 'book_title')}{colon}{text(language, 'checklist_title')}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = made_from
    sheet["A3"] = note
    for column, (key, width) in enumerate(zip(COLUMNS, WIDTHS), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=text(language, key))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(column)].width = width
    # One named style for every question cell: assigning an alignment to each cell made openpyxl
    # compare it with the workbook's alignments every time (half the workbook's time at 20,000 rows).
    workbook.add_named_style(NamedStyle(name=WRAPPED_STYLE, alignment=Alignment(wrap_text=True, vertical="top")))
    for offset, row in enumerate(rows, start=1):
        values = (row.number, row.clause_id, row.title, row.question, None, None, None, None)
        for column, value in enumerate(values, start=1):
            sheet.cell(row=HEADER_ROW + offset, column=column, value=value).style = WRAPPED_STYLE
    if rows:
        last = HEADER_ROW + len(rows)
        ticks = DataValidation(type="list", formula1=f'"{TICK}"', allow_blank=True)
        sheet.add_data_validation(ticks)
        ticks.add(f"E{HEADER_ROW + 1}:G{last}")
    # On screen the headings stay in view; on paper they head every page, which is landscape A4.
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return _dated(buffer.getvalue(), stamp)


def _dated(archive_bytes: bytes, stamp: datetime.datetime) -> bytes:
    """The same archive with every part dated ``stamp`` (zipfile dates parts with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, (stamp.year, stamp.month, stamp.day, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
