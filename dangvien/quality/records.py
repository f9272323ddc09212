"""Canonical tables from Python values: one member being edited, fixtures, examples.

The web form of one member and the tests hold parsed values (`date`, enum codes, booleans), not
the cells of a file. `member_table` turns such records into a canonical table, writing for each
value the text a person would have typed (`f__raw`) unless it is given explicitly, so that the
engine judges them exactly like rows read from a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from dangvien.quality.dictionary import MEMBER_FIELDS, Kind
from dangvien.quality.table import SCHEMA, conform, precision_column, raw_column

_SPECS = {spec.name: spec for spec in MEMBER_FIELDS}


def typed_text(name: str, value: object) -> str | None:
    """The text a person types for a parsed value of field `name`."""
    if value is None:
        return None
    spec = _SPECS[name]
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "x" if value else None
    if spec.kind is Kind.ENUM and spec.choices and str(value) in spec.choices:
        return spec.choices[str(value)]
    return str(value)


def member_table(records: Iterable[Mapping[str, Any]], *, sheet: str = "Danh sách") -> pl.DataFrame:
    """A canonical member table; `_record`, `_row` (from 2, under a header row) are filled in."""
    rows: list[dict[str, Any]] = []
    for index, record in enumerate(records):
        row: dict[str, Any] = {
            "_record": index + 1,
            "_file": "danh_sach.xlsx",
            "_sheet": sheet,
            "_row": index + 2,
        }
        for key, value in record.items():
            if key not in SCHEMA:
                raise KeyError(f"not a canonical column: {key}")
            row[key] = value
        for name in _SPECS:
            if name in record and raw_column(name) not in record:
                row[raw_column(name)] = typed_text(name, record[name])
            if _SPECS[name].kind is Kind.DATE and record.get(name) is not None:
                row.setdefault(precision_column(name), "day")
        rows.append(row)
    columns = {key for row in rows for key in row}
    frame = pl.DataFrame(
        [{key: row.get(key) for key in columns} for row in rows],
        schema={key: SCHEMA[key] for key in SCHEMA if key in columns},
    )
    return conform(frame)
