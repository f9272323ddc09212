"""Duplicate members: identifier collisions and the same person typed twice (issue 5, item 4).

`candidate_pairs` returns one row per pair of records that may be the same person:

- ``same_citizen_id``: both carry the same CCCD (an 11-digit value counts as its 12-digit
  original when `dangvien.vn.identity` says a leading zero was lost);
- ``same_card_number``: both carry the same Party card number;
- ``probable_person``: no identifier in common, but name, birth date, hometown and the other
  fields make it likely (see `dangvien.quality.matching` for the model).

Identifier collisions are always returned, whatever their score: two different people sharing a
CCCD is a finding too, and the score (low when names and birth dates disagree) tells the two
situations apart. Probable persons are returned from ``threshold`` up.

Records of the same organization are paired like any others: a row pasted twice into one
cell's list is as much a duplicate as a member kept by two cells; ``same_org`` and the evidence
("cùng chi bộ") let the reviewer see which case it is. The organization is not evidence of
identity either way. Records that left the roster before ``as_of`` (transferred out, deceased)
are still compared, and ``one_exited`` marks the pair, since a transfer leaves two records of
one person by design.
"""

from __future__ import annotations

import datetime as dt
import math

import polars as pl

from dangvien.quality.blocking import blocked_pairs, identifier_pairs, record_features
from dangvien.quality.matching import compare_pairs, estimate_m, weigh, with_notes

__all__ = ["DEFAULT_THRESHOLD", "KINDS", "OUTPUT_SCHEMA", "candidate_pairs"]

DEFAULT_THRESHOLD = 0.9
KINDS = ("same_citizen_id", "same_card_number", "probable_person")

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "record_a": pl.Int64(),
    "record_b": pl.Int64(),
    "score": pl.Float64(),
    "kind": pl.Utf8(),
    "evidence": pl.Utf8(),
    "name_level": pl.Utf8(),
    "birth_date_level": pl.Utf8(),
    "hometown_level": pl.Utf8(),
    "citizen_id_level": pl.Utf8(),
    "card_number_level": pl.Utf8(),
    "gender_level": pl.Utf8(),
    "join_date_level": pl.Utf8(),
    "phone_level": pl.Utf8(),
    "same_org": pl.Boolean(),
    "one_exited": pl.Boolean(),
    "weight": pl.Float64(),
}


def _phrase(condition: pl.Expr, text: str) -> pl.Expr:
    return pl.when(condition).then(pl.lit(text)).otherwise(pl.lit(None, dtype=pl.Utf8))


def _joined(phrases: list[pl.Expr], separator: str) -> pl.Expr:
    return pl.concat_list(phrases).list.drop_nulls().list.join(separator)


