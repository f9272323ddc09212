"""What an exporter produces: named columns and rows of plain values, nothing about file formats.

An exporter is a pure function from plain records (dicts read by a selector) to a `Dataset`. The
renderers in `render.py` turn any dataset into CSV, JSON or an XLSX sheet, so each row is produced
once and every format shows the same values (model: pretix `base/exporter.py`, `ListExporter`).

Values are `str`, `int`, `float`, `bool` or `None`. Dates are already text here (exporters decide
between dd/mm/yyyy and ISO 8601, and a partial date such as "1958" stays partial), so no renderer
ever guesses a format and leading zeros of codes are never lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

Value = str | int | float | bool | None
ColumnKind = Literal["text", "code", "number", "percent", "bool"]


@dataclass(frozen=True)
class Column:
    key: str  # machine name: JSON key, stable across releases
    label: str  # Vietnamese header for people (CSV, XLSX)
    kind: ColumnKind = "text"
    width: int = 0  # XLSX column width in characters; 0 = from the label


@dataclass(frozen=True)
class Chart:
    """A chart drawn beside a dataset's sheet: categories from one column, series from others."""

    kind: Literal["column", "bar", "line", "pie"]
    title: str
    category: str  # column key
    series: tuple[str, ...]  # column keys
    stacked: bool = False
    y_title: str = ""
    without_last_row: bool = False  # the last row is a total: it would dwarf the others


@dataclass
class Dataset:
    """One table of an export: a CSV file, a JSON array or one sheet of a workbook."""

    name: str  # identifier and sheet name (≤ 31 characters)
    title: str  # Vietnamese title written above the table in a workbook
    columns: Sequence[Column]
    rows: Iterable[Sequence[Value]]
    charts: Sequence[Chart] = field(default_factory=tuple)
    notes: Sequence[str] = field(default_factory=tuple)  # lines written under the table

    def __post_init__(self) -> None:
        if len(self.name) > 31:
            raise ValueError(f"dataset name {self.name!r} is longer than a sheet name may be")
        keys = [column.key for column in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"dataset {self.name!r} has duplicate column keys")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    def materialize(self) -> Dataset:
        """The same dataset with its rows in a list (a renderer that reads them twice needs it)."""
        rows = self.rows if isinstance(self.rows, list) else list(self.rows)
        return Dataset(self.name, self.title, self.columns, rows, self.charts, self.notes)

    def records(self) -> Iterator[dict[str, Value]]:
        keys = self.keys
        for row in self.rows:
            yield dict(zip(keys, row, strict=True))


@dataclass(frozen=True)
class MetaItem:
    """A fact about the whole export (scope, date): a JSON `meta` key, a line above a sheet."""

    key: str
    label: str
    value: Value


def meta_json(meta: Sequence[MetaItem]) -> dict[str, Value]:
    return {item.key: item.value for item in meta}


def meta_line(meta: Sequence[MetaItem]) -> str:
    return " · ".join(
        f"{item.label}: {item.value}" for item in meta if item.value not in (None, "")
    )


# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"): the four
# of the issue plus tab and carriage return, which some programs strip before parsing.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralize(value: Value) -> Value:
    """A text value that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
