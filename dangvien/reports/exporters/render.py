"""Formats: one renderer per format, for every dataset. Pure (no Django).

- CSV: UTF-8 with a byte-order mark (Excel on Windows reads Vietnamese correctly only with it),
  one dataset per file, labels as headers. Text that a spreadsheet would run as a formula is
  prefixed with an apostrophe.
- XLSX: one sheet per dataset with its title, labels, frozen header, filters and charts. Text is
  always written as text (never re-parsed into numbers or formulas); formula-like text gets Excel's
  quote prefix, so the cell stays text even when someone edits it, and its value is unchanged.
- JSON: keys instead of labels, typed values (booleans stay booleans), no neutralization needed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import xlsxwriter

from dangvien.reports.exporters.base import (
    Chart,
    Column,
    Dataset,
    MetaItem,
    Value,
    is_formula_like,
    meta_json,
    meta_line,
    neutralize,
)

Format = Literal["csv", "xlsx", "json"]
FORMATS: tuple[Format, ...] = ("xlsx", "csv", "json")
CONTENT_TYPES: Mapping[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOOL_TEXT = {True: "Có", False: "Không"}


def _cell_text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return BOOL_TEXT[value]
    return str(value)


def render_csv(dataset: Dataset) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(column.label) for column in dataset.columns])
    for row in dataset.rows:
        writer.writerow([neutralize(_cell_text(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _json_dataset(dataset: Dataset) -> dict[str, Any]:
    return {
        "name": dataset.name,
        "title": dataset.title,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in dataset.columns],
        "records": list(dataset.records()),
    }


def render_json(datasets: Sequence[Dataset], meta: Sequence[MetaItem] = ()) -> bytes:
    body: dict[str, Any] = {"meta": meta_json(meta)}
    if len(datasets) == 1:
        body.update(_json_dataset(datasets[0]))
    else:
        body["datasets"] = [_json_dataset(dataset) for dataset in datasets]
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


class _Formats:
    """Cell formats of one workbook, created once, each with a quote-prefixed twin."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._quoted: dict[int, Any] = {}
        self._properties: dict[int, dict[str, Any]] = {}
        base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}
        self.title = self._add({**base, "bold": True, "font_size": 14})
        self.meta = self._add({**base, "italic": True, "font_color": "#555555"})
        self.header = self._add(
            {**base, "bold": True, "text_wrap": True, "border": 1, "bg_color": "#F2DCDB"}
        )
        self.text = self._add({**base, "border": 1})
        self.code = self._add({**base, "border": 1, "num_format": "@"})
        self.number = self._add({**base, "border": 1, "num_format": "#,##0"})
        self.percent = self._add({**base, "border": 1, "num_format": "0.0%"})
        self.note = self._add({**base, "italic": True})

    def _add(self, properties: dict[str, Any]) -> Any:
        cell_format = self._book.add_format(properties)
        self._properties[id(cell_format)] = properties
        return cell_format

    def quoted(self, cell_format: Any) -> Any:
        """The same format with Excel's quote prefix: the cell stays text even when edited."""
        key = id(cell_format)
        if key not in self._quoted:
            self._quoted[key] = self._book.add_format(
                {**self._properties[key], "quote_prefix": True}
            )
        return self._quoted[key]


def _write_text(sheet: Any, row: int, col: int, text: str, cell_format: Any, fmt: _Formats) -> None:
    """Every text cell, data or not: formula-like text is kept as text behind a quote prefix."""
    if is_formula_like(text):
        cell_format = fmt.quoted(cell_format)
    sheet.write_string(row, col, text, cell_format)


def _width(column: Column, rows: Sequence[Sequence[Value]], index: int) -> float:
    if column.width:
        return column.width
    longest = max((len(_cell_text(row[index])) for row in rows[:200]), default=0)
    return float(min(max(len(column.label) * 0.6, longest * 1.1, 6), 45))


