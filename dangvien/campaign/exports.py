"""Exports of the campaign: rows first, one renderer for the workbook (report to the province)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import xlsxwriter
from django.utils import timezone

from dangvien.campaign.models import Difficulty

DIFFICULTY_HEADER = (
    "STT",
    "Tổ chức đảng",
    "Tiêu đề",
    "Nội dung khó khăn, vướng mắc",
    "Lỗi kỹ thuật",
    "Người nêu",
    "Ngày nêu",
    "Người được giao",
    "Trạng thái",
    "Trả lời, hướng xử lý",
    "Ngày trả lời",
    "Ngày đóng",
)
_WIDTHS = (5, 24, 30, 50, 8, 20, 11, 20, 12, 50, 11, 11)


def _day(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def difficulty_rows(difficulties: Iterable[Difficulty]) -> Iterator[list[Any]]:
    for number, item in enumerate(difficulties, start=1):
        yield [
            number,
            item.org.name,
            item.title,
            item.body,
            "x" if item.technical else "",
            item.raised_by.display_name(),
            _day(item.raised_at),
            item.assigned_to.display_name() if item.assigned_to else "",
            item.get_state_display(),
            item.answer,
            _day(item.answered_at),
            _day(item.closed_at),
        ]


def xlsx_table(
    *,
    title: str,
    subtitle: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = _WIDTHS,
) -> bytes:
    """A one-sheet workbook: a title, a subtitle, a bold header and the rows, text wrapped."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Tổng hợp")
    bold = book.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 13})
    head = book.add_format(
        {
            "bold": True,
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
            "font_name": "Times New Roman",
            "bg_color": "#EEEEEE",
        }
    )
    cell = book.add_format(
        {"border": 1, "text_wrap": True, "valign": "top", "font_name": "Times New Roman"}
    )
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, subtitle)
    for column, text in enumerate(header):
        sheet.write(3, column, text, head)
        sheet.set_column(column, column, widths[column] if column < len(widths) else 15)
    row_index = 4
    for row_index, row in enumerate(rows, start=4):
        for column, value in enumerate(row):
            sheet.write(row_index, column, value, cell)
    sheet.freeze_panes(4, 0)
    sheet.autofilter(3, 0, max(row_index, 4), len(header) - 1)
    book.close()
    return buffer.getvalue()
