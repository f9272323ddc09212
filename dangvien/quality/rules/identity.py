"""Identity numbers: CCCD / số định danh, old CMND, party card and dossier numbers.

The structure of a CCCD is `dangvien.vn.identity`'s business: the well-formed majority is
recognized by one Polars expression built from the same tables (`CCCD_PROVINCES`,
`CENTURY_DIGITS`), and only the rest goes, once per distinct value, through `parse_cccd`, which
also writes the explanation. Agreement with gender and birth year (V03) is prefiltered the same
way and decided by `check_cccd_against`.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from dangvien.quality.rules.base import ENGINE, Check, Context, Rule, hits, map_distinct, raw, state
from dangvien.vn.identity import (
    CCCD_PROVINCES,
    CENTURY_DIGITS,
    check_cccd_against,
    normalize_id,
    parse_cccd,
)

_PLAUSIBLE_CENTURY = sorted(d for d, c in CENTURY_DIGITS.items() if c.century in (20, 21))
_WELL_FORMED = (
    r"^(?:" + "|".join(sorted(CCCD_PROVINCES)) + r")[" + "".join(_PLAUSIBLE_CENTURY) + r"]\d{8}$"
)
_CARD = r"^\d{8}$"
_DOSSIER = r"^\d{6}[A-ZĐ]{1,3}$"
_LEGACY_ID = r"^(?:\d{9}|\d{12})$"

_PARSED = pl.Struct(
    {
        "kind": pl.Utf8,
        "digits": pl.Utf8,
        "valid": pl.Boolean,
        "suggestion": pl.Utf8,
        "detail": pl.Utf8,
    }
)


def _parse(text: str) -> dict[str, object]:
    result = parse_cccd(text)
    return {
        "kind": result.kind,
        "digits": result.digits,
        "valid": result.valid,
        "suggestion": result.suggestion,
        "detail": " ".join(problem.message for problem in result.problems),
    }


def _citizen_ids(ctx: Context) -> pl.DataFrame:
    """Records whose CCCD is not plainly well formed, with `parse_cccd`'s verdict."""

    def build() -> pl.DataFrame:
        value = pl.col("citizen_id")
        odd = ctx.table.filter(value.is_not_null() & ~value.str.contains(_WELL_FORMED)).select(
            "_record", value.alias("key"), raw("citizen_id").alias("value")
        )
        lookup = map_distinct(odd["key"], _parse, _PARSED)
        return odd.join(lookup, on="key", how="left").unnest("result")

    frame = ctx.cached("citizen_ids", build)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _malformed(ctx: Context) -> pl.DataFrame:
    frame = _citizen_ids(ctx)
    return frame.filter(
        ~pl.col("valid") & pl.col("suggestion").is_null() & (pl.col("kind") != "cmnd9")
    ).select("_record", "value", "detail")


def _lost_zero(ctx: Context) -> pl.DataFrame:
    return (
        _citizen_ids(ctx)
        .filter(pl.col("suggestion").is_not_null())
        .select("_record", "value", "suggestion", pl.col("digits").str.len_chars().alias("length"))
    )


def _cmnd_in_cccd(ctx: Context) -> pl.DataFrame:
    return _citizen_ids(ctx).filter(pl.col("kind") == "cmnd9").select("_record", "value")


def _separators(ctx: Context) -> pl.DataFrame:
    return (
        _citizen_ids(ctx)
        .filter(pl.col("valid") & (pl.col("digits") != pl.col("key")))
        .select("_record", "value", pl.col("digits").alias("suggestion"))
    )


def shared_keys(
    ctx: Context,
    field: str,
    length: int,
    normalize: Callable[[pl.Expr], pl.Expr],
    *,
    min_length: int = 1,
) -> pl.DataFrame:
    """(_record, _key) of the records whose comparison key another record shares.

    Values already `length` characters long are their own key; `normalize` (string work) runs
    only on the other values. A 64-bit hash finds the few candidates among a million values
    without copying them; the exact comparison confirms.
    """

    def build() -> pl.DataFrame:
        value = pl.col(field)
        plain = value.str.len_bytes() == length
        odd = (
            ctx.table.lazy()
            .filter(value.is_not_null() & ~plain)
            .select("_record", normalize(value).alias("_key"))
            .filter(pl.col("_key").str.len_bytes() >= min_length)
            .collect(engine=ENGINE)
        )
        suspects = (
            ctx.table.lazy()
            .filter(
                (
                    plain & (value.hash().is_duplicated() | value.is_in(odd["_key"].implode()))
                ).fill_null(False)
            )
            .select("_record", value.alias("_key"))
            .collect(engine=ENGINE)
        )
        return pl.concat([suspects, odd]).filter(pl.col("_key").is_duplicated()).sort("_record")

    found = ctx.cached(f"shared:{field}", build)
    assert isinstance(found, pl.DataFrame)
    return found


