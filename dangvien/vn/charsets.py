"""Vietnamese legacy character tables and the code pages legacy bytes are seen through.

Legacy files (TCVN3/ABC, VNI-Windows, Windows-1258) reach us as bytes that some program already
decoded with a Western (Windows-1252), Turkish (Windows-1254) or Central-European
(Windows-1250) code page. Everything here works on that *seen* text, so each table is keyed by
code page.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from importlib import resources

__all__ = [
    "LEGACY_PAGES",
    "MOJIBAKE_PAGES",
    "Letter",
    "data_text",
    "decode_table",
    "letters",
    "reverse_table",
    "vn1_extra_bytes",
]

#: Code pages a legacy single-byte file is typically misread with.
LEGACY_PAGES: tuple[str, ...] = ("cp1252", "cp1254", "cp1250")
#: Code pages UTF-8 text is typically misread with (latin-1 is covered by cp1252's C1 fallback).
MOJIBAKE_PAGES: tuple[str, ...] = ("cp1252", "cp1250", "iso8859_2", "mac_roman")


@dataclass(frozen=True, slots=True)
class Letter:
    """One Vietnamese letter and its legacy spellings."""

    char: str
    tcvn3: bytes
    vni: bytes
    viqr: str
    cp1258: bytes


def data_text(*parts: str) -> str:
    """Text of a file vendored under ``dangvien/vn/data``."""
    return resources.files("dangvien.vn").joinpath("data", *parts).read_text(encoding="utf-8-sig")


def _hex_bytes(text: str) -> bytes:
    return bytes(int(part, 16) for part in text.split())


@functools.cache
def letters() -> tuple[Letter, ...]:
    """The 148 letters of ``data/unikey/vietnamese_charset_table.csv``."""
    reader = csv.DictReader(io.StringIO(data_text("unikey", "vietnamese_charset_table.csv")))
    return tuple(
        Letter(
            char=row["char"],
            tcvn3=_hex_bytes(row["tcvn3_hex"]),
            vni=_hex_bytes(row["vni_win_hex"]),
            viqr=row["viqr"],
            cp1258=_hex_bytes(row["cp1258_hex"]),
        )
        for row in reader
    )


@functools.cache
def vn1_extra_bytes() -> dict[int, str]:
    """TCVN 5712 (VN1) bytes for upper-case toned letters and combining tones, absent from ABC."""
    reader = csv.DictReader(
        io.StringIO(data_text("glibc-tcvn5712", "tcvn5712_vn1_extra_bytes.csv"))
    )
    return {int(row["byte_hex"], 16): row["char"] for row in reader}


@functools.cache
def decode_table(page: str) -> tuple[str, ...]:
    """Byte → character as Windows shows it; undefined bytes become the C1 control of that value.

    Windows' MultiByteToWideChar maps the five undefined Windows-1252 bytes to U+0081 etc., which is
    also what a latin-1 reader produces, so one table covers both readings.
    """
    out: list[str] = []
    for byte in range(256):
        try:
            out.append(bytes([byte]).decode(page))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return tuple(out)


@functools.cache
def reverse_table(page: str) -> dict[str, int]:
    """Character → byte for ``page``; C1 controls also map to their own byte (latin-1 reading)."""
    table = {char: byte for byte, char in enumerate(decode_table(page))}
    for byte in range(0x80, 0xA0):
        table.setdefault(chr(byte), byte)
    return table
