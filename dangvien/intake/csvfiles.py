"""Delimited text (.csv, .txt) and Parquet files as text grids.

CSV exports from Vietnamese Excel use `;` (the list separator of the Vietnamese regional settings),
others `,` or a tab (Excel's "Unicode text"); the separator is the one that splits the first lines
most consistently. Python's csv module reads the rows: it keeps ragged rows (a title line has one
field), quoted line breaks and blank lines, so that the row number is the one Excel would show.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

import polars as pl

from dangvien.intake.errors import IntakeError
from dangvien.intake.formats import DecodedText, decode_text
from dangvien.intake.grid import Grid, text_grid

SEPARATORS = (";", ",", "\t", "|")
SEPARATOR_NAMES = {";": "dấu chấm phẩy (;)", ",": "dấu phẩy (,)", "\t": "ký tự tab", "|": "dấu |"}
_SEP_DIRECTIVE = re.compile(r"^sep=(.)\s*$")
_SAMPLE_LINES = 60


@dataclass(frozen=True)
class TextTable:
    grid: Grid
    encoding: DecodedText
    separator: str


def detect_separator(text: str) -> str:
    """The separator giving the same number of fields on most of the first lines."""
    lines = [line for line in text.splitlines()[:_SAMPLE_LINES] if line.strip()]
    best: tuple[float, int, str] | None = None
    for separator in SEPARATORS:
        counts = [len(next(csv.reader([line], delimiter=separator), [])) - 1 for line in lines]
        used = [count for count in counts if count > 0]
        if not used:
            continue
        mode, frequency = Counter(used).most_common(1)[0]
        key = (frequency / len(lines), mode, separator)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best is not None else ","


def read_text_table(data: bytes, *, name: str) -> TextTable:
    decoded = decode_text(data, name=name)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    first_row = 1
    directive = _SEP_DIRECTIVE.match(text.split("\n", 1)[0])
    if directive:
        # Excel's "sep=;" line is consumed by Excel and not shown as a row.
        separator = directive.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        separator = detect_separator(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as error:
        raise IntakeError(
            "corrupt",
            f"tệp CSV có dòng sai cấu trúc ({error}); hãy kiểm tra dấu ngoặc kép.",
            file=name,
        ) from None
    width = max((len(row) for row in rows), default=0)
    if not rows or width == 0:
        raise IntakeError("empty_file", "tệp văn bản không có dòng dữ liệu nào.", file=name)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    for row in rows:
        for j in range(width):
            cell = row[j] if j < len(row) else ""
            columns[j].append(cell if cell != "" else None)
    frame = pl.DataFrame(
        {f"c{j}": pl.Series(values, dtype=pl.Utf8) for j, values in enumerate(columns)}
    )
    frame = frame.select(
        [name_ for name_ in frame.columns if frame[name_].null_count() < frame.height]
    )
    grid = Grid(
        sheet="",
        frame=frame.rename({old: f"c{k}" for k, old in enumerate(frame.columns)}),
        columns=tuple(int(old[1:]) for old in frame.columns),
        first_row=first_row,
    )
    return TextTable(grid, decoded, separator)


def read_parquet_grid(data: bytes, *, name: str) -> Grid:
    """A Parquet file: its column names are the header (row 1), its rows follow from row 2."""
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as error:  # pyarrow/polars raise many types for a broken file
        raise IntakeError(
            "corrupt", f"tệp Parquet bị hỏng, không đọc được ({type(error).__name__}).", file=name
        ) from None
    if frame.width == 0:
        raise IntakeError("empty_file", "tệp Parquet không có cột nào.", file=name)
    text = frame.select([_as_text(column, dtype) for column, dtype in frame.schema.items()])
    header = pl.DataFrame({column: [column] for column in text.columns}, schema=text.schema)
    return text_grid(pl.concat([header, text]), header_known=True)


def _as_text(column: str, dtype: pl.DataType) -> pl.Expr:
    # Typed dates are written the way calamine renders a date cell, so they count as exact dates.
    expression = pl.col(column)
    if dtype == pl.Date:
        return expression.dt.strftime("%Y-%m-%d 00:00:00").alias(column)
    if dtype == pl.Datetime:
        return expression.dt.strftime("%Y-%m-%d %H:%M:%S").alias(column)
    return expression.cast(pl.Utf8).alias(column)
