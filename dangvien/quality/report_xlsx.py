"""The workbook report: summary per organization, findings with filters, original rows coloured.

Sheets:
- "Tổng hợp": counts per organization (severity, dimension) and per rule;
- "Phát hiện": one finding per row, with filters;
- "Danh sách": the rows as read from the file, each faulty cell filled with the colour of its most
  serious finding. Comments carry the messages on at most `max_comments` cells, errors first: a
  workbook with hundreds of thousands of comments does not open in Excel.

Written with xlsxwriter's constant-memory mode (row by row), so a large list does not need the
whole workbook in memory. Excel stops at 1,048,576 rows per sheet; longer lists are cut there and
the summary says so.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from dangvien.quality.dictionary import MEMBER_FIELDS
from dangvien.quality.engine import CheckResult
from dangvien.quality.report_common import (
    PEOPLE_COLUMNS,
    SEVERITY_COLOURS,
    Source,
    people_rows,
    rule_counts,
    title,
    vn_day,
)
from dangvien.quality.rules.base import DIMENSIONS, SEVERITIES, SEVERITY_RANK
from dangvien.quality.table import raw_column

MAX_ROWS = 1_048_576
DEFAULT_MAX_COMMENTS = 1000
ROW_COLUMN = "Dòng"
SHEET_COLUMN = "Trang tính"
_LABELS = {spec.name: spec.label for spec in MEMBER_FIELDS}


def _columns(source: Source, table: pl.DataFrame) -> list[tuple[str, str | None, str | None]]:
    """(header, field, extra key) of each original column, in the order of the file."""
    columns: list[tuple[str, str | None, str | None]] = []
    seen: set[str] = set()
    for entry in source.mapping:
        header = str(entry.get("column") or "")
        field = entry.get("field")
        letter = entry.get("letter")
        key = header if field is None else None
        label = header or (str(field) if field else "")
        if label in seen:
            if field is None and letter:
                key = f"{header} [{letter}]"
                label = key
            else:
                continue
        seen.add(label)
        columns.append((label, str(field) if field else None, key))
    if columns:
        return columns
    present = [
        spec.name
        for spec in MEMBER_FIELDS
        if table.get_column(raw_column(spec.name)).null_count() < table.height
    ]
    return [(_LABELS[name], name, None) for name in present]


def _extras(table: pl.DataFrame) -> list[dict[str, Any]]:
    return [json.loads(text) if text else {} for text in table.get_column("_extra").to_list()]


def _cells(
    findings: pl.DataFrame, field_column: Mapping[str, int], row_column: int
) -> dict[int, dict[int, tuple[int, list[str]]]]:
    """record → column → (best severity rank, messages)."""
    cells: dict[int, dict[int, tuple[int, list[str]]]] = {}
    member = findings.filter(pl.col("record").is_not_null()).select(
        "record", "field", "severity", "message", "suggestion"
    )
    for record, name, severity, message, suggestion in member.iter_rows():
        column = field_column.get(name, row_column)
        rank = SEVERITY_RANK.get(severity, 2)
        text = f"[{SEVERITIES.get(severity, severity)}] {message}"
        if suggestion:
            text += f" Đề xuất: {suggestion}"
        by_column = cells.setdefault(record, {})
        best, messages = by_column.get(column, (3, []))
        messages.append(text)
        by_column[column] = (min(best, rank), messages)
    return cells


def _comment_quota(
    cells: Mapping[int, Mapping[int, tuple[int, list[str]]]], limit: int
) -> set[tuple[int, int]]:
    """The (record, column) cells that get a comment: most serious first, then list order."""
    ranked = sorted(
        (rank, record, column)
        for record, by_column in cells.items()
        for column, (rank, _) in by_column.items()
    )
    return {(record, column) for _, record, column in ranked[:limit]}


def _write_data(
    book: xlsxwriter.Workbook,
    result: CheckResult,
    source: Source,
    table: pl.DataFrame,
    max_comments: int,
) -> int:
    sheet = book.add_worksheet("Danh sách")
    columns = _columns(source, table)
    several_sheets = table.get_column("_sheet").n_unique() > 1
    head = ([SHEET_COLUMN] if several_sheets else []) + [ROW_COLUMN]
    offset = len(head)
    headers = head + [label for label, _, _ in columns]
    bold = book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True})
    fills = {
        rank: book.add_format({"bg_color": SEVERITY_COLOURS[severity]})
        for severity, rank in SEVERITY_RANK.items()
    }
    sheet.write_row(0, 0, headers, bold)
    sheet.freeze_panes(1, offset)
    field_column = {
        field: offset + index for index, (_, field, _) in enumerate(columns) if field is not None
    }
    row_column = offset - 1
    cells = _cells(result.findings, field_column, row_column)
    commented = _comment_quota(cells, max_comments)
    raws = [raw_column(field) if field else None for _, field, _ in columns]
    values = table.select(
        "_record",
        "_sheet",
        "_row",
        *(pl.col(name) for name in dict.fromkeys(name for name in raws if name)),
    )
    extras = _extras(table) if any(key for _, _, key in columns) else None
    limit = min(table.height, MAX_ROWS - 1)
    for index, row in enumerate(values.head(limit).iter_rows(named=True)):
        line = index + 1
        cells_of_row = [row["_sheet"]] if several_sheets else []
        cells_of_row.append(row["_row"])
        for position, (_, _, key) in enumerate(columns):
            name = raws[position]
            if name is not None:
                cells_of_row.append(row[name])
            elif extras is not None and key is not None:
                cells_of_row.append(extras[index].get(key))
            else:
                cells_of_row.append(None)
        sheet.write_row(line, 0, [value if value is not None else "" for value in cells_of_row])
        marked = cells.get(row["_record"])
        if not marked:
            continue
        for column, (rank, messages) in marked.items():
            value = cells_of_row[column]
            sheet.write(line, column, "" if value is None else value, fills[rank])
            if (row["_record"], column) in commented:
                sheet.write_comment(
                    line, column, "\n".join(messages), {"x_scale": 2.5, "y_scale": 2}
                )
    sheet.autofilter(0, 0, limit, len(headers) - 1)
    return limit


def _write_findings(book: xlsxwriter.Workbook, result: CheckResult) -> int:
    sheet = book.add_worksheet("Phát hiện")
    rows = people_rows(result.findings)
    headers = [header for _, header in PEOPLE_COLUMNS]
    bold = book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1})
    fills = {
        severity: book.add_format({"bg_color": colour})
        for severity, colour in SEVERITY_COLOURS.items()
    }
    sheet.write_row(0, 0, headers, bold)
    sheet.freeze_panes(1, 0)
    widths = (14, 7, 28, 20, 10, 12, 8, 30, 70, 24, 24, 14)
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    limit = min(rows.height, MAX_ROWS - 1)
    severity_index = [column for column, _ in PEOPLE_COLUMNS].index("severity_label")
    for index, row in enumerate(rows.head(limit).iter_rows(named=True)):
        values = [row[column] for column, _ in PEOPLE_COLUMNS]
        sheet.write_row(index + 1, 0, [value if value is not None else "" for value in values])
        sheet.write(index + 1, severity_index, values[severity_index], fills[row["severity"]])
    sheet.autofilter(0, 0, limit, len(headers) - 1)
    return limit


def _write_summary(
    book: xlsxwriter.Workbook,
    result: CheckResult,
    source: Source,
    data_rows: int,
    finding_rows: int,
) -> None:
    sheet = book.add_worksheet("Tổng hợp")
    bold = book.add_format({"bold": True})
    big = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True})
    summary = result.summary
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 15, 12)
    line = 0
    sheet.write(line, 0, title(source, result), big)
    line += 2
    facts = [
        ("Ngày kiểm tra", vn_day(result.as_of)),
        ("Số đảng viên (bản ghi)", summary["records"]),
        ("Số phát hiện", summary["findings"]),
        ("Đảng viên có phát hiện", summary["records_with_findings"]),
        ("Đảng viên có lỗi", summary["records_with_errors"]),
    ]
    for severity, label in SEVERITIES.items():
        facts.append((label, summary["by_severity"][severity]))
    if data_rows < summary["records"]:
        facts.append(("Ghi chú", f"trang Danh sách chỉ có {data_rows} dòng đầu (giới hạn Excel)"))
    if finding_rows < summary["findings"]:
        facts.append(
            ("Ghi chú", f"trang Phát hiện chỉ có {finding_rows} dòng đầu (giới hạn Excel)")
        )
    for label, value in facts:
        sheet.write(line, 0, label, bold)
        sheet.write(line, 1, value)
        line += 1
    line += 1
    headers = [
        "Tổ chức đảng",
        "Mã",
        "Số đảng viên",
        "Có phát hiện",
        "Có lỗi",
        *SEVERITIES.values(),
        *DIMENSIONS.values(),
    ]
    sheet.write_row(line, 0, headers, head)
    first = line
    line += 1
    for entry in summary["by_organization"]:
        sheet.write_row(
            line,
            0,
            [
                entry["org"] or "(không rõ tổ chức)",
                entry["org_code"] or "",
                entry["members"],
                entry["records_with_findings"],
                entry["records_with_errors"],
                *(entry["by_severity"][key] for key in SEVERITIES),
                *(entry["by_dimension"][key] for key in DIMENSIONS),
            ],
        )
        line += 1
    sheet.autofilter(first, 0, max(first, line - 1), len(headers) - 1)
    line += 1
    sheet.write_row(line, 0, ["Mã quy tắc", "Quy tắc", "Mức độ", "Chiều", "Số phát hiện"], head)
    line += 1
    for code, rule_title, severity_label, dimension_label, count in rule_counts(result):
        sheet.write_row(
            line,
            0,
            [code, rule_title, severity_label, dimension_label, count],
        )
        line += 1


def write(
    result: CheckResult,
    path: str | Path,
    *,
    source: Source | None = None,
    max_comments: int = DEFAULT_MAX_COMMENTS,
) -> Path:
    """Write the workbook to `path` (the checked table comes with `source`)."""
    source = source or Source()
    target = Path(path)
    book = xlsxwriter.Workbook(
        str(target),
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_urls": False},
    )
    # A fixed creation date: two runs on one input give byte-identical workbooks.
    book.set_properties(
        {
            "title": title(source, result),
            "comments": "dangvien check",
            "created": dt.datetime(2000, 1, 1),
        }
    )
    data_rows = (
        min(source.table.height, MAX_ROWS - 1) if source.table is not None else result.records
    )
    finding_rows = min(result.findings.height, MAX_ROWS - 1)
    _write_summary(book, result, source, data_rows, finding_rows)
    _write_findings(book, result)
    if source.table is not None:
        _write_data(book, result, source, source.table, max_comments)
    book.close()
    return target