def _write_cell(sheet: Any, row: int, col: int, value: Value, kind: str, fmt: _Formats) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt.text)
    elif isinstance(value, bool):
        sheet.write_string(row, col, BOOL_TEXT[value], fmt.text)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, fmt.percent if kind == "percent" else fmt.number)
    else:
        _write_text(sheet, row, col, str(value), fmt.code if kind == "code" else fmt.text, fmt)


_CHART_TYPES = {"column": "column", "bar": "bar", "line": "line", "pie": "pie"}


def _add_chart(
    book: Any,
    sheet: Any,
    dataset: Dataset,
    chart: Chart,
    *,
    header_row: int,
    rows: int,
    anchor: str,
) -> None:
    keys = dataset.keys
    options: dict[str, Any] = {"type": _CHART_TYPES[chart.kind]}
    if chart.stacked and chart.kind in ("column", "bar"):
        options["subtype"] = "stacked"
    drawing = book.add_chart(options)
    first, last = header_row + 1, header_row + rows
    if chart.without_last_row and rows > 1:
        last -= 1
    category = keys.index(chart.category)
    for key in chart.series:
        col = keys.index(key)
        drawing.add_series(
            {
                "name": [sheet.name, header_row, col],
                "categories": [sheet.name, first, category, last, category],
                "values": [sheet.name, first, col, last, col],
                **({"data_labels": {"percentage": True}} if chart.kind == "pie" else {}),
            }
        )
    drawing.set_title({"name": chart.title})
    if chart.kind != "pie":
        drawing.set_legend({"position": "bottom"})
        if chart.y_title:
            drawing.set_y_axis({"name": chart.y_title})
    drawing.set_size({"width": 720, "height": 360})
    sheet.insert_chart(anchor, drawing)


def _write_sheet(book: Any, fmt: _Formats, dataset: Dataset, line: str) -> None:
    sheet = book.add_worksheet(dataset.name)
    rows = list(dataset.rows)
    columns = dataset.columns
    _write_text(sheet, 0, 0, dataset.title, fmt.title, fmt)
    if line:
        _write_text(sheet, 1, 0, line, fmt.meta, fmt)
    header_row = 3
    for col, column in enumerate(columns):
        _write_text(sheet, header_row, col, column.label, fmt.header, fmt)
        sheet.set_column(col, col, _width(column, rows, col))
    for offset, row in enumerate(rows, start=1):
        for col, (value, column) in enumerate(zip(row, columns, strict=True)):
            _write_cell(sheet, header_row + offset, col, value, column.kind, fmt)
    sheet.freeze_panes(header_row + 1, 0)
    if rows and columns:
        sheet.autofilter(header_row, 0, header_row + len(rows), len(columns) - 1)
    below = header_row + len(rows) + 2
    for line in dataset.notes:
        _write_text(sheet, below, 0, line, fmt.note, fmt)
        below += 1
    if rows:
        for index, chart in enumerate(dataset.charts):
            anchor = xlsxwriter.utility.xl_rowcol_to_cell(below + 1 + index * 20, 0)
            _add_chart(
                book, sheet, dataset, chart, header_row=header_row, rows=len(rows), anchor=anchor
            )


def render_xlsx(datasets: Sequence[Dataset], meta: Sequence[MetaItem] = ()) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    fmt = _Formats(book)
    line = meta_line(meta)
    for dataset in datasets:
        _write_sheet(book, fmt, dataset, line)
    book.close()
    return buffer.getvalue()


def render(datasets: Sequence[Dataset], fmt: Format, meta: Sequence[MetaItem] = ()) -> bytes:
    """Render datasets in one format; CSV holds exactly one dataset."""
    if fmt == "xlsx":
        return render_xlsx(datasets, meta)
    if fmt == "json":
        return render_json(datasets, meta)
    if fmt == "csv":
        if len(datasets) != 1:
            raise ValueError("a CSV file holds exactly one table")
        return render_csv(datasets[0])
    raise ValueError(f"unknown format {fmt!r}")
