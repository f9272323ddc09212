"""Person names: repair, honorifics, casing, and accent-free keys.

``normalize_name("nguyễn  văn AN") == "Nguyễn Văn An"``. Keys from :func:`name_key` are for
blocking and search only: "Nguyễn Văn Ân" and "Nguyen Van An" share a key and may be two people.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dangvien.vn.keys import fold
from dangvien.vn.lexicon import surnames
from dangvien.vn.syllables import ToneStyle
from dangvien.vn.text import clean_value, repair
from dangvien.vn.tones import to_style

__all__ = [
    "NameParts",
    "may_start_title",
    "name_key",
    "name_keys",
    "normalize_name",
    "normalize_names",
    "split_name",
    "strip_honorifics",
]

# Abbreviated titles, compared folded and without dots ("Đ/c", "TS.", "PGS.TS"): never a name.
_ABBREVIATIONS = frozenset(
    {
        "dc",
        "d/c",
        "d.c",
        "mr",
        "mrs",
        "ms",
        "dr",
        "ts",
        "ths",
        "pgs",
        "gs",
        "bs",
        "ks",
        "ncs",
        "pgs.ts",
        "gs.ts",
        "pgs ts",
        "gs ts",
    }
)
# Titles in words, compared with their diacritics (lower case, new tone style).
_WORD_TITLES = frozenset(
    to_style(title, "new")
    for title in (
        "đồng chí",
        "bác sĩ",
        "kỹ sư",
        "tiến sĩ",
        "thạc sĩ",
        "giáo sư",
        "phó giáo sư",
        "đại tướng",
        "thượng tướng",
        "trung tướng",
        "thiếu tướng",
        "đại tá",
        "thượng tá",
        "trung tá",
        "thiếu tá",
        "đại úy",
        "thượng úy",
        "trung úy",
        "thiếu úy",
        "nhà giáo ưu tú",
        "nghệ sĩ ưu tú",
        "nghệ sĩ nhân dân",
        "cựu chiến binh",
        "liệt sĩ",
        "mẹ việt nam anh hùng",
    )
)
# Forms of address, compared with their diacritics: "Chú", "Cụ" and "Ông" are stripped, the
# surnames "Chu", "Chử" and "Cù" never are. Several are also names ("Ông" is a surname, "Anh" a
# given name), so one is stripped only before a known surname with at least two words left.
_ADDRESS = frozenset(
    {"ông", "bà", "anh", "chị", "cô", "chú", "bác", "cụ", "em", "thầy", "dì", "cậu"}
)
_LONGEST_TITLE = max(len(title.split()) for title in _ABBREVIATIONS | _WORD_TITLES)
# Cheap gate on the folded first word (a superset: the exact checks come after).
_FIRST_WORDS = frozenset(
    fold(title).split()[0] for title in _ABBREVIATIONS | _WORD_TITLES | _ADDRESS
)
_ABBREVIATION = re.compile(r"^[A-Za-zĐđ]{1,4}[./]")
_EDGE = " ,.;:-–—_*\"'()[]"
_TITLE = "title"  # always stripped
_ADDRESS_FORM = "address"  # stripped only before a known surname, two or more words left


@dataclass(frozen=True, slots=True)
class NameParts:
    """Surname (họ), middle name(s) (tên đệm) and given name (tên)."""

    surname: str
    middle: str
    given: str


@functools.lru_cache(maxsize=4096)
def may_start_title(word: str) -> bool:
    """Cheap gate: can a name starting with ``word`` start with a title or form of address?"""
    folded = fold(word).rstrip(".:,")
    return folded in _FIRST_WORDS or _ABBREVIATION.match(word) is not None


def strip_honorifics(name: str) -> str:
    """Drop leading titles ("Đ/c", "Thượng tá", "TS.") and, before a surname, "Ông"/"Bà"/"Chú"/…

    Words are compared with their diacritics, so a surname that folds like a form of address
    ("Chu", "Chử" ~ "Chú"; "Cù" ~ "Cụ") stays. In a name typed without any diacritics, a word that
    could be such a surname ("chu", "cu") is kept too; "ong" is treated like "Ông".
    """
    first, _, _ = name.partition(" ")
    if not may_start_title(first):
        return name
    plain = name.isascii()
    words = name.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        for size in range(min(_LONGEST_TITLE, len(words) - 1), 0, -1):
            kind = _honorific_kind(" ".join(words[:size]), plain)
            if kind == _TITLE or (
                kind == _ADDRESS_FORM and len(words) >= size + 2 and _is_surname(words[size], plain)
            ):
                words = words[size:]
                changed = True
                break
    return " ".join(words)


@functools.lru_cache(maxsize=4096)
def _honorific_kind(head: str, plain: bool) -> str | None:
    """``_TITLE``, ``_ADDRESS_FORM`` or None for the leading words ``head`` of a name."""
    folded = fold(head).rstrip(".:,")
    if folded in _ABBREVIATIONS or (
        _ABBREVIATION.match(head) is not None and folded.replace(".", "") in _ABBREVIATIONS
    ):
        return _TITLE
    word = to_style(" ".join(head.lower().split()).rstrip(".:,"), "new")
    if word in _WORD_TITLES:
        # "Đồng Chí Thanh" may be a person of the Đồng family.
        return _ADDRESS_FORM if word.split()[0] in surnames() else _TITLE
    if word in _ADDRESS:
        return _ADDRESS_FORM
    if plain:
        return _plain_honorifics().get(folded)
    return None


@functools.cache
def _plain_honorifics() -> dict[str, str]:
    """Titles and forms of address as typed without diacritics, when that stays unambiguous.

    A form of address whose folded spelling is also a different surname ("chu": "Chú" or "Chu";
    "cu": "Cụ" or "Cù") is left out; a title whose first word folds like a surname ("dong chi",
    "thieu ta") needs a surname after it, like a form of address.
    """
    other_surnames = {fold(surname) for surname in surnames() - _ADDRESS}
    plain: dict[str, str] = {}
    for title in _WORD_TITLES:
        folded = fold(title)
        first_is_surname = folded.split()[0] in {fold(surname) for surname in surnames()}
        plain[folded] = _ADDRESS_FORM if first_is_surname else _TITLE
    for address in _ADDRESS:
        if fold(address) not in other_surnames:
            plain[fold(address)] = _ADDRESS_FORM
    return plain


def _is_surname(word: str, plain: bool) -> bool:
    if plain:
        return fold(word) in _plain_surnames()
    key = to_style(word.lower(), "new")
    # "Văn"/"Thị" after "Ông"/"Bà" mean those are the surname ("Ông Văn Dũng").
    return key in surnames() and key not in ("văn", "thị")


@functools.cache
def _plain_surnames() -> frozenset[str]:
    return frozenset(fold(surname) for surname in surnames() if surname not in ("văn", "thị"))


def _title_word(word: str) -> str:
    if len(word) > 2 and word[1] == "'" and word[0].isalpha():
        # Ê Đê and Jrai names: "H'Hen", "Y'Moan".
        return word[0].upper() + "'" + word[2].upper() + word[3:].lower()
    return word[:1].upper() + word[1:].lower()


@functools.lru_cache(maxsize=1 << 17)
def _normalize(text: str, tone_style: ToneStyle) -> str:
    fast = clean_value(text, tone_style)
    repaired = (fast if fast is not None else repair(text, tone_style=tone_style).value).strip(
        _EDGE
    )
    stripped = strip_honorifics(repaired)
    if stripped.istitle() and "'" not in stripped:
        return stripped  # the common case: already "Nguyễn Văn An"
    return " ".join(_title_word(word) for word in stripped.split())


def normalize_name(text: str, *, tone_style: ToneStyle = "new") -> str:
    """Repaired, honorific-free, Title Case name in the configured tone style."""
    return _normalize(text, tone_style)


def normalize_names(values: Iterable[str], *, tone_style: ToneStyle = "new") -> list[str]:
    """Batch form of :func:`normalize_name`."""
    return [_normalize(value, tone_style) for value in values]


@functools.lru_cache(maxsize=1 << 17)
def name_key(text: str) -> str:
    """Accent-free lower-case key of the normalized name ("nguyen van an"). For blocking only."""
    return fold(_normalize(text, "new"))


def name_keys(values: Iterable[str]) -> list[str]:
    """Batch form of :func:`name_key`."""
    return [name_key(value) for value in values]


def split_name(text: str) -> NameParts:
    """Split a normalized name: first word is the surname, last the given name."""
    words = normalize_name(text).split()
    if not words:
        return NameParts("", "", "")
    if len(words) == 1:
        return NameParts("", "", words[0])
    return NameParts(words[0], " ".join(words[1:-1]), words[-1])
