"""Clean records really are clean: every rule of the contract, checked independently."""

import re
from collections import Counter

import polars as pl
import pytest

from dangvien.demo import DemoCommune
from dangvien.demo.tests.clean_rules import violations


def clean_rows(commune: DemoCommune) -> list[dict[str, str | None]]:
    flagged = set(commune.truth["record"].drop_nulls().to_list())
    return [row for row in commune.members.iter_rows(named=True) if row["record"] not in flagged]


@pytest.mark.parametrize("which", ["commune", "large_commune", "clean_commune"])
def test_every_record_outside_the_truth_obeys_every_clean_record_rule(
    which: str, request: pytest.FixtureRequest
) -> None:
    commune: DemoCommune = request.getfixturevalue(which)
    broken = {}
    for row in clean_rows(commune):
        found = violations(row, commune.commune.as_of)
        if found:
            broken[row["record"]] = found
    assert broken == {}


@pytest.mark.parametrize("field", ["citizen_id", "card_number", "dossier_number", "phone"])
def test_identifiers_of_clean_records_are_unique(field: str, large_commune: DemoCommune) -> None:
    values = [row[field] for row in clean_rows(large_commune) if row[field] is not None]
    assert len(values) == len(set(values))


def test_identifiers_keep_their_leading_zeros_as_text(commune: DemoCommune) -> None:
    cccd = commune.members["citizen_id"].drop_nulls()
    assert (cccd.str.starts_with("0")).mean() > 0.95  # type: ignore[operator]
    assert commune.members["phone"].drop_nulls().str.starts_with("0").mean() > 0.95  # type: ignore[operator]


def test_clean_cells_have_at_least_three_official_members_and_a_secretary(
    large_commune: DemoCommune,
) -> None:
    org_defects = large_commune.truth.filter(pl.col("record").is_null())
    under_three = set(org_defects.filter(pl.col("defect") == "org_under_3_official")["org"])
    no_secretary = set(org_defects.filter(pl.col("defect") == "org_no_secretary")["org"])
    members = large_commune.members
    counted = members.filter((pl.col("status") == "Chính thức") & pl.col("exit_kind").is_null())
    officials = Counter(counted["org"].to_list())
    for org in large_commune.orgs.filter(pl.col("kind") != "commune_committee").iter_rows(
        named=True
    ):
        if org["code"] not in under_three:
            assert officials[org["name"]] >= 3, org
        if org["code"] in no_secretary:
            assert org["secretary_record"] is None
            in_cell = members.filter(pl.col("org") == org["name"])
            assert "Bí thư" not in in_cell["party_position"].to_list()
        else:
            secretary = members.filter(pl.col("record") == org["secretary_record"]).row(
                0, named=True
            )
            assert secretary["org"] == org["name"]
            assert secretary["party_position"] == "Bí thư"
            assert secretary["status"] == "Chính thức"


def test_cells_with_nine_official_members_have_a_cell_committee(commune: DemoCommune) -> None:
    members = commune.members
    for name in commune.orgs.filter(pl.col("kind") != "commune_committee")["name"]:
        cell = members.filter(pl.col("org") == name)
        if (cell["status"] == "Chính thức").sum() >= 9:
            positions = set(cell["party_position"].to_list())
            assert positions & {"Phó Bí thư", "Chi ủy viên"}, name


def test_workplace_cells_stay_below_thirty_members(large_commune: DemoCommune) -> None:
    sizes = Counter(large_commune.members["org"].to_list())
    for org in large_commune.orgs.filter(pl.col("kind") == "base_cell").iter_rows(named=True):
        assert sizes[org["name"]] < 30


def test_the_ethnic_mix_is_that_of_a_mountain_commune_of_quan_son(
    large_commune: DemoCommune,
) -> None:
    shares = large_commune.members["ethnicity"].value_counts(normalize=True)
    share = dict(zip(shares["ethnicity"], shares["proportion"], strict=True))
    assert share["Thái"] > 0.45
    assert share["Thái"] > share["Mường"] > share["Mông"]
    assert share["Kinh"] > 0.1
    assert share["Mông"] > 0.02


def test_some_members_have_no_phone_and_women_are_a_realistic_share(
    large_commune: DemoCommune,
) -> None:
    members = large_commune.members
    without_phone = members["phone"].null_count() / members.height
    assert 0.02 < without_phone < 0.2
    women = (members["gender"] == "Nữ").mean()
    assert 0.3 < women < 0.5  # type: ignore[operator]


def test_birth_places_mix_old_three_level_and_new_two_level_forms_and_other_provinces(
    large_commune: DemoCommune,
) -> None:
    places = large_commune.members["birth_place"].drop_nulls()
    three_level = places.str.contains("huyện |thị xã |thành phố .*, tỉnh").mean()
    assert 0.6 < three_level < 0.9  # type: ignore[operator]
    assert places.str.contains("tỉnh Nghệ An").any()
    hometowns = large_commune.members["hometown"].drop_nulls()
    assert not hometowns.str.ends_with("tỉnh Thanh Hóa").all()


def test_a_few_very_old_records_give_only_the_birth_year(large_commune: DemoCommune) -> None:
    births = large_commune.members["birth_date"].drop_nulls()
    year_only = births.filter(births.str.contains(r"^\d{4}$"))
    assert 0 < year_only.len() < births.len() * 0.02
    assert all(int(year) <= 1940 for year in year_only)


def test_probationers_are_a_small_share_and_exempt_members_are_mostly_elderly(
    large_commune: DemoCommune,
) -> None:
    members = large_commune.members
    assert 0.02 < (members["status"] == "Dự bị").mean() < 0.08  # type: ignore[operator]
    exempt = members.filter(pl.col("exempt") == "x")
    born = exempt["birth_date"].drop_nulls().str.extract(r"(\d{4})$").cast(pl.Int64)
    assert (born <= 1965).mean() > 0.9  # type: ignore[operator]


def test_dossier_numbers_carry_the_thanh_hoa_letters(commune: DemoCommune) -> None:
    assert all(re.fullmatch(r"\d{6}TH", value) for value in commune.members["dossier_number"])
