"""Cross-checks with independent implementations (skipped cleanly when a tool is absent)."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from dangvien.vn.crosscheck.checks import check_iconv, check_viparse, tcvn3_lossy_letters


@pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv not installed")
def test_glibc_iconv_agrees_on_every_tcvn3_letter() -> None:
    assert check_iconv() == []


@pytest.mark.skipif(importlib.util.find_spec("viparse") is None, reason="viparse not installed")
def test_viparse_agrees_except_its_known_gaps() -> None:
    differences = check_viparse()
    assert [d for d in differences if d.known_bug is None] == []
    assert {d.char for d in differences} == {"Ẳ", "ẳ", "Ỵ", "ỵ"}


def test_the_lossy_tcvn3_letters_are_the_60_upper_case_toned_ones() -> None:
    lossy = tcvn3_lossy_letters()
    assert len(lossy) == 60
    assert "Ấ" in lossy
    assert "Đ" not in lossy
    assert "Ă" not in lossy
