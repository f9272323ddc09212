"""Cell text → canonical values, with the raw text kept beside each value.

Every conversion runs once per *distinct* text of a column (a 200,000-row list has a few thousand
distinct birth dates and a handful of genders), then is spread back over the rows by a hash lookup.
Text is decoded and normalized by `dangvien.vn`; nothing here guesses a legacy font or parses a
date written by a person.

Excel date cells reach us as calamine's "1970-03-05 00:00:00". Their raw text is shown as the clerk
sees it in Excel ("05/03/1970") and their value is that exact date: a date cell has no day/month
ambiguity, unlike the same characters typed as text (which `parse_date` reads).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import polars as pl

from dangvien.intake.content import DATE_CELL, enum_keys, is_tick
from dangvien.quality.dictionary import FieldSpec, Kind, fold_header
from dangvien.quality.table import (
    ambiguous_column,
    impossible_column,
    precision_column,
    raw_column,
)
from dangvien.vn.columns import repair_frame
from dangvien.vn.dates import parse_date
from dangvien.vn.syllables import ToneStyle
from dangvien.vn.text import repair

TEXT_KINDS = frozenset({Kind.TEXT, Kind.NAME, Kind.ADDRESS, Kind.CATALOG, Kind.ORG})
_TIME_ONLY_DAYS = ("1899-12-30", "1899-12-31")  # Excel stores a bare time as day 0 (or 1)


def shown(name: str) -> pl.Expr:
    """Source text as the clerk sees it: date cells as dd/mm/yyyy (time kept when not midnight)."""
    return (
        pl.col(name)
        .cast(pl.Utf8)
        .str.replace(r"^1899-12-3[01] (\d{2}:\d{2}):\d{2}$", "${1}")
        .str.replace(r"^(\d{4})-(\d{2})-(\d{2}) 00:00:00$", "${3}/${2}/${1}")
        .str.replace(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2}):\d{2}$", "${3}/${2}/${1} ${4}")
        .replace("", None)
    )


class Converter:
    """Converts the columns of one read (its tone style and the codes of closed fields)."""

    def __init__(self, tone_style: ToneStyle = "new") -> None:
        self.tone_style = tone_style
        self._enums: dict[str, dict[str, str]] = {}

    def text(self, value: str) -> str | None:
        # repair() also collapses whitespace; a cell of spaces has no value.
        return repair(value, tone_style=self.tone_style).value or None

    def enum(self, spec: FieldSpec, value: str) -> str | None:
        keys = self._enums.get(spec.name)
        if keys is None:
            keys = self._enums[spec.name] = enum_keys(spec)
        repaired = self.text(value)
        return keys.get(fold_header(repaired)) if repaired else None

    def convert(self, frame: pl.DataFrame, sources: Mapping[str, FieldSpec]) -> pl.DataFrame:
        """Canonical columns of the fields in `sources` (frame column → field spec).

        Cells must be null when empty (grids guarantee it).
        """
        if not sources:
            return pl.DataFrame()
        dates = [c for c, spec in sources.items() if spec.kind is Kind.DATE]
        others = [c for c in sources if c not in dates]
        # Date cells outside date fields are rare (GDPT "12/12" turned into a date by Excel):
        # only 19-character texts are looked at.
        has_cells = (
            frame.select(
                pl.col(c)
                .cast(pl.Utf8)
                .filter(pl.col(c).cast(pl.Utf8).str.len_bytes() == 19)
                .str.contains(DATE_CELL.pattern)
                .any()
                for c in others
            ).row(0)
            if others
            else ()
        )
        raws = frame.select(
            (shown(c) if cells else pl.col(c).cast(pl.Utf8)).alias(c)
            for c, cells in zip(others, has_cells, strict=True)
        )
        sourced = frame.select(pl.col(c).cast(pl.Utf8) for c in dates)
        # Distinct texts of the columns converted per value (not codes and phones).
        texts = [c for c in others if sources[c].kind in (Kind.ENUM, Kind.BOOL)]
        distinct = (
            raws.select(pl.col(c).drop_nulls().unique().implode() for c in texts)
            if texts
            else pl.DataFrame()
        )
        keys_of = {c: distinct.get_column(c).explode() for c in texts}
        union = pl.Series([], dtype=pl.Utf8)
        if dates:
            union = pl.concat([sourced.get_column(c) for c in dates]).drop_nulls().unique()
        date_table = self._date_table(union)
        out: list[pl.Series] = []
        for column, spec in sources.items():
            if spec.kind is Kind.DATE:
                out.extend(self._date_columns(spec, sourced.get_column(column), date_table))
                continue
            raw = raws.get_column(column).alias(raw_column(spec.name))
            if spec.kind in (Kind.CODE, Kind.PHONE):
                # The characters as read, trimmed; nothing is restored.
                out.extend([raw.str.strip_chars().replace("", None).alias(spec.name), raw])
            elif spec.kind in TEXT_KINDS:
                out.extend([self.texts(raw).alias(spec.name), raw])
            else:
                out.extend([self._per_value(spec, raw, keys_of[column]), raw])
        return pl.DataFrame(out)

    def texts(self, raw: pl.Series) -> pl.Series:
        """A text column repaired by `dangvien.vn`'s column helper (clean values vectorized)."""
        repaired = repair_frame(raw, tone_style=self.tone_style).get_column("value")
        return repaired.replace("", None)  # repair() collapses spaces: a cell of spaces is empty

    def _per_value(self, spec: FieldSpec, raw: pl.Series, keys: pl.Series) -> pl.Series:
        convert: Callable[[str], Any]
        dtype: Any
        if spec.kind is Kind.ENUM:
            convert, dtype = (lambda text: self.enum(spec, text)), pl.Utf8
        else:
            convert, dtype = is_tick, pl.Boolean
        keys = keys.drop_nulls()  # an all-empty column explodes to one null
        if keys.is_empty():
            return pl.Series(spec.name, [None] * len(raw), dtype=dtype)
        values = pl.Series([convert(key) for key in keys.to_list()], dtype=dtype)
        return raw.replace_strict(keys, values, default=None, return_dtype=dtype).alias(spec.name)

    @staticmethod
    def _date_table(distinct: pl.Series) -> pl.DataFrame:
        """One row per distinct date text of the read: shown text, value, precision and flags.

        Date cells (calamine's "1970-03-05 00:00:00") are exact dates; typed texts, bare times
        included, are parsed by `dangvien.vn` as the clerk sees them.
        """
        keys = pl.DataFrame({"key": distinct}).with_columns(
            shown("key").alias("shown"),
            (
                pl.col("key").str.contains(DATE_CELL.pattern)
                & ~pl.col("key")
                .str.slice(0, 10)
                .is_in(pl.lit(pl.Series(_TIME_ONLY_DAYS)).implode())
            ).alias("cell"),
        )
        cells = keys.filter("cell").select(
            "key",
            "shown",
            pl.col("key").str.slice(0, 10).str.to_date("%Y-%m-%d").alias("value"),
            pl.lit("day").alias("precision"),
            pl.lit(False).alias("ambiguous"),
            pl.lit(False).alias("impossible"),
        )
        typed = keys.filter(~pl.col("cell"))
        results = [parse_date(text) for text in typed.get_column("shown").to_list()]
        parsed = typed.select("key", "shown").with_columns(
            pl.Series("value", [r.value for r in results], dtype=pl.Date),
            pl.Series("precision", [r.precision for r in results], dtype=pl.Utf8),
            pl.Series("ambiguous", [r.ambiguous for r in results], dtype=pl.Boolean),
            pl.Series("impossible", [r.impossible for r in results], dtype=pl.Boolean),
        )
        return pl.concat([cells, parsed])

    @staticmethod
    def _date_columns(spec: FieldSpec, source: pl.Series, table: pl.DataFrame) -> list[pl.Series]:
        if table.height == 0:
            table = table.clear(1)  # one all-null row: every cell of the column gathers nulls
        # One hash lookup per row gives the position in the table; the four outputs are gathers.
        positions = pl.Series(range(table.height), dtype=pl.UInt32)
        index = source.replace_strict(
            table.get_column("key"), positions, default=None, return_dtype=pl.UInt32
        )
        return [
            table.get_column("value").gather(index).alias(spec.name),
            table.get_column("shown").gather(index).alias(raw_column(spec.name)),
            table.get_column("precision").gather(index).alias(precision_column(spec.name)),
            table.get_column("ambiguous").gather(index).alias(ambiguous_column(spec.name)),
            table.get_column("impossible").gather(index).alias(impossible_column(spec.name)),
        ]
