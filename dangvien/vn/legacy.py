"""Strict table encoders and decoders for TCVN3 (ABC), VNI-Windows, VIQR and Windows-1258.

``encode`` turns Unicode into the text a legacy file *looks like* after it was read with a Windows
code page (the demo generator plants such defects); ``decode`` is its exact inverse. Neither
guesses:
deciding whether a value is legacy text at all is the job of :mod:`dangvien.vn.text`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Literal

from dangvien.vn.charsets import decode_table, letters, reverse_table, vn1_extra_bytes

__all__ = ["SCHEMES", "Scheme", "decode", "decode_bytes", "encode", "encode_bytes"]

Scheme = Literal["tcvn3", "vni", "viqr", "cp1258"]
SCHEMES: tuple[Scheme, ...] = ("tcvn3", "vni", "viqr", "cp1258")
Errors = Literal["strict", "keep", "replace"]

# VIQR (RFC 1456) marks; a backslash makes the next one literal.
_VIQR_MARKS = "^(+`'?~."
_VIQR_VOWELS = "aeiouyAEIOUY"


@functools.cache
def _unicode_to_bytes(scheme: Scheme) -> dict[str, bytes]:
    """Vietnamese letter → legacy bytes (TCVN3/VNI/Windows-1258)."""
    table: dict[str, bytes] = {}
    for letter in letters():
        table[letter.char] = getattr(letter, scheme)
    return table


@functools.cache
def _viqr_table() -> dict[str, str]:
    return {letter.char: letter.viqr for letter in letters()}


def encode_bytes(text: str, scheme: Scheme, *, errors: Errors = "strict") -> bytes:
    """Legacy bytes of ``text`` (VIQR gives ASCII bytes).

    Characters the scheme cannot hold raise ``ValueError`` (``errors="strict"``), are written
    through Windows-1252 when possible (``"keep"``) or become ``?`` (``"replace"``).
    """
    if scheme == "viqr":
        return _encode_viqr(text, errors).encode(
            "ascii", "replace" if errors != "strict" else "strict"
        )
    table = _unicode_to_bytes(scheme)
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        if char in table:
            out += table[char]
        elif char.isascii():
            out += char.encode("ascii")
        elif errors == "strict":
            raise ValueError(f"{scheme} cannot represent {char!r} (U+{ord(char):04X})")
        elif errors == "keep" and char in reverse_table("cp1252"):
            out.append(reverse_table("cp1252")[char])
        else:
            out += b"?"
    return bytes(out)


def encode(
    text: str, scheme: Scheme, *, codepage: str = "cp1252", errors: Errors = "strict"
) -> str:
    """``text`` as it looks after its legacy bytes were read with ``codepage``.

    >>> encode("Đồng", "tcvn3")
    '§ång'
    >>> encode("Nguyễn", "vni")
    'Nguyeãn'

    TCVN3 here is the one-font ABC table, where upper-case toned letters share the lower-case byte
    (``encode("Ấ", "tcvn3") == encode("ấ", "tcvn3")``), exactly as ``.VnTime`` files store them.
    """
    if scheme == "viqr":
        return _encode_viqr(text, errors)
    table = decode_table(codepage)
    return "".join(table[byte] for byte in encode_bytes(text, scheme, errors=errors))


def _encode_viqr(text: str, errors: Errors) -> str:
    table = _viqr_table()
    pieces: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in table:
            spelled = table[char]
        elif char.isascii():
            spelled = char
        elif errors == "strict":
            raise ValueError(f"viqr cannot represent {char!r} (U+{ord(char):04X})")
        else:
            spelled = char if errors == "keep" else "?"
        pieces.append(spelled)
    # Escape literals the decoder would otherwise absorb: mark characters, backslashes before
    # something escapable, and a literal d/D followed by another d/D.
    out: list[str] = []
    for index, spelled in enumerate(pieces):
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        previous = out[-1][-1:] if out else ""
        if spelled in _VIQR_MARKS and previous and previous in _VIQR_VOWELS + "^(+":
            out.append("\\" + spelled)
        elif spelled == "\\" and following[:1] in (*_VIQR_MARKS, "\\", "d", "D"):
            out.append("\\\\")
        elif spelled in ("d", "D") and following[:1] in ("d", "D"):
            out.append("\\" + spelled)
        else:
            out.append(spelled)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Decoding


@functools.cache
def _tcvn3_translation(codepage: str) -> dict[int, str]:
    """Seen character → Unicode for TCVN3 read with ``codepage`` (ABC plus the VN1 extras)."""
    by_byte: dict[int, str] = {}
    for letter in letters():
        if len(letter.tcvn3) == 1 and letter.tcvn3[0] >= 0x80 and letter.char.islower():
            by_byte[letter.tcvn3[0]] = letter.char
        elif len(letter.tcvn3) == 1 and letter.tcvn3[0] >= 0x80:
            by_byte.setdefault(letter.tcvn3[0], letter.char)
    for byte, char in vn1_extra_bytes().items():
        by_byte.setdefault(byte, char)
    return _seen_translation(by_byte, codepage)


def _seen_translation(by_byte: Mapping[int, str], codepage: str) -> dict[int, str]:
    seen = decode_table(codepage)
    table: dict[int, str] = {}
    for byte, char in by_byte.items():
        table[ord(seen[byte])] = char
        if 0x80 <= byte < 0xA0:
            # The same byte read as latin-1 (raw C1 control) decodes the same way.
            table.setdefault(byte, char)
    return table


@functools.cache
def _vni_sequences(codepage: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Regex over seen VNI sequences (longest first) and the sequence → letter map."""
    seen = decode_table(codepage)
    table: dict[str, str] = {}
    for letter in letters():
        if letter.char.isascii():
            continue
        table.setdefault("".join(seen[byte] for byte in letter.vni), letter.char)
        raw = "".join(chr(byte) if 0x80 <= byte < 0xA0 else seen[byte] for byte in letter.vni)
        table.setdefault(raw, letter.char)
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(key) for key in keys))
    return pattern, table


