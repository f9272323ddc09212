"""Reconciliation (đối soát) of the member table with a second source keyed by CCCD (issue 5.5).

The second source is an extract checked against the national population database, the
handbook's member list or any list with a CCCD column; intake reads it into a canonical table
like ours. Records are matched on the CCCD (a number that lost its leading zero in Excel counts
as its 12-digit original), then every field both sides carry is compared as a person would: text
under the tone-style-insensitive key (so "Hòa"/"Hoà" is no difference), codes and phones on their
digits, dates at the precision they were written with.

Every difference gets the other source's value as a suggestion, except where the Party record is
authoritative by rule: the birth date is fixed by the original dossier (Thông báo 13-TB/TW,
domain.md §2.4) and the admission and recognition dates by their decisions, so those differences
always go to a person (`needs_person`) and the birth date never carries a suggestion.

A record of ours without a CCCD that has exactly one namesake with the same birth date among the
unmatched reference records gets the reference CCCD as a suggestion — to be confirmed by a person,
since a name and a birth date do not prove identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dangvien.quality.blocking import citizen_id_key_column, name_key_column, per_distinct
from dangvien.quality.dictionary import MEMBER_FIELD_NAMES, Kind, member_field
from dangvien.vn.tones import compare_key

__all__ = [
    "DIFFERENCE_SCHEMA",
    "DOSSIER_FIELDS",
    "NO_SUGGESTION_FIELDS",
    "ONLY_OURS_SCHEMA",
    "ONLY_THEIRS_SCHEMA",
    "ReconcileResult",
    "reconcile",
]

# Fixed by the original dossier or by a Party decision: a second source never overrules them.
DOSSIER_FIELDS = frozenset({"birth_date", "join_date", "official_date"})
NO_SUGGESTION_FIELDS = frozenset({"birth_date"})
# Identity and bookkeeping columns that are never compared field by field.
_NOT_COMPARED = frozenset({"citizen_id", "note", "handbook_installed", "no_smartphone"})
_TEXT_KINDS = frozenset({Kind.TEXT, Kind.NAME, Kind.ADDRESS, Kind.CATALOG, Kind.ORG})
_CODE_KINDS = frozenset({Kind.CODE, Kind.PHONE})

DIFFERENCE_SCHEMA: dict[str, pl.DataType] = {
    "record": pl.Int64(),
    "reference_record": pl.Int64(),
    "citizen_id": pl.Utf8(),
    "field": pl.Utf8(),
    "difference": pl.Utf8(),  # different | missing_ours | missing_theirs | less_precise
    "ours": pl.Utf8(),
    "theirs": pl.Utf8(),
    "suggestion": pl.Utf8(),
    "needs_person": pl.Boolean(),
    "message": pl.Utf8(),
}
ONLY_OURS_SCHEMA: dict[str, pl.DataType] = {
    "record": pl.Int64(),
    "citizen_id": pl.Utf8(),
    "full_name": pl.Utf8(),
    "birth_date": pl.Date(),
    "org": pl.Utf8(),
    "reason": pl.Utf8(),  # no_citizen_id | not_in_reference
    "message": pl.Utf8(),
}
ONLY_THEIRS_SCHEMA: dict[str, pl.DataType] = {
    "reference_record": pl.Int64(),
    "citizen_id": pl.Utf8(),
    "full_name": pl.Utf8(),
    "birth_date": pl.Date(),
    "message": pl.Utf8(),
}


@dataclass(frozen=True)
class ReconcileResult:
    differences: pl.DataFrame
    only_ours: pl.DataFrame
    only_theirs: pl.DataFrame


def _keyed(table: pl.DataFrame) -> pl.DataFrame:
    return table.with_columns(
        citizen_id_key_column(table["citizen_id"]).alias("_key"),
        name_key_column(table).alias("_name_key"),
    )


def _fields(reference: pl.DataFrame, fields: Sequence[str] | None) -> list[str]:
    if fields is not None:
        unknown = [name for name in fields if name not in MEMBER_FIELD_NAMES]
        if unknown:
            raise ValueError(f"not member fields: {', '.join(unknown)}")
        return [name for name in fields if name not in _NOT_COMPARED]
    carried = reference.select(
        [pl.col(name).is_not_null().any().alias(name) for name in MEMBER_FIELD_NAMES]
    ).row(0, named=True)
    return [name for name in MEMBER_FIELD_NAMES if carried[name] and name not in _NOT_COMPARED]


def _display_date(field: str, suffix: str) -> pl.Expr:
    value, precision = pl.col(field + suffix), pl.col(f"{field}__precision{suffix}")
    return (
        pl.when(precision == "year")
        .then(value.dt.strftime("%Y"))
        .when(precision == "month")
        .then(value.dt.strftime("%m/%Y"))
        .otherwise(value.dt.strftime("%d/%m/%Y"))
    )


def _display(field: str, suffix: str = "") -> pl.Expr:
    """``field`` of our side (or of the reference with ``suffix="_ref"``) as a person reads it."""
    spec = member_field(field)
    column = field + suffix
    if spec.kind is Kind.DATE:
        return _display_date(field, suffix)
    if spec.kind is Kind.BOOL:
        return pl.col(column).replace_strict({True: "Có", False: "Không"}, return_dtype=pl.Utf8)
    if spec.kind is Kind.ENUM and spec.choices is not None:
        return pl.col(column).replace_strict(
            dict(spec.choices), default=pl.col(column), return_dtype=pl.Utf8
        )
    return pl.col(column).cast(pl.Utf8)


def _rank(precision: pl.Expr) -> pl.Expr:
    return precision.replace_strict({"year": 0, "month": 1}, default=2, return_dtype=pl.Int8)


def _date_difference(field: str) -> pl.Expr:
    ours, theirs = pl.col(field), pl.col(f"{field}_ref")
    ours_rank = _rank(pl.col(f"{field}__precision").fill_null("day"))
    theirs_rank = _rank(pl.col(f"{field}__precision_ref").fill_null("day"))
    coarser = pl.min_horizontal(ours_rank, theirs_rank)
    same_year = ours.dt.year() == theirs.dt.year()
    agree = (
        pl.when(coarser == 0)
        .then(same_year)
        .when(coarser == 1)
        .then(same_year & (ours.dt.month() == theirs.dt.month()))
        .otherwise(ours == theirs)
    )
    return (
        pl.when(agree & (ours_rank < theirs_rank))
        .then(pl.lit("less_precise"))
        .when(agree)
        .then(pl.lit(None, dtype=pl.Utf8))
        .otherwise(pl.lit("different"))
    )


def _normalized(frame: pl.DataFrame, field: str, column: str) -> pl.Series:
    spec = member_field(field)
    if spec.kind in _TEXT_KINDS:
        return per_distinct(frame[column], lambda text: compare_key(text) or None)
    if spec.kind in _CODE_KINDS:
        return frame.select(
            pl.col(column).str.replace_all(r"[\s.\-/]", "").str.to_uppercase().replace("", None)
        )[column]
    return frame[column]


def _field_differences(matched: pl.DataFrame, field: str) -> pl.DataFrame:
    spec = member_field(field)
    ours, theirs = pl.col(field), pl.col(f"{field}_ref")
    if spec.kind is Kind.DATE:
        both = _date_difference(field)
    else:
        frame = matched.with_columns(
            _normalized(matched, field, field).alias("_ours"),
            _normalized(matched, field, f"{field}_ref").alias("_theirs"),
        )
        matched = frame
        both = (
            pl.when(pl.col("_ours") != pl.col("_theirs"))
            .then(pl.lit("different"))
            .otherwise(pl.lit(None, dtype=pl.Utf8))
        )
    difference = (
        pl.when(ours.is_null() & theirs.is_null())
        .then(pl.lit(None, dtype=pl.Utf8))
        .when(ours.is_null())
        .then(pl.lit("missing_ours"))
        .when(theirs.is_null())
        .then(pl.lit("missing_theirs"))
        .otherwise(both)
    )
    found = matched.with_columns(difference.alias("difference")).filter(
        pl.col("difference").is_not_null()
    )
    theirs_text = _display(field, "_ref")
    return found.select(
        pl.col("_record").alias("record"),
        pl.col("_record_ref").alias("reference_record"),
        pl.col("_key").alias("citizen_id"),
        pl.lit(field).alias("field"),
        "difference",
        _display(field).alias("ours"),
        theirs_text.alias("theirs"),
        pl.when(pl.col("difference") != "missing_theirs")
        .then(pl.lit(None) if field in NO_SUGGESTION_FIELDS else theirs_text)
        .alias("suggestion"),
        pl.lit(field in DOSSIER_FIELDS).alias("needs_person"),
    ).with_columns(_message(field).alias("message"))


def _quoted(column: str) -> pl.Expr:
    return pl.concat_str([pl.lit("“"), pl.col(column), pl.lit("”")])


def _message(field: str) -> pl.Expr:
    label = member_field(field).label
    kind = pl.col("difference")
    text = (
        pl.when(kind == "missing_ours")
        .then(
            pl.concat_str(
                [
                    pl.lit(f"{label}: danh sách bỏ trống, nguồn đối chiếu ghi "),
                    _quoted("theirs"),
                    pl.lit("."),
                ]
            )
        )
        .when(kind == "missing_theirs")
        .then(
            pl.concat_str(
                [
                    pl.lit(f"{label}: nguồn đối chiếu bỏ trống, danh sách ghi "),
                    _quoted("ours"),
                    pl.lit("."),
                ]
            )
        )
        .when(kind == "less_precise")
        .then(
            pl.concat_str(
                [
                    pl.lit(f"{label}: danh sách chỉ ghi "),
                    _quoted("ours"),
                    pl.lit(", nguồn đối chiếu ghi đầy đủ "),
                    _quoted("theirs"),
                    pl.lit("."),
                ]
            )
        )
        .otherwise(
            pl.concat_str(
                [
                    pl.lit(f"{label} khác nguồn đối chiếu: danh sách ghi "),
                    _quoted("ours"),
                    pl.lit(", nguồn đối chiếu ghi "),
                    _quoted("theirs"),
                    pl.lit("."),
                ]
            )
        )
    )
    if field == "birth_date":
        tail = " Ngày sinh của đảng viên theo lý lịch gốc, không tự sửa: cần người đối chiếu hồ sơ."
    elif field in DOSSIER_FIELDS:
        tail = " Ngày này theo quyết định của cấp ủy, không tự sửa: cần người đối chiếu hồ sơ."
    else:
        tail = " Đề nghị sửa theo nguồn đối chiếu nếu đúng."
    return (
        pl.when(kind == "missing_theirs").then(text).otherwise(pl.concat_str([text, pl.lit(tail)]))
    )


def _restored_ids(matched: pl.DataFrame) -> pl.DataFrame:
    digits = pl.col("citizen_id").str.replace_all(r"\D", "")
    lost = matched.filter(digits != pl.col("_key"))
    return lost.select(
        pl.col("_record").alias("record"),
        pl.col("_record_ref").alias("reference_record"),
        pl.col("_key").alias("citizen_id"),
        pl.lit("citizen_id").alias("field"),
        pl.lit("different").alias("difference"),
        pl.col("citizen_id").alias("ours"),
        pl.col("citizen_id_ref").alias("theirs"),
        pl.col("_key").alias("suggestion"),
        pl.lit(False).alias("needs_person"),
        pl.concat_str(
            [
                pl.lit("Số CCCD “"),
                pl.col("citizen_id"),
                pl.lit("” mất số 0 ở đầu: sửa thành "),
                _quoted("_key"),
                pl.lit("."),
            ]
        ).alias("message"),
    )


def _unique_by(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    return frame.filter(pl.len().over(keys) == 1)


def _suggest_ids(
    ours: pl.DataFrame, theirs: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    keys = ["_name_key", "birth_date"]
    seeking = _unique_by(ours.filter(pl.col("_key").is_null()).drop_nulls(keys), keys)
    offering = _unique_by(theirs.filter(pl.col("_key").is_not_null()).drop_nulls(keys), keys)
    found = seeking.select("_record", *keys).join(
        offering.select(pl.col("_record").alias("_record_ref"), "_key", "citizen_id", *keys),
        on=keys,
    )
    suggested = found.select(
        pl.col("_record").alias("record"),
        pl.col("_record_ref").alias("reference_record"),
        pl.lit(None, dtype=pl.Utf8).alias("citizen_id"),
        pl.lit("citizen_id").alias("field"),
        pl.lit("missing_ours").alias("difference"),
        pl.lit(None, dtype=pl.Utf8).alias("ours"),
        pl.col("citizen_id").alias("theirs"),
        pl.col("_key").alias("suggestion"),
        pl.lit(True).alias("needs_person"),
        pl.concat_str(
            [
                pl.lit(
                    "Thiếu số CCCD; nguồn đối chiếu có một người cùng họ tên, ngày sinh mang CCCD "
                ),
                _quoted("_key"),
                pl.lit(": cần người xác nhận đúng là một người trước khi điền."),
            ]
        ).alias("message"),
    )
    return (
        suggested,
        ours.join(found.select("_record"), on="_record", how="anti"),
        theirs.join(found.select(pl.col("_record_ref").alias("_record")), on="_record", how="anti"),
    )


def _finish(differences: pl.DataFrame) -> pl.DataFrame:
    order = {name: index for index, name in enumerate(MEMBER_FIELD_NAMES)}
    return (
        differences.with_columns(
            pl.col("field").replace_strict(order, return_dtype=pl.Int32).alias("_order")
        )
        .sort(["record", "_order", "reference_record"])
        .drop("_order")
    )


def _only_ours(unmatched: pl.DataFrame) -> pl.DataFrame:
    missing = pl.col("_key").is_null()
    return unmatched.sort("_record").select(
        pl.col("_record").alias("record"),
        "citizen_id",
        "full_name",
        "birth_date",
        "org",
        pl.when(missing)
        .then(pl.lit("no_citizen_id"))
        .otherwise(pl.lit("not_in_reference"))
        .alias("reason"),
        pl.when(missing)
        .then(pl.lit("Không có số CCCD nên không đối soát được với nguồn đối chiếu."))
        .otherwise(
            pl.concat_str(
                [pl.lit("Số CCCD "), _quoted("_key"), pl.lit(" không có trong nguồn đối chiếu.")]
            )
        )
        .alias("message"),
    )


def _only_theirs(unmatched: pl.DataFrame) -> pl.DataFrame:
    return unmatched.sort("_record").select(
        pl.col("_record").alias("reference_record"),
        pl.col("_key").alias("citizen_id"),
        "full_name",
        "birth_date",
        pl.when(pl.col("_key").is_null())
        .then(pl.lit("Nguồn đối chiếu có bản ghi không có số CCCD, không đối soát được."))
        .otherwise(
            pl.concat_str(
                [
                    pl.lit("Có trong nguồn đối chiếu (CCCD "),
                    _quoted("_key"),
                    pl.lit(") nhưng không có trong danh sách đảng viên."),
                ]
            )
        )
        .alias("message"),
    )


def reconcile(
    table: pl.DataFrame,
    reference: pl.DataFrame,
    *,
    fields: Sequence[str] | None = None,
) -> ReconcileResult:
    """Compare ``table`` with ``reference`` (both canonical tables) record by record on the CCCD.

    ``fields`` limits the comparison; by default every member field the reference fills at least
    once is compared. A CCCD repeated on one side is compared with every record bearing it on the
    other side (the duplicate detector reports the repetition itself).
    """
    ours, theirs = _keyed(table), _keyed(reference)
    compared = _fields(reference, fields)
    matched = ours.filter(pl.col("_key").is_not_null()).join(
        theirs.filter(pl.col("_key").is_not_null()), on="_key", suffix="_ref"
    )
    frames = [_field_differences(matched, field) for field in compared]
    frames.append(_restored_ids(matched))
    unmatched_ours = ours.join(matched.select("_record"), on="_record", how="anti")
    unmatched_theirs = theirs.join(
        matched.select(pl.col("_record_ref").alias("_record")), on="_record", how="anti"
    )
    suggested, unmatched_ours, unmatched_theirs = _suggest_ids(unmatched_ours, unmatched_theirs)
    frames.append(suggested)
    differences = _finish(pl.concat([frame.cast(pl.Schema(DIFFERENCE_SCHEMA)) for frame in frames]))
    return ReconcileResult(
        differences=differences,
        only_ours=_only_ours(unmatched_ours),
        only_theirs=_only_theirs(unmatched_theirs),
    )
