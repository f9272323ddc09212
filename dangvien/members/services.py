"""Writes to member records: every change goes through here, in a transaction, audited."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from dangvien.audit.services import audit_record
from dangvien.intake.models import ImportRun
from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.quality.dictionary import MEMBER_FIELDS, FieldSpec, Kind
from dangvien.quality.table import ORG_CODE, precision_column, raw_column

_DATE_FORMATS = {"day": "%d/%m/%Y", "month": "%m/%Y", "year": "%Y"}


def display_value(spec: FieldSpec, value: Any, precision: str | None) -> str | None:
    """How a stored value reads back as text; raw text equal to it need not be kept."""
    if spec.kind is Kind.BOOL:
        return "x" if value else None
    if value is None:
        return None
    if spec.kind is Kind.DATE:
        return str(value.strftime(_DATE_FORMATS.get(precision or "day", "%d/%m/%Y")))
    if spec.choices:
        return spec.choices.get(value, value)
    return str(value)


class UnknownOrganization(ValueError):
    pass


def _member_from_row(
    row: Mapping[str, Any], *, org: Organization, import_run: ImportRun | None
) -> Member:
    member = Member(
        org=org,
        import_run=import_run,
        source_sheet=row.get("_sheet") or "",
        source_row=row.get("_row"),
    )
    raw: dict[str, str] = {}
    for spec in MEMBER_FIELDS:
        if spec.kind is Kind.ORG:
            continue
        value = row.get(spec.name)
        typed_raw = row.get(raw_column(spec.name))
        if spec.kind is Kind.DATE:
            precision = row.get(precision_column(spec.name))
            setattr(member, spec.name, value)
            setattr(member, f"{spec.name}_precision", precision or ("day" if value else ""))
        elif spec.kind is Kind.BOOL:
            setattr(member, spec.name, bool(value))
            precision = None
        else:
            setattr(member, spec.name, (value or "")[: spec.max_length])
            precision = None
        if typed_raw is not None and typed_raw != display_value(spec, value, precision):
            raw[spec.name] = typed_raw
    member.raw = raw
    extra = row.get("_extra")
    if extra:
        member.extra = json.loads(extra)
    return member


def members_create_from_table(
    *,
    table: pl.DataFrame,
    orgs_by_code: Mapping[str, Organization],
    actor: Any,
    import_run: ImportRun | None = None,
    batch_size: int = 2000,
) -> int:
    """Create one member per row of a canonical table, all or nothing.

    Every row must name a known organization in `org_code`: a member without an organization would
    be invisible to every scoped reader, so such a table is refused before anything is written.
    """
    unknown = sorted(
        {code for code in table[ORG_CODE].to_list() if code not in orgs_by_code}, key=str
    )
    if unknown:
        raise UnknownOrganization(
            "Không tìm thấy tổ chức đảng cho mã: " + ", ".join(str(code) for code in unknown)
        )
    members = [
        _member_from_row(row, org=orgs_by_code[row[ORG_CODE]], import_run=import_run)
        for row in table.iter_rows(named=True)
    ]
    with transaction.atomic():
        Member.objects.bulk_create(members, batch_size=batch_size)
        audit_record(
            actor=actor,
            action="members.member.bulk_created",
            target=import_run,
            changes={"records": [None, len(members)]},
        )
    return len(members)


# --- one member: update with optimistic locking, removal and restoration for merges -------------

_VALUE_SPECS = {spec.name: spec for spec in MEMBER_FIELDS if spec.kind is not Kind.ORG}


@dataclass(frozen=True)
class FieldValue:
    """A field as stored: the typed value, a date's precision, and the text as typed when it
    differs from how the value reads back (kept in `Member.raw`)."""

    value: Any
    precision: str = ""
    raw: str | None = None


class StaleMember(Exception):
    """The record changed since the person read it: their save is refused, nothing is lost."""

    def __init__(self, current: Member) -> None:
        super().__init__(STALE_MESSAGE)
        self.current = current


STALE_MESSAGE = (
    "Hồ sơ này vừa được người khác sửa trong lúc đồng chí đang sửa. Thay đổi của đồng chí chưa "
    "được lưu và vẫn còn nguyên trong biểu mẫu; xin xem giá trị mới bên dưới rồi lưu lại."
)


def member_text(member: Member, field: str) -> str:
    """The text a person sees and types for one field: as first read, else the stored value."""
    if field == "org":
        return member.org.name if member.org_id else ""
    if field in (member.raw or {}):
        return str(member.raw[field])
    spec = _VALUE_SPECS[field]
    precision = getattr(member, f"{field}_precision", None) if spec.kind is Kind.DATE else None
    return display_value(spec, getattr(member, field), precision) or ""


def member_field_value(member: Member, field: str) -> FieldValue:
    spec = _VALUE_SPECS[field]
    precision = getattr(member, f"{field}_precision", "") if spec.kind is Kind.DATE else ""
    return FieldValue(getattr(member, field), precision or "", (member.raw or {}).get(field))


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def field_value_json(value: FieldValue) -> dict[str, Any]:
    return {"value": _json_value(value.value), "precision": value.precision, "raw": value.raw}


def field_value_from_json(field: str, data: Mapping[str, Any]) -> FieldValue:
    value = data.get("value")
    if _VALUE_SPECS[field].kind is Kind.DATE and value:
        value = dt.date.fromisoformat(value)
    return FieldValue(value, data.get("precision") or "", data.get("raw"))


def _shown(field: str, value: FieldValue) -> str | None:
    if value.raw is not None:
        return value.raw
    return display_value(_VALUE_SPECS[field], value.value, value.precision)


def _normalized(field: str, value: FieldValue) -> FieldValue:
    """Empty text is stored as "", and raw text equal to the stored value is not kept."""
    spec = _VALUE_SPECS[field]
    stored = value.value
    if spec.kind is Kind.BOOL:
        stored = bool(stored)
    elif spec.kind is not Kind.DATE:
        stored = (stored or "")[: spec.max_length]
    precision = (value.precision or ("day" if stored else "")) if spec.kind is Kind.DATE else ""
    raw = value.raw
    if raw is not None and raw == display_value(spec, stored or None, precision or None):
        raw = None
    if raw == "" and stored in ("", None, False):
        raw = None
    return FieldValue(stored, precision, raw)


def member_update(
    *,
    member: Member,
    changes: Mapping[str, FieldValue | Organization],
    actor: Any,
    expected_version: int | None = None,
    action: str = "members.member.updated",
    note: str = "",
) -> dict[str, list[Any]]:
    """Change fields of one member if nobody changed it since `expected_version` was read.

    `member` is the instance as the person read it; `changes` maps a field to its new value (an
    `Organization` for `org`). Unchanged fields are ignored. The version is compared and bumped in
    one UPDATE (compare-and-swap), so of two people saving the same record the second gets
    `StaleMember` with the record as it now is. Returns the audited `{field: [old, new]}`.
    """
    version = member.version if expected_version is None else expected_version
    columns: dict[str, Any] = {}
    raw = dict(member.raw or {})
    audited: dict[str, list[Any]] = {}
    for field, change in changes.items():
        if field == "org":
            assert isinstance(change, Organization)
            if change.pk != member.org_id:
                audited["org"] = [member.org.name if member.org_id else None, change.name]
                columns["org"] = change
            continue
        assert isinstance(change, FieldValue)
        new = _normalized(field, change)
        old = member_field_value(member, field)
        if (new.value, new.precision, new.raw) == (old.value, old.precision or "", old.raw):
            continue
        audited[field] = [_shown(field, old), _shown(field, new)]
        columns[field] = new.value
        if _VALUE_SPECS[field].kind is Kind.DATE:
            columns[f"{field}_precision"] = new.precision
        if new.raw is None:
            raw.pop(field, None)
        else:
            raw[field] = new.raw
    if not columns:
        return {}
    with transaction.atomic():
        updated = Member.objects.filter(pk=member.pk, version=version).update(
            **columns, raw=raw, version=version + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleMember(Member.objects.select_related("org").get(pk=member.pk))
        for name, value in columns.items():
            setattr(member, name, value)
        member.raw = raw
        member.version = version + 1
        record: dict[str, Any] = dict(audited)
        if note:
            record["_note"] = [None, note]
        audit_record(actor=actor, action=action, target=member, changes=record)
    return audited


_SNAPSHOT_SKIP = frozenset({"created_at", "updated_at"})


def member_snapshot(member: Member) -> dict[str, Any]:
    """Every stored column of a member, JSON-ready, to put the record back exactly."""
    data: dict[str, Any] = {}
    for field in Member._meta.concrete_fields:
        if field.name in _SNAPSHOT_SKIP:
            continue
        data[field.attname] = _json_value(getattr(member, field.attname))
    return data


def member_remove(*, member: Member, actor: Any, expected_version: int, reason: str) -> None:
    """Delete a member record (a duplicate merged into another), refusing a stale read."""
    with transaction.atomic():
        snapshot = member_snapshot(member)
        deleted, _ = Member.objects.filter(pk=member.pk, version=expected_version).delete()
        if not deleted:
            raise StaleMember(Member.objects.select_related("org").get(pk=member.pk))
        audit_record(
            actor=actor,
            action="members.member.removed",
            target=member,
            changes={"reason": [None, reason], "record": [snapshot, None]},
        )


def member_restore(*, snapshot: Mapping[str, Any], actor: Any, reason: str) -> Member:
    """Recreate a removed member with its original id and values (undo of a merge)."""
    values: dict[str, Any] = {}
    for field in Member._meta.concrete_fields:
        if field.attname not in snapshot:
            continue
        value = snapshot[field.attname]
        if value is not None and field.get_internal_type() == "DateField":
            value = dt.date.fromisoformat(value)
        values[field.attname] = value
    with transaction.atomic():
        member = Member(**values)
        member.version = int(values.get("version", 1)) + 1
        member.save(force_insert=True)
        audit_record(
            actor=actor,
            action="members.member.restored",
            target=member,
            changes={"reason": [None, reason]},
        )
    return member
