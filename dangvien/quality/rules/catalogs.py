"""Catalog values (danh mục): ethnicity, religion, education and political-theory levels.

A known variant gets the canonical value as a safe suggestion ("Mèo" → "Mông"); an ambiguous one
("Thổ", "Cơ đốc") is left to a person with the candidates; an unknown one is flagged. Each
distinct spelling is looked up once. The professional level may carry a speciality after the
level ("Đại học Sư phạm Toán"): only its leading level words are judged.

Closed sets (gender, status, exit kind) and ticks that intake could not recognize are flagged
here too: the source cell had text, the canonical value is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dangvien.quality.dictionary import MEMBER_FIELDS, Kind
from dangvien.quality.rules.base import (
    ENGINE,
    Check,
    Context,
    Rule,
    map_distinct,
    per_field,
    present,
    raw,
)
from dangvien.refdata.catalog import Catalog
from dangvien.refdata.catalogs import catalog

CATALOG_FIELDS: dict[str, str] = {
    spec.name: spec.catalog for spec in MEMBER_FIELDS if spec.kind is Kind.CATALOG and spec.catalog
}
ENUM_FIELDS: tuple[str, ...] = tuple(spec.name for spec in MEMBER_FIELDS if spec.kind is Kind.ENUM)
BOOL_FIELDS: tuple[str, ...] = tuple(spec.name for spec in MEMBER_FIELDS if spec.kind is Kind.BOOL)
_CHOICES = {spec.name: spec.choices for spec in MEMBER_FIELDS if spec.choices}
# Fields whose value may continue after the catalog words (a speciality after the level).
PREFIX_FIELDS = frozenset({"professional_level"})
_MAX_PREFIX_WORDS = 3

_VARIANT, _UNKNOWN, _AMBIGUOUS, _OK = "variant", "unknown", "ambiguous", "ok"
_VERDICT = pl.Struct({"kind": pl.Utf8, "suggestion": pl.Utf8, "candidates": pl.Utf8})


@dataclass(frozen=True)
class Verdict:
    kind: str
    suggestion: str | None = None
    candidates: str | None = None


def judge(entries: Catalog, text: str, *, prefix: bool = False) -> Verdict:
    """How a typed value stands against a catalog."""
    match = entries.lookup(text)
    if match.entry is not None:
        return Verdict(_OK) if match.exact else Verdict(_VARIANT, match.entry.name)
    if match.ambiguous:
        return Verdict(_AMBIGUOUS, candidates=", ".join(e.name for e in match.candidates))
    if prefix:
        words = text.split()
        for size in range(min(_MAX_PREFIX_WORDS, len(words) - 1), 0, -1):
            head, rest = " ".join(words[:size]), " ".join(words[size:])
            found = entries.lookup(head)
            if found.entry is not None:
                if found.exact:
                    return Verdict(_OK)
                return Verdict(_VARIANT, f"{found.entry.name} {rest}")
    return Verdict(_UNKNOWN)


def _verdicts(ctx: Context) -> pl.DataFrame:
    """One row per catalog hit: (_record, field, kind, suggestion, candidates, value)."""

    def build() -> pl.DataFrame:
        parts = []
        for name, catalog_name in CATALOG_FIELDS.items():
            entries = catalog(catalog_name)
            prefix = name in PREFIX_FIELDS
            values = ctx.table.get_column(name)

            def verdict(text: str, entries: Catalog = entries, prefix: bool = prefix) -> object:
                return _as_dict(judge(entries, text, prefix=prefix))

            lookup = map_distinct(values, verdict, _VERDICT)
            bad = lookup.filter(pl.col("result").struct.field("kind") != _OK)
            found = (
                ctx.table.lazy()
                .filter(pl.col(name).is_in(bad["key"].implode()))
                .select("_record", pl.col(name).alias("key"), raw(name).alias("value"))
                .collect(engine=ENGINE)
                .join(bad, on="key", how="left", maintain_order="left")
                .select(
                    "_record",
                    pl.lit(name).alias("field"),
                    "value",
                    pl.col("key").alias("read"),
                    pl.col("result").struct.unnest(),
                    pl.lit(entries.info.title).alias("catalog"),
                )
            )
            parts.append(found)
        return pl.concat(parts, how="vertical_relaxed")

    frame = ctx.cached("catalog_verdicts", build)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _as_dict(verdict: Verdict) -> dict[str, str | None]:
    return {
        "kind": verdict.kind,
        "suggestion": verdict.suggestion,
        "candidates": verdict.candidates,
    }


def _variant(ctx: Context) -> pl.DataFrame:
    return _verdicts(ctx).filter(pl.col("kind") == _VARIANT)


def _unknown(ctx: Context) -> pl.DataFrame:
    return _verdicts(ctx).filter(pl.col("kind") == _UNKNOWN).drop("suggestion")


def _ambiguous(ctx: Context) -> pl.DataFrame:
    return _verdicts(ctx).filter(pl.col("kind") == _AMBIGUOUS).drop("suggestion")


def _unrecognized(fields: tuple[str, ...]) -> Check:
    def check(ctx: Context) -> pl.DataFrame:
        return per_field(
            ctx.table,
            fields,
            lambda name: pl.col(name).is_null() & raw(name).is_not_null(),
            refine=present,
            value=lambda name: raw(name),
            allowed=lambda name: pl.lit(_allowed(name)),
        )

    return check


def _allowed(name: str) -> str:
    choices = _CHOICES.get(name)
    return ", ".join(choices.values()) if choices else "«x» hoặc để trống"


_CATALOG_BASIS = "Danh mục dân tộc (121-TCTK/PPCĐ), tôn giáo, trình độ (domain.md §1.6, §6)"
RULES: tuple[Rule, ...] = (
    Rule(
        code="K01",
        dimension="clean",
        severity="warning",
        fields=tuple(CATALOG_FIELDS),
        title="Giá trị danh mục viết theo cách khác",
        message="{label} «{value}» là cách viết khác của «{suggestion}» trong {catalog}.",
        check=_variant,
        suggestion="tên chuẩn trong danh mục",
        basis=_CATALOG_BASIS,
        implements=("V13",),
    ),
    Rule(
        code="K02",
        dimension="correct",
        severity="warning",
        fields=tuple(CATALOG_FIELDS),
        title="Giá trị không có trong danh mục",
        message="{label} «{value}» không có trong {catalog}.",
        check=_unknown,
        basis=_CATALOG_BASIS,
        implements=("V13",),
    ),
    Rule(
        code="K03",
        dimension="correct",
        severity="warning",
        fields=tuple(CATALOG_FIELDS),
        title="Giá trị danh mục có thể hiểu nhiều cách",
        message=(
            "{label} «{value}» có thể là: {candidates}; cần người xác định theo hồ sơ, "
            "không tự sửa."
        ),
        check=_ambiguous,
        basis="Tên gọi chung như «Thổ», «Cơ đốc» không tự ánh xạ (domain.md §6.1, §6.2)",
        implements=("V13",),
    ),
    Rule(
        code="K04",
        dimension="correct",
        severity="error",
        fields=ENUM_FIELDS,
        title="Giá trị không thuộc danh sách cho phép",
        message="{label} «{value}» không nhận ra; giá trị hợp lệ: {allowed}.",
        check=_unrecognized(ENUM_FIELDS),
        basis="Từ điển dữ liệu: giới tính, loại đảng viên, tình trạng ra khỏi Đảng",
    ),
    Rule(
        code="K05",
        dimension="correct",
        severity="warning",
        fields=BOOL_FIELDS,
        title="Ô đánh dấu không rõ",
        message="{label} «{value}» không rõ là có hay không; đánh «x» khi có, để trống khi không.",
        check=_unrecognized(BOOL_FIELDS),
        basis="Từ điển dữ liệu: các cột đánh dấu",
    ),
)
