import datetime as dt

import polars as pl
import pytest

from dangvien.demo import MEMBER_COLUMNS, DemoCommune, generate
from dangvien.demo.model import CAMPAIGN_FIELDS


def test_the_default_commune_is_tam_lu_with_24_cells_and_about_1100_members(
    commune: DemoCommune,
) -> None:
    info = commune.commune
    assert info.name == "Đảng bộ xã Tam Lư"
    assert (info.province, info.province_code, info.unit_code) == ("Thanh Hóa", "38", "15019")
    assert info.code == "TL"
    assert commune.orgs.height == 25
    assert 1100 <= commune.members.height <= 1120


def test_member_columns_are_record_then_canonical_text_fields_with_campaign_columns_last(
    commune: DemoCommune,
) -> None:
    assert tuple(commune.members.columns) == MEMBER_COLUMNS
    assert commune.members.schema["record"] == pl.Int64
    assert all(
        dtype == pl.String for name, dtype in commune.members.schema.items() if name != "record"
    )
    assert tuple(commune.members.columns[-len(CAMPAIGN_FIELDS) :]) == CAMPAIGN_FIELDS


def test_records_are_numbered_from_one_in_list_order(commune: DemoCommune) -> None:
    assert commune.members["record"].to_list() == list(range(1, commune.members.height + 1))


def test_members_are_listed_cell_by_cell_with_the_secretary_first(commune: DemoCommune) -> None:
    names = commune.orgs.filter(pl.col("kind") != "commune_committee")["name"].to_list()
    listed = commune.members["org"].unique(maintain_order=True).to_list()
    assert listed == names
    for row in commune.orgs.filter(pl.col("secretary_record").is_not_null()).iter_rows(named=True):
        if row["kind"] == "commune_committee":
            continue
        first = commune.members.filter(pl.col("org") == row["name"])
        assert first["party_position"][0] in ("Bí thư", "Bí thư Đảng ủy")


def test_the_same_arguments_give_identical_frames() -> None:
    first, second = generate(700, seed=3), generate(700, seed=3)
    assert first.members.equals(second.members)
    assert first.orgs.equals(second.orgs)
    assert first.truth.equals(second.truth)


def test_another_seed_gives_another_commune() -> None:
    assert not generate(700, seed=3).members.equals(generate(700, seed=4).members)


def test_a_zero_defect_rate_plants_nothing(clean_commune: DemoCommune) -> None:
    assert clean_commune.truth.height == 0
    assert clean_commune.members.height == 3000


def test_the_as_of_date_moves_every_date_with_it() -> None:
    earlier = generate(500, seed=5, as_of=dt.date(2020, 6, 30))
    years = earlier.members["join_date"].drop_nulls().str.slice(6, 4).cast(pl.Int64)
    assert int(years.max() or 0) <= 2020


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"members": 5}, ValueError),
        ({"members": 100, "defect_rate": 0.9}, ValueError),
        ({"members": 100, "seed": -1}, ValueError),
        ({"members": 100.0}, TypeError),
        ({"members": 100, "as_of": dt.date(1990, 1, 1)}, ValueError),
        ({"members": 100, "as_of": dt.datetime(2025, 1, 1)}, TypeError),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        generate(**kwargs)  # type: ignore[arg-type]
