"""Column-at-a-time helpers on Polars for the quality engine (millions of values).

Text repair runs once per *distinct* value (member data repeats heavily); identity numbers and
phones are checked with vectorized Polars expressions, falling back to the Python functions only
for the values the vectorized path cannot settle.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from dangvien.vn import identity, phones
from dangvien.vn.keys import FOLD_FROM, FOLD_TO
from dangvien.vn.names import may_start_title, name_key, normalize_name
from dangvien.vn.syllables import ToneStyle
from dangvien.vn.text import FAST_PATTERN, repair, token_status

__all__ = [
    "cccd_frame",
    "fold_expr",
    "name_frame",
    "phone_frame",
    "repair_frame",
]


def _distinct(series: pl.Series) -> pl.Series:
    return series.cast(pl.String).drop_nulls().unique()


def _clean_rows(column: pl.Series, tone_style: ToneStyle) -> pl.DataFrame:
    """Vectorized fast path: ``fast`` (row is already-clean text) and ``styled`` (its text).

    Rows matching the fast-path pattern are cut into words; each *distinct* word is judged once in
    Python (a few thousand words cover millions of names) and the verdicts are mapped back with
    Polars. A row is clean when all its words are clean and not all of them also read as a legacy
    font — exactly the rule of :func:`dangvien.vn.text.clean_value`.
    """
    frame = pl.DataFrame({"raw": column}).with_columns(
        candidate=pl.col("raw").str.contains(f"^(?:{FAST_PATTERN})$").fill_null(False)
    )
    words = (
        frame.filter(pl.col("candidate"))
        .select(pl.col("raw").str.split(" ").explode().unique())
        .get_column("raw")
        .to_list()
    )
    bad: list[str] = []
    ambiguous_or_ascii: list[str] = []
    restyle: dict[str, str] = {}
    for word in words:
        if word.isascii():
            ambiguous_or_ascii.append(word)
            continue
        ok, ambiguous, new, old = token_status(word)
        if not ok:
            bad.append(word)
            continue
        if ambiguous:
            ambiguous_or_ascii.append(word)
        styled = new if tone_style == "new" else old
        if styled != word:
            restyle[word] = styled
    tokens = pl.col("raw").str.split(" ")
    return frame.with_columns(
        fast=pl.col("candidate")
        & ~tokens.list.eval(pl.element().is_in(bad)).list.any()
        & ~(
            tokens.list.eval(pl.element().is_in(ambiguous_or_ascii)).list.all()
            & tokens.list.eval(~pl.element().str.contains(r"^[\x00-\x7f]*$")).list.any()
        ),
        styled=tokens.list.eval(pl.element().replace(restyle)).list.join(" ")
        if restyle
        else pl.col("raw"),
    ).select("fast", "styled")


def _per_distinct(series: pl.Series, compute: Callable[[pl.Series], pl.DataFrame]) -> pl.DataFrame:
    """Run ``compute`` on the distinct non-null values only, then spread rows back in order."""
    column = series.cast(pl.String)
    distinct = column.drop_nulls().unique()
    table = compute(distinct).with_columns(_raw=distinct)
    return (
        pl.DataFrame({"_raw": column})
        .join(table, on="_raw", how="left", maintain_order="left")
        .drop("_raw")
    )


def repair_frame(series: pl.Series, *, tone_style: ToneStyle = "new") -> pl.DataFrame:
    """One row per input row: ``value``, ``changed``, ``detected``, ``confidence``, ``lossy``.

    Work is done once per distinct value: clean values by the vectorized fast path, the rest by
    :func:`repair`.
    """
    return _per_distinct(series, lambda distinct: _repair_distinct(distinct, tone_style))


def _repair_distinct(column: pl.Series, tone_style: ToneStyle) -> pl.DataFrame:
    frame = pl.DataFrame({"_raw": column}).hstack(_clean_rows(column, tone_style))
    slow = frame.filter(~pl.col("fast")).get_column("_raw").to_list()
    results = [repair(value, tone_style=tone_style) for value in slow]
    lookup = pl.DataFrame(
        {
            "_raw": slow,
            "_value": [result.value for result in results],
            "_detected": [result.detected for result in results],
            "_confidence": [result.confidence for result in results],
            "_lossy": [result.lossy for result in results],
        },
        schema={
            "_raw": pl.String,
            "_value": pl.String,
            "_detected": pl.String,
            "_confidence": pl.Float64,
            "_lossy": pl.Boolean,
        },
    )
    fast = pl.col("fast")
    return (
        frame.join(lookup, on="_raw", how="left", maintain_order="left")
        .with_columns(value=pl.when(fast).then(pl.col("styled")).otherwise(pl.col("_value")))
        .select(
            "value",
            changed=pl.col("value") != pl.col("_raw"),
            detected=pl.when(fast).then(pl.lit("clean")).otherwise(pl.col("_detected")),
            confidence=pl.when(fast).then(pl.lit(1.0)).otherwise(pl.col("_confidence")),
            lossy=pl.when(fast).then(pl.lit(False)).otherwise(pl.col("_lossy")),
        )
    )


def name_frame(series: pl.Series, *, tone_style: ToneStyle = "new") -> pl.DataFrame:
    """``name`` (normalized) and ``key`` (accent-free) for each row; nulls stay null.

    Once per distinct value: clean names that start with no title or form of address are
    normalized with Polars (title case, tone style) and keyed with :func:`fold_expr`; the rest go
    through :func:`dangvien.vn.names.normalize_name`.
    """
    return _per_distinct(series, lambda distinct: _names_distinct(distinct, tone_style))


def _names_distinct(column: pl.Series, tone_style: ToneStyle) -> pl.DataFrame:
    frame = pl.DataFrame({"_raw": column}).hstack(_clean_rows(column, tone_style))
    first_words = (
        frame.filter(pl.col("fast"))
        .select(pl.col("_raw").str.split(" ").list.first().unique())
        .get_column("_raw")
        .to_list()
    )
    honorific_starts = [word for word in first_words if may_start_title(word)]
    frame = frame.with_columns(
        vectorized=pl.col("fast")
        & pl.col("_raw").str.contains(r"^[\p{L} ]+$")  # letters only: no strip/casing rules
        & ~pl.col("_raw").str.split(" ").list.first().is_in(honorific_starts)
    )
    slow = frame.filter(~pl.col("vectorized")).get_column("_raw").to_list()
    lookup = pl.DataFrame(
        {
            "_raw": slow,
            "_name": [normalize_name(value, tone_style=tone_style) for value in slow],
            "_key": [name_key(value) for value in slow],
        },
        schema={"_raw": pl.String, "_name": pl.String, "_key": pl.String},
    )
    titled = pl.col("styled").str.to_titlecase()
    return (
        frame.join(lookup, on="_raw", how="left", maintain_order="left")
        .with_columns(
            name=pl.when(pl.col("vectorized")).then(titled).otherwise(pl.col("_name")),
        )
        .select(
            "name",
            key=pl.when(pl.col("vectorized"))
            .then(fold_expr(pl.col("name")))
            .otherwise(pl.col("_key")),
        )
    )


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorized accent-free lower-case key of clean NFC text (no repair, no honorifics)."""
    return (
        expr.str.replace_many(list(FOLD_FROM), list(FOLD_TO))
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


_PROVINCE_CODES = list(identity.CCCD_PROVINCES)


def cccd_frame(series: pl.Series) -> pl.DataFrame:
    """Vectorized CCCD check: ``digits``, ``valid``, ``province_code``, ``gender``, ``century``,
    ``birth_year_digits``, ``problem`` (first problem code or null) and ``suggestion``."""
    digits = (
        series.cast(pl.String)
        .str.strip_chars()
        .str.replace(r"\.0$", "")
        .str.replace_all(r"[\s.\-_/']", "")
    )
    frame = pl.DataFrame({"digits": digits})
    is_digits = pl.col("digits").str.contains(r"^\d+$")
    length = pl.col("digits").str.len_chars()
    province_ok = pl.col("digits").str.slice(0, 3).is_in(_PROVINCE_CODES)
    century_digit = pl.col("digits").str.slice(3, 1)
    padded = pl.col("digits").str.zfill(12)
    padded_ok = padded.str.slice(0, 3).is_in(_PROVINCE_CODES) & padded.str.slice(3, 1).is_in(
        ["0", "1", "2", "3"]
    )
    structured = is_digits & (length == 12)
    problem = (
        pl.when(pl.col("digits").is_null() | (length == 0))
        .then(pl.lit("empty"))
        .when(~is_digits)
        .then(pl.lit("not-digits"))
        .when(length == 9)
        .then(pl.lit("legacy-cmnd9"))
        .when(length.is_between(10, 11) & padded_ok)
        .then(pl.lit("leading-zero-lost"))
        .when(length != 12)
        .then(pl.lit("wrong-length"))
        .when(~province_ok)
        .then(pl.lit("unknown-province"))
        .when(~century_digit.is_in(["0", "1", "2", "3"]))
        .then(pl.lit("impossible-century"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return frame.with_columns(
        valid=structured & province_ok & century_digit.is_in(["0", "1", "2", "3"]),
        province_code=pl.when(structured & province_ok).then(pl.col("digits").str.slice(0, 3)),
        gender=pl.when(structured).then(
            pl.when(century_digit.cast(pl.Int8, strict=False) % 2 == 0)
            .then(pl.lit("male"))
            .otherwise(pl.lit("female"))
        ),
        century=pl.when(structured).then(century_digit.cast(pl.Int16, strict=False) // 2 + 20),
        birth_year_digits=pl.when(structured).then(pl.col("digits").str.slice(4, 2)),
        problem=problem,
        suggestion=pl.when(is_digits & length.is_between(10, 11) & padded_ok).then(padded),
    )


_OLD_PREFIXES = dict(phones.OLD_TO_NEW_PREFIX)
_MOBILE_PREFIXES = dict(phones.MOBILE_PREFIXES)


def phone_frame(series: pl.Series) -> pl.DataFrame:
    """Vectorized phone normalization: ``normalized``, ``kind``, ``carrier``, ``converted``.

    Cells the vectorized rules leave invalid (several numbers in one cell, odd punctuation) are
    re-checked with :func:`dangvien.vn.phones.normalize_phone`, once per distinct value.
    """
    raw = series.cast(pl.String)
    stripped = raw.str.strip_chars().str.replace_all(r"[\s.\-()/_']", "")
    frame = pl.DataFrame({"raw": raw, "s": stripped})
    s = pl.col("s")
    national = (
        pl.when(s.str.starts_with("+84"))
        .then(pl.lit("0") + s.str.slice(3))
        .when(s.str.starts_with("0084"))
        .then(pl.lit("0") + s.str.slice(4))
        .when(s.str.starts_with("84") & s.str.len_chars().is_in([11, 12]))
        .then(pl.lit("0") + s.str.slice(2))
        .when(s.str.contains(r"^[1-9]\d{8,9}$"))
        .then(pl.lit("0") + s)
        .otherwise(s)
    )
    frame = frame.with_columns(n=national)
    n = pl.col("n")
    old = n.str.slice(0, 4)
    is_old = (n.str.len_chars() == 11) & old.is_in(list(_OLD_PREFIXES))
    converted_number = (
        pl.when(is_old)
        .then(old.replace_strict(_OLD_PREFIXES, default=None) + n.str.slice(4))
        .otherwise(n)
    )
    frame = frame.with_columns(c=converted_number, converted=is_old)
    c = pl.col("c")
    mobile = c.str.contains(r"^0\d{9}$") & c.str.slice(0, 3).is_in(list(_MOBILE_PREFIXES))
    landline = c.str.contains(r"^02\d{9}$")
    frame = frame.with_columns(
        normalized=pl.when(mobile | landline).then(c),
        kind=pl.when(mobile)
        .then(pl.lit("mobile"))
        .when(landline)
        .then(pl.lit("landline"))
        .otherwise(pl.lit("invalid")),
        carrier=pl.when(mobile).then(
            c.str.slice(0, 3).replace_strict(_MOBILE_PREFIXES, default=None)
        ),
    )
    leftovers = (
        frame.filter((pl.col("kind") == "invalid") & pl.col("raw").is_not_null())
        .get_column("raw")
        .unique()
        .to_list()
    )
    if leftovers:
        results = [phones.normalize_phone(value) for value in leftovers]
        fixed = pl.DataFrame(
            {
                "raw": leftovers,
                "_normalized": [result.normalized for result in results],
                "_kind": [result.kind for result in results],
                "_carrier": [result.carrier for result in results],
                "_converted": [result.converted_from_11_digits for result in results],
            },
            schema={
                "raw": pl.String,
                "_normalized": pl.String,
                "_kind": pl.String,
                "_carrier": pl.String,
                "_converted": pl.Boolean,
            },
        )
        frame = frame.join(fixed, on="raw", how="left", maintain_order="left").with_columns(
            normalized=pl.coalesce("normalized", "_normalized"),
            kind=pl.when(pl.col("_kind").is_not_null()).then("_kind").otherwise("kind"),
            carrier=pl.coalesce("carrier", "_carrier"),
            converted=pl.when(pl.col("_converted").is_not_null())
            .then("_converted")
            .otherwise("converted"),
        )
    return frame.select("normalized", "kind", "carrier", "converted")
