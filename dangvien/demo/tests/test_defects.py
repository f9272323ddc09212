"""The truth file lists every planted defect, exactly as it sits in the member list."""

import unicodedata
from collections import Counter, defaultdict

import polars as pl
import pytest

from dangvien.demo import DEFECT_CLASSES, DemoCommune
from dangvien.demo.defects import class_counts
from dangvien.demo.tests.clean_rules import violations
from dangvien.refdata import catalogs
from dangvien.vn.identity import CCCD_PROVINCES
from dangvien.vn.legacy import decode
from dangvien.vn.phones import normalize_phone
from dangvien.vn.tones import compare_key

PAIR_CLASSES = {"cccd_duplicate", "card_duplicate", "duplicate_person_two_cells"}


def record_truth(commune: DemoCommune) -> pl.DataFrame:
    return commune.truth.filter(pl.col("record").is_not_null())


def rows_by_record(commune: DemoCommune) -> dict[int, dict[str, str | None]]:
    return {row["record"]: row for row in commune.members.iter_rows(named=True)}


def test_every_planted_value_is_what_the_member_list_holds(large_commune: DemoCommune) -> None:
    rows = rows_by_record(large_commune)
    for truth in record_truth(large_commune).iter_rows(named=True):
        assert rows[truth["record"]][truth["field"]] == truth["planted_value"], truth


def test_every_planted_value_differs_from_the_clean_one_except_the_untouched_partner(
    large_commune: DemoCommune,
) -> None:
    for truth in record_truth(large_commune).iter_rows(named=True):
        if truth["planted_value"] == truth["clean_value"]:
            assert truth["defect"] in PAIR_CLASSES
            assert truth["related_record"] is not None


def test_every_defect_class_occurs_in_a_5000_member_commune(large_commune: DemoCommune) -> None:
    found = set(large_commune.truth["defect"])
    assert found == set(DEFECT_CLASSES)


def test_the_defect_rate_is_the_average_number_of_planted_defects_per_member(
    large_commune: DemoCommune,
) -> None:
    own_rows = record_truth(large_commune).filter(
        pl.col("related_record").is_null() | (pl.col("planted_value") != pl.col("clean_value"))
    )
    rate = own_rows.height / large_commune.members.height
    assert 0.07 < rate < 0.095


def test_faulty_records_carry_one_or_two_defects_never_two_on_one_field(
    large_commune: DemoCommune,
) -> None:
    truth = record_truth(large_commune)
    assert truth.select("record", "field").is_duplicated().sum() == 0
    per_record = Counter(truth["record"].to_list())
    counts = Counter(per_record.values())
    assert counts[1] > counts[2] > 0
    assert max(per_record.values()) <= 3


def test_single_record_defects_break_a_rule_on_the_field_the_truth_names(
    large_commune: DemoCommune,
) -> None:
    rows = rows_by_record(large_commune)
    as_of = large_commune.commune.as_of
    truth_rows = record_truth(large_commune)
    copies = set(
        truth_rows.filter(
            (pl.col("defect") == "duplicate_person_two_cells")
            & (pl.col("planted_value") != pl.col("clean_value"))
        )["record"]
    )
    for truth in truth_rows.iter_rows(named=True):
        if truth["defect"] in PAIR_CLASSES or truth["related_record"] is not None:
            continue
        if truth["record"] in copies and truth["defect"] == "date_swapped_day_month":
            continue  # a second copy's swapped birth date shows only against the first copy
        fields = set().union(*(f for _, f in violations(rows[truth["record"]], as_of)))
        assert truth["field"] in fields, truth


def test_every_rule_broken_by_a_flagged_record_is_explained_by_its_truth_rows(
    large_commune: DemoCommune,
) -> None:
    rows = rows_by_record(large_commune)
    explained: dict[int, set[str]] = defaultdict(set)
    for truth in record_truth(large_commune).iter_rows(named=True):
        explained[truth["record"]].add(truth["field"])
        explained[truth["record"]].update(DEFECT_CLASSES[truth["defect"]].also_changes)
    for record, fields in explained.items():
        for rule, could_explain in violations(rows[record], large_commune.commune.as_of):
            assert could_explain & fields, (record, rule, fields)


