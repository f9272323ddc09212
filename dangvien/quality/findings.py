"""Findings: one row per record, field and rule, explained in Vietnamese.

The engine turns each rule's hits into this shape. Record findings carry their provenance (file,
sheet, row as Excel shows it) and organization; organization findings have no record. The order is
stable: by record (table order, i.e. file, sheet, row), then rule, field and message, with
organization findings last, so two runs on the same input give byte-identical reports.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from dangvien.quality.dictionary import MEMBER_FIELDS, ORG_FIELDS
from dangvien.quality.rules.base import Rule, vn_date

FINDINGS_SCHEMA: Mapping[str, Any] = {
    "record": pl.Int64,
    "file": pl.Utf8,
    "sheet": pl.Utf8,
    "row": pl.Int64,
    "org_code": pl.Utf8,
    "org": pl.Utf8,
    "field": pl.Utf8,
    "rule": pl.Utf8,
    "dimension": pl.Utf8,
    "severity": pl.Utf8,
    "message": pl.Utf8,
    "value": pl.Utf8,
    "suggestion": pl.Utf8,
    "related_records": pl.List(pl.Int64),
    "related_rows": pl.List(pl.Int64),
}

# Labels used in messages: member fields, then organization fields under an "org." prefix, and
# "org" itself for findings about an organization as a whole.
FIELD_LABELS: dict[str, str] = {
    **{spec.name: spec.label for spec in MEMBER_FIELDS},
    **{f"org.{spec.name}": spec.label for spec in ORG_FIELDS},
}


def empty_findings() -> pl.DataFrame:
    return pl.DataFrame(schema=dict(FINDINGS_SCHEMA))


def _text(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Date:
        return vn_date(expr)
    if dtype == pl.Utf8:
        return expr
    if isinstance(dtype, pl.List):
        return expr.cast(pl.List(pl.Utf8)).list.join(", ")
    return expr.cast(pl.Utf8)


def render(template: str, frame: pl.DataFrame) -> pl.Expr:
    """The message template as one string expression over the hit columns."""
    parts: list[pl.Expr] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            if name not in frame.columns:
                raise KeyError(f"message placeholder {{{name}}} has no hit column")
            parts.append(_text(pl.col(name), frame.schema[name]).fill_null("(trống)"))
    if not parts:
        return pl.lit("")
    return pl.concat_str(parts)


def from_hits(rule: Rule, frame: pl.DataFrame) -> pl.DataFrame:
    """A rule's hits as findings (without provenance, which the engine joins once)."""
    if frame.height == 0:
        return empty_findings().drop("file", "sheet", "row")
    columns = frame.columns
    if "field" not in columns:
        frame = frame.with_columns(pl.lit(rule.default_field).alias("field"))
    label_key = pl.col("field")
    if rule.scope == "org":
        label_key = pl.concat_str(pl.lit("org."), pl.col("field"))
    frame = frame.with_columns(
        label_key.replace_strict(FIELD_LABELS, default="Tổ chức đảng").alias("label")
    )
    record = pl.col("_record") if "_record" in columns else pl.lit(None, dtype=pl.Int64)
    org_code = pl.col("_org") if "_org" in columns else pl.lit(None, dtype=pl.Utf8)
    org_name = pl.col("_org_name") if "_org_name" in columns else pl.lit(None, dtype=pl.Utf8)
    related = (
        pl.col("_related").cast(pl.List(pl.Int64))
        if "_related" in columns
        else pl.lit(None, dtype=pl.List(pl.Int64))
    )
    return frame.select(
        record.cast(pl.Int64).alias("record"),
        org_code.cast(pl.Utf8).alias("org_code"),
        org_name.cast(pl.Utf8).alias("org"),
        pl.col("field").cast(pl.Utf8),
        pl.lit(rule.code).alias("rule"),
        pl.lit(rule.dimension).alias("dimension"),
        pl.lit(rule.severity).alias("severity"),
        render(rule.message, frame).alias("message"),
        (
            _text(pl.col("value"), frame.schema["value"])
            if "value" in columns
            else pl.lit(None, dtype=pl.Utf8)
        ).alias("value"),
        (
            _text(pl.col("suggestion"), frame.schema["suggestion"])
            if "suggestion" in columns
            else pl.lit(None, dtype=pl.Utf8)
        ).alias("suggestion"),
        related.alias("related_records"),
        pl.lit(None, dtype=pl.List(pl.Int64)).alias("related_rows"),
    )


