"""Calendar arithmetic on whole arrays of dates held as (year, month, day) integers.

Month indices (year * 12 + month - 1) make "12 months later" and "age in full months" exact
integer arithmetic, which is how the Party rules count (domain.md §2.2–2.3).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from dangvien.demo.rand import BoolArray, IntArray


def month_index(year: IntArray, month: IntArray) -> IntArray:
    return year * 12 + month - 1


def days_in_month(year: IntArray, month: IntArray) -> IntArray:
    starts = (month_index(year, month) - (1970 * 12)).astype("datetime64[M]")
    lengths = (starts + 1).astype("datetime64[D]") - starts.astype("datetime64[D]")
    result: IntArray = lengths.astype(np.int64)
    return result


def months_between(
    y1: IntArray, m1: IntArray, d1: IntArray, y2: IntArray, m2: IntArray, d2: IntArray
) -> IntArray:
    """Full months from the first date to the second (age by months)."""
    return month_index(y2, m2) - month_index(y1, m1) - (d2 < d1).astype(np.int64)


_DAYS = pl.Series([f"{day:02d}" for day in range(100)], dtype=pl.String)
_YEARS = pl.Series([f"{year:04d}" for year in range(10_000)], dtype=pl.String)


def format_dates(year: IntArray, month: IntArray, day: IntArray, present: BoolArray) -> pl.Series:
    """dd/mm/yyyy text, null where `present` is False (looked up, not formatted: 3x faster)."""
    frame = pl.DataFrame(
        {
            "d": _DAYS.gather(day),
            "m": _DAYS.gather(month),
            "y": _YEARS.gather(year),
            "p": present,
        }
    )
    text = pl.concat_str(["d", "m", "y"], separator="/")
    return frame.select(pl.when(pl.col("p")).then(text).otherwise(None).alias("date"))["date"]


def format_date(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def add_months(value: dt.date, months: int) -> dt.date:
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(value.day, last))
