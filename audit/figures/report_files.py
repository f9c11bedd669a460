"""The survey summary as downloadable files: CSV (UTF-8 with BOM, so Excel reads it) and .xlsx.

Both are written from the same ``sections``: a heading, a header row and rows.
The CSV puts the sections one below another; the workbook gives each its sheet.
Cells that start with ``= + - @`` are prefixed with ``'`` so no spreadsheet
evaluates them as formulas (a user or model name comes from outside).

Example:
    >>> data = summary_csv(summary)
    >>> data[:3] == codecs.BOM_UTF8
    True
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from audit.figures.reports import SurveySummary

__all__ = ["Section", "sections", "summary_csv", "summary_xlsx"]

Cell = str | int | float


@dataclass(frozen=True)
class Section:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def _trains(value: bool | None) -> str:
    return "-" if value is None else ("あり" if value else "なし")


def sections(summary: SurveySummary) -> list[Section]:
    """The report's tables, in the order the survey asks."""
    period = f"{summary.period.first:%Y-%m-%d}〜{summary.period.last:%Y-%m-%d}"
    return [
        Section("概要", ("項目", "値"), [
            ("対象期間", period),
            ("導入状況", summary.status),
            ("利用件数", summary.requests),
            ("うち回答済み件数", summary.completed),
            ("利用者数", summary.users),
            ("利用部署数", summary.departments),
            ("推計削減時間（時間）", round(summary.hours_saved, 1)),
        ]),
        Section("利用目的別", ("区分", "利用件数", "推計削減時間（時間）"), [
            (row.category, row.requests, round(row.hours_saved, 1)) for row in summary.categories
        ]),
        Section("モデル別", ("モデルID", "名称", "ネットワーク区分", "カスタマイズ", "入力の学習", "利用件数", "トークン数"), [
            (row.model, row.label, row.zone, row.customization, _trains(row.trains_on_input), row.requests, row.tokens)
            for row in summary.models
        ]),
        Section("月別", ("月", "利用件数", "利用者数", "利用部署数", "推計削減時間（時間）"), [
            (row.month, row.requests, row.users, row.departments, round(row.hours_saved, 1)) for row in summary.months
        ]),
    ]


def _safe(value: Cell) -> Cell:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and value != "-":
        return "'" + value
    return value


def summary_csv(summary: SurveySummary) -> bytes:
    """The report as CSV, UTF-8 with a BOM, sections separated by a blank line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([summary.title])
    for section in sections(summary):
        writer.writerow([])
        writer.writerow([f"■{section.title}"])
        writer.writerow(section.header)
        writer.writerows([_safe(cell) for cell in row] for row in section.rows)
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def summary_xlsx(summary: SurveySummary) -> bytes:
    """The report as an Excel workbook, one sheet per section, numbers with 3-digit separators."""
    # Imported here: openpyxl holds about 22 MB, and only an Excel download needs it, not every worker.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for section in sections(summary):
        sheet = book.create_sheet(section.title)
        sheet.append([summary.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(list(section.header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F0")
        for row in section.rows:
            sheet.append([_safe(cell) for cell in row])
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, int | float):
                    cell.number_format = "#,##0.0" if isinstance(cell.value, float) else "#,##0"
                    cell.alignment = Alignment(horizontal="right")
        for index, _ in enumerate(section.header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
