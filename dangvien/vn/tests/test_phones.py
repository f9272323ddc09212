"""Phone numbers: forms, Excel-eaten zeros, the 2018 change, carriers."""

from __future__ import annotations

import pytest

from dangvien.vn.phones import MOBILE_PREFIXES, OLD_TO_NEW_PREFIX, normalize_phone


def test_prefix_tables_hold_the_2018_change_and_current_prefixes() -> None:
    assert len(OLD_TO_NEW_PREFIX) == 21
    assert OLD_TO_NEW_PREFIX["0168"] == "038"
    assert MOBILE_PREFIXES["038"] == "Viettel"
    assert set(OLD_TO_NEW_PREFIX.values()) <= set(MOBILE_PREFIXES)


@pytest.mark.parametrize(
    ("raw", "normalized", "kind", "carrier", "converted"),
    [
        ("0912 345 678", "0912345678", "mobile", "VinaPhone", False),
        ("+84 912.345.678", "0912345678", "mobile", "VinaPhone", False),
        ("84912345678", "0912345678", "mobile", "VinaPhone", False),
        ("(+84) 98-765-4321", "0987654321", "mobile", "Viettel", False),
        ("912345678", "0912345678", "mobile", "VinaPhone", False),
        (912345678, "0912345678", "mobile", "VinaPhone", False),
        ("01688123456", "0388123456", "mobile", "Viettel", True),
        ("1688123456", "0388123456", "mobile", "Viettel", True),
        ("+841688123456", "0388123456", "mobile", "Viettel", True),
        ("024 3825 1234", "02438251234", "landline", None, False),
        ("0601234567", None, "invalid", None, False),
        ("12345", None, "invalid", None, False),
        ("", None, "invalid", None, False),
    ],
)
def test_phones_are_normalized_and_classified(
    raw: str | int, normalized: str | None, kind: str, carrier: str | None, converted: bool
) -> None:
    result = normalize_phone(raw)
    assert (result.normalized, result.kind, result.carrier, result.converted_from_11_digits) == (
        normalized,
        kind,
        carrier,
        converted,
    )


def test_a_cell_with_two_numbers_keeps_the_first_and_lists_the_other() -> None:
    result = normalize_phone("0912345678 - 0987654321")
    assert result.normalized == "0912345678"
    assert result.others == ("0987654321",)
    assert "multiple-numbers" in [problem.code for problem in result.problems]


def test_international_form_is_available() -> None:
    assert normalize_phone("0912345678").e164 == "+84912345678"
