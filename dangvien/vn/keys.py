"""Accent-free keys for blocking and search ("Nguyễn Văn Ân" → "nguyen van an").

A folded key throws information away on purpose: use it to find candidates, never to decide that
two people are the same.
"""

from __future__ import annotations

import unicodedata

__all__ = ["FOLD_FROM", "FOLD_TO", "fold", "fold_chars"]


def _build() -> tuple[dict[int, str], list[str], list[str]]:
    table: dict[int, str] = {}
    sources: list[str] = []
    targets: list[str] = []
    for code in list(range(0xC0, 0x250)) + list(range(0x1EA0, 0x1F00)):
        char = chr(code)
        if not char.isalpha():
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if char in "Đđ":
            base = "D" if char == "Đ" else "d"
        if base != char and base.isascii() and base:
            table[code] = base
            sources.append(char)
            targets.append(base)
    return table, sources, targets


_TABLE, _SOURCES, _TARGETS = _build()
#: Parallel lists for vectorized folding (e.g. Polars ``str.replace_many``).
FOLD_FROM: tuple[str, ...] = tuple(_SOURCES)
FOLD_TO: tuple[str, ...] = tuple(_TARGETS)
_COMBINING = dict.fromkeys(range(0x300, 0x370), None)


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of ``text`` (NFC or NFD input)."""
    folded = text.translate(_TABLE)
    if not folded.isascii():
        folded = unicodedata.normalize("NFD", folded).translate(_COMBINING).translate(_TABLE)
    return " ".join(folded.lower().split())


def fold_chars(text: str) -> str:
    """Accent-free lower case, one character out per character in (NFC input): offsets hold."""
    return text.translate(_TABLE).lower()
