"""What a rule is, what it sees, and the expression helpers rules share.

A rule is data: a stable code, the quality dimension it serves, a severity, the fields it reads, a
Vietnamese title and message template, an optional description of the safe suggestion, and where
it comes from (`basis`, `implements`: the domain catalog ids V01–V22). Its `check` turns a
`Context` into *hits*, a small frame with one row per finding:

- `_record` (record and cross-record scope) or `_org` (organization scope: the org's key);
- optional `field` (when the rule reads several fields, the one the finding is about; default
  `target`), `value` (default: the target field's raw text), `suggestion`, `_related`
  (list of related record numbers) and one column per `{placeholder}` of the message template.

Checks are vectorized: cheap Polars masks over the whole table, Python only on the distinct
values of the few rows that need it.
"""

from __future__ import annotations

import datetime as dt
import string
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final, Literal

import polars as pl

from dangvien.quality.dictionary import Severity
from dangvien.quality.table import (
    ambiguous_column,
    impossible_column,
    precision_column,
    raw_column,
)

Dimension = Literal["correct", "complete", "clean", "current", "consistent", "shareable"]
Scope = Literal["record", "cross_record", "org"]

DIMENSIONS: dict[Dimension, str] = {
    "correct": "Đúng",
    "complete": "Đủ",
    "clean": "Sạch",
    "current": "Sống",
    "consistent": "Thống nhất",
    "shareable": "Dùng chung",
}
SEVERITIES: dict[Severity, str] = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}
SEVERITY_RANK: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}
SCOPES: dict[Scope, str] = {
    "record": "từng đảng viên",
    "cross_record": "đối chiếu giữa các đảng viên",
    "org": "tổ chức đảng",
}

# Polars' streaming engine (the default of `collect`) panicked on some string expressions in
# Polars 2.1 ("assertion failed: i < self.len()"); the tables fit in memory anyway.
ENGINE: Final = "in-memory"

# Columns the engine adds to the member table before the rules run.
STATE = "_state"  # official | probationary | exited | null (dictionary.state_of, vectorized)


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at. `table` is canonical plus the derived `_state` column."""

    table: pl.DataFrame
    as_of: dt.date
    orgs: pl.DataFrame | None = None  # ORG_SCHEMA, when an organization list was given
    reference: pl.DataFrame | None = None  # a second source to reconcile with (canonical)
    memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    _locks: dict[str, threading.Lock] = field(default_factory=dict, compare=False, repr=False)
    _guard: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def cached(self, key: str, build: Callable[[], object]) -> object:
        """Share an intermediate result between rules of one run (e.g. per-org counts).

        Rules may run in parallel threads: the first one builds, the others wait for it.
        """
        if key in self.memo:
            return self.memo[key]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self.memo:
                self.memo[key] = build()
        return self.memo[key]


Check = Callable[[Context], pl.DataFrame]


@dataclass(frozen=True)
class Rule:
    code: str
    dimension: Dimension
    severity: Severity
    fields: tuple[str, ...]  # fields read
    title: str  # Vietnamese, short, for lists and the catalog
    message: str  # Vietnamese template; {label} is the field's label, other names are hit columns
    check: Check = field(repr=False, compare=False)
    suggestion: str | None = None  # how the suggested value is obtained, for the catalog
    scope: Scope = "record"
    basis: str = ""  # where the rule comes from (domain.md section, Party document)
    implements: tuple[str, ...] = ()  # ids of the domain catalog (domain.md §10) it covers
    target: str | None = None  # field a finding is attached to, when hits carry no `field`
    slow: bool = False  # scheduling hint: started first when rules run in parallel threads

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(
            name for _, name, _, _ in string.Formatter().parse(self.message) if name is not None
        )

    @property
    def default_field(self) -> str:
        return self.target or self.fields[0]


# --- expression helpers ----------------------------------------------------------------------


def col(name: str) -> pl.Expr:
    return pl.col(name)


def raw(name: str) -> pl.Expr:
    return pl.col(raw_column(name))


def present(name: str) -> pl.Expr:
    """The source cell had something other than spaces (a `refine` step: strips strings)."""
    return raw(name).str.strip_chars().str.len_chars().fill_null(0) > 0


def blank(name: str) -> pl.Expr:
    """Nothing usable: no value and no text in the source cell (a `refine` step)."""
    return pl.col(name).is_null() & ~present(name)


def state() -> pl.Expr:
    return pl.col(STATE)


def is_active() -> pl.Expr:
    return state().is_in(["official", "probationary"]).fill_null(False)


def state_expr() -> pl.Expr:
    """`dictionary.state_of` over whole columns."""
    return (
        pl.when(pl.col("exit_kind").is_not_null())
        .then(pl.lit("exited"))
        .when(pl.col("status").is_in(["official", "probationary"]))
        .then(pl.col("status"))
        .otherwise(pl.lit(None, dtype=pl.Utf8))
        .alias(STATE)
    )


def precision(name: str) -> pl.Expr:
    return pl.col(precision_column(name)).fill_null("day")


def exact_day(name: str) -> pl.Expr:
    """The date is known to the day (not only its month or year)."""
    return pl.col(name).is_not_null() & (precision(name) == "day")


def impossible(name: str) -> pl.Expr:
    return pl.col(impossible_column(name)).fill_null(False)


def ambiguous(name: str) -> pl.Expr:
    return pl.col(ambiguous_column(name)).fill_null(False)


def earliest(name: str) -> pl.Expr:
    """First day the value can mean: a year-only date means 1 January at the earliest."""
    value = pl.col(name)
    return (
        pl.when(precision(name) == "year")
        .then(value.dt.truncate("1y"))
        .when(precision(name) == "month")
        .then(value.dt.truncate("1mo"))
        .otherwise(value)
    )


def latest(name: str) -> pl.Expr:
    """Last day the value can mean: a year-only date means 31 December at the latest."""
    value = pl.col(name)
    return (
        pl.when(precision(name) == "year")
        .then(value.dt.truncate("1y").dt.offset_by("1y").dt.offset_by("-1d"))
        .when(precision(name) == "month")
        .then(value.dt.month_end())
        .otherwise(value)
    )


def year_gap(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Difference of calendar years: a cheap first filter before exact month arithmetic."""
    return end.dt.year().cast(pl.Int32) - start.dt.year().cast(pl.Int32)


