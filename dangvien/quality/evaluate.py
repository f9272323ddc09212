"""How well the engine finds the defects planted in a demo commune (`dangvien.demo`).

Each defect class of the demo generator names the rules that must report it on the same record
and field (`EXPECTED`). Recall is the share of planted (record, field, defect) truth rows that one
of those rules reports; the engine must also raise no `error` on a record the generator left
clean. The same evaluation serves a test on a few thousand members and the benchmark on a
million.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from dangvien.quality.engine import CheckResult, check

# Defect class → rules that report it. By default a finding must name the truth row's field.
EXPECTED: Mapping[str, tuple[str, ...]] = {
    "duplicate_person_two_cells": ("S10", "I06", "I10", "D01"),
    "cccd_duplicate": ("I06",),
    "card_duplicate": ("I10",),
    "legacy_font_tcvn3": ("X01",),
    "legacy_font_vni": ("X01",),
    "nfd_text": ("X02",),
    "name_casing_spacing": ("X04", "X05"),
    "cccd_missing": ("C09",),
    "cccd_lost_leading_zero": ("I02",),
    "cccd_wrong_gender_digit": ("I04", "I05"),
    "cccd_wrong_birth_year": ("I05",),
    "cccd_bad_province": ("I01",),
    "phone_11_digit": ("P01",),
    "phone_invalid": ("P02", "P03", "P04"),
    "phone_intl_format": ("P02",),
    "date_impossible": ("T01", "T04"),
    "date_swapped_day_month": (
        "T05",
        "T06",
        "T07",
        "T08",
        "T09",
        "T10",
        "T12",
        "T16",
        "I05",
        "D01",
        "I06",
        "I10",
    ),
    "date_future": ("T05",),
    "join_before_18": ("T08",),
    "join_after_60": ("T09",),
    "official_not_12_months": ("T10", "T16"),
    "official_before_join": ("T07",),
    "probation_overdue": ("T11",),
    "missing_required": ("C02", "C03", "C07", "C13"),
    "probationary_with_card": ("I11",),
    "official_without_card": ("C15",),
    "card_bad_format": ("I09",),
    "deceased_active": ("S01",),
    "transferred_active": ("S01",),
    "exempt_in_handbook": ("S02",),
    "ethnicity_variant": ("K01",),
    "ethnicity_unknown": ("K02", "K03"),
    "religion_variant": ("K01",),
    "education_variant": ("K01",),
    "address_pre2025": ("A01",),
    "address_split_commune": ("A02",),
    "org_under_3_official": ("O04",),
    "org_no_secretary": ("O07",),
}
# Classes whose rules may attach the finding to another field of the record: a swapped date shows
# up wherever the broken order is noticed, a second copy of a person on the identity fields.
ANY_FIELD = frozenset({"date_swapped_day_month", "duplicate_person_two_cells"})
TARGET_RECALL = 0.98


@dataclass(frozen=True)
class Evaluation:
    by_class: pl.DataFrame  # defect, planted, found, recall
    missed: pl.DataFrame  # truth rows no expected rule reported
    clean_errors: pl.DataFrame  # error findings on records the generator left clean
    planted: int
    found: int
    records: int
    clean_records: int
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    def summary(self) -> str:
        lines = [
            f"recall {self.recall:.4f} ({self.found}/{self.planted} planted defects found)",
            f"error findings on clean records: {self.clean_errors.height} "
            f"(clean records: {self.clean_records}/{self.records})",
        ]
        for row in self.by_class.filter(pl.col("recall") < 1).iter_rows(named=True):
            lines.append(
                f"  {row['defect']}: {row['found']}/{row['planted']} ({row['recall']:.3f})"
            )
        return "\n".join(lines)


def _expected() -> pl.DataFrame:
    return pl.DataFrame(
        [(defect, rule) for defect, rules in EXPECTED.items() for rule in rules],
        schema={"defect": pl.Utf8, "rule": pl.Utf8},
        orient="row",
    )


def evaluate(findings: pl.DataFrame, truth: pl.DataFrame, records: int) -> Evaluation:
    """Compare engine findings with the demo's truth rows."""
    unknown = set(truth["defect"].unique().to_list()) - set(EXPECTED)
    if unknown:
        raise KeyError(f"defect classes without expected rules: {', '.join(sorted(unknown))}")
    truth = truth.with_row_index("_truth")
    expected = truth.join(_expected(), on="defect")
    member_rows = expected.filter(pl.col("record").is_not_null())
    record_hits = member_rows.join(
        findings.filter(pl.col("record").is_not_null()).select(
            "record", pl.col("field").alias("_found_field"), "rule"
        ),
        on=["record", "rule"],
    ).filter(pl.col("defect").is_in(list(ANY_FIELD)) | (pl.col("_found_field") == pl.col("field")))
    org_hits = expected.filter(pl.col("record").is_null()).join(
        findings.filter(pl.col("record").is_null()).select(pl.col("org_code").alias("org"), "rule"),
        on=["org", "rule"],
    )
    found_ids = pl.concat([record_hits.select("_truth"), org_hits.select("_truth")]).unique()
    truth = truth.with_columns(
        pl.col("_truth").is_in(found_ids["_truth"].implode()).alias("_found")
    )
    by_class = (
        truth.group_by("defect")
        .agg(pl.len().alias("planted"), pl.col("_found").sum().alias("found"))
        .with_columns((pl.col("found") / pl.col("planted")).alias("recall"))
        .sort("defect")
    )
    faulty = truth.filter(pl.col("record").is_not_null())["record"].unique()
    clean_errors = findings.filter(
        pl.col("record").is_not_null()
        & (pl.col("severity") == "error")
        & ~pl.col("record").is_in(faulty.implode())
    )
    return Evaluation(
        by_class=by_class,
        missed=truth.filter(~pl.col("_found")).drop("_truth", "_found"),
        clean_errors=clean_errors,
        planted=truth.height,
        found=int(truth["_found"].sum()),
        records=records,
        clean_records=records - faulty.len(),
    )


