"""What an import would do: match each row of the file to a member already in the database, and
compare field by field.

A row matches an existing member by CCCD; when either side has no CCCD, by the duplicate key
(accent-free name and birth date). Rows of the file that share a key match existing members with
that key in order (first to first), so importing the same file twice changes nothing. An empty
cell never erases a stored value; unmapped columns are merged into the member's extra columns.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dangvien.members.models import Member
from dangvien.members.services import display_value
from dangvien.quality.dictionary import MEMBER_FIELDS, FieldSpec, Kind
from dangvien.quality.table import ORG_CODE, precision_column, raw_column
from dangvien.vn.keys import fold

VALUE_SPECS: dict[str, FieldSpec] = {
    spec.name: spec for spec in MEMBER_FIELDS if spec.kind is not Kind.ORG
}
LABELS: dict[str, str] = {spec.name: spec.label for spec in MEMBER_FIELDS}
LABELS["_extra"] = "Cột khác"
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class Stored:
    """One field as stored: value, date precision, text as typed when it differs."""

    value: Any
    precision: str = ""
    raw: str | None = None

    def as_json(self) -> dict[str, Any]:
        value = self.value.isoformat() if isinstance(self.value, dt.date) else self.value
        return {"value": value, "precision": self.precision, "raw": self.raw}

    @classmethod
    def from_json(cls, name: str, data: Mapping[str, Any]) -> Stored:
        value = data.get("value")
        if VALUE_SPECS[name].kind is Kind.DATE and value:
            value = dt.date.fromisoformat(value)
        return cls(value, data.get("precision") or "", data.get("raw"))

    def shown(self, name: str) -> str:
        if self.raw is not None:
            return self.raw
        return display_value(VALUE_SPECS[name], self.value, self.precision or None) or ""


def stored_from_row(name: str, row: Mapping[str, Any]) -> Stored:
    """The stored form of a cell, exactly as a new record would store it."""
    spec = VALUE_SPECS[name]
    value = row.get(name)
    precision = ""
    if spec.kind is Kind.DATE:
        precision = row.get(precision_column(name)) or ("day" if value else "")
    elif spec.kind is Kind.BOOL:
        value = bool(value)
    else:
        value = (value or "")[: spec.max_length]
    typed = row.get(raw_column(name))
    shown = display_value(spec, value if value != "" else None, precision or None)
    raw = typed if typed is not None and typed != shown else None
    return Stored(value, precision, raw)


def stored_from_member(name: str, member: Mapping[str, Any]) -> Stored:
    spec = VALUE_SPECS[name]
    precision = member.get(f"{name}_precision") or "" if spec.kind is Kind.DATE else ""
    return Stored(member[name], precision, (member.get("raw") or {}).get(name))


def citizen_key(value: Any) -> str | None:
    digits = _DIGITS.sub("", str(value or ""))
    return digits if len(digits) >= 9 else None


def person_key(name: Any, birth: Any, birth_raw: Any = None) -> str | None:
    """The duplicate key: accent-free name and birth date (or the birth text as typed)."""
    if not name:
        return None
    when = birth.isoformat() if isinstance(birth, dt.date) else fold(str(birth_raw or ""))
    return f"{fold(str(name))}|{when}"


@dataclass
class RowPlan:
    index: int  # position in the table
    action: str  # "create", "update", "unchanged"
    member_id: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name → (old, new)
    matched_by: str = ""  # "cccd" or "name"
    version: int = 0  # the matched member's version when the plan was made


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    mapped: frozenset[str]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def fields_changed(self) -> dict[str, int]:
        counted: dict[str, int] = defaultdict(int)
        for row in self.rows:
            for name in row.changes:
                counted[name] += 1
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))


def member_columns() -> list[str]:
    dates = [s.name for s in MEMBER_FIELDS if s.kind is Kind.DATE]
    return [
        "id",
        "org_id",
        "version",
        "raw",
        "extra",
        "import_run_id",
        "source_sheet",
        "source_row",
        *VALUE_SPECS,
        *(f"{name}_precision" for name in dates),
    ]


def _extra(row: Mapping[str, Any]) -> dict[str, Any]:
    text = row.get("_extra")
    return json.loads(text) if text else {}


def _row_changes(
    row: Mapping[str, Any],
    member: Mapping[str, Any],
    mapped: Iterable[str],
    org_id: int | None,
) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for name in mapped:
        if name == "org":
            if org_id is not None and org_id != member["org_id"]:
                changes["org"] = (member["org_id"], org_id)
            continue
        spec = VALUE_SPECS[name]
        if row.get(raw_column(name)) is None and spec.kind is not Kind.BOOL:
            continue  # an empty cell never erases what is stored
        new = stored_from_row(name, row)
        old = stored_from_member(name, member)
        if (new.value, new.precision, new.raw) != (old.value, old.precision, old.raw):
            changes[name] = (old, new)
    extra = _extra(row)
    if extra:
        merged = {**(member.get("extra") or {}), **extra}
        if merged != (member.get("extra") or {}):
            changes["_extra"] = (member.get("extra") or {}, merged)
    return changes


def import_plan(
    table: pl.DataFrame,
    *,
    existing: Iterable[Mapping[str, Any]],
    mapped: Iterable[str],
    org_ids: Mapping[str, int],
) -> ImportPlan:
    """Match every row to an existing member (or none) and list the field changes.

    `existing`: the members of the commune as dicts of `member_columns()`; `mapped`: the fields
    the file has a column for; `org_ids`: organization code → id.
    """
    mapped_fields = frozenset(name for name in mapped if name in VALUE_SPECS or name == "org")
    members = sorted(existing, key=lambda m: m["id"])
    by_id = {m["id"]: m for m in members}
    by_citizen: dict[str, list[int]] = defaultdict(list)
    by_person: dict[str, list[int]] = defaultdict(list)
    for member in members:
        key = citizen_key(member["citizen_id"])
        if key:
            by_citizen[key].append(member["id"])
        person = person_key(
            member["full_name"], member["birth_date"], (member["raw"] or {}).get("birth_date")
        )
        if person:
            by_person[person].append(member["id"])
    taken: set[int] = set()
    rows: list[RowPlan] = []
    for index, row in enumerate(table.iter_rows(named=True)):
        citizen = citizen_key(row.get("citizen_id"))
        found: int | None = None
        matched_by = ""
        if citizen:
            found = next((pk for pk in by_citizen.get(citizen, ()) if pk not in taken), None)
            matched_by = "cccd"
        if found is None:
            person = person_key(
                row.get("full_name"), row.get("birth_date"), row.get("birth_date__raw")
            )
            if person:
                found = next(
                    (
                        pk
                        for pk in by_person.get(person, ())
                        if pk not in taken
                        and (citizen is None or citizen_key(by_id[pk]["citizen_id"]) is None)
                    ),
                    None,
                )
                matched_by = "name"
        if found is None:
            rows.append(RowPlan(index, "create"))
            continue
        taken.add(found)
        code = row.get(ORG_CODE)
        changes = _row_changes(
            row, by_id[found], mapped_fields, org_ids.get(code) if code else None
        )
        rows.append(
            RowPlan(
                index,
                "update" if changes else "unchanged",
                found,
                changes,
                matched_by,
                by_id[found]["version"],
            )
        )
    return ImportPlan(rows=rows, mapped=mapped_fields)


def fetch_existing(commune_path: str) -> list[dict[str, Any]]:
    """The commune's member records as `import_plan` reads them (one query)."""
    return list(
        Member.objects.filter(org__path__startswith=commune_path)
        .order_by("id")
        .values(*member_columns())
    )