@pytest.mark.parametrize("field", ["citizen_id", "card_number"])
def test_a_number_shared_by_two_records_is_always_a_planted_pair(
    field: str, large_commune: DemoCommune
) -> None:
    members = large_commune.members
    shared = members.filter(pl.col(field).is_not_null() & pl.col(field).is_duplicated())
    pairs = record_truth(large_commune).filter(pl.col("related_record").is_not_null())
    involved = set(pairs["record"])
    assert shared.height > 0
    assert set(shared["record"]) <= involved


def test_pair_rows_point_at_each_other(large_commune: DemoCommune) -> None:
    pairs = record_truth(large_commune).filter(pl.col("defect").is_in(PAIR_CLASSES))
    links = {(r["defect"], r["record"], r["related_record"]) for r in pairs.iter_rows(named=True)}
    for defect, record, related in links:
        assert (defect, related, record) in links


def test_a_duplicated_person_is_the_same_person_in_another_cell(
    large_commune: DemoCommune,
) -> None:
    rows = rows_by_record(large_commune)
    truth = record_truth(large_commune)
    duplicates = truth.filter(pl.col("defect") == "duplicate_person_two_cells")
    copies = duplicates.filter(pl.col("planted_value") != pl.col("clean_value"))
    assert copies.height == duplicates.height // 2 > 0
    variations = Counter()
    for copy in copies.iter_rows(named=True):
        first, second = rows[copy["related_record"]], rows[copy["record"]]
        assert first["org"] != second["org"]
        assert second["org"] == copy["planted_value"]
        assert first["org"] == copy["clean_value"]
        assert first["dossier_number"] == second["dossier_number"]
        assert first["join_date"] == second["join_date"]
        extra = truth.filter(pl.col("record") == copy["record"], pl.col("field") != "org")
        variations.update(extra["defect"].to_list())
        if (
            second["full_name"] != first["full_name"]
            and extra.filter(pl.col("field") == "full_name").is_empty()
        ):
            assert compare_key(second["full_name"]) == compare_key(first["full_name"])
            variations["tone_style"] += 1
    assert len(variations) >= 3


def test_legacy_font_values_decode_back_to_the_clean_text(large_commune: DemoCommune) -> None:
    for scheme in ("tcvn3", "vni"):
        rows = record_truth(large_commune).filter(pl.col("defect") == f"legacy_font_{scheme}")
        assert rows.height > 0
        for row in rows.iter_rows(named=True):
            assert decode(row["planted_value"], scheme) == row["clean_value"]  # type: ignore[arg-type]


def test_nfd_values_are_the_clean_text_decomposed(large_commune: DemoCommune) -> None:
    for row in (
        record_truth(large_commune).filter(pl.col("defect") == "nfd_text").iter_rows(named=True)
    ):
        assert row["planted_value"] != row["clean_value"]
        assert unicodedata.normalize("NFC", row["planted_value"]) == row["clean_value"]


@pytest.mark.parametrize("defect", ["phone_11_digit", "phone_intl_format"])
def test_old_and_international_phone_forms_normalise_to_the_clean_number(
    defect: str, large_commune: DemoCommune
) -> None:
    for row in record_truth(large_commune).filter(pl.col("defect") == defect).iter_rows(named=True):
        assert normalize_phone(row["planted_value"]).normalized == row["clean_value"]


def test_invalid_phones_are_not_valid_mobiles(large_commune: DemoCommune) -> None:
    for row in (
        record_truth(large_commune)
        .filter(pl.col("defect") == "phone_invalid")
        .iter_rows(named=True)
    ):
        result = normalize_phone(row["planted_value"])
        assert result.kind != "mobile" or result.problems, row


def test_cccd_defects_change_exactly_the_part_they_are_named_after(
    large_commune: DemoCommune,
) -> None:
    truth = record_truth(large_commune)
    for row in truth.filter(pl.col("field") == "citizen_id").iter_rows(named=True):
        clean, planted = row["clean_value"], row["planted_value"]
        match row["defect"]:
            case "cccd_missing":
                assert planted is None
            case "cccd_lost_leading_zero":
                assert planted == clean.lstrip("0")
                assert len(planted) < 12
            case "cccd_wrong_gender_digit":
                assert planted[:3] + planted[4:] == clean[:3] + clean[4:]
                assert int(planted[3]) ^ int(clean[3]) == 1
            case "cccd_wrong_birth_year":
                assert planted[:4] + planted[6:] == clean[:4] + clean[6:]
                assert planted[4:6] != clean[4:6]
            case "cccd_bad_province":
                assert planted[3:] == clean[3:]
                assert planted[:3] not in CCCD_PROVINCES


