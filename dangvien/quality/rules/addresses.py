"""Addresses (sống): residence written with units that no longer exist since 01/07/2025 (V14).

`dangvien.vn.addresses.resolve_address` reads each distinct address once, says which era it was
written in and proposes the current commune; a commune split across several new units is left to
a person. Only residence addresses are judged: the lý lịch keeps birth place and hometown as the
birth certificate wrote them (old names allowed, domain.md §1.2, §7.3).
"""

from __future__ import annotations

import polars as pl

from dangvien.quality.rules.base import Context, Rule, lower_first, map_distinct, raw
from dangvien.vn.addresses import AddressResult, resolve_address
from dangvien.vn.syllables import ToneStyle
from dangvien.vn.tones import to_style

RESIDENCE_FIELDS: tuple[str, ...] = ("permanent_address", "current_address")
OLD, SPLIT, UNKNOWN = "old", "split", "unknown"
_RESOLVED = pl.Struct({"kind": pl.Utf8, "suggestion": pl.Utf8, "detail": pl.Utf8})


def current_form(result: AddressResult) -> str | None:
    """The address written with its current commune and province, the details kept."""
    commune, province = result.proposed, result.proposed_province
    if commune is None or province is None:
        return None
    parts = [result.detail] if result.detail else []
    parts += [lower_first(commune.full_name), lower_first(province.full_name)]
    return ", ".join(parts)


def judge(text: str) -> dict[str, str | None]:
    result = resolve_address(text)
    style: ToneStyle = "old" if to_style(text, "old") == text else "new"
    if result.era == "pre2025" and result.needs_choice:
        names = ", ".join(commune.full_name for commune in result.candidates)
        return {"kind": SPLIT, "suggestion": None, "detail": names}
    if result.era == "pre2025" and result.proposed is not None:
        suggestion = current_form(result)
        if suggestion is not None:
            suggestion = to_style(suggestion, style)  # the tone style the list is written in
        return {"kind": OLD, "suggestion": suggestion, "detail": None}
    if result.era is None or (result.era == "pre2025" and not result.candidates):
        return {"kind": UNKNOWN, "suggestion": None, "detail": " ".join(result.notes)}
    return {"kind": "ok", "suggestion": None, "detail": None}


def _resolved(ctx: Context) -> pl.DataFrame:
    def build() -> pl.DataFrame:
        parts = []
        for name in RESIDENCE_FIELDS:
            values = ctx.table.select(
                "_record",
                pl.lit(name).alias("field"),
                pl.col(name).alias("key"),
                raw(name).alias("value"),
            ).filter(pl.col("key").is_not_null())
            lookup = map_distinct(values["key"], judge, _RESOLVED)
            found = values.join(
                lookup.filter(pl.col("result").struct.field("kind") != "ok"), on="key"
            )
            parts.append(found.unnest("result").drop("key"))
        return pl.concat(parts, how="vertical_relaxed")

    frame = ctx.cached("addresses", build)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _old(ctx: Context) -> pl.DataFrame:
    return _resolved(ctx).filter(pl.col("kind") == OLD).drop("detail")


def _split(ctx: Context) -> pl.DataFrame:
    return _resolved(ctx).filter(pl.col("kind") == SPLIT).drop("suggestion")


def _unknown(ctx: Context) -> pl.DataFrame:
    return _resolved(ctx).filter(pl.col("kind") == UNKNOWN).drop("suggestion")


_BASIS = "Sắp xếp đơn vị hành chính từ 01/7/2025: bỏ cấp huyện (domain.md §7)"
RULES: tuple[Rule, ...] = (
    Rule(
        code="A01",
        dimension="current",
        severity="warning",
        fields=RESIDENCE_FIELDS,
        title="Địa chỉ theo đơn vị hành chính cũ",
        message="{label} «{value}» ghi theo đơn vị hành chính trước 01/7/2025.",
        check=_old,
        suggestion="địa chỉ ghi theo xã/phường và tỉnh hiện nay (bảng chuyển đổi ĐVHC)",
        basis=_BASIS,
        implements=("V14",),
    ),
    Rule(
        code="A02",
        dimension="current",
        severity="warning",
        fields=RESIDENCE_FIELDS,
        title="Xã cũ đã chia cho nhiều đơn vị mới",
        message=(
            "{label} «{value}»: xã cũ nay thuộc một trong các đơn vị {detail}; "
            "cần người chọn theo thôn, xóm."
        ),
        check=_split,
        basis=_BASIS,
        implements=("V14",),
    ),
    Rule(
        code="A03",
        dimension="correct",
        severity="info",
        fields=RESIDENCE_FIELDS,
        title="Không xác định được đơn vị hành chính",
        message="{label} «{value}»: {detail}",
        check=_unknown,
        basis=_BASIS,
        implements=("V14",),
    ),
)