def full_months(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Completed months from `start` to `end`, as the Party counts age and probation.

    A month is complete when the day of the month is reached again, so someone born on 29/02
    completes their 216th month (18 years) on 01/03 in a common year, not on 28/02.
    """
    months = (end.dt.year().cast(pl.Int32) * 12 + end.dt.month().cast(pl.Int32)) - (
        start.dt.year().cast(pl.Int32) * 12 + start.dt.month().cast(pl.Int32)
    )
    return months - (end.dt.day() < start.dt.day()).cast(pl.Int32)


def add_months(value: pl.Expr, months: int) -> pl.Expr:
    """Same day `months` later, the last day of the month when that day does not exist."""
    return value.dt.offset_by(f"{months}mo")


def anniversary(start: pl.Expr, months: int) -> pl.Expr:
    """First day on which `months` full months have passed since `start` (see `full_months`)."""
    shifted = add_months(start, months)
    return (
        pl.when(shifted.dt.day() < start.dt.day())
        .then(shifted.dt.offset_by("1d"))
        .otherwise(shifted)
    )


def lower_first(label: str) -> str:
    """A label inside a sentence: "Ngày vào Đảng" → "ngày vào Đảng", "CCCD" stays."""
    head = label.split(" ", 1)[0]
    if len(head) > 1 and head[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def vn_date(value: pl.Expr) -> pl.Expr:
    """dd/mm/yyyy, as dates are written in Vietnamese documents."""
    return value.dt.strftime("%d/%m/%Y")


def hits(
    frame: pl.DataFrame,
    mask: pl.Expr,
    *,
    refine: pl.Expr | None = None,
    **columns: pl.Expr,
) -> pl.DataFrame:
    """Rows of `frame` where `mask` (then `refine`) holds, as hits with `_record` and `columns`.

    `mask` should be cheap: it runs on every row. `refine` runs only on the rows `mask` kept, so
    string work (stripping, regexes) belongs there.
    """
    selected = frame.lazy().filter(mask)
    if refine is not None:
        selected = selected.collect(engine=ENGINE).lazy().filter(refine)
    return selected.select(
        pl.col("_record"), *(expr.alias(name) for name, expr in columns.items())
    ).collect(engine=ENGINE)


def per_field(
    frame: pl.DataFrame,
    fields: Iterable[str],
    mask: Callable[[str], pl.Expr],
    *,
    refine: Callable[[str], pl.Expr] | None = None,
    **columns: Callable[[str], pl.Expr],
) -> pl.DataFrame:
    """Hits of a rule that judges several fields alike; each hit names its field."""
    parts = []
    for name in fields:
        part = hits(
            frame,
            mask(name),
            refine=refine(name) if refine is not None else None,
            field=pl.lit(name),
            **{key: build(name) for key, build in columns.items()},
        )
        if part.height:
            parts.append(part)
    if not parts:
        return pl.DataFrame(
            schema={"_record": pl.Int64, "field": pl.Utf8, **dict.fromkeys(columns, pl.Utf8)}
        )
    return pl.concat(parts, how="diagonal_relaxed")


def no_hits() -> pl.DataFrame:
    return pl.DataFrame(schema={"_record": pl.Int64})


def map_distinct(
    values: pl.Series,
    function: Callable[[str], object],
    dtype: pl.DataType | type[pl.DataType],
) -> pl.DataFrame:
    """`function` applied once per distinct non-null value: a (value, result) lookup frame.

    Rules join this back on the value, so a Python function runs over thousands of distinct
    spellings instead of a million rows.
    """
    distinct = values.drop_nulls().unique(maintain_order=False).sort()
    results = [function(text) for text in distinct.to_list()]
    return pl.DataFrame(
        {"key": distinct, "result": pl.Series(results, dtype=dtype)},
        schema={"key": values.dtype, "result": dtype},
    )
