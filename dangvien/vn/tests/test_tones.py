"""Tone-mark styles: old (hòa, thủy) and new (hoà, thuỷ), invalid placements, comparison keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from dangvien.vn.tests.support import vietnamese_phrase
from dangvien.vn.tones import compare_key, is_styled, to_style

PAIRS = [
    # (old style, new style)
    ("hòa", "hoà"),
    ("Thủy", "Thuỷ"),
    ("khỏe", "khoẻ"),
    ("Hóa", "Hoá"),
    ("QUẬN THỦY", "QUẬN THUỶ"),
    ("Hoàng", "Hoàng"),  # a final consonant: both styles agree
    ("thuyền", "thuyền"),
    ("Quỳnh", "Quỳnh"),
    ("mùa", "mùa"),
]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_each_style_converts_to_the_other(old: str, new: str) -> None:
    assert to_style(old, "new") == new
    assert to_style(new, "old") == old


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("Qúy", "Quý"), ("tíên", "tiến"), ("gịa", "già"), ("Nguỹên", "Nguyễn"), ("múôn", "muốn")],
)
def test_invalid_placements_are_fixed_in_either_style(wrong: str, right: str) -> None:
    wrong = wrong.replace("gịa", "gìa")
    assert to_style(wrong, "new") == right
    assert to_style(wrong, "old") == right


def test_words_that_are_not_vietnamese_are_left_alone() -> None:
    assert to_style("Café Pháp", "new") == "Café Pháp"


def test_comparison_key_equates_styles_case_and_spacing_but_not_missing_accents() -> None:
    assert compare_key("Nguyễn Thị  Thủy Hòa") == compare_key("nguyễn thị thuỷ hoà")
    assert compare_key("Hoà") != compare_key("Hoa")


def test_unknown_style_is_an_error() -> None:
    with pytest.raises(ValueError, match="tone style"):
        to_style("hòa", "modern")  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(vietnamese_phrase())
def test_styles_are_idempotent_and_share_one_comparison_key(text: str) -> None:
    old, new = to_style(text, "old"), to_style(text, "new")
    assert is_styled(old, "old")
    assert is_styled(new, "new")
    assert to_style(old, "new") == new
    assert compare_key(old) == compare_key(new) == compare_key(text)
