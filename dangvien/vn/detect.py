"""Decide, per value, whether it is legacy-font text, UTF-8 mojibake or clean Unicode.

Each token is read every possible way (as seen, and through every decoder) and each reading is
judged by the syllable model. A decoder wins a value when it turns tokens that are not Vietnamese
into Vietnamese ("L" tokens). Tokens that are valid Unicode under the plain reading and that no
decoder needs ("U" tokens) mark a mixed value: then only the L tokens are decoded, so "Hoàng" (also
valid VNI for "Hồng") survives next to a VNI fragment, while in an all-VNI value it is decoded.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from dangvien.vn import legacy, mojibake
from dangvien.vn.cleanup import clean, split_tokens
from dangvien.vn.lexicon import word_hits
from dangvien.vn.syllables import is_vietnamese_word

__all__ = ["DECODERS", "Decision", "Decoder", "TokenView", "decide", "token_view"]

# Kinds of a reading of a token.
VIET, PLAIN, BAD = 2, 1, 0
# Categories of a token under one decoder.
NEUTRAL, LEGACY, AMBIGUOUS, UNICODE, GARBAGE = "N", "L", "A", "U", "X"


@dataclass(frozen=True, slots=True)
class Decoder:
    label: str  # value of Repair.detected
    scheme: str  # tcvn3 | vni | cp1258 | viqr | utf8
    page: str | None
    decode: Callable[[str], str]


def _legacy(scheme: legacy.Scheme, page: str) -> Callable[[str], str]:
    def decode(token: str) -> str:
        return legacy.decode(token, scheme, codepage=page)

    return decode


def _utf8(page: str) -> Callable[[str], str]:
    def decode(token: str) -> str:
        return mojibake.undo(token, page)

    return decode


def _viqr(token: str) -> str:
    return legacy.decode(token, "viqr")


# Order breaks ties: mojibake is the most specific signal, then the fonts common in the North (ABC)
# and the South (VNI), then Windows-1258 and VIQR.
DECODERS: tuple[Decoder, ...] = (
    Decoder("utf8-mojibake-cp1252", "utf8", "cp1252", _utf8("cp1252")),
    Decoder("utf8-mojibake-latin2", "utf8", "iso8859_2", _utf8("iso8859_2")),
    Decoder("utf8-mojibake-cp1250", "utf8", "cp1250", _utf8("cp1250")),
    Decoder("utf8-mojibake-macroman", "utf8", "mac_roman", _utf8("mac_roman")),
    Decoder("tcvn3", "tcvn3", "cp1252", _legacy("tcvn3", "cp1252")),
    Decoder("vni", "vni", "cp1252", _legacy("vni", "cp1252")),
    Decoder("tcvn3", "tcvn3", "cp1254", _legacy("tcvn3", "cp1254")),
    Decoder("vni", "vni", "cp1254", _legacy("vni", "cp1254")),
    Decoder("tcvn3", "tcvn3", "cp1250", _legacy("tcvn3", "cp1250")),
    Decoder("vni", "vni", "cp1250", _legacy("vni", "cp1250")),
    Decoder("cp1258", "cp1258", "cp1252", _legacy("cp1258", "cp1252")),
    Decoder("viqr", "viqr", None, _viqr),
)


def _kind(text: str) -> int:
    """VIET when every word is Vietnamese or plain ASCII and one is Vietnamese; PLAIN for ASCII."""
    if not text:
        return PLAIN
    saw_viet = False
    for word in text.split(" "):
        if word.isascii():
            core = word.strip("\"'()[]{}<>,.;:!?-/*&")
            if _VIQR_INSIDE.search(core):
                return BAD  # a VIQR mark inside a word ("tra.ch", "Vie^t")
            if "'" in core and not _ETHNIC_APOSTROPHE.fullmatch(core):
                return BAD  # VIQR acute inside a word ("tha'c"), not "H'Hen"/"K'Ho"
            if core and not all(part.isalnum() for part in re.split(r"[-/.,&']", core) if part):
                return BAD
            continue
        if _ABBREVIATION.fullmatch(word.strip("\"'()[]{}<>,.;:!?-/*&")):
            continue  # "SĐT", "ĐDCN", "HĐND": upper-case consonant abbreviations, not syllables
        if not is_vietnamese_word(word):
            return BAD
        saw_viet = True
    return VIET if saw_viet else PLAIN


# Vowel-less upper-case words (with Đ) are abbreviations in Vietnamese lists: "SĐT", "TĐVH".
_ABBREVIATION = re.compile(r"[BCDĐGHKLMNPQRSTVX]{2,6}(?:[/-][BCDĐGHKLMNPQRSTVX]{1,6})*")
_VIQR_INSIDE = re.compile(r"[aeiouyAEIOUY][\^(+`~]|[aeiouyAEIOUY][.'?][A-Za-z]")
_ETHNIC_APOSTROPHE = re.compile(r"(?:[A-Za-z]'[A-Za-z0-9]+[-.]?)+")
_LOST_U_VOWEL = re.compile(r"(?<![uưUƯ])([ơờớởỡợƠỜỚỞỠỢ])")


def _restore_tcvn3_u(token: str) -> str | None:
    """Re-insert the TCVN3 "ư" (byte 0xAD, often stripped) where that alone makes a syllable."""
    for match in _LOST_U_VOWEL.finditer(token):
        index = match.start()
        letter = "Ư" if match.group(1).isupper() else "ư"
        candidate = token[:index] + letter + token[index:]
        if _kind(candidate) == VIET:
            return candidate
    # "Hng" → "Hưng": consonants only, ending in "ng".
    for word in token.split(" "):
        core = word.strip(".,;:")
        if (
            len(core) >= 3
            and core.lower().endswith("ng")
            and not any(char.lower() in "aăâeêioôơuưy" for char in core)
        ):
            candidate = token.replace(
                core, core[:-2] + ("Ư" if core.isupper() else "ư") + core[-2:], 1
            )
            if _kind(candidate) == VIET:
                return candidate
    return None


def _upper_tcvn3(original: str, decoded: str) -> str | None:
    """Upper-case a decoded TCVN3 token whose ASCII letters are all capitals ("NGUYÔN")."""
    if any(char.isascii() and char.islower() for char in original):
        return None
    # Capitals that TCVN3 keeps (ASCII, and Ă Â Ê Ô Ơ Ư Đ which have their own bytes): one after
    # the first letter means an upper-case word ("ÊM" is "ẤM"), a first one alone may be Title.
    if not any(char.isupper() for char in decoded[1:]):
        return None
    upper = decoded.upper()
    return upper if upper != decoded else None


@dataclass(frozen=True, slots=True)
class Reading:
    """One decoder's reading of a token."""

    text: str
    kind: int
    fixes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TokenView:
    """Every reading of one token: as seen (cleaned) and through each decoder (None = unchanged)."""

    raw: str
    clean: str
    clean_fixes: tuple[str, ...]
    clean_kind: int
    readings: tuple[Reading | None, ...]
    # Per decoder: could the unchanged token be that decoder's seen text? (Windows-1258 shares
    # â ê ô … with Unicode, so "biên" is no evidence against it.)
    consistent: tuple[bool, ...] = ()

    def category(self, index: int) -> str:
        reading = self.readings[index]
        if reading is None:
            if self.consistent and self.consistent[index]:
                return NEUTRAL
            return UNICODE if self.clean_kind == VIET else NEUTRAL
        if self.clean_kind == BAD:
            return LEGACY if reading.kind != BAD else GARBAGE
        if reading.kind != BAD:
            return AMBIGUOUS
        return UNICODE if self.clean_kind == VIET else NEUTRAL


