"""Phone numbers: 10-digit mobiles with a current prefix, as the Sổ tay needs (V05).

Numbers already in the national 10-digit form with a current prefix are recognized by one
expression built from `MOBILE_PREFIXES`; the rest go once per distinct value through
`dangvien.vn.phones.normalize_phone`, which converts old 11-digit numbers, restores lost leading
zeros and explains what is wrong.
"""

from __future__ import annotations

import polars as pl

from dangvien.quality.rules.base import Context, Rule, map_distinct, raw
from dangvien.quality.rules.identity import duplicates, shared_keys
from dangvien.vn.phones import MOBILE_PREFIXES, normalize_phone

_MOBILE = r"^(?:" + "|".join(sorted(MOBILE_PREFIXES)) + r")\d{7}$"
_PARSED = pl.Struct(
    {
        "kind": pl.Utf8,
        "normalized": pl.Utf8,
        "converted": pl.Boolean,
        "detail": pl.Utf8,
    }
)


def _parse(text: str) -> dict[str, object]:
    result = normalize_phone(text)
    normalized = result.normalized
    if normalized is not None and result.others:
        normalized = "; ".join((normalized, *result.others))
    return {
        "kind": result.kind,
        "normalized": normalized,
        "converted": result.converted_from_11_digits,
        "detail": " ".join(problem.message for problem in result.problems),
    }


def _phones(ctx: Context) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        value = pl.col("phone")
        odd = ctx.table.filter(value.is_not_null() & ~value.str.contains(_MOBILE)).select(
            "_record", value.alias("key"), raw("phone").alias("value")
        )
        lookup = map_distinct(odd["key"], _parse, _PARSED)
        return odd.join(lookup, on="key", how="left").unnest("result")

    frame = ctx.cached("phones", build)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _old_eleven_digits(ctx: Context) -> pl.DataFrame:
    return (
        _phones(ctx)
        .filter(pl.col("converted") & (pl.col("kind") == "mobile"))
        .select("_record", "value", pl.col("normalized").alias("suggestion"))
    )


def _reformat(ctx: Context) -> pl.DataFrame:
    return (
        _phones(ctx)
        .filter(
            ~pl.col("converted")
            & (pl.col("kind") == "mobile")
            & (pl.col("normalized") != pl.col("key"))
        )
        .select(
            "_record",
            "value",
            pl.col("normalized").alias("suggestion"),
            pl.when(pl.col("detail") != "")
            .then(pl.col("detail"))
            .when(pl.col("key").str.contains(r"^\s*(?:\+|00)?84"))
            .then(pl.lit("số ghi theo dạng quốc tế (+84); trong nước ghi 0 và 9 chữ số."))
            .otherwise(pl.lit("bỏ dấu cách, dấu chấm, ghi liền 10 chữ số."))
            .alias("detail"),
        )
    )


def _landline(ctx: Context) -> pl.DataFrame:
    return _phones(ctx).filter(pl.col("kind") == "landline").select("_record", "value")


def _invalid(ctx: Context) -> pl.DataFrame:
    return _phones(ctx).filter(pl.col("kind") == "invalid").select("_record", "value", "detail")


def _phone_key(value: pl.Expr) -> pl.Expr:
    digits = value.str.replace_all(r"\D", "")
    return (
        pl.when(digits.str.starts_with("84") & (digits.str.len_chars() == 11))
        .then(pl.concat_str(pl.lit("0"), digits.str.slice(2)))
        .otherwise(digits)
    )


def _shared(ctx: Context) -> pl.DataFrame:
    return duplicates(ctx, shared_keys(ctx, "phone", 10, _phone_key, min_length=9), "phone")


_BASIS = "Đầu số di động hiện hành; đổi 11 số → 10 số năm 2018 (domain.md §5.3–5.4)"
RULES: tuple[Rule, ...] = (
    Rule(
        code="P01",
        dimension="current",
        severity="warning",
        fields=("phone",),
        title="Số điện thoại 11 số cũ",
        message="Số điện thoại «{value}» là số 11 số đã đổi từ năm 2018; số mới «{suggestion}».",
        check=_old_eleven_digits,
        suggestion="đổi đầu số theo bảng chuyển đổi 2018, giữ 7 số cuối",
        basis=_BASIS,
        implements=("V05",),
    ),
    Rule(
        code="P02",
        dimension="clean",
        severity="warning",
        fields=("phone",),
        title="Số điện thoại cần chuẩn hóa",
        message="Số điện thoại «{value}» chưa đúng dạng 10 chữ số: {detail}",
        check=_reformat,
        suggestion="dạng 0xxxxxxxxx (bỏ +84, thêm số 0 bị mất, bỏ dấu phân cách)",
        basis=_BASIS,
        implements=("V05",),
    ),
    Rule(
        code="P03",
        dimension="correct",
        severity="warning",
        fields=("phone",),
        title="Số điện thoại không hợp lệ",
        message="Số điện thoại «{value}» không hợp lệ: {detail}",
        check=_invalid,
        basis=_BASIS,
        implements=("V05",),
    ),
    Rule(
        code="P04",
        dimension="shareable",
        severity="info",
        fields=("phone",),
        title="Số máy bàn thay vì di động",
        message="«{value}» là số máy bàn; Sổ tay đảng viên điện tử cần số di động của đảng viên.",
        check=_landline,
        basis="Sổ tay đảng viên điện tử: số điện thoại của đảng viên (QĐ 339-QĐ/TW, §1.5)",
        implements=("V05",),
    ),
    Rule(
        code="P05",
        dimension="shareable",
        severity="info",
        fields=("phone",),
        title="Nhiều đảng viên dùng chung số điện thoại",
        message="Số điện thoại «{value}» trùng với {others} đảng viên khác (số của gia đình?).",
        check=_shared,
        scope="cross_record",
        basis="Số điện thoại dùng chung trong gia đình (domain.md §8.2)",
    ),
)
