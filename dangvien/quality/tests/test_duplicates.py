"""Duplicate detection on small canonical tables built by hand (no database, no Django)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from dangvien.quality.blocking import (
    MAX_ID_GROUP,
    blocked_pairs,
    citizen_id_key_column,
    identifier_pairs,
    record_features,
)
from dangvien.quality.duplicates import OUTPUT_SCHEMA, candidate_pairs
from dangvien.quality.matching import compare_pairs, edit_similarity, estimate_m, prior_m
from dangvien.quality.table import conform
from dangvien.vn.legacy import encode

HOMETOWN = "xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa"


def member(record: int, name: str, born: dt.date | None, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "_record": record,
        "full_name": name,
        "full_name__raw": name,
        "birth_date": born,
        "birth_date__precision": "day" if born else None,
        "hometown": HOMETOWN,
        "gender": "male",
        "org": "Chi bộ bản Lốc",
        "citizen_id": None,
        "card_number": None,
        "join_date": None,
        "exit_kind": None,
        "exit_date": None,
    }
    row.update(values)
    return row


def table(*rows: dict[str, Any]) -> pl.DataFrame:
    return conform(pl.DataFrame(list(rows), infer_schema_length=None))


def pair(result: pl.DataFrame, a: int, b: int) -> dict[str, Any]:
    found = result.filter((pl.col("record_a") == a) & (pl.col("record_b") == b))
    assert found.height == 1, f"pair ({a}, {b}) not in {result.select('record_a', 'record_b')}"
    return found.row(0, named=True)


def pairs_of(result: pl.DataFrame) -> set[tuple[int, int]]:
    return set(zip(result["record_a"].to_list(), result["record_b"].to_list(), strict=True))


BORN = dt.date(1961, 3, 25)


def test_two_records_with_the_same_cccd_are_a_same_citizen_id_pair_even_for_different_names() -> (
    None
):
    result = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, citizen_id="038061000123"),
            member(2, "Hà Thị Khăm", dt.date(1975, 8, 1), citizen_id="038061000123"),
        )
    )
    found = pair(result, 1, 2)
    assert found["kind"] == "same_citizen_id"
    assert found["citizen_id_level"] == "equal"
    assert found["name_level"] == "different"
    assert found["score"] < 0.5  # a CCCD typed on the wrong person, not one person twice
    assert "CCCD" in found["evidence"]
    assert "khác họ tên" in found["evidence"]


def test_two_records_with_the_same_card_number_are_a_same_card_number_pair() -> None:
    result = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, card_number="12345678"),
            member(2, "Lò Văn Ún", BORN, card_number="1234 5678", org="Chi bộ bản Hậu"),
        )
    )
    found = pair(result, 1, 2)
    assert found["kind"] == "same_card_number"
    assert found["evidence"].startswith("Trùng họ tên, ngày sinh, quê quán, số thẻ đảng viên")


def test_a_name_typed_in_a_legacy_font_pairs_with_its_unicode_twin() -> None:
    legacy = encode("Nguyễn Văn Hòa", "tcvn3")
    result = candidate_pairs(
        table(
            member(1, "Nguyễn Văn Hòa", BORN, citizen_id="038061000123"),
            # intake repaired the value; the raw cell still shows the TCVN3 text
            member(2, "Nguyễn Văn Hoà", BORN, full_name__raw=legacy, org="Chi bộ bản Hậu"),
        )
    )
    found = pair(result, 1, 2)
    assert found["kind"] == "probable_person"
    assert found["name_level"] == "exact"
    assert "phông chữ cũ" in found["evidence"]


def test_a_legacy_font_name_left_unrepaired_still_pairs() -> None:
    result = candidate_pairs(
        table(
            member(1, "Nguyễn Văn Hòa", BORN),
            member(2, encode("Nguyễn Văn Hòa", "vni"), BORN, org="Chi bộ bản Hậu"),
        )
    )
    assert pair(result, 1, 2)["name_level"] == "exact"


def test_old_and_new_tone_styles_are_the_same_name() -> None:
    result = candidate_pairs(
        table(
            member(1, "Hà Thị Hòa", BORN, gender="female"),
            member(2, "Hà Thị Hoà", BORN, gender="female", org="Chi bộ bản Hậu"),
        )
    )
    found = pair(result, 1, 2)
    assert found["name_level"] == "exact"
    assert "khác kiểu đặt dấu thanh" in found["evidence"]


def test_swapped_day_and_month_pair_with_the_swap_named_in_the_evidence() -> None:
    result = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", dt.date(1961, 3, 5), citizen_id="038061000123"),
            member(2, "Lò Văn Ún", dt.date(1961, 5, 3), org="Chi bộ bản Hậu"),
        )
    )
    found = pair(result, 1, 2)
    assert found["birth_date_level"] == "swapped"
    assert found["score"] >= 0.9
    assert found["evidence"] == (
        "Trùng họ tên, ngày sinh (đảo ngày/tháng), quê quán; khác chi bộ; thiếu CCCD ở một bản ghi"
    )


def test_a_cccd_that_lost_its_leading_zero_collides_with_the_full_number() -> None:
    result = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, citizen_id="038061000123"),
            member(2, "Lò Văn Ún", BORN, citizen_id="38061000123", org="Chi bộ bản Hậu"),
        )
    )
    found = pair(result, 1, 2)
    assert found["kind"] == "same_citizen_id"
    assert found["citizen_id_level"] == "restored"
    assert "mất số 0 ở đầu" in found["evidence"]


def test_namesakes_born_on_different_dates_are_not_paired() -> None:
    result = candidate_pairs(
        table(
            member(1, "Nguyễn Văn Hùng", dt.date(1961, 3, 25), citizen_id="038061000123"),
            member(2, "Nguyễn Văn Hùng", dt.date(1984, 11, 2)),
            member(3, "Nguyễn Văn Hùng", dt.date(1961, 9, 14), org="Chi bộ bản Hậu"),
        )
    )
    assert result.is_empty()


def test_namesakes_with_the_same_birth_date_but_two_different_cccds_score_lower_than_with_one() -> (
    None
):
    both = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, citizen_id="038061000123", join_date=dt.date(1990, 1, 1)),
            member(2, "Lò Văn Ún", BORN, citizen_id="038061777999", join_date=dt.date(2001, 6, 2)),
        ),
        threshold=0.0,
    )
    one = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, citizen_id="038061000123", join_date=dt.date(1990, 1, 1)),
            member(2, "Lò Văn Ún", BORN, join_date=dt.date(1990, 1, 1)),
        ),
        threshold=0.0,
    )
    assert pair(both, 1, 2)["score"] < pair(one, 1, 2)["score"]
    assert "khác CCCD" in pair(both, 1, 2)["evidence"]


def test_the_same_person_twice_in_one_organization_is_paired_and_said_to_be_in_the_same_cell() -> (
    None
):
    result = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, org_code="TL01"),
            member(2, "Lò Văn Ún", BORN, org_code="TL01"),
        )
    )
    found = pair(result, 1, 2)
    assert found["same_org"] is True
    assert "cùng chi bộ" in found["evidence"]
    assert "cả hai bản ghi thiếu CCCD" in found["evidence"]


def test_a_dropped_middle_name_still_pairs() -> None:
    result = candidate_pairs(
        table(
            member(1, "Nguyễn Thị Thu Hà", BORN, gender="female", join_date=dt.date(1990, 5, 19)),
            member(2, "Nguyễn Thị Hà", BORN, gender="female", join_date=dt.date(1990, 5, 19)),
        )
    )
    found = pair(result, 1, 2)
    assert found["name_level"] == "middle_name"
    assert "khác tên đệm" in found["evidence"]


def test_a_year_only_birth_date_is_compatible_with_a_full_date_of_that_year() -> None:
    result = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, join_date=dt.date(1990, 5, 19), card_number="01234567"),
            member(
                2,
                "Lò Văn Ún",
                dt.date(1961, 1, 1),
                birth_date__precision="year",
                join_date=dt.date(1990, 5, 19),
            ),
        )
    )
    found = pair(result, 1, 2)
    assert found["birth_date_level"] == "coarse"
    assert "chỉ ghi năm" in found["evidence"]


def test_a_record_without_birth_date_is_compared_with_namesakes_admitted_the_same_year() -> None:
    admitted = dt.date(1990, 5, 19)
    features = record_features(
        table(
            member(1, "Lò Văn Ún", BORN, join_date=admitted),
            member(2, "Lò Văn Ún", None, join_date=dt.date(1990, 11, 7), org="Chi bộ bản Hậu"),
            member(3, "Lò Văn Ún", BORN, join_date=dt.date(2004, 1, 2), org="Chi bộ bản Hậu"),
        )
    )
    assert pairs_of(blocked_pairs(features)) == {(1, 2), (1, 3)}


def test_a_common_name_proves_less_than_a_rare_one() -> None:
    common = [
        member(10 + i, "Nguyễn Văn Hùng", dt.date(1950 + i % 40, 1 + i % 12, 1 + i % 28))
        for i in range(300)
    ]
    rows = [
        member(1, "Nguyễn Văn Hùng", BORN),
        member(2, "Nguyễn Văn Hùng", dt.date(1961, 3, 26)),
        member(3, "Mùa A Dế", BORN),
        member(4, "Mùa A Dế", dt.date(1961, 3, 26)),
        *common,
    ]
    result = candidate_pairs(table(*rows), threshold=0.0)
    assert pair(result, 1, 2)["weight"] < pair(result, 3, 4)["weight"]


def test_a_transferred_out_copy_is_marked_as_having_left_the_roster() -> None:
    result = candidate_pairs(
        table(
            member(
                1, "Lò Văn Ún", BORN, exit_kind="transferred_out", exit_date=dt.date(2024, 1, 5)
            ),
            member(2, "Lò Văn Ún", BORN, org="Chi bộ bản Hậu"),
        ),
        as_of=dt.date(2025, 12, 10),
    )
    found = pair(result, 1, 2)
    assert found["one_exited"] is True
    assert "ra khỏi danh sách" in found["evidence"]


def test_an_exit_after_the_as_of_date_has_not_happened_yet() -> None:
    result = candidate_pairs(
        table(
            member(
                1, "Lò Văn Ún", BORN, exit_kind="transferred_out", exit_date=dt.date(2026, 1, 5)
            ),
            member(2, "Lò Văn Ún", BORN, org="Chi bộ bản Hậu"),
        ),
        as_of=dt.date(2025, 12, 10),
    )
    assert pair(result, 1, 2)["one_exited"] is False


def test_a_placeholder_cccd_shared_by_many_records_is_not_paired_quadratically() -> None:
    count = MAX_ID_GROUP + 5
    rows = [
        member(i, f"Người Thứ {i}", dt.date(1950 + i, 1, 1), citizen_id="000000000000")
        for i in range(1, count + 1)
    ]
    pairs = identifier_pairs(record_features(table(*rows)))
    assert pairs_of(pairs) == {(1, i) for i in range(2, count + 1)}


def test_probable_persons_below_the_threshold_are_left_out_but_collisions_are_kept() -> None:
    rows = table(
        member(1, "Lò Văn Ún", BORN, citizen_id="038061000123"),
        member(2, "Hà Thị Khăm", dt.date(1975, 8, 1), citizen_id="038061000123"),
        member(3, "Vi Văn Tú", dt.date(1970, 2, 2)),
        member(4, "Vi Văn Tú", dt.date(1970, 2, 12), org="Chi bộ bản Hậu"),
    )
    everything = candidate_pairs(rows, threshold=0.0)
    assert pairs_of(everything) == {(1, 2), (3, 4)}
    probable = pair(everything, 3, 4)["score"]
    assert 0.0 < probable < 1.0
    assert pairs_of(candidate_pairs(rows, threshold=probable)) == {(1, 2), (3, 4)}
    assert pairs_of(candidate_pairs(rows, threshold=probable + 1e-4)) == {(1, 2)}


def test_output_has_the_contract_columns_and_is_sorted_by_score() -> None:
    result = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, citizen_id="038061000123"),
            member(2, "Lò Văn Ún", BORN, citizen_id="038061000123"),
            member(3, "Vi Văn Tú", dt.date(1970, 2, 2)),
            member(4, "Vi Văn Tú", dt.date(1970, 2, 12)),
        ),
        threshold=0.0,
    )
    assert result.schema == pl.Schema(OUTPUT_SCHEMA)
    assert result["score"].to_list() == sorted(result["score"].to_list(), reverse=True)
    assert (result["record_a"] < result["record_b"]).all()
    assert result["score"].is_between(0.0, 1.0).all()


def test_the_result_does_not_depend_on_row_order() -> None:
    rows = [
        member(1, "Lò Văn Ún", dt.date(1961, 3, 5)),
        member(2, "Lò Văn Ún", dt.date(1961, 5, 3), citizen_id="038061000123"),
        member(3, "Hà Thị Hòa", BORN, gender="female", citizen_id="038161000999"),
        member(4, "Hà Thị Hoà", BORN, gender="female", citizen_id="38161000999"),
        member(5, "Vi Văn Tú", dt.date(1970, 2, 2), card_number="01234567"),
        member(6, "Vi Văn Tú", None, card_number="01234567"),
    ]
    forward = candidate_pairs(table(*rows), threshold=0.0)
    backward = candidate_pairs(table(*reversed(rows)), threshold=0.0)
    assert forward.height >= 3
    assert forward.equals(backward)


def test_an_empty_table_gives_no_pairs() -> None:
    result = candidate_pairs(table(member(1, "Lò Văn Ún", BORN)).clear())
    assert result.is_empty()
    assert result.schema == pl.Schema(OUTPUT_SCHEMA)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [("hung", "hung", 1.0), ("hung", "hong", 0.75), ("", "abc", 0.0), ("abc", "abd", 2 / 3)],
)
def test_edit_similarity(left: str, right: str, expected: float) -> None:
    assert edit_similarity(left, right) == pytest.approx(expected)


# On a generated commune, against the generator's truth file.


@pytest.fixture(scope="module", params=[3, 11], ids=lambda seed: f"seed{seed}")
def demo_commune(request: pytest.FixtureRequest) -> tuple[pl.DataFrame, pl.DataFrame]:
    from dangvien.demo import generate
    from dangvien.intake import canonical_from_text_frame

    commune = generate(4000, seed=request.param)
    table = canonical_from_text_frame(commune.members, source="demo.parquet")
    planted = commune.truth.filter(pl.col("defect") == "duplicate_person_two_cells")
    truth = planted.select(
        pl.min_horizontal("record", "related_record").alias("record_a"),
        pl.max_horizontal("record", "related_record").alias("record_b"),
    ).unique()
    assert truth.height > 0
    return table, truth


def test_every_planted_duplicate_shares_a_name_or_date_block_even_without_identifiers(
    demo_commune: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, truth = demo_commune
    blocked = blocked_pairs(record_features(table))
    missed = truth.join(blocked, on=["record_a", "record_b"], how="anti")
    assert missed.is_empty()


def test_the_detector_finds_every_planted_duplicate_and_little_else(
    demo_commune: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    table, truth = demo_commune
    found = candidate_pairs(table).filter(pl.col("score") >= 0.9)
    hits = found.join(truth, on=["record_a", "record_b"])
    assert hits.height == truth.height
    assert hits.height / found.height >= 0.95


def _confirmed_copies(count: int, *, same_admission: bool) -> list[dict[str, Any]]:
    rows = []
    for i in range(count):
        born = dt.date(1950 + i % 40, 1 + i % 12, 1 + i % 28)
        cccd = f"0380{50 + i % 40:02d}{i:06d}"
        admitted = dt.date(1980 + i % 30, 2, 3)
        rows.append(member(2 * i + 1, f"Người Số {i}", born, citizen_id=cccd, join_date=admitted))
        copy_admitted = admitted if same_admission else dt.date(2015, 9, 2)
        rows.append(
            member(2 * i + 2, f"Người Số {i}", born, citizen_id=cccd, join_date=copy_admitted)
        )
    return rows


def test_the_file_s_own_confirmed_duplicates_teach_how_its_copies_differ() -> None:
    features = record_features(table(*_confirmed_copies(200, same_admission=True)))
    learned = estimate_m(compare_pairs(identifier_pairs(features), features))["join_date"]
    assert learned["exact"] > prior_m()["join_date"]["exact"]
    assert learned["different"] < prior_m()["join_date"]["different"] / 5


def test_a_file_with_few_confirmed_duplicates_keeps_the_fixed_model() -> None:
    rows = _confirmed_copies(2, same_admission=False)
    features = record_features(table(*rows))
    learned = estimate_m(compare_pairs(identifier_pairs(features), features))
    assert learned["join_date"]["different"] == pytest.approx(
        prior_m()["join_date"]["different"], abs=0.1
    )
    assert learned["name"] == prior_m()["name"]  # never re-estimated: it selects the pairs


@pytest.mark.parametrize(
    ("left", "right"),
    [("nguyen van hung", "nguyen van hunh"), ("tran thi lan", "tran thi lanh"), ("ab", "ba"),
     ("nguyen van an", "tran van an"), ("hoang", "hoan")],
)  # fmt: skip
def test_the_early_exit_never_changes_a_similarity_above_the_bar(left: str, right: str) -> None:
    full = edit_similarity(left, right)
    for bar in (0.5, 0.85, 0.9):
        expected = full if full >= bar else 0.0
        assert edit_similarity(left, right, at_least=bar) == pytest.approx(expected)


def test_cccd_keys_drop_separators_restore_a_lost_zero_and_ignore_text() -> None:
    values = pl.Series(["038061000123", "0380 6100 0123", "38061000123", "chưa có", None])
    assert citizen_id_key_column(values).to_list() == [
        "038061000123",
        "038061000123",
        "038061000123",
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("other", "level"),
    [("038061000124", "near"), ("038061000213", "near"), ("038061000321", "different")],
    ids=["one-digit", "adjacent-swap", "far-swap"],
)
def test_a_cccd_one_typo_away_is_near_and_anything_else_is_different(
    other: str, level: str
) -> None:
    result = candidate_pairs(
        table(
            member(1, "Lò Văn Ún", BORN, citizen_id="038061000123"),
            member(2, "Lò Văn Ún", BORN, citizen_id=other, org="Chi bộ bản Hậu"),
        ),
        threshold=0.0,
    )
    found = pair(result, 1, 2)
    assert found["citizen_id_level"] == level
    assert ("CCCD lệch một chữ số" in found["evidence"]) is (level == "near")