def _read(decoder: Decoder, token: str) -> Reading | None:
    decoded = decoder.decode(token)
    # A TCVN3 word may decode to itself yet be upper case read as lower ("TUý" is "TUÝ").
    if decoded == token and (decoder.scheme != "tcvn3" or token.isascii()):
        return None
    cleaned = clean(decoded)
    text = cleaned.text
    fixes: list[str] = []
    if decoder.scheme == "tcvn3":
        upper = _upper_tcvn3(token, text)
        if upper is not None:
            text = upper
            fixes.append("tcvn3-upper-guessed")
        elif decoded == token:
            return None  # nothing TCVN3-specific: the plain reading covers it
    kind = _kind(text)
    if kind == BAD and decoder.scheme == "tcvn3":
        restored = _restore_tcvn3_u(text)
        if restored is not None:
            text, kind = restored, VIET
            fixes.append("tcvn3-lost-u")
    if text == token:
        return None
    return Reading(text=text, kind=kind, fixes=tuple(fixes))


@functools.lru_cache(maxsize=1 << 16)
def token_view(token: str) -> TokenView:
    """All readings of ``token`` (cached: tokens repeat across millions of values)."""
    cleaned = clean(token)
    readings = tuple(_read(decoder, token) for decoder in DECODERS)
    # A control character or U+FFFD inside a word is itself evidence of a broken reading.
    damaged = _DAMAGE.search(token) is not None
    return TokenView(
        raw=token,
        clean=cleaned.text,
        clean_fixes=cleaned.fixes,
        clean_kind=BAD if damaged else _kind(cleaned.text),
        readings=readings,
        consistent=tuple(_consistent(decoder, token) for decoder in DECODERS),
    )


