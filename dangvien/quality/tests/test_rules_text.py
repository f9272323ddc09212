import unicodedata

import pytest

from dangvien.quality.tests.rule_cases import findings, fires, member, one
from dangvien.vn.legacy import encode


def test_a_name_typed_in_a_legacy_font_gets_the_unicode_text() -> None:
    typed = encode("Lò Văn Ún", "vni")
    found = one("X01", member(full_name__raw=typed))
    assert found["value"] == typed
    assert found["suggestion"] == "Lò Văn Ún"
    assert "VNI" in found["message"]


def test_tcvn3_is_recognized_too() -> None:
    found = one("X01", member(hometown__raw=encode("xã Tam Lư, tỉnh Thanh Hóa", "tcvn3")))
    assert found["field"] == "hometown"
    assert "TCVN3" in found["message"]


def test_decomposed_unicode_is_flagged_as_not_nfc() -> None:
    typed = unicodedata.normalize("NFD", "Lò Văn Ún")
    found = one("X02", member(full_name__raw=typed))
    assert found["suggestion"] == "Lò Văn Ún"
    assert not fires("X01", member(full_name__raw=typed))


def test_a_misplaced_tone_mark_is_moved_to_its_vowel() -> None:
    found = one("X03", member(full_name="Lò Văn Quý", full_name__raw="Lò Văn Qúy"))
    assert found["suggestion"] == "Lò Văn Quý"
    assert not fires("X03", member(full_name="Lò Văn Hoà", full_name__raw="Lò Văn Hòa"))


def hoa(record: int, typed: str, kept: str = "Lò Thị Hoà") -> dict[str, object]:
    return member(full_name=kept, full_name__raw=typed, citizen_id=f"03818001234{record}")


def test_a_list_in_one_tone_style_is_consistent_whatever_intake_kept() -> None:
    # Intake rewrote every name in the new style; the list itself was consistent.
    records = [hoa(i, "Lò Thị Hòa") for i in range(3)]
    assert findings(*records, rules=("X07",)).height == 0


def test_the_minority_tone_style_is_reported() -> None:
    records = [hoa(0, "Lò Thị Hòa"), hoa(1, "Lò Thị Hoà"), hoa(2, "Lò Thị Hoà")]
    found = findings(*records, rules=("X07",))
    assert found["record"].to_list() == [1]
    assert found["suggestion"].to_list() == ["Lò Thị Hoà"]
    assert found["severity"].to_list() == ["info"]


def test_when_the_kept_style_is_the_minority_the_suggestion_goes_the_other_way() -> None:
    records = [hoa(0, "Lò Thị Hòa"), hoa(1, "Lò Thị Hòa"), hoa(2, "Lò Thị Hoà")]
    found = findings(*records, rules=("X07",))
    assert found["record"].to_list() == [3]
    assert found["suggestion"].to_list() == ["Lò Thị Hòa"]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Lò  Văn Ún", "Lò Văn Ún"),  # intake collapsed the spaces
        (" Lò Văn Ún", "Lò Văn Ún"),
        ("Lò Văn Ún ", "Lò Văn Ún "),  # intake kept them: judged on the value
        ("Lò  Thị Thủy", "Lò Thị Thuỷ"),  # and restyled the tone mark
    ],
)
def test_extra_spaces_are_reported_once(raw: str, value: str) -> None:
    found = findings(member(full_name=value, full_name__raw=raw), rules=("X04",))
    assert found.height == 1
    assert found["suggestion"].to_list() == [" ".join(value.split())]


@pytest.mark.parametrize(
    ("name", "miscased"),
    [
        ("lò văn ún", True),
        ("Lò văn Ún", True),
        ("Lò Văn Ún", False),
        ("LÒ VĂN ÚN", False),  # capitals, as on the lý lịch
        ("Nguyễn Thị Hòa", False),  # old tone style is not a casing problem
        ("Y'Moan Ê Ban", False),
    ],
)
def test_name_casing(name: str, miscased: bool) -> None:
    assert fires("X05", member(full_name=name)) is miscased


def test_casing_suggestion_keeps_the_tone_style_of_the_name() -> None:
    found = one("X05", member(full_name="nguyễn thị hòa"))
    assert found["suggestion"] == "Nguyễn Thị Hòa"


def test_too_long_values_are_reported_with_the_limit() -> None:
    found = one("X06", member(note="x" * 501))
    assert "501" in found["message"]
    assert "500" in found["message"]


@pytest.mark.parametrize("code", ["X01", "X02", "X03", "X04", "X05", "X06", "X07"])
def test_clean_text_raises_nothing(code: str) -> None:
    assert not fires(code, member())


def test_decomposed_text_in_the_other_tone_style_is_still_not_nfc() -> None:
    typed = unicodedata.normalize("NFD", "Lò Thị Hòa")
    found = one("X02", member(full_name="Lò Thị Hoà", full_name__raw=typed))
    assert found["suggestion"] == "Lò Thị Hoà"
    assert not fires("X07", member(full_name="Lò Thị Hoà", full_name__raw=typed))


def test_mojibake_is_a_legacy_encoding_problem() -> None:
    typed = "Lò Văn Ún".encode().decode("cp1252")
    found = one("X01", member(full_name__raw=typed))
    assert "Windows-1252" in found["message"]
