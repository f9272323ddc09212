"""Reconciliation of the member table with a second source keyed by CCCD."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from dangvien.quality.reconcile import (
    DIFFERENCE_SCHEMA,
    ONLY_OURS_SCHEMA,
    ONLY_THEIRS_SCHEMA,
    reconcile,
)
from dangvien.quality.table import conform

BORN = dt.date(1961, 3, 25)


def person(record: int, name: str, cccd: str | None, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "_record": record,
        "full_name": name,
        "citizen_id": cccd,
        "birth_date": BORN,
        "birth_date__precision": "day",
        "gender": "male",
    }
    row.update(values)
    return row


def table(*rows: dict[str, Any]) -> pl.DataFrame:
    return conform(pl.DataFrame(list(rows), infer_schema_length=None))


def differences_of(result: pl.DataFrame, record: int) -> dict[str, dict[str, Any]]:
    return {row["field"]: row for row in result.filter(pl.col("record") == record).to_dicts()}


def test_each_differing_field_is_reported_with_the_reference_value_as_suggestion() -> None:
    ours = table(person(1, "Lò Thị Ún", "038161000123", gender="female", phone="0912345678"))
    theirs = table(person(7, "Lò Thị Uấn", "038161000123", gender="male", phone="0987654321"))
    found = differences_of(reconcile(ours, theirs).differences, 1)
    assert set(found) == {"full_name", "gender", "phone"}
    name = found["full_name"]
    assert (name["ours"], name["theirs"], name["suggestion"]) == (
        "Lò Thị Ún",
        "Lò Thị Uấn",
        "Lò Thị Uấn",
    )
    assert name["needs_person"] is False
    assert name["reference_record"] == 7
    assert name["message"].startswith("Họ và tên khác nguồn đối chiếu")
    assert (found["gender"]["ours"], found["gender"]["theirs"]) == ("Nữ", "Nam")


def test_spelling_that_differs_only_in_tone_style_case_or_phone_spacing_is_no_difference() -> None:
    ours = table(person(1, "Hà Thị Hòa", "038161000123", phone="0912345678"))
    theirs = table(person(1, "HÀ THỊ HOÀ", "038161000123", phone="0912 345 678"))
    assert reconcile(ours, theirs).differences.is_empty()


@pytest.mark.parametrize(
    ("ours_born", "theirs_born"),
    [
        (dt.date(1961, 3, 5), dt.date(1961, 5, 3)),
        (dt.date(1961, 3, 25), dt.date(1962, 3, 25)),
        (dt.date(1961, 3, 25), dt.date(1961, 3, 26)),
    ],
    ids=["swapped", "year", "day"],
)
def test_a_birth_date_difference_always_goes_to_a_person_without_a_suggestion(
    ours_born: dt.date, theirs_born: dt.date
) -> None:
    ours = table(person(1, "Lò Văn Ún", "038061000123", birth_date=ours_born))
    theirs = table(person(1, "Lò Văn Ún", "038061000123", birth_date=theirs_born))
    (row,) = reconcile(ours, theirs).differences.to_dicts()
    assert row["field"] == "birth_date"
    assert row["needs_person"] is True
    assert row["suggestion"] is None
    assert row["ours"] == ours_born.strftime("%d/%m/%Y")
    assert row["theirs"] == theirs_born.strftime("%d/%m/%Y")
    assert "không tự sửa" in row["message"]


def test_a_year_only_birth_date_is_less_precise_and_still_left_to_a_person() -> None:
    ours = table(
        person(1, "Lò Văn Ún", "038061000123", birth_date=dt.date(1961, 1, 1),
               birth_date__precision="year")
    )  # fmt: skip
    theirs = table(person(1, "Lò Văn Ún", "038061000123"))
    (row,) = reconcile(ours, theirs).differences.to_dicts()
    assert (row["difference"], row["ours"], row["theirs"]) == ("less_precise", "1961", "25/03/1961")
    assert row["needs_person"] is True
    assert row["suggestion"] is None


def test_a_missing_value_on_our_side_is_suggested_from_the_reference() -> None:
    ours = table(person(1, "Lò Văn Ún", "038061000123"))
    theirs = table(person(1, "Lò Văn Ún", "038061000123", hometown="xã Tam Lư, tỉnh Thanh Hóa"))
    (row,) = reconcile(ours, theirs).differences.to_dicts()
    assert (row["field"], row["difference"]) == ("hometown", "missing_ours")
    assert row["suggestion"] == "xã Tam Lư, tỉnh Thanh Hóa"


def test_admission_dates_are_fixed_by_decisions_and_need_a_person() -> None:
    ours = table(person(1, "Lò Văn Ún", "038061000123", join_date=dt.date(1990, 5, 19),
                        join_date__precision="day"))  # fmt: skip
    theirs = table(person(1, "Lò Văn Ún", "038061000123", join_date=dt.date(1990, 5, 20),
                          join_date__precision="day"))  # fmt: skip
    (row,) = reconcile(ours, theirs).differences.to_dicts()
    assert row["field"] == "join_date"
    assert row["needs_person"] is True
    assert row["suggestion"] == "20/05/1990"


def test_records_on_one_side_only_are_listed_with_the_reason() -> None:
    ours = table(
        person(1, "Lò Văn Ún", "038061000123"),
        person(2, "Hà Văn Khăm", None, birth_date=dt.date(1970, 1, 2)),
        person(3, "Vi Văn Tú", "038070000777"),
    )
    theirs = table(person(1, "Lò Văn Ún", "038061000123"), person(2, "Mùa A Dế", "038091000999"))
    result = reconcile(ours, theirs)
    assert result.only_ours.select("record", "reason").rows() == [
        (2, "no_citizen_id"),
        (3, "not_in_reference"),
    ]
    assert result.only_theirs["reference_record"].to_list() == [2]
    assert "không có trong danh sách đảng viên" in result.only_theirs["message"][0]
    assert result.only_ours.schema == pl.Schema(ONLY_OURS_SCHEMA)
    assert result.only_theirs.schema == pl.Schema(ONLY_THEIRS_SCHEMA)


def test_a_cccd_that_lost_its_leading_zero_still_matches_and_gets_its_zero_back() -> None:
    ours = table(person(1, "Lò Văn Ún", "38061000123"))
    theirs = table(person(1, "Lò Văn Ún", "038061000123"))
    result = reconcile(ours, theirs)
    (row,) = result.differences.to_dicts()
    assert (row["field"], row["ours"], row["suggestion"]) == (
        "citizen_id",
        "38061000123",
        "038061000123",
    )
    assert result.only_ours.is_empty()
    assert result.only_theirs.is_empty()


def test_a_record_without_cccd_gets_the_cccd_of_its_single_namesake_for_a_person_to_confirm() -> (
    None
):
    ours = table(person(1, "Lò Văn Ún", None))
    theirs = table(person(4, "Lò Văn Ún", "038061000123"))
    result = reconcile(ours, theirs)
    (row,) = result.differences.to_dicts()
    assert (row["field"], row["suggestion"], row["needs_person"]) == (
        "citizen_id",
        "038061000123",
        True,
    )
    assert result.only_ours.is_empty()
    assert result.only_theirs.is_empty()


def test_no_cccd_is_suggested_when_two_reference_records_fit() -> None:
    ours = table(person(1, "Lò Văn Ún", None))
    theirs = table(person(4, "Lò Văn Ún", "038061000123"), person(5, "Lò Văn Ún", "038061000456"))
    result = reconcile(ours, theirs)
    assert result.differences.is_empty()
    assert result.only_ours["reason"].to_list() == ["no_citizen_id"]
    assert result.only_theirs.height == 2


def test_fields_limit_the_comparison_and_unknown_fields_are_refused() -> None:
    ours = table(person(1, "Lò Thị Ún", "038161000123", gender="female"))
    theirs = table(person(1, "Lò Thị Uấn", "038161000123", gender="male"))
    limited = reconcile(ours, theirs, fields=["gender"]).differences
    assert limited["field"].to_list() == ["gender"]
    with pytest.raises(ValueError, match="not member fields: shoe_size"):
        reconcile(ours, theirs, fields=["shoe_size"])


def test_only_fields_the_reference_carries_are_compared_by_default() -> None:
    ours = table(person(1, "Lò Văn Ún", "038061000123", phone="0912345678", religion="Không"))
    theirs = table({"_record": 1, "citizen_id": "038061000123", "full_name": "Lò Văn Ún"})
    assert reconcile(ours, theirs).differences.is_empty()


def test_differences_are_sorted_by_record_then_field_order_and_have_the_contract_columns() -> None:
    ours = table(
        person(2, "Lò Văn Ún", "038061000123", gender="female"),
        person(1, "Hà Văn Khăm", "038070000777", phone="0911111111"),
    )
    theirs = table(
        person(1, "Lò Văn Uấn", "038061000123"),
        person(2, "Hà Văn Khăm", "038070000777", phone="0922222222"),
    )
    result = reconcile(ours, theirs).differences
    assert result.schema == pl.Schema(DIFFERENCE_SCHEMA)
    assert result.select("record", "field").rows() == [
        (1, "phone"),
        (2, "full_name"),
        (2, "gender"),
    ]
