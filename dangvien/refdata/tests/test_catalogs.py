import datetime as dt
import unicodedata

import pytest

from dangvien.refdata import catalogs


def test_ethnicity_catalog_has_the_54_groups_plus_foreigners_and_unknown() -> None:
    codes = [entry.code for entry in catalogs.ethnicity()]
    assert codes[:54] == [f"{n:02d}" for n in range(1, 55)]
    assert codes[54:] == ["55", "99"]


def test_every_catalog_is_versioned_with_an_effective_date_and_a_source() -> None:
    for load in catalogs.CATALOGS.values():
        info = load().info
        assert info.version
        assert info.source
        assert info.licence
        assert isinstance(info.effective_date, dt.date)


@pytest.mark.parametrize("name", list(catalogs.CATALOGS))
def test_catalog_text_is_nfc(name: str) -> None:
    for entry in catalogs.catalog(name):
        for text in (entry.name, *entry.variants):
            assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Mèo", "Mông"),
        ("H'Mông", "Mông"),
        ("hmong", "Mông"),
        ("Thái (Đen)", "Thái"),
        ("Khmer", "Khơ-me"),
        ("kinh", "Kinh"),
    ],
)
def test_ethnicity_variants_suggest_the_canonical_name(typed: str, canonical: str) -> None:
    match = catalogs.ethnicity().lookup(typed)
    assert match.entry is not None
    assert match.entry.name == canonical
    assert match.suggestion == canonical


def test_a_canonical_value_is_an_exact_match_with_no_suggestion() -> None:
    match = catalogs.ethnicity().lookup("Thái")
    assert match.exact
    assert match.suggestion is None


def test_historical_generic_names_are_never_auto_mapped() -> None:
    for typed in ("Mán", "Xá", "Thượng"):
        match = catalogs.ethnicity().lookup(typed)
        assert match.entry is None, typed


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Thiên chúa", "Công giáo"),
        ("Đạo Phật", "Phật giáo"),
        ("Không tôn giáo", "Không"),
        ("Hòa Hảo", "Phật giáo Hòa Hảo"),
        ("Islam", "Hồi giáo"),
    ],
)
def test_religion_variants_map_to_recognized_religions(typed: str, canonical: str) -> None:
    match = catalogs.religion().lookup(typed)
    assert match.entry is not None
    assert match.entry.name == canonical


def test_ambiguous_religion_spelling_needs_a_person() -> None:
    match = catalogs.religion().lookup("Cơ đốc")
    assert match.entry is None
    assert match.ambiguous
    assert {c.name for c in match.candidates} == {"Tin lành"}


def test_unknown_values_have_no_entry_and_no_suggestion() -> None:
    match = catalogs.religion().lookup("Đạo Dừa xyz")
    assert match.entry is None
    assert not match.ambiguous
    assert match.suggestion is None


def test_levels_catalogs_map_abbreviations() -> None:
    assert catalogs.general_education().lookup("THPT").suggestion == "12/12"
    assert catalogs.political_theory().lookup("TC LLCT").suggestion == "Trung cấp"
    assert catalogs.professional_level().lookup("Cử nhân").suggestion == "Đại học"
