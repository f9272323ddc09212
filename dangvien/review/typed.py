"""Text typed in a form (or a suggestion) → stored values, through the same parser as imports.

A person edits the text of a field exactly as a list would show it; `dangvien.intake` turns it into
the canonical value (legacy fonts decoded, dates with their precision, closed sets coded), so a
value typed in the web form and the same value read from an Excel file are stored alike. The member
being edited is judged as a one-row canonical table: its stored values (`members_table`) with the
fields the person changed replaced by their parsed text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl
from django.conf import settings

from dangvien.intake import canonical_from_text_frame
from dangvien.members.models import Member
from dangvien.members.services import FieldValue, member_text
from dangvien.members.table import members_table
from dangvien.orgs.models import Organization
from dangvien.quality.dictionary import MEMBER_FIELDS, Kind
from dangvien.quality.table import (
    ambiguous_column,
    field_schema,
    precision_column,
    raw_column,
)

VALUE_FIELDS: tuple[str, ...] = tuple(s.name for s in MEMBER_FIELDS if s.kind is not Kind.ORG)
_SPECS = {spec.name: spec for spec in MEMBER_FIELDS}
FORM_SOURCE = "biểu mẫu sửa hồ sơ"


def member_texts(member: Member) -> dict[str, str]:
    """Every value field of a member as the text a person sees in the form."""
    return {name: member_text(member, name) for name in VALUE_FIELDS}


def parse_rows(rows: Sequence[Mapping[str, str | None]], fields: Iterable[str]) -> pl.DataFrame:
    """Canonical columns of `fields` for rows of typed text (one canonical row per input row)."""
    names = list(dict.fromkeys(fields))
    frame = pl.DataFrame(
        {name: [(row.get(name) or None) for row in rows] for name in names},
        schema=dict.fromkeys(names, pl.Utf8),
    )
    table = canonical_from_text_frame(
        frame, source=FORM_SOURCE, tone_style=settings.DANGVIEN["TONE_STYLE"]
    )
    # The form asks for day/month/year: a typed date is not ambiguous there.
    dates = [name for name in names if _SPECS[name].kind is Kind.DATE]
    if dates:
        table = table.with_columns(pl.lit(False).alias(ambiguous_column(name)) for name in dates)
    return table


def stored_value(row: Mapping[str, Any], field: str) -> FieldValue:
    """The value to store for `field` from a parsed canonical row."""
    is_date = _SPECS[field].kind is Kind.DATE
    precision = (row.get(precision_column(field)) or "") if is_date else ""
    return FieldValue(row.get(field), precision, row.get(raw_column(field)))


def parse_one(field: str, text: str) -> FieldValue:
    row = parse_rows([{field: text}], [field]).row(0, named=True)
    return stored_value(row, field)


def changed_fields(member: Member, texts: Mapping[str, str]) -> list[str]:
    before = member_texts(member)
    return [name for name in VALUE_FIELDS if name in texts and texts[name] != before[name]]


def form_table(
    member: Member, texts: Mapping[str, str], org: Organization | None = None
) -> tuple[pl.DataFrame, list[str]]:
    """The member as it would be saved: stored values overlaid with the changed typed fields.

    Returns the one-row canonical table (`_record` = the member's id) and the changed fields.
    """
    table = members_table(Member.objects.filter(pk=member.pk))
    if table.height == 0:
        raise Member.DoesNotExist
    changed = changed_fields(member, texts)
    if changed:
        parsed = parse_rows([{name: texts[name] for name in changed}], changed)
        columns = [name for field in changed for name in field_schema(_SPECS[field])]
        table = table.with_columns(parsed.select(columns))
    if org is not None and org.pk != member.org_id:
        table = table.with_columns(
            pl.lit(org.name).alias("org"),
            pl.lit(org.name).alias(raw_column("org")),
            pl.lit(org.code).alias("org_code"),
        )
    return table, changed
