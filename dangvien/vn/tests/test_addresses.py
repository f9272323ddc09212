"""Free-text addresses, pre-2025 and 2025 forms, scoped by province."""

from __future__ import annotations

import pytest

from dangvien.vn.addresses import resolve_address, resolve_addresses

TAM_LU_OLD = "15019"


@pytest.mark.parametrize(
    "text",
    [
        "xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa",
        "X. Tam Lư - H. Quan Sơn - T. Thanh Hoá",
        "Thôn 3, xã Tam Lư, Quan Sơn, Thanh Hóa",
        "xã Tam Lư huyện Quan Sơn tỉnh Thanh Hóa",
        "xa Tam Lu huyen Quan Son tinh Thanh Hoa",
        "x· Tam L­, huyÖn Quan S¬n, tØnh Thanh Ho¸",
    ],
)
def test_pre_2025_three_level_forms_resolve_to_the_old_ward_and_its_successor(text: str) -> None:
    result = resolve_address(text)
    assert result.era == "pre2025"
    assert (result.province_code, result.district_code, result.ward_code) == (
        "38",
        "387",
        TAM_LU_OLD,
    )
    assert result.proposed is not None
    assert result.proposed.name == "Tam Lư"
    assert result.proposed_province is not None
    assert result.proposed_province.code == "38"
    assert not result.needs_choice


def test_two_level_form_resolves_to_the_current_commune() -> None:
    result = resolve_address("xã Tam Lư, tỉnh Thanh Hoá")
    assert (result.era, result.commune_code, result.province_code) == ("2025", "15019", "38")
    assert result.resolved


def test_the_house_and_village_part_is_kept_as_written() -> None:
    result = resolve_address("Số 5 đường Lê Lợi, Phường 4, Quận 5, Thành phố Hồ Chí Minh")
    assert result.detail == "Số 5 đường Lê Lợi"
    assert result.ward_code == "27301"
    assert result.proposed is not None
    assert result.proposed.name == "Chợ Quán"


def test_a_split_commune_needs_a_persons_choice() -> None:
    result = resolve_address("xã Hải Lạng, huyện Tiên Yên, tỉnh Quảng Ninh")
    assert result.needs_choice
    assert result.proposed is None
    assert len(result.candidates) == 3
    assert any("chọn" in note for note in result.notes)


def test_names_repeating_nationally_are_scoped_by_province() -> None:
    nationwide = resolve_address("xã Quan Sơn")
    assert nationwide.needs_choice
    assert len(nationwide.candidates) == 2
    scoped = resolve_address("xã Quan Sơn", province_hint="38")
    assert scoped.commune_code == "15016"
    assert not scoped.needs_choice


def test_a_district_alone_lists_the_new_communes_to_choose_from() -> None:
    result = resolve_address("huyện Quan Sơn, Thanh Hóa")
    assert result.era == "pre2025"
    assert result.needs_choice
    assert result.proposed is None
    assert len(result.candidates) > 1


def test_an_abolished_province_alone_is_pre_2025() -> None:
    result = resolve_address("Hà Giang")
    assert (result.era, result.province_code, result.proposed_province.code) == (  # type: ignore[union-attr]
        "pre2025",
        "02",
        "08",
    )


def test_dashed_names_survive_dash_separators() -> None:
    assert resolve_address("Phường Văn Miếu - Quốc Tử Giám, Hà Nội").commune_code == "00226"
    assert resolve_address("xã Long Sơn, TP Vũng Tàu, tỉnh Bà Rịa - Vũng Tàu").ward_code == "26545"


def test_accent_free_matches_cost_confidence() -> None:
    exact = resolve_address("xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa")
    loose = resolve_address("xa Tam Lu huyen Quan Son tinh Thanh Hoa")
    assert loose.confidence < exact.confidence


def test_nonsense_resolves_to_nothing() -> None:
    result = resolve_address("abc xyz")
    assert result.era is None
    assert result.proposed is None
    assert result.confidence == 0


def test_batch_form() -> None:
    texts = ["xã Tam Lư, tỉnh Thanh Hoá", "Hà Giang"]
    assert resolve_addresses(texts) == [resolve_address(text) for text in texts]
