"""Vendored unit catalogs: counts, codes, succession, catalog versions."""

from __future__ import annotations

from importlib import resources

import pytest

from dangvien.vn import units
from dangvien.vn.catalogs import CATALOGS
from dangvien.vn.identity import CCCD_PROVINCE_TO_2025, CCCD_PROVINCES
from dangvien.vn.tones import compare_key


def test_catalog_sizes_match_the_reorganisation() -> None:
    assert len(units.provinces_2025()) == 34
    assert len(units.communes_2025()) == 3321
    assert len(units.provinces_pre2025()) == 63
    assert len(units.districts_pre2025()) == 696
    assert len(units.wards_pre2025()) == 10035 + 12
    types = {commune.unit_type for commune in units.communes_2025().values()}
    assert types == {"Xã", "Phường", "Đặc khu"}


def test_official_codes_replace_the_two_dataset_codes_that_disagree() -> None:
    communes = units.communes_2025()
    assert communes["06970"].name == "Ba Chẽ"
    assert communes["23737"].name == "Ia Mơ"
    assert "06978" not in communes


def test_every_successor_is_a_current_commune_in_the_successor_province_but_one() -> None:
    communes = units.communes_2025()
    crossing = []
    for code, ward in units.wards_pre2025().items():
        found = units.successors(code)
        assert found, code
        for successor in found:
            assert successor.new_code in communes
            if communes[successor.new_code].province_code != units.province_successor(
                ward.province_code
            ):
                crossing.append((code, successor.new_code))
    # A known anomaly of the mapping data (old An Giang → new Đồng Tháp), kept visible here.
    assert crossing == [("30622", "30259")]


def test_a_split_ward_has_several_partial_successors() -> None:
    found = units.successors("06886")  # Xã Hải Lạng, Tiên Yên, Quảng Ninh
    assert len(found) == 3
    assert all(successor.partial for successor in found)


def test_island_districts_map_to_special_zones() -> None:
    assert [s.new_code for s in units.successors_of_district("755")] == ["26732"]  # Côn Đảo


def test_cccd_codes_are_the_old_province_codes() -> None:
    for prefix, name in CCCD_PROVINCES.items():
        old = units.provinces_pre2025()[prefix[1:]]
        assert compare_key(name) in compare_key(old.full_name) or prefix == "046"  # Huế renamed
        assert CCCD_PROVINCE_TO_2025[prefix] == units.province_successor(prefix[1:])


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda catalog: catalog.key)
def test_every_catalog_names_its_source_version_and_existing_files(catalog: object) -> None:
    assert catalog.source
    assert catalog.version
    assert catalog.licence
    data = resources.files("dangvien.vn").joinpath("data")
    for path in catalog.files:  # type: ignore[attr-defined]
        assert data.joinpath(path).is_file(), path
        source_md = data.joinpath(path.split("/")[0], "SOURCE.md")
        assert source_md.is_file()
