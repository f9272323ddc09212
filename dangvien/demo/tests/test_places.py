from dangvien.demo.places import (
    OLD_SON_HA,
    OLD_SON_LU,
    OLD_TAM_LU,
    VILLAGES,
    lower_unit,
    village_address,
    village_old_address,
    ward_of_code,
    wards,
)
from dangvien.vn.identity import CCCD_PROVINCES


def test_new_tam_lu_was_formed_from_tam_lu_son_ha_and_part_of_son_lu() -> None:
    assert ward_of_code(OLD_TAM_LU).new_form == "xã Tam Lư, tỉnh Thanh Hóa"
    assert ward_of_code(OLD_SON_HA).old_form == "xã Sơn Hà, huyện Quan Sơn, tỉnh Thanh Hóa"
    assert ward_of_code(OLD_SON_HA).new_form == "xã Tam Lư, tỉnh Thanh Hóa"
    son_lu = ward_of_code(OLD_SON_LU)
    assert son_lu.split
    assert son_lu.old_form == "thị trấn Sơn Lư, huyện Quan Sơn, tỉnh Thanh Hóa"


def test_village_addresses_have_a_post_2025_and_a_pre_2025_form() -> None:
    village = VILLAGES[0]
    assert village_address(village) == "Bản Lốc, xã Tam Lư, tỉnh Thanh Hóa"
    assert village_old_address(village) == "Bản Lốc, xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa"


def test_unit_words_are_written_in_lower_case_inside_an_address() -> None:
    assert lower_unit("Thành phố Thanh Hóa") == "thành phố Thanh Hóa"
    assert lower_unit("Thị trấn Sơn Lư") == "thị trấn Sơn Lư"
    assert lower_unit("Bản Lốc") == "Bản Lốc"


def test_every_origin_province_has_a_cccd_code_and_every_group_has_places() -> None:
    table = wards()
    for ward in table.wards:
        assert "0" + ward.province_code in CCCD_PROVINCES
        assert len(ward.old_form.split(", ")) == 3
        assert len(ward.new_form.split(", ")) == 2
    for group, members in table.groups.items():
        assert len(members) > 0, group
        assert len(members) == len(table.group_weights[group])
