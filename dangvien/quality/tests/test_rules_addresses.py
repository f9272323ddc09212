import pytest

from dangvien.quality.tests.rule_cases import fires, member, one

OLD = "Bản Lốc, xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa"
SPLIT = "Khu phố Bút, thị trấn Sơn Lư, huyện Quan Sơn, tỉnh Thanh Hóa"


@pytest.mark.parametrize("field", ["permanent_address", "current_address"])
def test_a_pre_2025_residence_gets_the_current_unit(field: str) -> None:
    found = one("A01", member(**{field: OLD}))
    assert found["field"] == field
    assert found["suggestion"] == "Bản Lốc, xã Tam Lư, tỉnh Thanh Hóa"
    assert not fires("A02", member(**{field: OLD}))


def test_a_split_commune_is_left_to_a_person_with_the_candidates() -> None:
    found = one("A02", member(permanent_address=SPLIT))
    assert found["suggestion"] is None
    assert "Xã Tam Lư" in found["message"]
    assert "Xã Quan Sơn" in found["message"]


def test_an_address_without_any_unit_is_information() -> None:
    assert one("A03", member(current_address="gần chợ"))["severity"] == "info"


def test_birth_place_and_hometown_keep_their_old_names() -> None:
    record = member(birth_place=OLD, hometown=OLD)
    assert not any(fires(code, record) for code in ("A01", "A02", "A03"))


@pytest.mark.parametrize("code", ["A01", "A02", "A03"])
def test_a_current_address_raises_nothing(code: str) -> None:
    assert not fires(code, member())
