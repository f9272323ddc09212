"""Dates in every realistic written form."""

from __future__ import annotations

import datetime as dt

import pytest

from dangvien.vn.dates import excel_serial_to_date, parse_date

TODAY = dt.date(2026, 11, 22)
D = dt.date


@pytest.mark.parametrize(
    ("raw", "value", "precision", "ambiguous"),
    [
        (25569, D(1970, 1, 1), "day", False),
        (25569.75, D(1970, 1, 1), "day", False),
        ("25569", D(1970, 1, 1), "day", False),
        ("13/05/1980", D(1980, 5, 13), "day", False),
        ("05/03/1970", D(1970, 3, 5), "day", True),
        ("5-3-70", D(1970, 3, 5), "day", True),
        ("1970-03-05", D(1970, 3, 5), "day", False),
        ("1970-03-05 00:00:00", D(1970, 3, 5), "day", False),
        ("ngày 5 tháng 3 năm 1970", D(1970, 3, 5), "day", False),
        ("Ngày 05 tháng 03 năm 1970", D(1970, 3, 5), "day", False),
        ("ngµy 5 th¸ng 3 n¨m 1970", D(1970, 3, 5), "day", False),
        ("tháng 3/1970", D(1970, 3, 1), "month", False),
        ("03/1970", D(1970, 3, 1), "month", False),
        ("00/03/1970", D(1970, 3, 1), "month", False),
        ("00/00/1970", D(1970, 1, 1), "year", False),
        ("1970", D(1970, 1, 1), "year", False),
        (1970, D(1970, 1, 1), "year", False),
        ("năm 1970", D(1970, 1, 1), "year", False),
        ("05031970", D(1970, 3, 5), "day", False),
        ("19700305", D(1970, 3, 5), "day", False),
        ("05-Mar-1970", D(1970, 3, 5), "day", False),
        (D(1970, 3, 5), D(1970, 3, 5), "day", False),
        (dt.datetime(1970, 3, 5, 8, 0), D(1970, 3, 5), "day", False),
    ],
)
def test_realistic_forms_parse(
    raw: str | int | float | dt.date, value: dt.date, precision: str, ambiguous: bool
) -> None:
    result = parse_date(raw, today=TODAY)
    assert (result.value, result.precision, result.ambiguous, result.impossible) == (
        value,
        precision,
        ambiguous,
        False,
    )


@pytest.mark.parametrize("raw", ["31/02/1980", "15/13/1980", "29/02/1981", "0/0/0"])
def test_impossible_dates_are_flagged_not_guessed(raw: str) -> None:
    result = parse_date(raw, today=TODAY)
    assert result.value is None
    assert result.impossible or result.source == "unparsed"


def test_month_13_in_the_middle_means_the_sheet_was_month_first() -> None:
    result = parse_date("05/13/1980", today=TODAY)
    assert (result.value, result.order, result.ambiguous) == (D(1980, 5, 13), "mdy", False)
    assert result.notes


def test_two_digit_years_pivot_on_today() -> None:
    assert parse_date("1/2/26", today=TODAY).value == D(2026, 2, 1)
    assert parse_date("1/2/27", today=TODAY).value == D(1927, 2, 1)


def test_unreadable_and_empty_values_are_reported() -> None:
    assert parse_date("abc").source == "unparsed"
    assert parse_date("").source == "empty"
    assert parse_date(None).value is None


def test_excel_serials_skip_the_fictitious_1900_leap_day() -> None:
    assert excel_serial_to_date(59) == D(1900, 2, 28)
    assert excel_serial_to_date(60) is None
    assert excel_serial_to_date(61) == D(1900, 3, 1)