def demo_orgs(orgs: pl.DataFrame, table: pl.DataFrame) -> pl.DataFrame:
    """The demo's organizations in ORG_SCHEMA: the secretary's name comes from the member list."""
    names = table.select(
        pl.col("_record").alias("secretary_record"), pl.col("full_name").alias("secretary")
    )
    return orgs.join(names, on="secretary_record", how="left").select(
        "code", "name", "kind", "parent_code", "area", "active", "secretary"
    )


def run_demo(
    members: int,
    *,
    seed: int | None = None,
    defect_rate: float | None = None,
    as_of: dt.date | None = None,
) -> tuple[Evaluation, CheckResult]:
    """Generate a demo commune, read it like a file, check it and evaluate the findings."""
    from dangvien.demo import model
    from dangvien.demo.generator import generate
    from dangvien.intake import canonical_from_text_frame

    timings: dict[str, float] = {}
    start = time.perf_counter()
    commune = generate(
        members,
        seed=model.DEFAULT_SEED if seed is None else seed,
        defect_rate=model.DEFAULT_DEFECT_RATE if defect_rate is None else defect_rate,
        as_of=as_of or model.DEFAULT_AS_OF,
    )
    timings["generate"] = time.perf_counter() - start
    start = time.perf_counter()
    plain_orgs = commune.orgs.select("code", "name", "kind", "parent_code", "area", "active")
    table = canonical_from_text_frame(
        commune.members.drop("record"), source="demo.xlsx", sheet="Danh sách", orgs=plain_orgs
    )
    orgs = demo_orgs(commune.orgs, table)
    timings["intake"] = time.perf_counter() - start
    start = time.perf_counter()
    result = check(table, orgs=orgs, as_of=commune.commune.as_of)
    timings["check"] = time.perf_counter() - start
    evaluation = evaluate(result.findings, commune.truth, table.height)
    return Evaluation(**{**evaluation.__dict__, "timings": timings}), result
