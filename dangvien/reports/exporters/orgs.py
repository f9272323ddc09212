"""The organization catalog export: the commune's tree with codes and member counts. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from dangvien.quality.dictionary import ORG_AREAS, ORG_KINDS, org_field
from dangvien.reports.exporters.base import Column, Dataset, Value
from dangvien.reports.exporters.values import date_display, date_iso

ORG_COLUMNS: tuple[Column, ...] = (
    Column("code", org_field("code").label, "code"),
    Column("name", org_field("name").label, "text", 32),
    Column("kind", org_field("kind").label, "text", 18),
    Column("kind_code", f"{org_field('kind').label} (mã)", "code"),
    Column("parent_code", "Mã tổ chức cấp trên", "code"),
    Column("level", "Cấp trong cây tổ chức", "number"),
    Column("area", org_field("area").label, "text", 20),
    Column("area_code", f"{org_field('area').label} (mã)", "code"),
    Column("active", org_field("active").label, "bool"),
    Column("dissolved_on", org_field("dissolved_on").label, "code"),
    Column("dissolved_on_iso", f"{org_field('dissolved_on').label} (ISO 8601)", "code"),
    Column("secretary", org_field("secretary").label, "text", 24),
    Column("members", "Số đảng viên", "number"),
    Column("official", "Chính thức", "number"),
    Column("probationary", "Dự bị", "number"),
)


def org_row(record: Mapping[str, Any]) -> list[Value]:
    return [
        record["code"],
        record["name"],
        ORG_KINDS.get(record["kind"], record["kind"]),
        record["kind"],
        record.get("parent_code") or None,
        max(str(record.get("path", "")).count("/") - 1, 0),
        ORG_AREAS.get(record.get("area") or "", None),
        record.get("area") or None,
        bool(record.get("active", True)),
        date_display(record.get("dissolved_on")),
        date_iso(record.get("dissolved_on")),
        record.get("secretary") or None,
        int(record.get("members", 0)),
        int(record.get("official", 0)),
        int(record.get("probationary", 0)),
    ]


def orgs_dataset(records: Iterable[Mapping[str, Any]]) -> Dataset:
    return Dataset(
        name="to_chuc_dang",
        title="Danh mục tổ chức đảng",
        columns=ORG_COLUMNS,
        rows=(org_row(record) for record in records),
    )
