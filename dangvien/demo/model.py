"""The shape of a generated demo commune: what other packages may rely on.

Every member value is text exactly as a person would have typed it into a spreadsheet (defects
included), `None` for an empty cell. The `record` number is 1-based, stable for a given seed and
equal to the STT column of the exports. Canonical field names follow the glossary and the data
dictionary (`dangvien.quality.dictionary`).

Policies of the clean data:
- The list is the active roster: nobody who died or left is on it, so `exit_kind`/`exit_date` are
  set only on planted `deceased_active` / `transferred_active` records.
- Dates are dd/mm/yyyy; a share of members born before 1941 have a year-only birth date ("1938"),
  which is legitimate, chosen so that the age rules hold whatever the day (see `people`).
- Campaign columns: `handbook_installed` and `no_smartphone` ("x" or empty), as in the data
  dictionary.

The truth frame (`TRUTH_SCHEMA`) has one row per planted (record, field, defect): `record` (null
for an organization defect), `org` (the code of the record's cell, or of the faulty cell),
`field`, `defect` (a code of `defects.DEFECT_CLASSES`), `clean_value`, `planted_value` (what the
member list holds) and `related_record` (the other record of a pair defect).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

DEFAULT_SEED = 2025
DEFAULT_DEFECT_RATE = 0.08
DEFAULT_AS_OF = dt.date(2025, 12, 10)

# Exported member columns after `record`, in order; the last two are the campaign columns.
MEMBER_FIELDS: tuple[str, ...] = (
    "full_name",
    "gender",
    "birth_date",
    "birth_place",
    "hometown",
    "permanent_address",
    "current_address",
    "ethnicity",
    "religion",
    "citizen_id",
    "legacy_id",
    "phone",
    "org",
    "status",
    "join_date",
    "official_date",
    "card_number",
    "dossier_number",
    "general_education",
    "professional_level",
    "political_theory",
    "foreign_language",
    "it_level",
    "occupation",
    "party_position",
    "exempt",
    "exit_kind",
    "exit_date",
    "note",
    "handbook_installed",
    "no_smartphone",
)
CAMPAIGN_FIELDS: tuple[str, ...] = ("handbook_installed", "no_smartphone")
MEMBER_COLUMNS: tuple[str, ...] = ("record", *MEMBER_FIELDS)

MEMBER_SCHEMA: dict[str, pl.DataType] = {
    "record": pl.Int64(),
    **{name: pl.String() for name in MEMBER_FIELDS},
}
ORG_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "name": pl.String(),
    "kind": pl.String(),
    "parent_code": pl.String(),
    "area": pl.String(),
    "active": pl.Boolean(),
    "secretary_record": pl.Int64(),
}
TRUTH_SCHEMA: dict[str, pl.DataType] = {
    "record": pl.Int64(),
    "org": pl.String(),
    "field": pl.String(),
    "defect": pl.String(),
    "clean_value": pl.String(),
    "planted_value": pl.String(),
    "related_record": pl.Int64(),
}

# Values of the closed member fields, as typed in clean records.
MALE, FEMALE = "Nam", "Nữ"
OFFICIAL, PROBATIONARY = "Chính thức", "Dự bị"
DECEASED, TRANSFERRED_OUT = "Từ trần", "Chuyển đi"
TICK = "x"
SECRETARY, DEPUTY_SECRETARY, COMMITTEE_MEMBER, PLAIN_MEMBER = (
    "Bí thư",
    "Phó Bí thư",
    "Chi ủy viên",
    "Đảng viên",
)
COMMUNE_SECRETARY = "Bí thư Đảng ủy"
DOSSIER_SYMBOL = "TH"  # Thanh Hóa's letters in số lý lịch đảng viên (domain.md §1.3)


@dataclass(frozen=True)
class CommuneInfo:
    name: str
    code: str  # code of the commune committee in `orgs`
    province: str
    province_code: str  # post-2025 province code (38 Thanh Hóa)
    unit_code: str  # post-2025 commune code (15019 Tam Lư)
    as_of: dt.date
    seed: int
    defect_rate: float


@dataclass(frozen=True)
class DemoCommune:
    commune: CommuneInfo
    orgs: pl.DataFrame
    members: pl.DataFrame
    truth: pl.DataFrame
