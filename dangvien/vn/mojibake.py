"""Undo UTF-8 text that was read with a single-byte code page ("Thá»§ Ä‘Ã´" → "Thủ đô").

Only sequences that form valid UTF-8 once mapped back to bytes are touched, so clean text and the
parts of a mixed value that are already Unicode pass through unchanged.
"""

from __future__ import annotations

import functools
import re

from dangvien.vn.charsets import MOJIBAKE_PAGES, reverse_table

__all__ = ["PAGE_LABELS", "undo"]

#: Label used in ``Repair.detected`` for each page.
PAGE_LABELS = {
    "cp1252": "utf8-mojibake-cp1252",
    "latin-1": "utf8-mojibake-latin1",
    "cp1250": "utf8-mojibake-cp1250",
    "iso8859_2": "utf8-mojibake-latin2",
    "mac_roman": "utf8-mojibake-macroman",
}


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(re.escape(char) for char in sorted(set(chars))) + "]"


@functools.cache
def _pattern(page: str) -> tuple[re.Pattern[str], dict[str, int]]:
    if page not in MOJIBAKE_PAGES:
        raise ValueError(f"unknown code page {page!r}")
    table = reverse_table(page)
    by_range: dict[str, list[str]] = {"cont": [], "lead2": [], "lead3": [], "lead4": []}
    for char, byte in table.items():
        if 0x80 <= byte <= 0xBF:
            by_range["cont"].append(char)
        elif 0xC2 <= byte <= 0xDF:
            by_range["lead2"].append(char)
        elif 0xE0 <= byte <= 0xEF:
            by_range["lead3"].append(char)
        elif 0xF0 <= byte <= 0xF4:
            by_range["lead4"].append(char)
    cont = _char_class(by_range["cont"])
    pattern = re.compile(
        f"{_char_class(by_range['lead2'])}{cont}"
        f"|{_char_class(by_range['lead3'])}{cont}{{2}}"
        f"|{_char_class(by_range['lead4'])}{cont}{{3}}"
    )
    return pattern, table


def undo(text: str, page: str) -> str:
    """``text`` with every UTF-8 sequence seen through ``page`` decoded (at most two passes)."""
    pattern, table = _pattern(page)

    def replace(match: re.Match[str]) -> str:
        raw = bytes(table[char] for char in match.group(0))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)

    once = pattern.sub(replace, text)
    if once == text:
        return text
    # Text that went through two misreadings (UTF-8 → cp1252 → UTF-8 → cp1252) needs a second pass.
    twice = pattern.sub(replace, once)
    return twice
