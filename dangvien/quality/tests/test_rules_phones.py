import pytest

from dangvien.quality.tests.rule_cases import findings, fires, member, one


@pytest.mark.parametrize(
    ("typed", "code", "suggestion"),
    [
        ("01688123456", "P01", "0388123456"),
        ("+84912345678", "P02", "0912345678"),
        ("912345678", "P02", "0912345678"),
        ("0912.345.678", "P02", "0912345678"),
        ("02373123456", "P04", None),
        ("0123456", "P03", None),
        ("0212345678", "P03", None),
    ],
)
def test_phone_problems(typed: str, code: str, suggestion: str | None) -> None:
    found = one(code, member(phone=typed))
    assert found["suggestion"] == suggestion
    assert found["value"] == typed
    others = {"P01", "P02", "P03", "P04"} - {code}
    assert not any(fires(other, member(phone=typed)) for other in others)


def test_international_form_is_explained() -> None:
    assert "+84" in one("P02", member(phone="+84912345678"))["message"]


@pytest.mark.parametrize("code", ["P01", "P02", "P03", "P04", "P05"])
def test_a_current_ten_digit_mobile_raises_nothing(code: str) -> None:
    assert not fires(code, member())


def test_a_phone_shared_by_members_is_information() -> None:
    found = findings(
        member(), member(citizen_id="038080099999", phone="+84912345678"), rules=("P05",)
    )
    assert found["severity"].to_list() == ["info", "info"]
    assert found["related_rows"].to_list() == [[3], [2]]