def _cccd_key(value: pl.Expr) -> pl.Expr:
    """Separators removed, Excel-lost leading zeros restored."""
    digits = value.str.replace_all(r"\D", "")
    return (
        pl.when(digits.str.len_chars().is_between(10, 11))
        .then(digits.str.zfill(12))
        .otherwise(digits)
    )


def shared_citizen_ids(ctx: Context) -> pl.DataFrame:
    return shared_keys(ctx, "citizen_id", 12, _cccd_key, min_length=9)


def _mismatch_candidates(ctx: Context) -> pl.DataFrame:
    """Records whose CCCD digits 4–6 may disagree with gender or birth year (then confirmed)."""

    def build() -> pl.DataFrame:
        # Cheap prefilter from the digit table (odd digits are women; 0–1 the 1900s, 2–3 the
        # 2000s); `check_cccd_against` decides and explains.
        female = sorted(d for d, c in CENTURY_DIGITS.items() if c.gender == "female")
        nineteen = sorted(d for d, c in CENTURY_DIGITS.items() if c.century == 20)
        cccd = pl.col("citizen_id")
        digit = cccd.str.slice(3, 1)
        year = pl.col("birth_date").dt.year()
        gender_off = digit.is_in(female) != (pl.col("gender") == "female")
        century_off = digit.is_in(nineteen) != (year < 2000)
        year_off = cccd.str.slice(4, 2).cast(pl.Int32, strict=False) != (year % 100)
        candidates = (
            ctx.table.lazy()
            .filter(
                (cccd.str.len_bytes() == 12)
                & (gender_off | century_off | year_off).fill_null(False)
            )
            .filter(cccd.str.contains(_WELL_FORMED))
            .select("_record", cccd.alias("d"), "gender", year.alias("y"), raw("citizen_id"))
            .collect(engine=ENGINE)
        )
        rows = []
        for record, number, gender, birth, typed in candidates.iter_rows():
            for problem in check_cccd_against(parse_cccd(number), gender=gender, birth_year=birth):
                rows.append((record, problem.code, problem.message, typed))
        return pl.DataFrame(
            rows,
            schema={"_record": pl.Int64, "code": pl.Utf8, "detail": pl.Utf8, "value": pl.Utf8},
            orient="row",
        )

    frame = ctx.cached("cccd_mismatch", build)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _gender_mismatch(ctx: Context) -> pl.DataFrame:
    return _mismatch_candidates(ctx).filter(pl.col("code") == "gender-mismatch").drop("code")


def _year_mismatch(ctx: Context) -> pl.DataFrame:
    return (
        _mismatch_candidates(ctx)
        .filter(pl.col("code").is_in(["century-mismatch", "birth-year-mismatch"]))
        .group_by("_record", maintain_order=True)
        .agg(pl.col("value").first(), pl.col("detail").str.join(" "))
    )


def duplicates(ctx: Context, shared: pl.DataFrame, field: str) -> pl.DataFrame:
    """Hits for records of `shared` (_record, _key): `_related` lists the others with the key."""
    if shared.height == 0:
        return pl.DataFrame(schema={"_record": pl.Int64, "value": pl.Utf8})
    groups = shared.group_by("_key").agg(pl.col("_record").sort().alias("_all"))
    typed = (
        ctx.table.lazy()
        .filter(pl.col("_record").is_in(shared["_record"].implode()))
        .select("_record", raw(field).alias("value"))
        .collect(engine=ENGINE)
    )
    return (
        shared.join(groups, on="_key")
        .join(typed, on="_record", how="left")
        .select(
            "_record",
            "value",
            pl.col("_all")
            .list.set_difference(pl.concat_list(pl.col("_record")))
            .list.sort()
            .alias("_related"),
            (pl.col("_all").list.len() - 1).alias("others"),
        )
        .sort("_record")
    )


def _cccd_duplicate(ctx: Context) -> pl.DataFrame:
    return duplicates(ctx, shared_citizen_ids(ctx), "citizen_id")


