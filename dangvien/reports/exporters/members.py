"""The clean standardized member export and the handbook (Sổ tay đảng viên) export. Pure.

Input records are plain dicts as the selectors read them from the database: every dictionary
field under its canonical name (dates as `datetime.date` with `<field>_precision`), plus `id`,
`org_code` and `org_name`. The columns follow the data dictionary, so a field added there appears
here without another edit:

- every field under its dictionary label, with its value as people read it (enum labels, dates
  dd/mm/yyyy or partial, "Có"/"Không");
- dates again in ISO 8601 (`<field>_iso`);
- enums again as codes (`<field>_code`), catalog fields with their catalog code (ethnicity,
  religion, education levels), addresses with the commune and province codes after the 2025
  reform, the organization with its code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from dangvien.quality.dictionary import HANDBOOK_FIELDS, MEMBER_FIELDS, FieldSpec, Kind
from dangvien.reports.exporters.base import Column, ColumnKind, Dataset, Value
from dangvien.reports.exporters.values import catalog_code, date_display, date_iso, unit_2025

Record = Mapping[str, Any]

RECORD_ID = Column("id", "Mã hồ sơ", "number", 10)


def _columns_for(spec: FieldSpec) -> list[Column]:
    label = spec.label
    if spec.kind is Kind.ORG:
        return [Column("org", label, "text", 28), Column("org_code", "Mã tổ chức đảng", "code")]
    if spec.kind is Kind.DATE:
        return [
            Column(spec.name, label, "code", 12),
            Column(f"{spec.name}_iso", f"{label} (ISO 8601)", "code", 12),
        ]
    if spec.kind is Kind.BOOL:
        return [Column(spec.name, label, "bool")]
    if spec.kind is Kind.ENUM:
        return [Column(spec.name, label), Column(f"{spec.name}_code", f"{label} (mã)", "code")]
    if spec.kind is Kind.CATALOG:
        return [
            Column(spec.name, label),
            Column(f"{spec.name}_code", f"Mã {label.lower()}", "code"),
        ]
    if spec.kind is Kind.ADDRESS:
        return [
            Column(spec.name, label, "text", 40),
            Column(
                f"{spec.name}_unit_2025", f"{label}: đơn vị hành chính từ 01/7/2025", "text", 30
            ),
            Column(f"{spec.name}_commune_2025", f"{label}: mã xã/phường (2025)", "code"),
            Column(f"{spec.name}_province_2025", f"{label}: mã tỉnh/thành phố (2025)", "code"),
        ]
    kind: ColumnKind = "code" if spec.kind in (Kind.CODE, Kind.PHONE) else "text"
    return [Column(spec.name, label, kind, 24 if spec.kind is Kind.NAME else 0)]


MEMBER_COLUMNS: tuple[Column, ...] = (
    RECORD_ID,
    *(column for spec in MEMBER_FIELDS for column in _columns_for(spec)),
)


def unreadable_text(spec: FieldSpec, record: Record) -> str | None:
    """The text as typed when it could not be read into a value (e.g. "32/01/2003").

    Such a field is exported as typed, with no code and no ISO form: dropping it would turn a
    wrong date into a missing one, and the person reading the file would not know what to fix.
    """
    value = record.get(spec.name)
    if spec.kind is Kind.BOOL or value not in (None, ""):
        return None
    typed = (record.get("raw") or {}).get(spec.name)
    return typed if isinstance(typed, str) and typed.strip() else None


def _values_for(spec: FieldSpec, record: Record, province_hint: str | None) -> list[Value]:
    value = record.get(spec.name)
    if spec.kind is Kind.ORG:
        return [record.get("org_name"), record.get("org_code")]
    if spec.kind is Kind.BOOL:
        return [bool(value)]
    typed = unreadable_text(spec, record)
    if typed is not None:
        return [typed] + [None] * (len(_columns_for(spec)) - 1)
    if spec.kind is Kind.DATE:
        precision = record.get(f"{spec.name}_precision")
        return [date_display(value, precision), date_iso(value, precision)]
    text = value or None
    if spec.kind is Kind.ENUM:
        label = spec.choices.get(text, text) if spec.choices and text else text
        return [label, text]
    if spec.kind is Kind.CATALOG:
        return [text, catalog_code(spec.catalog or "", text)]
    if spec.kind is Kind.ADDRESS:
        unit = unit_2025(text, province_hint)
        return [text, *(unit[2], unit[0], unit[1])] if unit else [text, None, None, None]
    return [text]


def member_row(record: Record, *, province_hint: str | None = None) -> list[Value]:
    row: list[Value] = [record["id"]]
    for spec in MEMBER_FIELDS:
        row.extend(_values_for(spec, record, province_hint))
    return row


def members_dataset(records: Iterable[Record], *, province_hint: str | None = None) -> Dataset:
    """Every member of the selection, every dictionary field, standardized."""
    rows = (member_row(record, province_hint=province_hint) for record in records)
    return Dataset(
        name="dang_vien",
        title="Danh sách đảng viên (dữ liệu đã chuẩn hóa)",
        columns=MEMBER_COLUMNS,
        rows=rows,
    )


# ---------------------------------------------------------------------------------------------
# Handbook (Sổ tay đảng viên điện tử, Quy định 339-QĐ/TW): exactly the nine summary fields.

# The order of the summary card: name, birth date, gender, admission, recognition, card,
# organization, CCCD, phone (domain.md §1.5).
HANDBOOK_ORDER: tuple[str, ...] = (
    "full_name",
    "birth_date",
    "gender",
    "join_date",
    "official_date",
    "card_number",
    "org",
    "citizen_id",
    "phone",
)
if sorted(HANDBOOK_ORDER) != sorted(HANDBOOK_FIELDS):  # the dictionary changed: follow it here
    raise ImportError("HANDBOOK_ORDER must list exactly the handbook fields of the dictionary")

_SPECS = {spec.name: spec for spec in MEMBER_FIELDS}


def _handbook_column(name: str) -> Column:
    spec = _SPECS[name]
    kind: ColumnKind = "code" if spec.kind in (Kind.CODE, Kind.PHONE, Kind.DATE) else "text"
    return Column(name, spec.label, kind, 24 if spec.kind in (Kind.NAME, Kind.ORG) else 14)


HANDBOOK_COLUMNS: tuple[Column, ...] = tuple(_handbook_column(name) for name in HANDBOOK_ORDER)


def _handbook_value(name: str, record: Record) -> Value:
    spec = _SPECS[name]
    value = record.get(name)
    if spec.kind is Kind.ORG:
        return record.get("org_name")
    typed = unreadable_text(spec, record)
    if typed is not None:
        return typed
    if spec.kind is Kind.DATE:
        return date_display(value, record.get(f"{name}_precision"))
    if spec.choices and value:
        return spec.choices.get(value, value)
    return value or None


@dataclass(frozen=True)
class HandbookSelection:
    """Who goes into the handbook export and who was left out, and why."""

    included: tuple[Record, ...]
    exempt: int  # miễn công tác và sinh hoạt đảng: not handbook users (QĐ 339)
    exited: int  # deceased, transferred out, struck off, expelled, left
    with_errors: tuple[Record, ...]  # members with open errors (included only when confirmed)
    errors_confirmed: bool

    @property
    def refused(self) -> tuple[Record, ...]:
        return () if self.errors_confirmed else self.with_errors


def handbook_selection(
    records: Iterable[Record], *, open_error_ids: Collection[int], include_errors: bool
) -> HandbookSelection:
    included: list[Record] = []
    with_errors: list[Record] = []
    exempt = exited = 0
    for record in records:
        if record.get("exit_kind"):
            exited += 1
            continue
        if record.get("exempt"):
            exempt += 1
            continue
        if record["id"] in open_error_ids:
            with_errors.append(record)
            if not include_errors:
                continue
        included.append(record)
    return HandbookSelection(
        included=tuple(included),
        exempt=exempt,
        exited=exited,
        with_errors=tuple(with_errors),
        errors_confirmed=include_errors,
    )


def handbook_rows(records: Iterable[Record]) -> Iterator[list[Value]]:
    for record in records:
        yield [_handbook_value(name, record) for name in HANDBOOK_ORDER]


def handbook_dataset(selection: HandbookSelection) -> Dataset:
    return Dataset(
        name="so_tay_dang_vien",
        title="Dữ liệu đồng bộ Sổ tay đảng viên điện tử",
        columns=HANDBOOK_COLUMNS,
        rows=handbook_rows(selection.included),
    )
