"""Duplicates and reconciliation, as findings.

The detectors live in `dangvien.quality.duplicates` and `dangvien.quality.reconcile`; these rules
only turn their output into findings. Identifier collisions (same CCCD, same card) are the group-by
rules I06 and I10, so D01 reports the pairs found by the person-matching model only. Each pair
gives a finding on both records, each pointing to the other (`related_rows`).

Reconciliation rules run when `check` is given a reference table (a second source read by intake).
"""

from __future__ import annotations

import polars as pl

from dangvien.quality.duplicates import candidate_pairs
from dangvien.quality.reconcile import ReconcileResult, reconcile
from dangvien.quality.rules.base import STATE, Context, Rule, raw
from dangvien.quality.table import SCHEMA

PROBABLE = "probable_person"


def _pairs(ctx: Context) -> pl.DataFrame:
    table = ctx.table.select(list(SCHEMA))
    pairs = candidate_pairs(table, as_of=ctx.as_of).filter(pl.col("kind") == PROBABLE)
    names = ctx.table.select(
        pl.col("_record"),
        raw("full_name").alias("value"),
        pl.coalesce(pl.col("org"), pl.lit("không rõ chi bộ")).alias("_org_text"),
    )
    both = pl.concat(
        [
            pairs.select(
                pl.col("record_a").alias("_record"),
                pl.col("record_b").alias("_other"),
                "score",
                "evidence",
            ),
            pairs.select(
                pl.col("record_b").alias("_record"),
                pl.col("record_a").alias("_other"),
                "score",
                "evidence",
            ),
        ]
    )
    return (
        both.join(names, on="_record", how="left")
        .join(
            names.select(
                pl.col("_record").alias("_other"),
                pl.col("value").alias("other_name"),
                pl.col("_org_text").alias("other_org"),
            ),
            on="_other",
            how="left",
        )
        .with_columns(
            pl.concat_list(pl.col("_other")).alias("_related"),
            (pl.col("score") * 100).round(0).cast(pl.Int64).alias("percent"),
        )
        .sort("_record", "_other")
    )


def _reconciled(ctx: Context) -> ReconcileResult | None:
    reference = ctx.reference
    if reference is None:
        return None
    found = ctx.cached(
        "reconciled", lambda: reconcile(ctx.table.drop(STATE, strict=False), reference)
    )
    assert isinstance(found, ReconcileResult)
    return found


def _differences(ctx: Context, missing: bool) -> pl.DataFrame:
    result = _reconciled(ctx)
    if result is None:
        return pl.DataFrame(schema={"_record": pl.Int64})
    frame = result.differences
    wanted = pl.col("difference") == "missing_ours"
    return frame.filter(wanted if missing else ~wanted).select(
        pl.col("record").alias("_record"),
        "field",
        pl.col("ours").alias("value"),
        "suggestion",
        pl.col("message").alias("detail"),
    )


def _different(ctx: Context) -> pl.DataFrame:
    return _differences(ctx, missing=False)


def _missing(ctx: Context) -> pl.DataFrame:
    return _differences(ctx, missing=True)


def _only_ours(ctx: Context) -> pl.DataFrame:
    result = _reconciled(ctx)
    if result is None:
        return pl.DataFrame(schema={"_record": pl.Int64})
    return result.only_ours.select(
        pl.col("record").alias("_record"),
        pl.col("citizen_id").alias("value"),
        pl.col("message").alias("detail"),
    )


def _only_theirs(ctx: Context) -> pl.DataFrame:
    result = _reconciled(ctx)
    if result is None:
        return pl.DataFrame(schema={"_record": pl.Int64})
    return result.only_theirs.select(
        pl.lit(None, dtype=pl.Int64).alias("_record"),
        pl.col("citizen_id").alias("value"),
        pl.col("message").alias("detail"),
    )


_RECONCILE = "Đối soát với nguồn thứ hai (CSDL dân cư, danh sách Sổ tay) theo số CCCD"
RULES: tuple[Rule, ...] = (
    Rule(
        code="D01",
        dimension="consistent",
        severity="warning",
        fields=("full_name", "birth_date", "hometown", "citizen_id", "gender", "org"),
        title="Có thể trùng người",
        message=(
            "Có thể cùng một người với «{other_name}» ({other_org}), độ tin cậy {percent}%: "
            "{evidence}."
        ),
        check=_pairs,
        scope="cross_record",
        basis="Trùng lặp sau sáp nhập, chuyển sinh hoạt chưa xóa bên gửi (domain.md §8.2)",
        target="full_name",
        slow=True,
    ),
    Rule(
        code="R01",
        dimension="consistent",
        severity="warning",
        fields=("full_name", "birth_date", "gender", "phone", "permanent_address"),
        title="Khác với nguồn đối soát",
        message="{detail}",
        check=_different,
        suggestion="giá trị của nguồn đối soát, trừ các ngày theo hồ sơ gốc",
        scope="cross_record",
        basis=_RECONCILE,
    ),
    Rule(
        code="R02",
        dimension="complete",
        severity="warning",
        fields=("full_name", "birth_date", "gender", "phone", "permanent_address"),
        title="Nguồn đối soát có, danh sách còn trống",
        message="{detail}",
        check=_missing,
        suggestion="giá trị của nguồn đối soát",
        scope="cross_record",
        basis=_RECONCILE,
    ),
    Rule(
        code="R03",
        dimension="consistent",
        severity="warning",
        fields=("citizen_id",),
        title="Không tìm thấy trong nguồn đối soát",
        message="{detail}",
        check=_only_ours,
        scope="cross_record",
        basis=_RECONCILE,
    ),
    Rule(
        code="R04",
        dimension="complete",
        severity="warning",
        fields=("citizen_id",),
        title="Nguồn đối soát có người không có trong danh sách",
        message="{detail}",
        check=_only_theirs,
        scope="cross_record",
        basis=_RECONCILE,
    ),
)
