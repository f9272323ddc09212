"""Members in the database as a canonical table, so the same engine judges them as it judges files.

`_record` is the member's primary key: findings computed on this table point straight back at the
record to fix. Raw text is the text as first read when it was kept (`Member.raw`), otherwise the
stored value written back as text, exactly as a person would have typed it. Date flags are
recomputed from kept raw text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import polars as pl
from django.db.models import QuerySet

from dangvien.members.models import Member
from dangvien.members.services import display_value
from dangvien.quality.dictionary import MEMBER_FIELDS, Kind
from dangvien.quality.table import (
    ORG_CODE,
    SCHEMA,
    ambiguous_column,
    conform,
    impossible_column,
    precision_column,
    raw_column,
)
from dangvien.vn.dates import parse_date

_VALUE_FIELDS = [spec.name for spec in MEMBER_FIELDS if spec.kind is not Kind.ORG]
_DATE_FIELDS = [spec.name for spec in MEMBER_FIELDS if spec.kind is Kind.DATE]


def _rows(members: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for member in members:
        raw: dict[str, str] = member["raw"] or {}
        row: dict[str, Any] = {
            "_record": member["id"],
            "_file": "",
            "_sheet": member["source_sheet"],
            "_row": member["source_row"],
            "_extra": json.dumps(member["extra"], ensure_ascii=False) if member["extra"] else None,
            "org": member["org__name"],
            raw_column("org"): member["org__name"],
            ORG_CODE: member["org__code"],
        }
        for spec in MEMBER_FIELDS:
            if spec.kind is Kind.ORG:
                continue
            value = member[spec.name]
            precision = member.get(f"{spec.name}_precision") if spec.kind is Kind.DATE else None
            if spec.kind not in (Kind.DATE, Kind.BOOL) and value == "":
                value = None
            row[spec.name] = value
            if spec.name in raw:
                row[raw_column(spec.name)] = raw[spec.name]
            else:
                row[raw_column(spec.name)] = display_value(spec, value, precision)
            if spec.kind is Kind.DATE:
                row[precision_column(spec.name)] = precision or None
                # Text kept because it differed from the stored date (or could not be read) is
                # judged again, so the engine sees the same flags as when the file was read.
                flags = parse_date(raw[spec.name]) if spec.name in raw else None
                row[ambiguous_column(spec.name)] = bool(flags and flags.ambiguous)
                row[impossible_column(spec.name)] = bool(flags and flags.impossible)
        yield row


def members_table(members: QuerySet[Member]) -> pl.DataFrame:
    """The canonical table of the given members (already scoped by the caller's selector)."""
    columns = [
        "id",
        "raw",
        "extra",
        "source_sheet",
        "source_row",
        "org__name",
        "org__code",
        *_VALUE_FIELDS,
        *(f"{name}_precision" for name in _DATE_FIELDS),
    ]
    rows = list(_rows(members.order_by("id").values(*columns)))
    if not rows:
        return conform(pl.DataFrame(schema={name: SCHEMA[name] for name in ("_record",)}))
    return conform(pl.DataFrame(rows, schema={name: SCHEMA[name] for name in rows[0]}))
