"""What every report of a check shares: the findings as people read them, labels and colours.

Exporters render these rows once per format (JSON for machines; CSV, workbook and HTML for
people). Nothing here depends on where the table came from: a file read by intake, the database
or one member's form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dangvien.quality.engine import CheckResult
from dangvien.quality.findings import FIELD_LABELS
from dangvien.quality.rules import RULES
from dangvien.quality.rules.base import DIMENSIONS, SEVERITIES

SEVERITY_COLOURS: Mapping[str, str] = {"error": "#F4B6B6", "warning": "#FCE4A8", "info": "#CFE3F7"}
SEVERITY_INK: Mapping[str, str] = {"error": "#9C1C1C", "warning": "#7A5200", "info": "#1F4E79"}
DIMENSION_COLOURS: Mapping[str, str] = {
    "correct": "#C0392B",
    "complete": "#E67E22",
    "clean": "#2E86C1",
    "current": "#27AE60",
    "consistent": "#8E44AD",
    "shareable": "#7F8C8D",
}
RULE_TITLES: Mapping[str, str] = {rule.code: rule.title for rule in RULES}
_LABELS: dict[str, str] = {**FIELD_LABELS, "org.org": "Tổ chức đảng"}

# Columns of the findings as people read them: (column of the findings frame, Vietnamese header).
PEOPLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sheet", "Trang tính"),
    ("row", "Dòng"),
    ("org", "Chi bộ / tổ chức"),
    ("field_label", "Trường"),
    ("severity_label", "Mức độ"),
    ("dimension_label", "Chiều chất lượng"),
    ("rule", "Mã quy tắc"),
    ("rule_title", "Quy tắc"),
    ("message", "Nội dung"),
    ("value", "Giá trị trong tệp"),
    ("suggestion", "Đề xuất sửa"),
    ("related", "Dòng liên quan"),
)


@dataclass(frozen=True)
class Source:
    """Where the checked list came from (for titles and the original-rows sheet)."""

    file: str = ""
    mapping: Sequence[Mapping[str, Any]] = field(default_factory=tuple)  # intake's column mapping
    table: pl.DataFrame | None = None  # the canonical table that was checked


def people_rows(findings: pl.DataFrame) -> pl.DataFrame:
    """Findings with Vietnamese labels, in the column order of `PEOPLE_COLUMNS`."""
    key = (
        pl.when(pl.col("record").is_null())
        .then(pl.concat_str(pl.lit("org."), pl.col("field")))
        .otherwise(pl.col("field"))
    )
    return findings.select(
        pl.col("sheet"),
        pl.col("row"),
        pl.col("org"),
        key.replace_strict(
            _LABELS, default=pl.col("field").replace_strict(FIELD_LABELS, default=pl.col("field"))
        ).alias("field_label"),
        pl.col("severity").replace_strict(dict(SEVERITIES), default=None).alias("severity_label"),
        pl.col("dimension").replace_strict(dict(DIMENSIONS), default=None).alias("dimension_label"),
        pl.col("rule"),
        pl.col("rule").replace_strict(dict(RULE_TITLES), default=None).alias("rule_title"),
        pl.col("message"),
        pl.col("value"),
        pl.col("suggestion"),
        pl.col("related_rows").cast(pl.List(pl.Utf8)).list.join(", ").alias("related"),
        pl.col("severity"),
        pl.col("record"),
        pl.col("field"),
    )


def title(source: Source, result: CheckResult) -> str:
    name = source.file or "danh sách"
    return f"Kết quả kiểm tra dữ liệu đảng viên: {name} (ngày {vn_day(result.as_of)})"


def vn_day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def rule_counts(result: CheckResult) -> list[tuple[str, str, str, str, int]]:
    """(code, title, severity label, dimension label, count) of every rule that found something."""
    by_code = {rule.code: rule for rule in result.rules}
    rows: list[tuple[str, str, str, str, int]] = []
    for code, count in result.summary["by_rule"].items():
        rule = by_code.get(code)
        if rule is None:
            continue
        rows.append(
            (
                code,
                rule.title,
                SEVERITIES[rule.severity],
                DIMENSIONS[rule.dimension],
                int(count),
            )
        )
    return rows
