"""Demo communes written as the exports communes pass around read back to the generator's values.

The expected values are computed independently of the reader: raw text is the generator's text,
parsed values come straight from `dangvien.vn` (one call per value) and from fixed tables.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from dangvien.demo import generate
from dangvien.demo.writers import DATE_CELL_EVERY, write, write_orgs
from dangvien.intake import read_members, read_orgs
from dangvien.quality.dictionary import Kind, member_field
from dangvien.quality.table import SCHEMA
from dangvien.vn.dates import parse_date
from dangvien.vn.text import repair

CODES = {
    "Nam": "male",
    "Nữ": "female",
    "Chính thức": "official",
    "Dự bị": "probationary",
    "Từ trần": "deceased",
    "Chuyển đi": "transferred_out",
}
TICKS = {"x": True}
FULL_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def _expected(kind: Kind, text: str | None) -> Any:
    if text is None:
        return None
    if kind is Kind.ENUM:
        return CODES[text]
    if kind is Kind.BOOL:
        return TICKS[text]
    if kind in (Kind.CODE, Kind.PHONE):
        return text.strip() or None
    return " ".join(repair(text).value.split()) or None


@pytest.fixture(scope="module")
def commune():  # type: ignore[no-untyped-def]
    return generate(1000, seed=2025)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_a_demo_list_reads_back_to_the_generators_values(
    commune,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    suffix: str,
) -> None:
    members: pl.DataFrame = commune.members
    path = write(commune, tmp_path / f"danh_sach{suffix}")
    orgs = read_orgs(write_orgs(commune, tmp_path / "to_chuc.xlsx"))
    result = read_members(path, orgs=orgs)
    table = result.table
    assert table.schema == pl.Schema(SCHEMA)
    assert table.height == members.height
    assert table["_record"].to_list() == members["record"].to_list()
    for name in members.columns[1:]:
        spec = member_field(name)
        texts = members[name].to_list()
        assert table[f"{name}__raw"].to_list() == texts, name
        if spec.kind is Kind.DATE:
            results = [parse_date(text) if text is not None else None for text in texts]
            assert table[name].to_list() == [r.value if r else None for r in results], name
            assert table[f"{name}__precision"].to_list() == [
                r.precision if r else None for r in results
            ], name
            # In the workbook every DATE_CELL_EVERY-th member has real Excel date cells: exact.
            cells = [
                suffix == ".xlsx"
                and record % DATE_CELL_EVERY == 0
                and bool(FULL_DATE.match(t or ""))
                for record, t in zip(members["record"], texts, strict=True)
            ]
            assert table[f"{name}__ambiguous"].to_list() == [
                None if r is None else (False if cell else r.ambiguous)
                for r, cell in zip(results, cells, strict=True)
            ], name
        else:
            assert table[name].to_list() == [_expected(spec.kind, t) for t in texts], name
    code_of = dict(zip(commune.orgs["name"], commune.orgs["code"], strict=True))
    assert table["org_code"].to_list() == [code_of.get(org) for org in members["org"]]


def test_the_workbook_layout_is_recognized_as_the_generator_wrote_it(
    commune,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    result = read_members(write(commune, tmp_path / "danh_sach.xlsx"))
    [table] = result.tables
    first = 9
    assert table.header_rows == (7, 8)
    assert (table.first_row, table.last_row) == (first, first + commune.members.height - 1)
    reasons = {s.reason for s in result.skipped}
    assert reasons == {"dòng tổng cộng", "khối chữ ký, ghi chú cuối bảng"}
    assert all(s.row > table.last_row for s in result.skipped)  # type: ignore[operator]
