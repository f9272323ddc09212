"""A model of the Vietnamese syllable: initial consonant, rhyme (vần) and tone.

Used to decide whether a token is plausible Vietnamese (so a legacy-font decoding can be preferred
over the text as seen, or rejected), and where a tone mark belongs. Placement is checked separately
from validity so that "Qúy" is a valid syllable whose tone is misplaced.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "TONE_MARKS",
    "Syllable",
    "ToneStyle",
    "compose",
    "is_syllable",
    "is_vietnamese_word",
    "parse",
    "strip_marks",
    "tone_position",
]

ToneStyle = Literal["old", "new"]

#: Combining tone marks: huyền, sắc, hỏi, ngã, nặng.
TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_VOWEL_BASES = "aăâeêioôơuưy"
_MARKED_VOWELS = "ăâêôơư"
_STOP_FINALS = ("c", "ch", "p", "t")

_INITIALS = (
    "ngh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ng",
    "nh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)

_RHYMES = frozenset(
    # The rhyme table reads best as text, one initial vowel per line.
    """
    a ai ao au ay am an ang anh ac ach ap at
    ăm ăn ăng ăc ăp ăt
    âm ân âng âc âp ât âu ây
    e eo em en eng ec ep et
    ê êu êm ên ênh êch êp êt
    i ia iu im in inh ich ip it
    iêu iêm iên iêng iêc iêp iêt
    yêu yêm yên yêng yêt
    y
    o oi om on ong oc op ot oong ooc
    oa oai oay oam oan oang oanh oac oach oap oat oăm oăn oăng oăc oăt
    oe oeo oen oet
    ô ôi ôm ôn ông ôc ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua ui um un ung uc up ut
    uân uâng uât uây
    uê uênh uêch
    uôi uôm uôn uông uôc uôt
    uơ
    uy uya uyu uynh uych uyt uyn uyp uyên uyêt
    ư ưa ưi ưu ưm ưn ưng ưc ưt
    ươi ươu ươm ươn ương ươc ươp ươt
    """.split()  # noqa: SIM905
)

# Toned/marked vowel → (base letter keeping its vowel mark, combining tone or "").
_SPLIT: dict[str, tuple[str, str]] = {}
_COMPOSE: dict[tuple[str, str], str] = {}
for _base in _VOWEL_BASES + _VOWEL_BASES.upper():
    _SPLIT[_base] = (_base, "")
    _COMPOSE[(_base, "")] = _base
    for _tone in TONE_MARKS:
        _char = unicodedata.normalize("NFC", _base + _tone)
        _SPLIT[_char] = (_base, _tone)
        _COMPOSE[(_base, _tone)] = _char


@dataclass(frozen=True, slots=True)
class Syllable:
    """A parsed syllable (lower-case, tone removed)."""

    initial: str
    rhyme: str
    tone: str  # combining mark or ""
    vowels: str  # the vowel nucleus of the rhyme (with medial)
    final: str


def strip_marks(word: str) -> tuple[str, str, int] | None:
    """``(word without tone, tone, index of the toned letter)``; None if two letters carry one."""
    tone = ""
    index = -1
    chars: list[str] = []
    for position, char in enumerate(word):
        split = _SPLIT.get(char)
        if split is None or not split[1]:
            chars.append(char)
            continue
        if tone:
            return None
        chars.append(split[0])
        tone = split[1]
        index = position
    return "".join(chars), tone, index


def compose(base: str, tone: str) -> str:
    """The letter ``base`` carrying ``tone`` (``base`` may be upper case)."""
    return _COMPOSE.get((base, tone), base)


def _split_rhyme(rhyme: str) -> tuple[str, str]:
    index = 0
    while index < len(rhyme) and rhyme[index] in _VOWEL_BASES:
        index += 1
    return rhyme[:index], rhyme[index:]


def _rhyme_ok(initial: str, rhyme: str) -> bool:
    if initial == "qu":
        return ("u" + rhyme) in _RHYMES or (rhyme in _RHYMES and rhyme[:1] in "aăâeêiyơ")
    if initial == "gi":
        if rhyme == "":
            return True
        if rhyme[0] not in _VOWEL_BASES:
            return False  # "gìn" is g + in, tried later
        return (rhyme in _RHYMES and rhyme[0] != "i") or ("i" + rhyme) in _RHYMES
    if rhyme not in _RHYMES:
        return False
    first = rhyme[0]
    front = first in "eêiy"
    if initial == "k":
        return front
    if initial in ("c", "ng", "g"):
        return not (first in "eê" or (first == "i" and initial != "g") or first == "y")
    if initial in ("gh", "ngh"):
        return first in "eêi"
    if rhyme.startswith("yê"):
        return initial == ""
    if rhyme.startswith("iê"):
        return initial != ""
    return True


@functools.lru_cache(maxsize=1 << 16)
def parse(word: str) -> Syllable | None:
    """Parse one syllable (any case, NFC, tone anywhere); None when it is not Vietnamese."""
    stripped = strip_marks(word.lower())
    if stripped is None:
        return None
    bare, tone, _ = stripped
    if not bare:
        return None
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rhyme = bare[len(initial) :]
        if not rhyme and initial != "gi":
            continue
        if not _rhyme_ok(initial, rhyme):
            continue
        if initial == "gi" and not rhyme:
            vowels, final = "i", ""
        else:
            vowels, final = _split_rhyme(rhyme)
        if final in _STOP_FINALS and tone not in ("", "\u0301", "\u0323"):
            continue
        return Syllable(initial=initial, rhyme=rhyme, tone=tone, vowels=vowels, final=final)
    return None


def _case_ok(word: str) -> bool:
    if word.islower() or word.isupper():
        return True
    return word[0].isupper() and (len(word) == 1 or word[1:].islower())


@functools.lru_cache(maxsize=1 << 16)
def is_syllable(word: str) -> bool:
    """True for a Vietnamese syllable written in lower, UPPER or Title case."""
    if not word or not word.isalpha() or not _case_ok(word):
        return False
    return parse(word) is not None


_EDGE_PUNCTUATION = "\"'()[]{}<>,.;:!?-–—/“”‘’*"


@functools.lru_cache(maxsize=1 << 16)
def is_vietnamese_word(token: str) -> bool:
    """True when every hyphen/slash-separated part of ``token`` is a syllable or a plain ASCII word.

    Edge punctuation is ignored; at least one part must contain a non-ASCII Vietnamese letter, so
    an ASCII token is never "Vietnamese" here (it is neutral evidence).
    """
    core = token.strip(_EDGE_PUNCTUATION)
    if not core:
        return False
    saw_vietnamese = False
    for part in core.replace("/", "-").split("-"):
        if not part:
            continue
        if part.isascii():
            if not part.isalnum():
                return False
            continue
        if len(part) == 1 and part.isalpha():
            # A one-letter abbreviation: "Đ/c" (đồng chí), "Đ." in an address.
            saw_vietnamese = True
            continue
        if not is_syllable(part):
            return False
        saw_vietnamese = True
    return saw_vietnamese


def tone_position(syllable: Syllable, style: ToneStyle) -> int:
    """Index in ``syllable.rhyme`` (or 0 for "gi" + tone) of the letter that carries the tone.

    Marked vowels (ă â ê ô ơ ư) take the tone, the last one in "ươ"; otherwise the last vowel before
    a final consonant; in open syllables the middle of three vowels, and for two vowels the first,
    except "oa", "oe", "uy" whose second vowel takes it in the new style (hoà, khoẻ, thuỷ).
    """
    vowels = syllable.vowels
    if syllable.initial == "gi" and not syllable.rhyme:
        return 0
    marked = [index for index, char in enumerate(vowels) if char in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if syllable.final:
        return len(vowels) - 1
    if len(vowels) == 1:
        return 0
    if len(vowels) == 3:
        return 1
    if style == "new" and vowels in ("oa", "oe", "uy"):
        return 1
    return 0
