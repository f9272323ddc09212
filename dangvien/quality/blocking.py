"""Candidate generation for duplicate detection: comparison features per record and blocking.

Comparing every record with every other is quadratic (5·10¹¹ pairs for a million members), so
pairs are only formed inside *blocks*: records sharing an inexpensive key. A true duplicate is
found when at least one key survives the defects a second typing introduces, hence several rules:

- the accent-free name key with the birth year and the unordered day/month (a legacy font, another
  tone style or swapped day and month leave all three intact);
- the name key with the birth year and month, or year and day (a mistyped day or month);
- the name key with the birth year, for records whose birth date is only a year (or month);
- family name, given name and birth date (a middle name dropped or added);
- given name, hometown and birth date (a family name mistyped);
- the name key and the admission year, for a record without a birth date (an undated record
  agreeing on nothing but its name cannot reach a duplicate's score anyway).

Exact identifier collisions (same CCCD, same card number) are blocks of their own: they are
reported whatever the names say.

Keys come from the column helpers of `dangvien.vn.columns` (vectorized, with the Python-level
text functions run once per distinct value they cannot settle), so a million rows cost seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from dangvien.vn.columns import cccd_frame, fold_expr, name_frame
from dangvien.vn.tones import compare_key

__all__ = [
    "BLOCKING_RULES",
    "MAX_BLOCK",
    "MAX_ID_GROUP",
    "BlockingRule",
    "blocked_pairs",
    "citizen_id_key_column",
    "identifier_pairs",
    "name_key_column",
    "per_distinct",
    "record_features",
]

# A block bigger than this is a key too common to tell anyone apart (thousands of "nguyen van
# hung" born the same year in a national extract); its pairs would swamp the comparison step
# while the narrower rules still pair the true duplicates inside it.
MAX_BLOCK = 400
# An identifier shared by more records than this is a placeholder ("000000000000"), not a
# person: its records are paired with the first of them only, so the group is reported in
# n - 1 pairs instead of n²/2.
MAX_ID_GROUP = 20


@dataclass(frozen=True)
class BlockingRule:
    code: str
    columns: tuple[str, ...]
    # When set, only records where this boolean feature holds are paired, with every record
    # sharing their key: the rule exists for those few records, so its blocks are not capped.
    anchor: str | None = None


_HASHED = ("name_key", "surname_key", "given_key", "hometown_key")
BLOCKING_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("name_date", ("name_key_id", "birth_year", "day_month")),
    BlockingRule("name_year_month", ("name_key_id", "birth_year", "birth_month")),
    BlockingRule("name_year_day", ("name_key_id", "birth_year", "birth_day")),
    BlockingRule("name_year_only", ("name_key_id", "birth_year"), anchor="year_only"),
    BlockingRule(
        "surname_given_date", ("surname_key_id", "given_key_id", "birth_year", "day_month")
    ),
    BlockingRule(
        "given_hometown_date", ("given_key_id", "hometown_key_id", "birth_year", "day_month")
    ),
    BlockingRule("name_undated", ("name_key_id", "join_year"), anchor="undated"),
)


def per_distinct(column: pl.Series, function: Callable[[str], str | None]) -> pl.Series:
    """``function`` applied once per distinct non-null value of ``column``, joined back."""
    values = column.drop_nulls().unique()
    if values.is_empty():
        return pl.Series(column.name, [None] * len(column), dtype=pl.Utf8)
    keys = pl.Series([function(value) for value in values.to_list()], dtype=pl.Utf8)
    return column.replace_strict(values, keys, default=None, return_dtype=pl.Utf8)


def name_key_column(table: pl.DataFrame) -> pl.Series:
    """`vn.names.name_key` of every full name, through the vn column helper (`name_frame`)."""
    return name_frame(table["full_name"])["key"].alias("name_key")


def _per_distinct_expr(column: pl.Series, expression: pl.Expr) -> pl.Series:
    """``expression`` (over a column named "value") evaluated once per distinct value."""
    values = column.drop_nulls().unique()
    keys = pl.DataFrame({"value": values}).select(expression.replace("", None))["value"]
    return column.replace_strict(values, keys, default=None, return_dtype=pl.Utf8)


def _nullable_key(function: Callable[[str], str]) -> Callable[[str], str | None]:
    def keyed(value: str) -> str | None:
        key = function(value)
        return key or None

    return keyed


def citizen_id_key_column(values: pl.Series) -> pl.Series:
    """The digits of each CCCD as typed, with a leading zero Excel ate put back (null when the
    cell holds no number); `vn.columns.cccd_frame` decides when a short number lost its zero.

    Plain 12-digit values, nearly all of them, are their own key and skip the check.
    """
    plain = values.str.contains(r"^\d{12}$").fill_null(False)
    checked = cccd_frame(values.filter(~plain))
    digits = pl.col("digits")
    others = checked.select(
        pl.coalesce(pl.col("suggestion"), pl.when(digits.str.contains(r"^\d+$")).then(digits))
    ).to_series()
    keys = pl.Series(values.name, [None] * len(values), dtype=pl.Utf8)
    keys = keys.scatter(plain.arg_true(), values.filter(plain))
    return keys.scatter((~plain).arg_true(), others)


def record_features(table: pl.DataFrame, *, as_of: dt.date | None = None) -> pl.DataFrame:
    """One row per record with the normalized values that blocking and comparison read.

    `citizen_id_key` is the CCCD with a lost leading zero restored (`citizen_id_restored` says
    so); `exited` marks records that already left the roster on ``as_of`` (any exit when no
    date is given), because a transferred-out copy next to the receiving cell's record is the
    history of a transfer more often than a duplicate.
    """
    stripped = pl.col("citizen_id").str.replace_all(r"[\s.\-_/']", "")
    digits_series = table.select(
        pl.when(stripped.str.contains(r"^\d+$")).then(stripped).alias("digits")
    )["digits"]
    restored = citizen_id_key_column(table["citizen_id"])
    name_keys = name_key_column(table)
    hometown_keys = _per_distinct_expr(table["hometown"], fold_expr(pl.col("value")))
    hometown_compare = per_distinct(table["hometown"], _nullable_key(compare_key))

    exit_on = pl.col("exit_kind").is_not_null()
    if as_of is not None:
        exit_on = exit_on & (pl.col("exit_date").is_null() | (pl.col("exit_date") <= as_of))

    birth = pl.col("birth_date")
    precision = (
        pl.when(birth.is_null())
        .then(None)
        .otherwise(pl.col("birth_date__precision").fill_null("day"))
    )
    day, month = birth.dt.day(), birth.dt.month()
    features = table.select(
        pl.col("_record").alias("record"),
        pl.col("full_name").alias("name"),
        pl.col("full_name__raw").alias("name_raw"),
        name_keys.alias("name_key"),
        birth.alias("birth_date"),
        precision.alias("birth_precision"),
        birth.dt.year().cast(pl.Int32).alias("birth_year"),
        pl.when(precision == "day")
        .then(pl.min_horizontal(day, month).cast(pl.Int32) * 100 + pl.max_horizontal(day, month))
        .cast(pl.Int32)
        .alias("day_month"),
        pl.when(precision != "year").then(month).cast(pl.Int8).alias("birth_month"),
        pl.when(precision == "day").then(day).cast(pl.Int8).alias("birth_day"),
        (precision != "day").fill_null(False).alias("year_only"),
        birth.is_null().alias("undated"),
        pl.col("join_date").dt.year().cast(pl.Int32).alias("join_year"),
        hometown_keys.alias("hometown_key"),
        hometown_compare.alias("hometown_compare"),
        digits_series.alias("citizen_id_digits"),
        restored.alias("citizen_id_key"),
        pl.col("card_number").str.replace_all(r"\s", "").alias("card_key"),
        pl.col("gender"),
        pl.col("join_date"),
        pl.col("phone").str.replace_all(r"\D", "").alias("phone"),
        pl.col("org_code"),
        pl.col("org"),
        exit_on.fill_null(False).alias("exited"),
    )
    keyed = features.with_columns(
        pl.col("name_key").str.extract(r"^(\S+) ").alias("surname_key"),
        pl.col("name_key").str.extract(r" (\S+)$").alias("given_key"),
    )
    return keyed.with_columns(
        # Blocks join on 64-bit hashes of the text keys: integer joins cost a fraction of string
        # joins, and a collision only adds a pair that the comparison then rejects.
        *(
            pl.when(pl.col(key).is_not_null()).then(pl.col(key).hash(seed=0)).alias(f"{key}_id")
            for key in _HASHED
        ),
        (pl.col("citizen_id_key") != pl.col("citizen_id_digits"))
        .fill_null(False)
        .alias("citizen_id_restored"),
        pl.when(pl.col("card_key") != "").then(pl.col("card_key")).alias("card_key"),
        pl.when(pl.col("phone") != "").then(pl.col("phone")).alias("phone"),
    )


def _ordered(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.filter(pl.col("record_a") < pl.col("record_b")).select("record_a", "record_b")


def _block_pairs(features: pl.DataFrame, rule: BlockingRule) -> pl.DataFrame:
    keys = list(rule.columns)
    if rule.anchor is not None:
        keyed = features.select("record", rule.anchor, *keys).drop_nulls(keys)
        left = keyed.filter(pl.col(rule.anchor)).select(pl.col("record").alias("left"), *keys)
        right = keyed.select(pl.col("record").alias("right"), *keys)
        joined = left.join(right, on=keys).filter(pl.col("left") != pl.col("right"))
        return joined.select(
            pl.min_horizontal("left", "right").alias("record_a"),
            pl.max_horizontal("left", "right").alias("record_b"),
        )
    keyed = features.select("record", *keys).drop_nulls(keys)
    keyed = keyed.filter(pl.len().over(keys).is_between(2, MAX_BLOCK))
    left = keyed.select(pl.col("record").alias("record_a"), *keys)
    right = keyed.select(pl.col("record").alias("record_b"), *keys)
    return _ordered(left.join(right, on=keys))


def blocked_pairs(features: pl.DataFrame) -> pl.DataFrame:
    """Distinct (record_a, record_b) pairs sharing a block under any rule, record_a < record_b."""
    frames = [_block_pairs(features, rule) for rule in BLOCKING_RULES]
    return pl.concat(frames).unique()


def _identifier_group_pairs(features: pl.DataFrame, column: str) -> pl.DataFrame:
    keyed = features.select("record", column).drop_nulls()
    keyed = keyed.filter(keyed[column].is_duplicated()).with_columns(
        pl.col("record").min().over(column).alias("first"),
        pl.len().over(column).alias("size"),
    )
    small = keyed.filter(pl.col("size") <= MAX_ID_GROUP)
    joined = small.select(pl.col("record").alias("record_a"), column).join(
        small.select(pl.col("record").alias("record_b"), column), on=column
    )
    star = keyed.filter(pl.col("size") > MAX_ID_GROUP).select(
        pl.col("first").alias("record_a"), pl.col("record").alias("record_b")
    )
    return pl.concat([_ordered(joined), _ordered(star)])


def identifier_pairs(features: pl.DataFrame) -> pl.DataFrame:
    """Pairs sharing a CCCD (lost leading zero restored) or a card number."""
    return pl.concat(
        [
            _identifier_group_pairs(features, "citizen_id_key"),
            _identifier_group_pairs(features, "card_key"),
        ]
    ).unique()
