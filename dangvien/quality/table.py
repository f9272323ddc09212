"""The canonical table: the one shape every member list takes between intake and the quality engine.

One row per member record. For each field `f` of the data dictionary:

- `f`: the parsed value. Text kinds (name, text, address, catalog) hold the *repaired* text (NFC,
  legacy fonts decoded, configured tone style); codes and phones hold the digits as read, trimmed,
  never "restored" (an 11-digit CCCD stays 11 digits for the engine to flag); enums hold the
  canonical code ("male", "official", "deceased") or null when the text was not recognized; dates
  are `pl.Date` (null when empty, impossible or unparseable); booleans are `pl.Boolean`;
  `org` holds the organization name as read (repaired).
- `f__raw`: the text exactly as it stood in the source cell (null when the cell was empty), so that
  every finding can show what the file said and text rules can compare raw with repaired.
- for dates only, `f__precision` ("day" | "month" | "year"), `f__ambiguous` and `f__impossible`.

Provenance columns start with an underscore: `_record` (1-based position in the table), `_file`,
`_sheet`, `_row` (row number as Excel shows it) and `_extra` (JSON object of unmapped columns,
header → text). `org_code` is filled when the organization was matched to the commune's tree.
Columns of fields that the source did not have are present and null, so rules never need to ask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from dangvien.quality.dictionary import MEMBER_FIELDS, FieldSpec, Kind

PROVENANCE: dict[str, Any] = {
    "_record": pl.Int64,
    "_file": pl.Utf8,
    "_sheet": pl.Utf8,
    "_row": pl.Int64,
    "_extra": pl.Utf8,
}
ORG_CODE = "org_code"


def raw_column(field: str) -> str:
    return f"{field}__raw"


def precision_column(field: str) -> str:
    return f"{field}__precision"


def ambiguous_column(field: str) -> str:
    return f"{field}__ambiguous"


def impossible_column(field: str) -> str:
    return f"{field}__impossible"


def value_dtype(spec: FieldSpec) -> Any:
    if spec.kind is Kind.DATE:
        return pl.Date
    if spec.kind is Kind.BOOL:
        return pl.Boolean
    return pl.Utf8


def field_schema(spec: FieldSpec) -> dict[str, Any]:
    columns: dict[str, Any] = {spec.name: value_dtype(spec), raw_column(spec.name): pl.Utf8}
    if spec.kind is Kind.DATE:
        columns[precision_column(spec.name)] = pl.Utf8
        columns[ambiguous_column(spec.name)] = pl.Boolean
        columns[impossible_column(spec.name)] = pl.Boolean
    return columns


def schema(fields: Iterable[FieldSpec] = MEMBER_FIELDS) -> dict[str, Any]:
    """Column name → Polars dtype of a canonical member table, in a stable order."""
    columns: dict[str, Any] = dict(PROVENANCE)
    for spec in fields:
        columns.update(field_schema(spec))
    columns[ORG_CODE] = pl.Utf8
    return columns


SCHEMA: Mapping[str, Any] = schema()


# Organizations, as read from an organizations file or the database: one row per organization.
ORG_SCHEMA: Mapping[str, Any] = {
    "code": pl.Utf8,
    "name": pl.Utf8,
    "kind": pl.Utf8,  # glossary code: commune_committee, base_cell, sub_cell, ...
    "parent_code": pl.Utf8,
    "area": pl.Utf8,
    "active": pl.Boolean,
    "secretary": pl.Utf8,  # the secretary's full name, null when the post is vacant
}


def empty_table() -> pl.DataFrame:
    return pl.DataFrame(schema=dict(SCHEMA))


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Add missing canonical columns as nulls, cast to the canonical types and order the columns.

    Columns that are not part of the canonical schema are an error: they would silently escape
    every rule. Put unmapped source columns in `_extra` instead.
    """
    unknown = [name for name in frame.columns if name not in SCHEMA]
    if unknown:
        raise ValueError(f"not canonical columns: {', '.join(unknown)}")
    missing = [
        pl.lit(None, dtype=dtype).alias(name)
        for name, dtype in SCHEMA.items()
        if name not in frame.columns
    ]
    if missing:
        frame = frame.with_columns(missing)
    return frame.select([pl.col(name).cast(dtype) for name, dtype in SCHEMA.items()])