@pytest.mark.parametrize(
    ("defect", "catalog"),
    [("ethnicity_variant", "ethnicity"), ("religion_variant", "religion")],
)
def test_catalog_variants_mean_the_clean_value(
    defect: str, catalog: str, large_commune: DemoCommune
) -> None:
    rows = record_truth(large_commune).filter(pl.col("defect") == defect)
    assert rows.height > 0
    for row in rows.iter_rows(named=True):
        match = catalogs.catalog(catalog).lookup(row["planted_value"])
        assert not match.exact
        assert match.entry is not None
        assert match.entry.name == row["clean_value"]


def test_education_variants_mean_the_clean_value(large_commune: DemoCommune) -> None:
    rows = record_truth(large_commune).filter(pl.col("defect") == "education_variant")
    for row in rows.iter_rows(named=True):
        match = catalogs.catalog(row["field"]).lookup(row["planted_value"])
        assert match.entry is not None, row
        assert match.entry.name == row["clean_value"], row


def test_unknown_ethnicities_match_no_catalog_entry(large_commune: DemoCommune) -> None:
    rows = record_truth(large_commune).filter(pl.col("defect") == "ethnicity_unknown")
    for value in rows["planted_value"]:
        assert catalogs.ethnicity().lookup(value).entry is None


def test_old_addresses_name_the_abolished_district(large_commune: DemoCommune) -> None:
    truth = record_truth(large_commune)
    for row in truth.filter(pl.col("defect") == "address_pre2025").iter_rows(named=True):
        assert "huyện " in row["planted_value"]
        assert "huyện " not in row["clean_value"]
    for row in truth.filter(pl.col("defect") == "address_split_commune").iter_rows(named=True):
        assert "thị trấn Sơn Lư, huyện Quan Sơn" in row["planted_value"]
        assert "xã Tam Lư" in row["clean_value"]


def test_members_still_listed_after_leaving_have_an_exit_date(large_commune: DemoCommune) -> None:
    rows = rows_by_record(large_commune)
    for row in (
        record_truth(large_commune).filter(pl.col("field") == "exit_kind").iter_rows(named=True)
    ):
        member = rows[row["record"]]
        assert member["exit_kind"] in ("Từ trần", "Chuyển đi")
        assert member["exit_date"] is not None


def test_organization_defects_name_a_cell_and_no_record(large_commune: DemoCommune) -> None:
    org_rows = large_commune.truth.filter(pl.col("record").is_null())
    assert set(org_rows["defect"]) == {"org_under_3_official", "org_no_secretary"}
    assert set(org_rows["field"]) == {"org"}
    codes = dict(zip(large_commune.orgs["code"], large_commune.orgs["name"], strict=True))
    members = large_commune.members
    for row in org_rows.filter(pl.col("defect") == "org_under_3_official").iter_rows(named=True):
        cell = members.filter(
            (pl.col("org") == codes[row["org"]])
            & (pl.col("status") == "Chính thức")
            & pl.col("exit_kind").is_null()
        )
        assert cell.height == int(row["planted_value"]) < 3


def test_every_class_is_documented(large_commune: DemoCommune) -> None:
    for code, defect in DEFECT_CLASSES.items():
        assert defect.code == code
        assert defect.description
        assert defect.rule
        assert unicodedata.is_normalized("NFC", defect.description)
        assert defect.field in large_commune.members.columns or defect.field == "org"
        assert (defect.weight > 0) == bool(defect.variants)


def test_class_counts_share_the_total_by_weight_with_every_class_present() -> None:
    counts = class_counts(400)
    assert sum(counts.values()) == 400
    assert min(counts.values()) >= 1
    assert counts["cccd_missing"] > counts["card_duplicate"]
    assert sum(class_counts(10).values()) == 10