def _consistent(decoder: Decoder, token: str) -> bool:
    """Could ``token`` be what ``decoder``'s legacy encoding looks like, unchanged by decoding?"""
    if decoder.scheme not in ("tcvn3", "vni", "cp1258") or token.isascii():
        return False
    try:
        return legacy.encode(token, decoder.scheme, codepage=decoder.page or "cp1252") == token  # type: ignore[arg-type]
    except ValueError:
        return False


_DAMAGE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\ufffd]")


@dataclass(frozen=True, slots=True)
class Decision:
    """Outcome for a whole value."""

    decoder: Decoder | None
    tokens: tuple[str, ...]  # the chosen text of each token
    mixed: bool
    confidence: float
    fixes: tuple[str, ...]
    alternatives: tuple[tuple[str, str], ...]  # (label, text) of tied readings
    ambiguous_clean: tuple[str, str] | None  # (label, text) of a valid legacy reading of clean text


def _counts(views: list[TokenView], index: int) -> dict[str, int]:
    counts = dict.fromkeys((NEUTRAL, LEGACY, AMBIGUOUS, UNICODE, GARBAGE), 0)
    for view in views:
        counts[view.category(index)] += 1
    return counts


def _assemble(views: list[TokenView], index: int, mixed: bool) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    fixes: list[str] = []
    for view in views:
        reading = view.readings[index]
        category = view.category(index)
        use = reading is not None and (
            category == LEGACY or (not mixed and category in (AMBIGUOUS, GARBAGE))
        )
        if use and reading is not None:
            texts.append(reading.text)
            fixes.extend(reading.fixes)
        else:
            texts.append(view.clean)
            fixes.extend(view.clean_fixes)
    return texts, fixes


