import pytest

from dangvien.quality.tests.rule_cases import fires, member, one


@pytest.mark.parametrize(
    ("field", "typed", "canonical"),
    [
        ("ethnicity", "Mèo", "Mông"),
        ("ethnicity", "Thái (Đen)", "Thái"),
        ("ethnicity", "thái", "Thái"),
        ("religion", "Thiên chúa", "Công giáo"),
        ("religion", "không", "Không"),
        ("general_education", "Lớp 12", "12/12"),
        ("political_theory", "TC LLCT", "Trung cấp"),
        ("professional_level", "ĐH Luật", "Đại học Luật"),
    ],
)
def test_a_known_variant_gets_the_canonical_value(field: str, typed: str, canonical: str) -> None:
    found = one("K01", member(**{field: typed}))
    assert found["field"] == field
    assert found["value"] == typed
    assert found["suggestion"] == canonical
    assert not fires("K02", member(**{field: typed}))


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("ethnicity", "Thái"),
        ("religion", "Phật giáo"),
        ("professional_level", "Đại học Sư phạm Toán"),
    ],
)
def test_canonical_values_raise_nothing(field: str, typed: str) -> None:
    record = member(**{field: typed})
    assert not any(fires(code, record) for code in ("K01", "K02", "K03"))


@pytest.mark.parametrize("typed", ["Xá", "Mán", "Thượng"])
def test_old_generic_names_are_unknown_and_never_mapped(typed: str) -> None:
    found = one("K02", member(ethnicity=typed))
    assert found["suggestion"] is None


def test_an_ambiguous_variant_lists_the_candidates_for_a_person() -> None:
    found = one("K03", member(religion="Cơ đốc"))
    assert "Tin lành" in found["message"]
    assert found["suggestion"] is None


def test_an_enum_text_that_was_not_recognized_is_an_error() -> None:
    record = member(gender=None, gender__raw="Nam giới?")
    found = one("K04", record)
    assert found["severity"] == "error"
    assert "Nam, Nữ" in found["message"]
    assert not fires("C02", record)  # not missing: unreadable
    assert not fires("K04", member())


def test_an_unclear_tick_is_a_warning() -> None:
    assert fires("K05", member(exempt=None, exempt__raw="?"))
    assert not fires("K05", member(exempt=True))
