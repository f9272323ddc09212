"""CCCD / số định danh cá nhân and the old CMND."""

from __future__ import annotations

import pytest

from dangvien.vn.identity import (
    CCCD_PROVINCES,
    check_cccd_against,
    classify_id,
    parse_cccd,
    suggest_leading_zero,
)


def test_there_are_63_province_codes_with_known_gaps() -> None:
    assert len(CCCD_PROVINCES) == 63
    assert CCCD_PROVINCES["001"] == "Hà Nội"
    assert CCCD_PROVINCES["079"] == "Hồ Chí Minh"
    assert "003" not in CCCD_PROVINCES


def test_a_valid_number_is_parsed_into_its_parts() -> None:
    result = parse_cccd("038 090 012345")
    assert result.valid
    assert result.kind == "cccd"
    assert (result.digits, result.province_code, result.province_name) == (
        "038090012345",
        "038",
        "Thanh Hóa",
    )
    assert (result.gender, result.century, result.birth_year_digits) == ("male", 20, "90")
    assert result.birth_years() == (1990,)
    assert result.problems == ()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("03809001234X", "not-digits"),
        ("0380900123", "wrong-length"),
        ("003090012345", "unknown-province"),
        ("038990012345", "impossible-century"),
        ("3.80901E+11", "excel-scientific"),
        ("38090012345", "leading-zero-lost"),
        ("123456789", "legacy-cmnd9"),
    ],
)
def test_each_problem_has_its_code(raw: str, code: str) -> None:
    result = parse_cccd(raw)
    assert code in [problem.code for problem in result.problems]
    assert all(problem.message for problem in result.problems)


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [
        ("38090012345", "038090012345"),
        (38090012345, "038090012345"),
        (38090012345.0, "038090012345"),
        ("1090012345", "001090012345"),  # Hà Nội lost two zeros
        ("99090012345", None),  # 099 is not a province
        ("038090012345", None),
    ],
)
def test_lost_leading_zeros_get_a_suggestion_only_when_it_is_well_formed(
    raw: str | int | float, suggestion: str | None
) -> None:
    assert suggest_leading_zero(raw) == suggestion


def test_each_disagreement_with_the_record_is_reported_separately() -> None:
    result = parse_cccd("038190012345")  # female, born 1990
    codes = [p.code for p in check_cccd_against(result, gender="nam", birth_year=2091)]
    assert codes == ["gender-mismatch", "century-mismatch", "birth-year-mismatch"]
    assert check_cccd_against(result, gender="nữ", birth_year=1990) == []
    assert [p.code for p in check_cccd_against(result, gender=None, birth_year=1991)] == [
        "birth-year-mismatch"
    ]
    assert all(
        p.severity == "warning" for p in check_cccd_against(result, gender="nam", birth_year=None)
    )


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("038090012345", "cccd"),
        ("123456789", "cmnd9"),
        ("003090012345", "invalid"),
        ("12345", "invalid"),
        ("abc", "invalid"),
    ],
)
def test_identity_numbers_are_classified(raw: str, kind: str) -> None:
    assert classify_id(raw) == kind


def test_a_12_digit_cmnd_is_only_named_so_when_the_document_says_so() -> None:
    assert classify_id("038090012345", document="CMND") == "cmnd12"