def positional(table: pl.DataFrame) -> bool:
    """Whether `_record` numbers the rows 1, 2, … in order (what intake produces)."""
    if table.height == 0:
        return True
    records = table.get_column("_record")
    return bool(
        records[0] == 1
        and records[-1] == table.height
        and records.is_sorted()
        and records.n_unique() == table.height
    )


def _lookup(
    frame: pl.DataFrame, columns: pl.DataFrame, key: str, table: pl.DataFrame
) -> pl.DataFrame:
    """Left-join `columns` (keyed by `key`, one row per table row) onto `frame`.

    When records are the row positions, a gather replaces the hash join.
    """
    if table.height == 0 or not positional(table):
        return frame.join(columns, on=key, how="left", maintain_order="left")
    index = frame.get_column(key)
    valid = index.is_not_null()
    positions = (index.fill_null(1) - 1).cast(pl.UInt32)
    gathered = columns.drop(key)[positions]
    gathered = gathered.select(
        pl.when(pl.lit(valid)).then(pl.col(name)).alias(name) for name in gathered.columns
    )
    return pl.concat([frame, gathered], how="horizontal")


def attach_provenance(
    findings: pl.DataFrame, table: pl.DataFrame, org_names: pl.DataFrame | None
) -> pl.DataFrame:
    """Add file, sheet, row and organization from the member table; rows of related records."""
    provenance = table.select(
        pl.col("_record").alias("record"),
        pl.col("_file").alias("file"),
        pl.col("_sheet").alias("sheet"),
        pl.col("_row").alias("row"),
        pl.col("org_code").alias("_member_org_code"),
        pl.col("org").alias("_member_org"),
    )
    out = _lookup(findings, provenance, "record", table)
    org_name = pl.col("_member_org")
    out = out.with_columns(
        pl.coalesce(pl.col("org_code"), pl.col("_member_org_code")).alias("org_code")
    )
    if org_names is not None and org_names.height:
        out = out.join(
            org_names.select(pl.col("code").alias("org_code"), pl.col("name").alias("_org_name")),
            on="org_code",
            how="left",
            maintain_order="left",
        )
        org_name = pl.coalesce(pl.col("org"), pl.col("_org_name"), org_name)
    else:
        org_name = pl.coalesce(pl.col("org"), org_name)
    out = out.with_columns(org_name.alias("org"))
    if out["related_records"].null_count() < out.height:
        rows = table.select(pl.col("_record").alias("related_records"), pl.col("_row"))
        out = out.with_row_index("_pos")
        related_rows = (
            out.filter(pl.col("related_records").is_not_null())
            .select("_pos", "related_records")
            .explode("related_records")
            .join(rows, on="related_records", how="left", maintain_order="left")
            .group_by("_pos", maintain_order=True)
            .agg(pl.col("_row").alias("_related_rows"))
        )
        out = out.join(related_rows, on="_pos", how="left", maintain_order="left").with_columns(
            pl.col("_related_rows").alias("related_rows")
        )
    return out.select(list(FINDINGS_SCHEMA))


def order(findings: pl.DataFrame, rules: Sequence[Rule], table: pl.DataFrame) -> pl.DataFrame:
    """Stable order: table order of the record, then rule and field; organizations last.

    Several findings of one rule on one field of one record (a record paired with two others)
    keep the order the rule produced them in, which rules make deterministic.
    """
    rank = {rule.code: index for index, rule in enumerate(rules)}
    ranked = findings.with_columns(
        pl.col("rule").replace_strict(rank, return_dtype=pl.Int32).alias("_rank")
    )
    members = ranked.filter(pl.col("record").is_not_null())
    if positional(table):
        members = members.with_columns((pl.col("record") - 1).alias("_position"))
    else:
        positions = table.select(
            pl.col("_record").alias("record"), pl.int_range(pl.len()).alias("_position")
        )
        members = members.join(positions, on="record", how="left", maintain_order="left")
    members = members.sort(["_position", "_rank", "field"], maintain_order=True)
    others = ranked.filter(pl.col("record").is_null()).sort(
        ["org_code", "org", "_rank", "field", "message", "value"],
        nulls_last=True,
        maintain_order=True,
    )
    return pl.concat([members.drop("_position"), others], how="vertical").drop("_rank")