@functools.cache
def _cp1258_translation(codepage: str) -> dict[int, str]:
    """Seen character → Unicode (possibly a combining mark) for Windows-1258 bytes."""
    by_byte: dict[int, str] = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode("cp1258")
        except UnicodeDecodeError:
            continue
        if char != decode_table(codepage)[byte]:
            by_byte[byte] = char
    return _seen_translation(by_byte, codepage)


_VIQR_PATTERN = re.compile(
    r"\\(?P<escaped>[\\^(+`'?~.dD])"
    r"|(?P<dd>[dD][dD])"
    r"|(?P<vowel>[aeiouyAEIOUY])(?P<mark>[\^(+])?(?P<tone>[`'?~.])?"
)
_VIQR_MARK_OK = {
    ("a", "^"),
    ("a", "("),
    ("e", "^"),
    ("o", "^"),
    ("o", "+"),
    ("u", "+"),
}
_VIQR_TONE_COMBINING = {"`": "\u0300", "'": "\u0301", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_MARK_COMBINING = {"^": "\u0302", "(": "\u0306", "+": "\u031b"}


def _viqr_letter(vowel: str, mark: str, tone: str) -> str:
    composed = vowel + _VIQR_MARK_COMBINING.get(mark, "") + _VIQR_TONE_COMBINING.get(tone, "")
    return unicodedata.normalize("NFC", composed)


def _viqr_replace(match: re.Match[str]) -> str:
    if match.group("escaped") is not None:
        return match.group("escaped")
    dd = match.group("dd")
    if dd is not None:
        return "Đ" if dd[0] == "D" else "đ"
    vowel = match.group("vowel")
    mark = match.group("mark") or ""
    tone = match.group("tone") or ""
    if mark and (vowel.lower(), mark) not in _VIQR_MARK_OK:
        # Not a VIQR vowel mark here: leave the mark literal, still apply nothing else.
        return match.group(0)
    return _viqr_letter(vowel, mark, tone)


def _decode_viqr(text: str) -> str:
    return _VIQR_PATTERN.sub(_viqr_replace, text)


def decode(seen: str, scheme: Scheme, *, codepage: str = "cp1252") -> str:
    """Exact inverse of :func:`encode`: decode every legacy sequence in ``seen`` (NFC result).

    Characters that are not part of a legacy sequence are kept, so already-Unicode letters in a
    mixed value survive. This is a table decoder; use :func:`dangvien.vn.text.repair` to decide
    whether a value is legacy text at all.
    """
    if scheme == "viqr":
        return _decode_viqr(seen)
    if scheme == "tcvn3":
        decoded = seen.translate(_tcvn3_translation(codepage))
    elif scheme == "vni":
        pattern, table = _vni_sequences(codepage)
        decoded = pattern.sub(_lookup(table), seen)
    elif scheme == "cp1258":
        decoded = seen.translate(_cp1258_translation(codepage))
    else:
        raise ValueError(f"unknown scheme {scheme!r}")
    return unicodedata.normalize("NFC", decoded)


def _lookup(table: dict[str, str]) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return table[match.group(0)]

    return replace


def decode_bytes(data: bytes, scheme: Scheme) -> str:
    """Decode raw legacy bytes (as read from a legacy file)."""
    if scheme == "viqr":
        return _decode_viqr(data.decode("ascii", "replace"))
    if scheme == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", "replace"))
    return decode("".join(decode_table("cp1252")[byte] for byte in data), scheme)
