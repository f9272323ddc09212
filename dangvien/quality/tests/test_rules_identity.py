import datetime as dt

import pytest

from dangvien.quality.tests.rule_cases import findings, fires, member, one


@pytest.mark.parametrize(
    ("citizen_id", "code"),
    [
        ("03808001234", "I01"),  # 11 digits that do not pad to a valid number
        ("038080O12345", "I01"),  # a letter O typed for a zero
        ("003080012345", "I01"),  # province 003 does not exist
        ("038980012345", "I01"),  # century digit 9: born after 2300
        ("38080012345", "I02"),  # Excel dropped the leading zero
        ("123456789", "I03"),  # an old 9-digit CMND
        ("038 080 012 345", "I07"),
    ],
)
def test_malformed_citizen_ids_each_get_their_own_rule(citizen_id: str, code: str) -> None:
    assert fires(code, member(citizen_id=citizen_id))
    others = {"I01", "I02", "I03", "I07"} - {code}
    assert not any(fires(other, member(citizen_id=citizen_id)) for other in others)


@pytest.mark.parametrize("code", ["I01", "I02", "I03", "I04", "I05", "I06", "I07"])
def test_a_well_formed_citizen_id_raises_nothing(code: str) -> None:
    assert not fires(code, member())


def test_a_lost_leading_zero_is_restored_as_a_suggestion() -> None:
    found = one("I02", member(citizen_id="38080012345"))
    assert found["suggestion"] == "038080012345"
    assert found["severity"] == "error"


def test_the_gender_digit_must_agree_with_the_record() -> None:
    assert fires("I04", member(gender="female"))  # digit 0 = male born 1900–1999
    assert not fires("I04", member(gender="female", citizen_id="038180012345"))


@pytest.mark.parametrize(
    ("birth", "mismatch"),
    [
        (dt.date(1980, 3, 5), False),
        (dt.date(1981, 3, 5), True),  # year digits 80 ≠ 81
        (dt.date(2080, 3, 5), True),  # right digits, wrong century
    ],
)
def test_the_year_digits_must_agree_with_the_birth_year(birth: dt.date, mismatch: bool) -> None:
    assert fires("I05", member(birth_date=birth)) is mismatch


def test_birth_year_mismatch_never_suggests_a_birth_date() -> None:
    found = one("I05", member(birth_date=dt.date(1981, 3, 5)))
    assert found["suggestion"] is None
    assert "13-TB/TW" in found["message"]


def test_a_citizen_id_shared_by_two_records_points_at_the_other_row() -> None:
    found = findings(
        member(),
        member(full_name="Lò Thị Ún", citizen_id="38080012345"),  # same number, zero lost
        member(citizen_id="038080099999"),
        rules=("I06",),
    )
    assert found["record"].to_list() == [1, 2]
    assert found["related_rows"].to_list() == [[3], [2]]
    assert found["severity"].unique().to_list() == ["error"]


@pytest.mark.parametrize(
    ("card", "bad"),
    [
        ("12345678", False),
        ("1234567", True),
        ("123456789", True),
        ("1234 5678", True),
        ("AB345678", True),
    ],
)
def test_card_numbers_have_eight_digits(card: str, bad: bool) -> None:
    assert fires("I09", member(card_number=card)) is bad


def test_a_card_number_typed_with_spaces_gets_the_digits() -> None:
    assert one("I09", member(card_number="1234 5678"))["suggestion"] == "12345678"
    assert one("I09", member(card_number="1234567"))["suggestion"] is None


def test_card_and_dossier_numbers_are_unique() -> None:
    records = (member(), member(citizen_id="038080099999"))
    assert findings(*records, rules=("I10",)).height == 2
    assert findings(*records, rules=("I13",)).height == 2
    distinct = (member(), member(card_number="87654321", dossier_number="654321TH"))
    assert findings(*distinct, rules=("I10", "I13")).height == 0


def test_a_probationer_has_no_card() -> None:
    probationer = member(status="probationary", join_date=dt.date(2025, 6, 1), official_date=None)
    assert fires("I11", probationer)
    assert not fires("I11", member(status="probationary", card_number=None))
    assert not fires("I11", member())


@pytest.mark.parametrize(
    ("dossier", "bad"),
    [
        ("123456TH", False),
        ("123456HNA", False),
        ("12345TH", True),
        ("123456", True),
        ("123456th", False),
    ],
)
def test_dossier_numbers_are_six_digits_and_a_province_symbol(dossier: str, bad: bool) -> None:
    assert fires("I12", member(dossier_number=dossier)) is bad


@pytest.mark.parametrize(
    ("legacy", "bad"), [("172345678", False), ("17234567", True), ("172.345.678", False)]
)
def test_old_cmnd_numbers_have_nine_or_twelve_digits(legacy: str, bad: bool) -> None:
    assert fires("I08", member(legacy_id=legacy)) is bad
