"""Character-level cleanup of one value: NFC, stray controls, odd spaces and confusable letters.

This is the "text as seen" reading of a value; legacy-font decoders in :mod:`dangvien.vn.detect`
compete against it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["Cleaned", "clean", "split_tokens"]

# Whitespace used to cut a value into tokens. NBSP (U+00A0) and NEL (U+0085) are deliberately
# absent: both are bytes of UTF-8 mojibake ("à" read as Windows-1252 is "Ã" + NBSP).
_TOKEN_SPLIT = re.compile(r"[ \t\n\r\f\v\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad"), None)
_SPACES = dict.fromkeys(
    map(ord, "\t\n\r\f\v\u00a0\u0085\u1680\u2028\u2029\u202f\u205f\u3000"), " "
) | dict.fromkeys(range(8192, 8203), " ")
_CONTROLS = {
    code: None
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]
    if chr(code) not in "\t\n\r\f\v\x85"
}
# Letters that render like Đ/đ: Icelandic eth, African D, retroflex d.
_D_CONFUSABLES = {0x00D0: "Đ", 0x0189: "Đ", 0x00F0: "đ", 0x0256: "đ"}
_D_STROKE = re.compile(r"([Dd])[\u0335\u0336]")
# Cyrillic and Greek letters that look like Latin ones; replaced only inside Latin words.
_HOMOGLYPHS = str.maketrans(
    "АВЕКМНОРСТХаеорсухіјѕІЈЅԁԛԝΑΒΕΗΙΚΜΝΟΡΤΥΧΖονі",
    "ABEKMHOPCTXaeopcyxijsIJSdqwABEHIKMNOPTYXZovi",
)
_HOMOGLYPH_CHARS = frozenset("АВЕКМНОРСТХаеорсухіјѕІЈЅԁԛԝΑΒΕΗΙΚΜΝΟΡΤΥΧΖονі")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


class Cleaned:
    """Result of :func:`clean`: the text and the codes of what was fixed."""

    __slots__ = ("fixes", "text")

    def __init__(self, text: str, fixes: tuple[str, ...]) -> None:
        self.text = text
        self.fixes = fixes


def split_tokens(value: str) -> list[str]:
    """Tokens of ``value`` cut at whitespace other than NBSP/NEL (see module comment)."""
    return [token for token in _TOKEN_SPLIT.split(value) if token]


def _latin_word_homoglyphs(match: re.Match[str]) -> str:
    word = match.group(0)
    if any(char in _HOMOGLYPH_CHARS for char in word) and any(
        "LATIN" in unicodedata.name(char, "") for char in word if char.isalpha()
    ):
        return word.translate(_HOMOGLYPHS)
    return word


_WORD = re.compile(r"[^\W\d_]+")


def clean(value: str) -> Cleaned:
    """NFC, controls and zero-width characters removed, spaces collapsed, Đ look-alikes fixed."""
    fixes: list[str] = []
    text = value
    if not text.isascii():
        stripped = text.translate(_ZERO_WIDTH)
        if stripped != text:
            fixes.append("zero-width")
            text = stripped
        widened = text.translate(_FULLWIDTH)
        if widened != text:
            fixes.append("fullwidth")
            text = widened
    spaced = text.translate(_SPACES)
    respaced = spaced != text
    decontrolled = spaced.translate(_CONTROLS)
    if decontrolled != spaced:
        fixes.append("control-chars")
    text = decontrolled
    if not text.isascii():
        if _D_STROKE.search(text):
            text = _D_STROKE.sub(lambda m: "Đ" if m.group(1) == "D" else "đ", text)
            fixes.append("confusable-d")
        composed = unicodedata.normalize("NFC", text)
        if composed != text:
            fixes.append("nfc")
            text = composed
        dfixed = text.translate(_D_CONFUSABLES)
        if dfixed != text:
            fixes.append("confusable-d")
            text = dfixed
        if not _HOMOGLYPH_CHARS.isdisjoint(text):
            latin = _WORD.sub(_latin_word_homoglyphs, text)
            if latin != text:
                fixes.append("confusable-letters")
                text = latin
    collapsed = " ".join(part for part in text.split(" ") if part)
    if collapsed != text or respaced:
        fixes.append("whitespace")
    return Cleaned(collapsed, tuple(dict.fromkeys(fixes)))
