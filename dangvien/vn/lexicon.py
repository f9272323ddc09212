"""Syllable and surname counts from public name lists and unit names (see data/lexicon/SOURCE.md).

Only tie-breakers: which of two valid readings of a legacy token is the more common syllable, and
whether a leading word is a surname or an honorific.
"""

from __future__ import annotations

import csv
import functools
import io
import re

from dangvien.vn.charsets import data_text
from dangvien.vn.tones import to_style

__all__ = ["known_syllables", "surnames", "word_hits"]


@functools.cache
def known_syllables() -> dict[str, int]:
    """Syllable (lower case, new tone style) → occurrences in names and unit names."""
    reader = csv.DictReader(io.StringIO(data_text("lexicon", "syllables.csv")))
    return {row["syllable"]: int(row["in_names"]) + int(row["in_places"]) for row in reader}


# Family names too rare in the uit list to reach ``surnames.csv`` (see data/lexicon/SOURCE.md):
# "Chử" (Kinh), and Thái and Mường families of the western Thanh Hóa and Nghệ An highlands.
_MORE_SURNAMES = ("chử", "lò", "lường", "cầm", "ngân", "lộc", "lang", "bạc", "quàng")


@functools.cache
def surnames() -> frozenset[str]:
    """Common surnames (lower case, new tone style)."""
    reader = csv.DictReader(io.StringIO(data_text("lexicon", "surnames.csv")))
    return frozenset(row["surname"] for row in reader) | frozenset(_MORE_SURNAMES)


_WORD = re.compile(r"[^\W\d_]+")


def word_hits(text: str) -> int:
    """Known syllables minus unknown ones among the non-ASCII words of ``text``."""
    known = known_syllables()
    score = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        score += 1 if to_style(word.lower(), "new") in known else -1
    return score
