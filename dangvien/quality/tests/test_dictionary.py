import pytest

from dangvien.quality.dictionary import (
    HANDBOOK_FIELDS,
    MEMBER_FIELD_NAMES,
    MEMBER_FIELDS,
    ORG_FIELD_NAMES,
    ORG_FIELDS,
    Kind,
    fold_header,
    header_aliases,
    member_field,
    state_of,
)
from dangvien.refdata.catalogs import CATALOGS

CANONICAL = [
    "full_name",
    "gender",
    "birth_date",
    "birth_place",
    "hometown",
    "permanent_address",
    "current_address",
    "ethnicity",
    "religion",
    "citizen_id",
    "legacy_id",
    "phone",
    "org",
    "status",
    "join_date",
    "official_date",
    "card_number",
    "dossier_number",
    "general_education",
    "professional_level",
    "political_theory",
    "foreign_language",
    "it_level",
    "occupation",
    "party_position",
    "exempt",
    "exit_kind",
    "exit_date",
    "note",
]


def test_every_canonical_member_field_of_the_brief_is_defined() -> None:
    assert set(CANONICAL) <= set(MEMBER_FIELD_NAMES)
    assert len(MEMBER_FIELD_NAMES) == len(set(MEMBER_FIELD_NAMES))


def test_organization_fields_cover_the_tree() -> None:
    assert {"code", "name", "kind", "parent", "area", "active", "secretary"} <= set(ORG_FIELD_NAMES)


def test_handbook_fields_are_exactly_the_nine_summary_fields_of_qd_339() -> None:
    assert set(HANDBOOK_FIELDS) == {
        "full_name",
        "birth_date",
        "gender",
        "join_date",
        "official_date",
        "card_number",
        "org",
        "citizen_id",
        "phone",
    }


@pytest.mark.parametrize("spec", MEMBER_FIELDS, ids=lambda s: s.name)
def test_every_field_has_a_vietnamese_label_and_aliases_in_nfc(spec) -> None:  # type: ignore[no-untyped-def]
    import unicodedata

    assert spec.label
    assert spec.aliases
    for text in (spec.label, *spec.aliases):
        assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize("spec", [s for s in MEMBER_FIELDS if s.catalog], ids=lambda s: s.name)
def test_catalog_fields_name_an_existing_catalog(spec) -> None:  # type: ignore[no-untyped-def]
    assert spec.kind is Kind.CATALOG
    assert spec.catalog in CATALOGS


@pytest.mark.parametrize("fields", [MEMBER_FIELDS, ORG_FIELDS], ids=["member", "org"])
def test_no_two_fields_share_a_folded_header_alias(fields) -> None:  # type: ignore[no-untyped-def]
    owners: dict[str, str] = {}
    clashes = []
    for spec in fields:
        for alias in {fold_header(a) for a in header_aliases(spec)}:
            if alias in owners and owners[alias] != spec.name:
                clashes.append((alias, owners[alias], spec.name))
            owners[alias] = spec.name
    assert clashes == []


def test_header_aliases_include_forms_without_diacritics() -> None:
    aliases = header_aliases(member_field("join_date"))
    assert "Ngày vào Đảng" in aliases
    assert "ngay vao dang" in aliases
    assert "ngay kn" in aliases


def test_fold_header_removes_marks_d_bar_punctuation_and_case() -> None:
    assert fold_header("  Số CCCD/ĐDCN ") == "so cccd ddcn"
    assert fold_header("Ngày, tháng, năm sinh") == "ngay thang nam sinh"


@pytest.mark.parametrize(
    ("field", "state", "required"),
    [
        ("card_number", "official", True),
        ("card_number", "probationary", False),
        ("official_date", "probationary", False),
        ("citizen_id", "probationary", True),
        ("citizen_id", "exited", False),
        ("exit_date", "exited", True),
        ("exit_date", "official", False),
        ("full_name", "exited", True),
    ],
)
def test_required_ness_depends_on_the_member_state(field: str, state: str, required: bool) -> None:
    assert member_field(field).is_required(state) is required  # type: ignore[arg-type]


def test_state_of_prefers_exit_over_status() -> None:
    assert state_of("official", "deceased") == "exited"
    assert state_of("probationary", None) == "probationary"
    assert state_of(None, None) is None


def test_unknown_field_names_raise() -> None:
    with pytest.raises(KeyError, match="unknown member field"):
        member_field("ho_ten")