def _card_digits() -> pl.Expr:
    return pl.col("card_number").str.replace_all(r"[\s.\-]", "")


def _card_format(ctx: Context) -> pl.DataFrame:
    digits = _card_digits()
    mask = pl.col("card_number").is_not_null() & ~pl.col("card_number").str.contains(_CARD)
    return hits(
        ctx.table,
        mask.fill_null(False),
        value=raw("card_number"),
        suggestion=pl.when(digits.str.contains(_CARD)).then(digits),
    )


def _without_separators(value: pl.Expr) -> pl.Expr:
    return value.str.replace_all(r"[\s.\-]", "")


def _card_duplicate(ctx: Context) -> pl.DataFrame:
    return duplicates(ctx, shared_keys(ctx, "card_number", 8, _without_separators), "card_number")


def _dossier_key(value: pl.Expr) -> pl.Expr:
    return _without_separators(value).str.to_uppercase()


def _dossier_duplicate(ctx: Context) -> pl.DataFrame:
    # Plain form: six digits and the two letters of most provinces ("123456TH").
    shared = shared_keys(ctx, "dossier_number", 8, _dossier_key)
    return duplicates(ctx, shared, "dossier_number")


def _pattern(field: str, pattern: str, key: pl.Expr | None = None) -> Check:
    """Values that do not match `pattern`, as typed or (when given) after `key` cleans them."""

    def check(ctx: Context) -> pl.DataFrame:
        value = pl.col(field)
        odd = (value.is_not_null() & ~value.str.contains(pattern)).fill_null(False)
        return hits(
            ctx.table,
            odd,
            refine=None if key is None else ~key.str.contains(pattern).fill_null(False),
            value=raw(field),
        )

    return check


def _legacy_id(ctx: Context) -> pl.DataFrame:
    value = pl.col("legacy_id")
    odd = ctx.table.filter(value.is_not_null() & ~value.str.contains(_LEGACY_ID)).select(
        "_record", value.alias("key"), raw("legacy_id").alias("value")
    )
    lookup = map_distinct(odd["key"], lambda text: normalize_id(text)[0], pl.Utf8)
    return (
        odd.join(lookup, on="key", how="left")
        .filter(~pl.col("result").str.contains(_LEGACY_ID))
        .select("_record", "value")
    )


def _probationer_card(ctx: Context) -> pl.DataFrame:
    mask = (state() == "probationary") & pl.col("card_number").is_not_null()
    return hits(ctx.table, mask.fill_null(False), value=raw("card_number"))