def _evidence() -> pl.Expr:
    name, birth = pl.col("name_level"), pl.col("birth_date_level")
    hometown, citizen = pl.col("hometown_level"), pl.col("citizen_id_level")
    card, gender = pl.col("card_number_level"), pl.col("gender_level")
    joined, phone = pl.col("join_date_level"), pl.col("phone_level")
    exact_name = name == "exact"
    agreeing = _joined(
        [
            _phrase(
                exact_name & pl.col("name_repaired"), "họ tên (một bản ghi gõ bằng phông chữ cũ)"
            ),
            _phrase(
                exact_name & ~pl.col("name_repaired") & pl.col("name_tone_style"),
                "họ tên (khác kiểu đặt dấu thanh)",
            ),
            _phrase(exact_name & ~pl.col("name_repaired") & ~pl.col("name_tone_style"), "họ tên"),
            _phrase(name == "accents", "họ tên (khác dấu)"),
            _phrase(name == "middle_name", "họ và tên gọi (khác tên đệm)"),
            _phrase(name == "similar", "họ tên gần giống"),
            _phrase(birth == "exact", "ngày sinh"),
            _phrase(birth == "swapped", "ngày sinh (đảo ngày/tháng)"),
            _phrase(birth == "coarse", "năm sinh (một bản ghi chỉ ghi năm hoặc tháng)"),
            _phrase(birth == "partial", "ngày sinh gần giống (lệch một phần)"),
            _phrase(hometown == "exact", "quê quán"),
            _phrase(hometown == "partial", "quê quán (ghi khác cách)"),
            _phrase(citizen == "equal", "CCCD"),
            _phrase(citizen == "restored", "CCCD (một bản ghi mất số 0 ở đầu)"),
            _phrase(card == "equal", "số thẻ đảng viên"),
            _phrase(joined == "exact", "ngày vào Đảng"),
            _phrase(phone == "equal", "số điện thoại"),
        ],
        ", ",
    )
    remarks = _joined(
        [
            _phrase(name == "different", "khác họ tên"),
            _phrase(birth == "year", "cùng năm sinh nhưng khác ngày, tháng"),
            _phrase(birth == "different", "khác ngày sinh"),
            _phrase(hometown == "different", "khác quê quán"),
            _phrase(citizen == "near", "CCCD lệch một chữ số"),
            _phrase(citizen == "different", "khác CCCD"),
            _phrase(card == "different", "khác số thẻ đảng viên"),
            _phrase(gender == "different", "khác giới tính"),
            _phrase(joined == "different", "khác ngày vào Đảng"),
            _phrase(pl.col("same_org").fill_null(False), "cùng chi bộ"),
            _phrase(~pl.col("same_org").fill_null(True), "khác chi bộ"),
            _phrase(
                (citizen == "missing")
                & (pl.col("citizen_id_key_a").is_null() != pl.col("citizen_id_key_b").is_null()),
                "thiếu CCCD ở một bản ghi",
            ),
            _phrase(
                pl.col("citizen_id_key_a").is_null() & pl.col("citizen_id_key_b").is_null(),
                "cả hai bản ghi thiếu CCCD",
            ),
            _phrase(birth == "missing", "thiếu ngày sinh"),
            _phrase(pl.col("one_exited"), "một bản ghi đã ra khỏi danh sách sinh hoạt"),
        ],
        "; ",
    )
    head = pl.when(agreeing != "").then(pl.concat_str([pl.lit("Trùng "), agreeing]))
    tail = pl.when(remarks != "").then(remarks)
    return _capitalized(pl.concat_list([head, tail]).list.drop_nulls().list.join("; "))


def _capitalized(text: pl.Expr) -> pl.Expr:
    return pl.concat_str([text.str.slice(0, 1).str.to_uppercase(), text.str.slice(1)])


def candidate_pairs(
    table: pl.DataFrame,
    *,
    as_of: dt.date | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> pl.DataFrame:
    """Pairs of records of ``table`` (canonical table) that may be the same member.

    Sorted by score (highest first), then by record numbers; ``record_a < record_b``.
    """
    features = record_features(table, as_of=as_of)
    pairs = pl.concat([identifier_pairs(features), blocked_pairs(features)]).unique()
    compared = compare_pairs(pairs, features)
    scored = weigh(compared, estimate_m(compared)).with_columns(
        (1.0 / (1.0 + (-pl.col("weight") * math.log(2)).exp())).round(4).alias("score"),
        pl.when(pl.col("citizen_id_level").is_in(["equal", "restored"]))
        .then(pl.lit("same_citizen_id"))
        .when(pl.col("card_number_level") == "equal")
        .then(pl.lit("same_card_number"))
        .otherwise(pl.lit("probable_person"))
        .alias("kind"),
    )
    kept = scored.filter((pl.col("kind") != "probable_person") | (pl.col("score") >= threshold))
    result = with_notes(kept, features).with_columns(
        _evidence().alias("evidence"), pl.col("weight").round(3)
    )
    return result.select([pl.col(name).cast(dtype) for name, dtype in OUTPUT_SCHEMA.items()]).sort(
        ["score", "record_a", "record_b"], descending=[True, False, False]
    )
