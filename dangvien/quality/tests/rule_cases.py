"""Shared helpers for the rule tests: a clean member, and what the engine says about variants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from dangvien.quality.engine import check
from dangvien.quality.records import member_table
from dangvien.quality.rules import by_code

AS_OF = dt.date(2025, 12, 10)

CLEAN: dict[str, Any] = {
    "full_name": "Lò Văn Ún",
    "gender": "male",
    "birth_date": dt.date(1980, 3, 5),
    "birth_place": "xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa",
    "hometown": "xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa",
    "permanent_address": "Bản Lốc, xã Tam Lư, tỉnh Thanh Hóa",
    "ethnicity": "Thái",
    "religion": "Không",
    "citizen_id": "038080012345",
    "phone": "0912345678",
    "org": "Chi bộ bản Lốc",
    "status": "official",
    "join_date": dt.date(2005, 5, 19),
    "official_date": dt.date(2006, 5, 19),
    "card_number": "12345678",
    "dossier_number": "123456TH",
    "general_education": "12/12",
    "party_position": "Đảng viên",
}


def member(**changes: Any) -> dict[str, Any]:
    """The clean member with `changes` (a value of None empties the field)."""
    record = dict(CLEAN)
    record.update(changes)
    return record


def table(*records: dict[str, Any]) -> pl.DataFrame:
    return member_table(records)


def findings(
    *records: dict[str, Any],
    rules: tuple[str, ...] | None = None,
    orgs: pl.DataFrame | None = None,
    as_of: dt.date = AS_OF,
) -> pl.DataFrame:
    chosen = None if rules is None else [by_code(code) for code in rules]
    return check(table(*records), orgs=orgs, as_of=as_of, rules=chosen).findings


def fires(code: str, *records: dict[str, Any], as_of: dt.date = AS_OF, **kwargs: Any) -> bool:
    """Whether rule `code` reports anything on `records` (one clean member by default)."""
    found = findings(*(records or (member(),)), rules=(code,), as_of=as_of, **kwargs)
    return found.height > 0


def one(
    code: str, *records: dict[str, Any], as_of: dt.date = AS_OF, **kwargs: Any
) -> dict[str, Any]:
    """The single finding of rule `code` (fails when there is not exactly one)."""
    found = findings(*records, rules=(code,), as_of=as_of, **kwargs)
    assert found.height == 1, found
    return found.row(0, named=True)
