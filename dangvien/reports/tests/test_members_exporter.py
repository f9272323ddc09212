"""The clean standardized export and the handbook export, on plain records (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from dangvien.quality.dictionary import HANDBOOK_FIELDS, MEMBER_FIELDS
from dangvien.reports.exporters.members import (
    HANDBOOK_COLUMNS,
    MEMBER_COLUMNS,
    handbook_dataset,
    handbook_selection,
    members_dataset,
)
from dangvien.reports.exporters.values import date_display, date_iso


def record(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": 7,
        "org_code": "TL01",
        "org_name": "Chi bộ bản Lốc",
        "full_name": "Lò Thị Hương",
        "gender": "female",
        "birth_date": dt.date(1958, 3, 5),
        "birth_date_precision": "day",
        "ethnicity": "Thái",
        "religion": "Không",
        "citizen_id": "038158001234",
        "phone": "0912345678",
        "status": "official",
        "join_date": dt.date(1980, 1, 1),
        "join_date_precision": "year",
        "official_date": dt.date(1981, 6, 1),
        "official_date_precision": "month",
        "card_number": "01234567",
        "permanent_address": "Bản Lốc, xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa",
        "exempt": False,
        "exit_kind": "",
        "raw": {},
    }
    base.update(values)
    return base


def row_of(data: dict[str, object]) -> dict[str, object]:
    dataset = members_dataset([data], province_hint="38")
    return next(iter(dataset.records()))


@pytest.mark.parametrize(
    ("precision", "display", "iso"),
    [
        ("day", "05/03/1958", "1958-03-05"),
        ("month", "03/1958", "1958-03"),
        ("year", "1958", "1958"),
    ],
)
def test_dates_keep_their_precision_in_both_notations(precision, display, iso):
    day = dt.date(1958, 3, 5)
    assert date_display(day, precision) == display
    assert date_iso(day, precision) == iso


def test_every_dictionary_field_has_a_column_under_its_label():
    labels = {column.key: column.label for column in MEMBER_COLUMNS}
    for spec in MEMBER_FIELDS:
        assert labels[spec.name] == spec.label


def test_a_member_reads_with_labels_codes_and_both_date_forms():
    row = row_of(record())
    assert row["id"] == 7
    assert row["full_name"] == "Lò Thị Hương"
    assert (row["gender"], row["gender_code"]) == ("Nữ", "female")
    assert (row["status"], row["status_code"]) == ("Chính thức", "official")
    assert (row["birth_date"], row["birth_date_iso"]) == ("05/03/1958", "1958-03-05")
    assert (row["join_date"], row["join_date_iso"]) == ("1980", "1980")
    assert (row["official_date"], row["official_date_iso"]) == ("06/1981", "1981-06")
    assert (row["org"], row["org_code"]) == ("Chi bộ bản Lốc", "TL01")
    assert row["citizen_id"] == "038158001234"
    assert row["exempt"] is False


def test_catalog_fields_carry_their_catalog_codes():
    row = row_of(record(ethnicity="Thái", religion="Phật giáo"))
    assert row["ethnicity_code"] == "03"
    assert row["religion_code"] == "01"
    assert row_of(record(ethnicity="Người sao Hỏa"))["ethnicity_code"] is None


def test_addresses_carry_the_commune_and_province_codes_after_the_2025_reform():
    row = row_of(record())
    assert row["permanent_address_commune_2025"] == "15019"
    assert row["permanent_address_province_2025"] == "38"
    assert row["permanent_address_unit_2025"].startswith("Xã Tam Lư, Tỉnh Thanh Ho")
    empty = row_of(record(permanent_address=""))
    assert empty["permanent_address"] is None
    assert empty["permanent_address_commune_2025"] is None


def test_a_value_that_could_not_be_read_is_exported_as_typed_without_codes():
    row = row_of(
        record(official_date=None, official_date_precision="", raw={"official_date": "32/01/2003"})
    )
    assert row["official_date"] == "32/01/2003"
    assert row["official_date_iso"] is None
    unknown = row_of(record(gender="", raw={"gender": "N/A"}))
    assert (unknown["gender"], unknown["gender_code"]) == ("N/A", None)


# -- handbook -------------------------------------------------------------------------------------


def test_the_handbook_export_has_exactly_the_nine_summary_fields():
    keys = [column.key for column in HANDBOOK_COLUMNS]
    assert len(keys) == 9
    assert set(keys) == set(HANDBOOK_FIELDS)
    assert keys == [
        "full_name",
        "birth_date",
        "gender",
        "join_date",
        "official_date",
        "card_number",
        "org",
        "citizen_id",
        "phone",
    ]


def test_exempt_and_exited_members_never_reach_the_handbook():
    records = [
        record(id=1),
        record(id=2, exempt=True),
        record(id=3, exit_kind="deceased"),
        record(id=4, exit_kind="transferred_out", exempt=True),
    ]
    selection = handbook_selection(records, open_error_ids=set(), include_errors=False)
    assert [r["id"] for r in selection.included] == [1]
    assert (selection.exempt, selection.exited) == (1, 2)


def test_members_with_open_errors_are_refused_unless_the_user_confirms():
    records = [record(id=1), record(id=2, full_name="Hà Văn Lỗi")]
    refused = handbook_selection(records, open_error_ids={2}, include_errors=False)
    assert [r["id"] for r in refused.included] == [1]
    assert [r["id"] for r in refused.refused] == [2]
    confirmed = handbook_selection(records, open_error_ids={2}, include_errors=True)
    assert [r["id"] for r in confirmed.included] == [1, 2]
    assert confirmed.refused == ()
    assert [r["id"] for r in confirmed.with_errors] == [2]


def test_a_handbook_row_is_what_the_summary_card_shows():
    selection = handbook_selection([record()], open_error_ids=set(), include_errors=False)
    rows = list(handbook_dataset(selection).records())
    assert rows == [
        {
            "full_name": "Lò Thị Hương",
            "birth_date": "05/03/1958",
            "gender": "Nữ",
            "join_date": "1980",
            "official_date": "06/1981",
            "card_number": "01234567",
            "org": "Chi bộ bản Lốc",
            "citizen_id": "038158001234",
            "phone": "0912345678",
        }
    ]