def decide(value: str, *, prefer: str | None = None) -> Decision:
    """Pick the reading of ``value`` (cut into tokens at whitespace) that is most Vietnamese."""
    views = [token_view(token) for token in split_tokens(value)]
    scored: list[tuple[tuple[int, int, int, int, int, int], int, dict[str, int]]] = []
    for index, decoder in enumerate(DECODERS):
        counts = _counts(views, index)
        if counts[LEGACY] == 0:
            continue
        preferred = 1 if prefer is not None and prefer in (decoder.scheme, decoder.label) else 0
        key = (
            counts[LEGACY] - counts[GARBAGE],
            counts[LEGACY],
            preferred,
            _lexicon_score(views, index),
            -counts[UNICODE],
            -index,
        )
        scored.append((key, index, counts))
    if not scored:
        return _clean_decision(views)
    scored.sort(reverse=True)
    key, index, counts = scored[0]
    decoder = DECODERS[index]
    mixed = counts[UNICODE] > 0
    texts, fixes = _assemble(views, index, mixed)
    chosen = " ".join(text for text in texts if text)
    alternatives: list[tuple[str, str]] = []
    lexicon_broke_tie = False
    for other_key, other_index, _ in scored[1:]:
        if other_key[:3] != key[:3]:
            break
        lexicon_broke_tie = lexicon_broke_tie or other_key[3] != key[3]
        other_texts, _ = _assemble(views, other_index, mixed)
        other = " ".join(text for text in other_texts if text)
        if other != chosen and all(other != alt for _, alt in alternatives):
            alternatives.append((DECODERS[other_index].label, other))
    confidence = _confidence(counts, mixed, bool(alternatives), fixes)
    if alternatives and lexicon_broke_tie:
        confidence = round(confidence + 0.15, 3)
    if mixed:
        fixes.append("partial")
    elif counts[AMBIGUOUS]:
        kept, _ = _assemble(views, index, True)
        kept_text = " ".join(text for text in kept if text)
        if kept_text != chosen:
            alternatives.insert(0, ("keep-unicode", kept_text))
    unique: dict[str, tuple[str, str]] = {}
    for label, text in alternatives:
        if text != chosen:
            unique.setdefault(text, (label, text))
    alternatives = list(unique.values())[:3]
    return Decision(
        decoder=decoder,
        tokens=tuple(texts),
        mixed=mixed,
        confidence=confidence,
        fixes=tuple(dict.fromkeys(fixes)),
        alternatives=tuple(alternatives),
        ambiguous_clean=None,
    )


def _confidence(counts: dict[str, int], mixed: bool, tied: bool, fixes: list[str]) -> float:
    legacy_tokens = counts[LEGACY]
    strength = legacy_tokens / (legacy_tokens + counts[GARBAGE])
    support = min(1.0, (legacy_tokens + 0.5 * counts[AMBIGUOUS]) / 2)
    confidence = 0.6 + 0.38 * strength * support
    if not mixed and counts[AMBIGUOUS]:
        confidence -= 0.1 * counts[AMBIGUOUS] / (legacy_tokens + counts[AMBIGUOUS])
    if mixed:
        confidence -= 0.05
    if tied:
        confidence -= 0.25
    if "tcvn3-lost-u" in fixes:
        confidence -= 0.05
    return round(max(0.05, confidence), 3)


def _lexicon_score(views: list[TokenView], index: int) -> int:
    score = 0
    for view in views:
        reading = view.readings[index]
        if reading is not None and view.category(index) == LEGACY:
            score += word_hits(reading.text)
    return score


def _clean_decision(views: list[TokenView]) -> Decision:
    fixes: list[str] = []
    texts: list[str] = []
    for view in views:
        texts.append(view.clean)
        fixes.extend(view.clean_fixes)
    ambiguous = ambiguous_clean(views)
    confidence = 1.0
    if ambiguous is not None:
        confidence = 0.9
    if any(view.clean_kind == BAD and not view.raw.isascii() for view in views):
        confidence = min(confidence, 0.8)
    return Decision(
        decoder=None,
        tokens=tuple(texts),
        mixed=False,
        confidence=confidence,
        fixes=tuple(dict.fromkeys(fixes)),
        alternatives=(),
        ambiguous_clean=ambiguous,
    )


def ambiguous_clean(views: list[TokenView]) -> tuple[str, str] | None:
    """A legacy reading under which every non-ASCII token of clean text is still Vietnamese."""
    non_ascii = [view for view in views if not view.raw.isascii()]
    if not non_ascii:
        return None
    for index, decoder in enumerate(DECODERS):
        if decoder.scheme not in ("vni", "tcvn3") or decoder.page != "cp1252":
            continue
        if all(view.category(index) == AMBIGUOUS for view in non_ascii):
            texts = []
            for view in views:
                reading = view.readings[index]
                texts.append(view.clean if reading is None else reading.text)
            alternative = " ".join(texts)
            # Only worth a word when the other reading is made of syllables people actually use.
            non_ascii_words = sum(1 for word in alternative.split() if not word.isascii())
            if word_hits(alternative) >= non_ascii_words:
                return decoder.label, alternative
    return None
