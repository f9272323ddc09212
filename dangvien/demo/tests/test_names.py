import unicodedata

import numpy as np
import pytest

from dangvien.demo.names import has_toned_capital, sample_full_names
from dangvien.demo.rand import stream
from dangvien.vn.tones import is_styled


def names_of(ethnicity: str, female: bool, size: int = 2000) -> list[str]:
    groups = np.zeros(size, dtype=np.int64)
    return sample_full_names(stream(1, "t"), [ethnicity], groups, np.full(size, female)).to_list()


@pytest.mark.parametrize("ethnicity", ["Kinh", "Thái", "Mường", "Mông", "Dao", "Tày"])
@pytest.mark.parametrize("female", [False, True])
def test_names_are_nfc_capitalised_three_or_four_syllables_in_the_old_tone_style(
    ethnicity: str, female: bool
) -> None:
    for name in names_of(ethnicity, female, 500):
        assert unicodedata.is_normalized("NFC", name)
        words = name.split(" ")
        assert 3 <= len(words) <= 4
        assert all(word[0].isupper() and word[1:] == word[1:].lower() for word in words)
        assert is_styled(name, "old")


def test_women_are_mostly_thi_and_men_mostly_van_in_thai_villages() -> None:
    women = names_of("Thái", True)
    men = names_of("Thái", False)
    assert sum(" Thị " in name for name in women) / len(women) > 0.75
    assert sum(" Văn " in name for name in men) / len(men) > 0.6
    assert not any(" Thị " in name for name in men)


def test_thai_and_mong_families_carry_their_own_family_names() -> None:
    thai = {name.split()[0] for name in names_of("Thái", False)}
    mong = {name.split()[0] for name in names_of("Mông", False)}
    assert {"Hà", "Lương", "Lò", "Vi"} <= thai
    assert {"Thào", "Vàng", "Giàng"} <= mong
    assert sum(name.split()[1] == "A" for name in names_of("Mông", False)) > 300


def test_kinh_family_names_follow_the_national_frequencies() -> None:
    first = [name.split()[0] for name in names_of("Kinh", False, 5000)]
    assert first.count("Nguyễn") > first.count("Trần") > first.count("Đinh")


def test_a_toned_capital_is_detected() -> None:
    assert has_toned_capital("Lê Thị Ánh")
    assert not has_toned_capital("Lê Thị Anh Đào")
