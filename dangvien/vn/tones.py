"""Tone-mark placement: old ("hòa", "thủy") and new ("hoà", "thuỷ") styles, and invalid placements.

Every syllable is re-spelled from its parsed form, so a tone on a wrong letter ("Qúy", "tíên") is
moved to where the configured style puts it. Words that are not Vietnamese syllables are left alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from dangvien.vn.syllables import ToneStyle, compose, parse, strip_marks, tone_position

__all__ = ["STYLES", "compare_key", "fix_word", "is_styled", "to_style"]

STYLES: tuple[ToneStyle, ...] = ("old", "new")

_WORD = re.compile(r"[^\W\d_]+")
# Precomposed letters that carry a tone: only words containing one can change.
_TONED = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
)
_TONED_CLASS = re.compile("[" + "".join(sorted(_TONED)) + "]")


@functools.lru_cache(maxsize=1 << 16)
def fix_word(word: str, style: ToneStyle) -> str:
    """``word`` (one NFC syllable) with its tone on the letter ``style`` puts it on."""
    syllable = parse(word)
    if syllable is None or not syllable.tone:
        return word
    stripped = strip_marks(word)
    if stripped is None:
        return word
    bare, tone, _ = stripped
    if syllable.initial == "gi" and not syllable.rhyme:
        target = 1
    else:
        target = len(syllable.initial) + tone_position(syllable, style)
    return bare[:target] + compose(bare[target], tone) + bare[target + 1 :]


def _fix_old(match: re.Match[str]) -> str:
    return fix_word(match.group(0), "old")


def _fix_new(match: re.Match[str]) -> str:
    return fix_word(match.group(0), "new")


_FIXERS = {"old": _fix_old, "new": _fix_new}


def to_style(text: str, style: ToneStyle) -> str:
    """``text`` with every syllable's tone placed per ``style`` ("old" | "new"); NFC in and out.

    >>> to_style("Thủy Hòa", "new")
    'Thuỷ Hoà'
    >>> to_style("Qúy", "old")
    'Quý'
    """
    if style not in _FIXERS:
        raise ValueError(f"tone style must be 'old' or 'new', not {style!r}")
    if text.isascii() or _TONED_CLASS.search(text) is None:
        return text
    return _WORD.sub(_FIXERS[style], text)


def is_styled(text: str, style: ToneStyle) -> bool:
    """True when ``to_style`` would not change ``text``."""
    return to_style(text, style) == text


def compare_key(text: str) -> str:
    """A key under which spellings differing only in tone style, case or spacing are equal.

    Diacritics are kept (this is not the accent-free search key): "Hòa" and "hoà" share a key,
    "Hoà" and "Hoa" do not.
    """
    normalized = unicodedata.normalize("NFC", text)
    return " ".join(to_style(normalized, "new").casefold().split())
