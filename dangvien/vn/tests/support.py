"""Shared helpers for the vn tests: vendored vectors and Hypothesis strategies (no database)."""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

from dangvien.vn.charsets import data_text, letters
from dangvien.vn.lexicon import known_syllables


def vendored_rows(*path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data_text(*path))))


VIETNAMESE_LETTERS = [letter.char for letter in letters() if not letter.char.isascii()]
# ABC (one-font TCVN3) cannot tell upper-case toned letters from lower-case ones.
TCVN3_UPPER_LOSSY = {
    letter.char
    for letter in letters()
    if letter.char.isupper()
    and not letter.char.isascii()
    and any(
        other.char == letter.char.lower() and other.tcvn3 == letter.tcvn3 for other in letters()
    )
}

ascii_text = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)


def legacy_text(*, exclude: set[str] | frozenset[str] = frozenset()) -> st.SearchStrategy[str]:
    """Any mix of Vietnamese letters and printable ASCII."""
    alphabet = [char for char in VIETNAMESE_LETTERS if char not in exclude]
    return st.text(
        alphabet=st.one_of(
            st.sampled_from(alphabet), st.characters(min_codepoint=0x20, max_codepoint=0x7E)
        ),
        max_size=30,
    )


_SYLLABLES = sorted(syllable for syllable in known_syllables() if not syllable.isascii())


@st.composite
def syllable_word(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(_SYLLABLES))
    case = draw(st.sampled_from(("lower", "title", "upper")))
    if case == "title":
        return word[:1].upper() + word[1:]
    return word.upper() if case == "upper" else word


def vietnamese_phrase(min_words: int = 1, max_words: int = 5) -> st.SearchStrategy[str]:
    """Clean NFC text: known syllables in lower/Title/UPPER case, some ASCII words and numbers."""
    word = st.one_of(
        syllable_word(),
        syllable_word(),
        syllable_word(),
        st.from_regex(r"[A-Za-z]{1,6}|[0-9]{1,4}", fullmatch=True),
    )
    return st.lists(word, min_size=min_words, max_size=max_words).map(" ".join)


@st.composite
def uniform_case_phrase(draw: st.DrawFn) -> str:
    """A phrase whose words share one case, as real values do (TCVN3 cannot keep case)."""
    words = draw(st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=5))
    case = draw(st.sampled_from(("lower", "title", "upper")))
    if case == "title":
        return " ".join(word[:1].upper() + word[1:] for word in words)
    return " ".join(words).upper() if case == "upper" else " ".join(words)
