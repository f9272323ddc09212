import polars as pl
import pytest

from dangvien.demo import DemoCommune
from dangvien.demo.orgs import TEMPLATES, cell_count, per_class_count, plan_orgs
from dangvien.demo.rand import stream

GLOSSARY_KINDS = {
    "commune_committee", "base_committee", "base_cell", "sub_cell", "section_committee", "group",
}  # fmt: skip
AREAS = {"residential", "agency", "school", "enterprise", "armed_forces", "health", "other"}


def test_the_commune_has_one_committee_over_24_cells(commune: DemoCommune) -> None:
    orgs = commune.orgs
    root = orgs.filter(pl.col("parent_code").is_null())
    assert root.rows() == [("TL", "Đảng bộ xã Tam Lư", "commune_committee", None, "other", True,
                            root["secretary_record"][0])]  # fmt: skip
    cells = orgs.filter(pl.col("parent_code") == "TL")
    assert cells["code"].to_list() == [f"TL{i:02d}" for i in range(1, 25)]
    assert set(orgs["kind"]) <= GLOSSARY_KINDS
    assert set(orgs["area"]) <= AREAS
    assert orgs["active"].all()


def test_cells_are_villages_agencies_schools_police_military_and_health(
    commune: DemoCommune,
) -> None:
    names = set(commune.orgs["name"])
    assert {"Chi bộ bản Lốc", "Chi bộ Trường Tiểu học Tam Lư", "Chi bộ Công an xã"} <= names
    areas = commune.orgs.group_by("area").len()
    counted = dict(zip(areas["area"], areas["len"], strict=True))
    assert counted["residential"] == 15
    assert counted["school"] == 3
    assert {"agency", "armed_forces", "health", "enterprise"} <= set(counted)


def test_residential_cells_hang_under_the_commune_and_workplaces_are_base_cells(
    commune: DemoCommune,
) -> None:
    for row in commune.orgs.filter(pl.col("parent_code").is_not_null()).iter_rows(named=True):
        assert row["kind"] == ("sub_cell" if row["area"] == "residential" else "base_cell")


def test_a_large_commune_scales_to_about_45_members_per_cell_with_unique_codes_and_names() -> None:
    plan = plan_orgs(100_000, 0.08, stream(1, "orgs"))
    assert plan.count == cell_count(100_000) == 2222
    assert len(set(plan.codes)) == len(set(plan.names)) == plan.count
    assert int(plan.sizes.sum()) == 100_000
    assert 40 <= plan.sizes.mean() <= 50
    assert plan.codes[0] == "TL0001"


@pytest.mark.parametrize("members", [10, 40, 200, 359, 360, 1100, 1620, 1621, 5000])
def test_every_plan_places_every_member_in_a_cell(members: int) -> None:
    plan = plan_orgs(members, 0.08, stream(2, "orgs"))
    assert int(plan.sizes.sum()) == members
    assert (plan.sizes > 0).all()
    clean = ~plan.under_three
    assert (plan.sizes[clean] >= min(5, members)).all()


def test_organization_defects_are_planted_only_when_asked() -> None:
    assert per_class_count(24, 0.0) == 0
    assert per_class_count(24, 0.08) == 1
    plan = plan_orgs(1100, 0.0, stream(3, "orgs"))
    assert not plan.under_three.any()
    assert not plan.no_secretary.any()
    plan = plan_orgs(5000, 0.08, stream(3, "orgs"))
    assert plan.under_three.sum() == plan.no_secretary.sum() == per_class_count(plan.count, 0.08)
    assert not (plan.under_three & plan.no_secretary).any()
    assert (plan.sizes[plan.under_three] <= 3).all()


def test_templates_cover_the_24_cells_of_the_plan() -> None:
    assert len(TEMPLATES) == 24
    assert len({t.name for t in TEMPLATES}) == 24
    for template in TEMPLATES:
        assert abs(sum(template.ethnic_mix) - 1) < 1e-9
