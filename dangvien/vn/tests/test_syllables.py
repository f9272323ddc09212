"""The syllable model that decides what is Vietnamese."""

from __future__ import annotations

import pytest

from dangvien.vn.syllables import is_syllable, is_vietnamese_word, parse


@pytest.mark.parametrize(
    "word",
    [
        "Nguyễn",
        "Hoàng",
        "hoà",
        "hòa",
        "Qúy",
        "Quý",
        "quốc",
        "gì",
        "già",
        "giữa",
        "giếng",
        "gìn",
        "Khuya",
        "rượu",
        "thuở",
        "Huế",
        "ĐÔNG",
        "kính",
        "nghiêng",
        "Ngời",
        "Trưởng",
        "xoóng",
        "A",
    ],
)
def test_real_syllables_are_recognized_whatever_the_tone_position(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "Cöôøng",  # VNI bytes
        "NguyÔn",  # TCVN3 upper-case byte inside a word
        "lợng",  # "ơng" is not a rhyme (TCVN3 "ư" lost)
        "Hng",  # no vowel
        "lùc",  # a stop final cannot carry the grave tone
        "gế",  # "g" before "e" is written "gh"
        "cê",  # "c" before "ê" is written "k"
        "kan",  # "k" only before e, ê, i, y
        "hoàà",  # two tones
        "nGuyễn",  # mixed case
    ],
)
def test_non_syllables_are_rejected(word: str) -> None:
    assert not is_syllable(word)


def test_parse_separates_initial_rhyme_and_tone() -> None:
    syllable = parse("Nguyễn")
    assert syllable is not None
    assert (syllable.initial, syllable.rhyme, syllable.final) == ("ng", "uyên", "n")
    assert syllable.tone == "\u0303"


@pytest.mark.parametrize(
    ("token", "expected"),
    [("Hà-Nội", True), ("(cũ)", True), ("Đ/c", True), ("22kV", False), ("Lùc", False)],
)
def test_words_allow_punctuation_abbreviations_and_compounds(token: str, expected: bool) -> None:
    assert is_vietnamese_word(token) is expected
