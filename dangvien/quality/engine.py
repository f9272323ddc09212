"""The quality engine: one set of rules for one member, one file or a whole province.

Pure (no Django): the web app calls `check` for the member being edited and for the whole
commune, the CLI for a file. Every time-dependent rule reads `as_of` (default: today), so a
campaign's results can be reproduced later with the same date.

    result = check(table, orgs=orgs, as_of=date(2025, 12, 10))
    result.findings   # one row per record, field and rule (see findings.FINDINGS_SCHEMA)
    result.summary    # counts by organization, dimension, severity and rule

Checking one record alone gives the same record-scope findings as checking it within its file;
cross-record and organization rules (duplicates, thresholds) need the whole list, so the form of
one member runs `check(table, rules=RECORD_RULES)`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dangvien.quality import findings as findings_module
from dangvien.quality.rules import RECORD_RULES, RULES, by_code
from dangvien.quality.rules.base import (
    DIMENSIONS,
    ENGINE,
    SEVERITIES,
    STATE,
    Context,
    Rule,
    state_expr,
)
from dangvien.quality.table import ORG_SCHEMA, SCHEMA, conform

__all__ = ["RECORD_RULES", "RULES", "CheckResult", "Rule", "by_code", "check", "summarize"]


@dataclass(frozen=True)
class CheckResult:
    findings: pl.DataFrame
    summary: dict[str, Any]
    as_of: dt.date
    records: int
    rules: tuple[Rule, ...] = field(repr=False)


def _canonical(table: pl.DataFrame) -> pl.DataFrame:
    if table.schema == pl.Schema(SCHEMA):
        return table
    return conform(table)


def canonical_orgs(orgs: pl.DataFrame) -> pl.DataFrame:
    """An organization list in ORG_SCHEMA (missing columns null, extra columns dropped)."""
    missing = [
        pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in ORG_SCHEMA.items()
        if name not in orgs.columns
    ]
    if missing:
        orgs = orgs.with_columns(missing)
    return orgs.select([pl.col(name).cast(dtype) for name, dtype in ORG_SCHEMA.items()])


def check(
    table: pl.DataFrame,
    *,
    orgs: pl.DataFrame | None = None,
    as_of: dt.date | None = None,
    rules: Iterable[Rule] | None = None,
    reference: pl.DataFrame | None = None,
    workers: int | None = None,
) -> CheckResult:
    """Judge a canonical member table (and its organizations) with `rules` (default: all).

    `reference` is a second source (a canonical table, e.g. a population-database extract) to
    reconcile with; the reconciliation rules report nothing without it. `workers` threads run
    rules side by side (Polars releases the interpreter lock); by default one per CPU for large
    tables, and none for a few records, where threads cost more than they save.
    """
    chosen = tuple(RULES if rules is None else rules)
    day = as_of or dt.date.today()
    table = _canonical(table)
    org_frame = canonical_orgs(orgs) if orgs is not None else None
    ctx = Context(
        table=table.with_columns(state_expr()),
        as_of=day,
        orgs=org_frame,
        reference=_canonical(reference) if reference is not None else None,
    )
    parts = _run(chosen, ctx, workers)
    parts = [part for part in parts if part.height]
    if parts:
        raw_findings = pl.concat(parts, how="vertical_relaxed")
    else:
        raw_findings = findings_module.empty_findings().drop("file", "sheet", "row")
    found = findings_module.attach_provenance(raw_findings, table, org_frame)
    found = findings_module.order(found, chosen, table)
    return CheckResult(
        findings=found,
        summary=summarize(found, ctx.table, org_frame),
        as_of=day,
        records=table.height,
        rules=chosen,
    )


PARALLEL_FROM = 20_000  # records: below this, rules run one after the other


def _run(rules: tuple[Rule, ...], ctx: Context, workers: int | None) -> list[pl.DataFrame]:
    """Each rule's findings, in rule order whatever order the threads finish in."""
    if workers is None:
        workers = (os.cpu_count() or 1) if ctx.table.height >= PARALLEL_FROM else 1
    if workers <= 1:
        return [_apply(rule, ctx) for rule in rules]
    # The long ones start first so that they do not finish alone at the end.
    started = sorted(range(len(rules)), key=lambda index: not rules[index].slow)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {index: pool.submit(_apply, rules[index], ctx) for index in started}
        return [futures[index].result() for index in range(len(rules))]


def _apply(rule: Rule, ctx: Context) -> pl.DataFrame:
    return findings_module.from_hits(rule, rule.check(ctx))


def summarize(
    found: pl.DataFrame, table: pl.DataFrame, orgs: pl.DataFrame | None = None
) -> dict[str, Any]:
    """Counts for reports: overall, by severity, dimension, rule and organization.

    `members` of an organization counts the records of the list in it (exited ones excluded).
    """
    on_roster = table.lazy()
    if STATE in table.columns:
        on_roster = on_roster.filter(pl.col(STATE).is_null() | (pl.col(STATE) != "exited"))
    # Members are counted under the name findings use: the organization list's name when the
    # member was matched to it, else the name as read.
    per_org = on_roster.group_by("org_code", "org").len().collect(engine=ENGINE)
    if orgs is not None:
        per_org = per_org.join(
            orgs.select(pl.col("code").alias("org_code"), pl.col("name").alias("_name")),
            on="org_code",
            how="left",
        ).with_columns(pl.coalesce("_name", "org").alias("org"))
    members: dict[str | None, int] = {}
    for name, count in per_org.group_by("org").agg(pl.col("len").sum()).iter_rows():
        members[name] = int(count)
    record = pl.col("record")
    grouped = (
        found.lazy()
        .group_by("org")
        .agg(
            pl.col("org_code").drop_nulls().first().alias("org_code"),
            pl.len().alias("findings"),
            record.drop_nulls().n_unique().alias("with_findings"),
            record.filter((pl.col("severity") == "error") & record.is_not_null())
            .n_unique()
            .alias("with_errors"),
            *((pl.col("severity") == key).sum().alias(f"s_{key}") for key in SEVERITIES),
            *((pl.col("dimension") == key).sum().alias(f"d_{key}") for key in DIMENSIONS),
        )
        .sort("org", nulls_last=True)
        .collect(engine=ENGINE)
    )
    ordered = [
        {
            "org": row["org"],
            "org_code": row["org_code"],
            "members": members.get(row["org"], 0),
            "records_with_findings": row["with_findings"],
            "records_with_errors": row["with_errors"],
            "findings": row["findings"],
            "by_severity": {key: row[f"s_{key}"] for key in SEVERITIES},
            "by_dimension": {key: row[f"d_{key}"] for key in DIMENSIONS},
        }
        for row in grouped.iter_rows(named=True)
    ]
    by_severity = {key: int(grouped[f"s_{key}"].sum()) for key in SEVERITIES}
    by_dimension = {key: int(grouped[f"d_{key}"].sum()) for key in DIMENSIONS}
    member_findings = found.filter(pl.col("record").is_not_null())
    by_rule = dict(sorted(found.group_by("rule").len().iter_rows()))
    return {
        "records": table.height,
        "findings": found.height,
        "records_with_findings": member_findings["record"].n_unique(),
        "records_with_errors": member_findings.filter(pl.col("severity") == "error")[
            "record"
        ].n_unique(),
        "by_severity": by_severity,
        "by_dimension": by_dimension,
        "by_rule": {code: int(count) for code, count in by_rule.items()},
        "by_organization": ordered,
    }