_CCCD_BASIS = "Thông tư 59/2021/TT-BCA: PPP G YY NNNNNN (domain.md §5.1–5.2)"
RULES: tuple[Rule, ...] = (
    Rule(
        code="I01",
        dimension="correct",
        severity="error",
        fields=("citizen_id",),
        title="Số CCCD sai cấu trúc",
        message="Số CCCD «{value}» không hợp lệ: {detail}",
        check=_malformed,
        basis=_CCCD_BASIS,
        implements=("V02",),
    ),
    Rule(
        code="I02",
        dimension="correct",
        severity="error",
        fields=("citizen_id",),
        title="Số CCCD mất số 0 ở đầu",
        message=(
            "Số CCCD «{value}» chỉ có {length} chữ số: Excel đã xóa số 0 ở đầu, "
            "đề xuất «{suggestion}»."
        ),
        check=_lost_zero,
        suggestion="thêm lại số 0 ở đầu khi số đủ 12 chữ số là một số CCCD hợp lệ",
        basis=_CCCD_BASIS,
        implements=("V02",),
    ),
    Rule(
        code="I03",
        dimension="current",
        severity="error",
        fields=("citizen_id",),
        title="Ô CCCD ghi số CMND cũ",
        message=(
            "Ô CCCD ghi «{value}» là số CMND 9 số, đã hết giá trị từ 01/01/2025; cần số định "
            "danh cá nhân 12 số."
        ),
        check=_cmnd_in_cccd,
        basis="Luật Căn cước 2023; CMND hết giá trị sau 31/12/2024 (domain.md §5.1)",
        implements=("V01", "V02"),
    ),
    Rule(
        code="I04",
        dimension="consistent",
        severity="warning",
        fields=("citizen_id", "gender"),
        title="Giới tính trong số CCCD khác hồ sơ",
        message="{detail} Kiểm tra lại số CCCD «{value}» hoặc giới tính.",
        check=_gender_mismatch,
        basis=_CCCD_BASIS,
        implements=("V03",),
    ),
    Rule(
        code="I05",
        dimension="consistent",
        severity="warning",
        fields=("citizen_id", "birth_date"),
        title="Năm sinh trong số CCCD khác hồ sơ",
        message=(
            "{detail} Đối chiếu giấy tờ gốc; không tự sửa ngày sinh theo CCCD (Thông báo 13-TB/TW)."
        ),
        check=_year_mismatch,
        basis="Thông báo 13-TB/TW: ngày sinh theo lý lịch khi kết nạp (domain.md §2.4, §5.1)",
        implements=("V03",),
    ),
    Rule(
        code="I06",
        dimension="consistent",
        severity="error",
        fields=("citizen_id",),
        title="Số CCCD trùng nhau",
        message="Số CCCD «{value}» trùng với {others} đảng viên khác.",
        check=_cccd_duplicate,
        scope="cross_record",
        basis="Mỗi người một số định danh (domain.md §5.1, §8.2)",
        implements=("V04",),
    ),
    Rule(
        code="I07",
        dimension="clean",
        severity="info",
        fields=("citizen_id",),
        title="Số CCCD có ký tự phân cách",
        message="Số CCCD «{value}» có dấu cách hoặc dấu chấm; chỉ ghi 12 chữ số.",
        check=_separators,
        suggestion="bỏ ký tự phân cách",
        basis=_CCCD_BASIS,
    ),
    Rule(
        code="I08",
        dimension="correct",
        severity="info",
        fields=("legacy_id",),
        title="Số CMND cũ sai độ dài",
        message="Số CMND «{value}» không phải 9 hoặc 12 chữ số.",
        check=_legacy_id,
        basis="CMND 9 số hoặc 12 số (domain.md §5.1)",
    ),
    Rule(
        code="I09",
        dimension="correct",
        severity="warning",
        fields=("card_number",),
        title="Số thẻ đảng viên không phải 8 chữ số liền",
        message=("Số thẻ đảng viên «{value}» không phải 8 chữ số viết liền (thẻ cấp từ năm 2003)."),
        check=_card_format,
        suggestion="bỏ dấu cách, dấu chấm khi còn đúng 8 chữ số",
        basis="Thẻ đảng viên theo Chỉ thị 29-CT/TW: 8 chữ số (domain.md §2.5)",
        implements=("V11",),
    ),
    Rule(
        code="I10",
        dimension="consistent",
        severity="error",
        fields=("card_number",),
        title="Số thẻ đảng viên trùng nhau",
        message="Số thẻ đảng viên «{value}» trùng với {others} đảng viên khác.",
        check=_card_duplicate,
        scope="cross_record",
        basis="Mỗi đảng viên một thẻ (domain.md §2.5)",
        implements=("V11",),
    ),
    Rule(
        code="I11",
        dimension="consistent",
        severity="warning",
        fields=("card_number", "status"),
        title="Đảng viên dự bị có số thẻ",
        message="Đảng viên dự bị nhưng có số thẻ «{value}»; thẻ chỉ cấp cho đảng viên chính thức.",
        check=_probationer_card,
        basis="HD 12-HD/BTCTW: thẻ cấp khi công nhận chính thức (domain.md §2.5)",
        implements=("V10",),
    ),
    Rule(
        code="I12",
        dimension="correct",
        severity="warning",
        fields=("dossier_number",),
        title="Số lý lịch đảng viên sai cấu trúc",
        message="Số lý lịch «{value}» không theo dạng 6 chữ số + 1–3 chữ cái ký hiệu tỉnh.",
        check=_pattern("dossier_number", _DOSSIER, _dossier_key(pl.col("dossier_number"))),
        basis="Phiếu đảng viên (mẫu 2-HSĐV): 6 chữ số + ký hiệu tỉnh (domain.md §1.3)",
    ),
    Rule(
        code="I13",
        dimension="consistent",
        severity="error",
        fields=("dossier_number",),
        title="Số lý lịch đảng viên trùng nhau",
        message="Số lý lịch «{value}» trùng với {others} đảng viên khác.",
        check=_dossier_duplicate,
        scope="cross_record",
        basis="Mỗi đảng viên một số lý lịch (domain.md §1.3)",
    ),
)
