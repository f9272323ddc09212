"""Repair one text value: legacy fonts, mojibake, NFC, confusables, controls, spaces, tone style.

``repair`` decides per value and says how sure it is. Already-clean NFC Unicode (the common case)
takes a fast path: a regex check and a cached per-token look-up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from dangvien.vn import detect, legacy
from dangvien.vn.cleanup import split_tokens
from dangvien.vn.syllables import ToneStyle, is_vietnamese_word
from dangvien.vn.tones import fix_word, to_style

__all__ = [
    "FAST_PATTERN",
    "Repair",
    "clean_value",
    "repair",
    "repair_many",
    "repair_text",
    "token_status",
]

_PAGE_NAMES = {
    "cp1252": "Windows-1252 (Tây Âu)",
    "cp1254": "Windows-1254 (Thổ Nhĩ Kỳ)",
    "cp1250": "Windows-1250 (Trung Âu)",
    "iso8859_2": "ISO-8859-2 (Trung Âu)",
    "mac_roman": "MacRoman",
    "latin-1": "ISO-8859-1 (Latin-1)",
}
_SCHEME_NAMES = {
    "tcvn3": "phông TCVN3 (ABC, .VnTime)",
    "vni": "phông VNI-Windows",
    "cp1258": "bảng mã Windows-1258",
    "viqr": "kiểu gõ VIQR",
    "utf8": "văn bản UTF-8",
}
_STYLE_NAMES = {"new": "kiểu mới (hoà, thuỷ)", "old": "kiểu cũ (hòa, thủy)"}
_FIX_NOTES = {
    "nfc": "Đã chuẩn hóa Unicode về dạng dựng sẵn (NFC).",
    "zero-width": "Đã xóa ký tự vô hình (zero-width, BOM, gạch nối mềm).",
    "fullwidth": "Đã đổi chữ/số toàn khổ (full-width) về dạng thường.",
    "control-chars": "Đã xóa ký tự điều khiển lạ.",
    "whitespace": "Đã chuẩn hóa khoảng trắng.",
    "confusable-d": "Đã thay chữ trông giống 'Đ' (như 'Ð' U+00D0) bằng chữ 'Đ' tiếng Việt.",
    "confusable-letters": "Đã thay chữ Kirin/Hy Lạp trông giống chữ Latinh.",
    "partial": "Chỉ một phần giá trị bị lỗi; các từ Unicode hợp lệ được giữ nguyên.",
    "tcvn3-lost-u": (
        "Đã khôi phục chữ 'ư' bị mất (byte 0xAD của TCVN3 hay bị xóa); cần kiểm tra lại."
    ),
    "tcvn3-upper-guessed": (
        "TCVN3 không phân biệt chữ hoa có dấu: đã suy ra chữ hoa theo các chữ xung quanh; "
        "cần kiểm tra lại."
    ),
    "tcvn3-case-unknown": (
        "Văn bản TCVN3 toàn chữ thường: có thể gốc gõ bằng phông chữ hoa (.VnTimeH), "
        "không khôi phục được chữ hoa."
    ),
    "tcvn3-case-ambiguous": (
        "TCVN3 không phân biệt chữ hoa có dấu: không biết chữ sau chữ cái đầu là hoa hay "
        "thường; cần kiểm tra lại."
    ),
    "replacement-char": "Có ký tự hỏng '\ufffd': dữ liệu gốc đã mất ký tự, cần nhập lại.",
    "tone-placement": "Đã sửa vị trí dấu thanh sai (ví dụ 'Qúy' → 'Quý').",
    "viqr-punctuation": "Dấu chấm/hỏi cuối chuỗi VIQR được giữ là dấu câu.",
}
_LOSSY_FIXES = frozenset(
    {"tcvn3-upper-guessed", "tcvn3-case-unknown", "tcvn3-case-ambiguous", "replacement-char"}
)

# Already-clean values: words of ASCII letters/digits or NFC Vietnamese letters, single spaces,
# no VIQR mark characters. Anything else takes the slow path.
_VIET_LETTERS = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠ-ỹ"
_FAST = re.compile(rf"[A-Za-z0-9{_VIET_LETTERS},\-/:;&]+(?: [A-Za-z0-9{_VIET_LETTERS},\-/:;&]+)*")
#: The regex of values that may take the fast path (also usable by Polars ``str.contains``).
FAST_PATTERN = _FAST.pattern
_MOJIBAKE_NBSP = re.compile(r"(?<=[^\W\d_])([ÃĂ]) (?=[a-zà-ỹ])")
_MOJIBAKE_HINT = re.compile(r"[ÃÄÅÆĂĹĆ][\x80-\xbf\u0080-\u024f\u02c6-\u203a]|á[º»şť]")


@dataclass(frozen=True, slots=True)
class Repair:
    """Outcome of :func:`repair` for one value.

    ``notes`` are Vietnamese sentences for users; ``fixes`` the matching machine codes.
    """

    value: str
    original: str
    changed: bool
    detected: str
    confidence: float
    lossy: bool
    notes: tuple[str, ...]
    fixes: tuple[str, ...] = ()
    codepage: str | None = None
    alternatives: tuple[str, ...] = ()

    @property
    def needs_review(self) -> bool:
        """True when a person should look: information may be lost or the decision is unsure."""
        return self.lossy or self.confidence < 0.8


def repair(value: str, *, tone_style: ToneStyle = "new", prefer: str | None = None) -> Repair:
    """Repair ``value``; ``prefer`` names the scheme to pick on a tie (e.g. a file's dominant font).

    >>> repair("§ång b»ng s«ng Hång").value
    'Đồng bằng sông Hồng'
    >>> repair("Nguyeãn Vaên Höng").detected
    'vni'
    """
    if not isinstance(value, str):
        raise TypeError(f"repair() takes str, not {type(value).__name__}")
    if tone_style not in _STYLE_NAMES:
        raise ValueError(f"tone_style must be 'old' or 'new', not {tone_style!r}")
    return _repair(value, tone_style, prefer)


def repair_text(value: str, *, tone_style: ToneStyle = "new", prefer: str | None = None) -> str:
    """Just the repaired text."""
    return repair(value, tone_style=tone_style, prefer=prefer).value


def repair_many(
    values: Iterable[str], *, tone_style: ToneStyle = "new", prefer: str | None = None
) -> list[Repair]:
    """Batch form of :func:`repair`; each distinct value is worked out once."""
    seen: dict[str, Repair] = {}
    out: list[Repair] = []
    for value in values:
        result = seen.get(value)
        if result is None:
            result = repair(value, tone_style=tone_style, prefer=prefer)
            seen[value] = result
        out.append(result)
    return out


@functools.lru_cache(maxsize=1 << 17)
def _repair(value: str, tone_style: ToneStyle, prefer: str | None) -> Repair:
    fast = _fast_path(value, tone_style)
    if fast is not None:
        return fast
    return _slow_path(value, tone_style, prefer)


@functools.lru_cache(maxsize=1 << 16)
def _token_fast(token: str) -> tuple[bool, bool, str, str]:
    """(clean Vietnamese word?, also a valid legacy reading?, new-style form, old-style form)."""
    if not is_vietnamese_word(token):
        return False, False, token, token
    view = detect.token_view(token)
    ambiguous = detect.ambiguous_clean([view]) is not None
    return True, ambiguous, to_style(token, "new"), to_style(token, "old")


@functools.lru_cache(maxsize=1 << 17)
def clean_value(value: str, tone_style: ToneStyle = "new") -> str | None:
    """The styled text of an already-clean value, or None when it needs :func:`repair`.

    The cheapest path for callers that only want text (names, keys): no :class:`Repair` is built.
    A value whose every word also reads as a legacy font returns None so its ambiguity is reported.
    """
    if not _FAST.fullmatch(value):
        return None
    if value.isascii():
        return value
    styled: list[str] = []
    all_ambiguous = True
    for token in value.split(" "):
        if token.isascii():
            styled.append(token)
            continue
        ok, ambiguous, new, old = _token_fast(token)
        if not ok:
            return None
        all_ambiguous = all_ambiguous and ambiguous
        styled.append(new if tone_style == "new" else old)
    return None if all_ambiguous else " ".join(styled)


def token_status(token: str) -> tuple[bool, bool, str, str]:
    """(clean Vietnamese word?, also a valid legacy reading?, new-style form, old-style form)."""
    return _token_fast(token)


def _fast_path(value: str, tone_style: ToneStyle) -> Repair | None:
    styled = clean_value(value, tone_style)
    if styled is None:
        return None
    if styled == value:
        return Repair(value, value, False, "clean", 1.0, False, ())
    fixes = _tone_fixes(value, tone_style)
    return Repair(styled, value, True, "clean", 1.0, False, _notes(fixes, tone_style, None), fixes)


def _tone_fixes(text: str, tone_style: ToneStyle) -> tuple[str, ...]:
    other: ToneStyle = "old" if tone_style == "new" else "new"
    fixes: list[str] = []
    for word in re.findall(r"[^\W\d_]+", text):
        if fix_word(word, tone_style) == word:
            continue
        fixes.append("tone-style" if fix_word(word, other) == word else "tone-placement")
    return tuple(dict.fromkeys(fixes))


def _slow_path(value: str, tone_style: ToneStyle, prefer: str | None) -> Repair:
    decision = detect.decide(value, prefer=prefer)
    if _MOJIBAKE_HINT.search(value) and _MOJIBAKE_NBSP.search(value):
        # "à" is "Ã" + NBSP in UTF-8 read as Windows-1252; tools often turn that NBSP into a space.
        patched = detect.decide(_MOJIBAKE_NBSP.sub("\\1\u00a0", value), prefer=prefer)
        if patched.decoder is not None and patched.decoder.scheme == "utf8":
            decision = patched
    tokens = list(decision.tokens)
    fixes = list(decision.fixes)
    decoder = decision.decoder
    extra_alternatives: list[str] = []
    if decoder is not None and decoder.scheme == "viqr":
        as_tone = " ".join(token for token in tokens if token)
        if _viqr_trailing_punctuation(value, tokens, fixes):
            extra_alternatives.append(as_tone)
    text = " ".join(token for token in tokens if token)
    if decoder is not None and decoder.scheme == "tcvn3":
        text = _tcvn3_case(value, text, fixes)
    if "\ufffd" in text:
        fixes.append("replacement-char")
    styled = to_style(text, tone_style)
    if styled != text:
        fixes.extend(_tone_fixes(text, tone_style))
    detected, codepage = _label(value, decision, fixes)
    fixes_tuple = tuple(dict.fromkeys(fixes))
    notes = list(_notes(fixes_tuple, tone_style, decision))
    confidence = decision.confidence
    lossy = any(fix in _LOSSY_FIXES for fix in fixes_tuple)
    if lossy:
        confidence = round(min(confidence, 0.75), 3)
    return Repair(
        value=styled,
        original=value,
        changed=styled != value,
        detected=detected,
        confidence=confidence,
        lossy=lossy,
        notes=tuple(notes),
        fixes=fixes_tuple,
        codepage=codepage,
        alternatives=tuple(
            to_style(text, tone_style)
            for text in (
                *(text for _, text in decision.alternatives),
                *((decision.ambiguous_clean[1],) if decision.ambiguous_clean else ()),
                *extra_alternatives,
            )
        ),
    )


def _viqr_trailing_punctuation(value: str, tokens: list[str], fixes: list[str]) -> bool:
    """Read a final "." or "?" right after a plain vowel as punctuation; True if that was done.

    "ho." could be "họ" or "ho" + full stop; at the very end of a value the full stop is likelier,
    and the caller keeps the tone reading as an alternative.
    """
    raw = split_tokens(value)
    if not raw or not tokens:
        return False
    last = raw[-1]
    if len(last) > 1 and last[-1] in ".?" and last[-2] in "aeiouyAEIOUY":
        candidate = legacy.decode(last[:-1], "viqr") + last[-1]
        if candidate != tokens[-1] and (is_vietnamese_word(candidate) or candidate.isascii()):
            tokens[-1] = candidate
            fixes.append("viqr-punctuation")
            return True
    return False


def _tcvn3_case(value: str, text: str, fixes: list[str]) -> str:
    ascii_letters = [char for char in value if char.isascii() and char.isalpha()]
    if not any(char.islower() for char in ascii_letters) and any(c.isupper() for c in text):
        # No lower-case ASCII letter says how the toned letters were meant: "Hµ" is "Hà" or "HÀ",
        # "§µ" is "Đà" or "ĐÀ".
        upper = text.upper()
        if upper == text:
            return text
        if len(ascii_letters) >= 2:
            fixes.append("tcvn3-upper-guessed")
            return upper
        fixes.append("tcvn3-case-ambiguous")
        return text
    words = text.split(" ")
    titled = [word for word in words if word[:1].isupper()]
    if titled:
        # A word starting with a toned vowel ("¶i" = "ải"/"Ải") lost its capital; in a value whose
        # other words are capitalised, capitalise it too, and say so.
        fixed = [
            word[:1].upper() + word[1:] if word[:1].islower() and not word[:1].isascii() else word
            for word in words
        ]
        if fixed != words:
            fixes.append("tcvn3-upper-guessed")
            return " ".join(fixed)
    if not any(char.isupper() for char in text) and any(not char.isascii() for char in text):
        fixes.append("tcvn3-case-unknown")
    return text


def _label(value: str, decision: detect.Decision, fixes: list[str]) -> tuple[str, str | None]:
    decoder = decision.decoder
    if decoder is None:
        if "nfc" in fixes:
            return "nfd", None
        if "confusable-d" in fixes or "confusable-letters" in fixes:
            return "confusable", None
        return "clean", None
    if decoder.label == "utf8-mojibake-cp1252" and re.search("[\u0080-\u009f]", value):
        return "utf8-mojibake-latin1", "latin-1"
    return decoder.label, decoder.page


def _notes(
    fixes: tuple[str, ...], tone_style: ToneStyle, decision: detect.Decision | None
) -> tuple[str, ...]:
    notes: list[str] = []
    if decision is not None and decision.decoder is not None:
        decoder = decision.decoder
        scheme = _SCHEME_NAMES[decoder.scheme]
        page = _PAGE_NAMES.get(decoder.page or "", "")
        if decoder.scheme == "viqr":
            notes.append("Phát hiện kiểu gõ VIQR; đã chuyển sang Unicode.")
        elif decoder.scheme == "utf8":
            notes.append(f"Phát hiện {scheme} bị đọc nhầm theo bảng mã {page}; đã sửa lại.")
        else:
            notes.append(f"Phát hiện {scheme} bị đọc theo bảng mã {page}; đã chuyển sang Unicode.")
        for label, text in decision.alternatives:
            if label == "keep-unicode":
                notes.append(
                    f"Một số từ vừa là Unicode hợp lệ vừa là chuỗi {scheme} hợp lệ; "
                    f"đã đọc cả giá trị theo {scheme}. Nếu giữ các từ đó: «{text}»."
                )
            else:
                notes.append(
                    f"Cũng có thể đọc theo {_describe(label)}: «{text}»; cần kiểm tra lại."
                )
    if decision is not None and decision.ambiguous_clean is not None:
        label, text = decision.ambiguous_clean
        notes.append(
            f"Giá trị cũng đọc được theo {_describe(label)} thành «{text}»; "
            "giữ nguyên vì đã là Unicode hợp lệ."
        )
    for fix in fixes:
        if fix == "tone-style":
            notes.append(f"Đã đặt dấu thanh theo {_STYLE_NAMES[tone_style]}.")
        elif fix in _FIX_NOTES:
            notes.append(_FIX_NOTES[fix])
    return tuple(dict.fromkeys(notes))


def _describe(label: str) -> str:
    if label.startswith("utf8-mojibake"):
        return "lỗi UTF-8 (" + label.rsplit("-", 1)[-1] + ")"
    return {"tcvn3": "phông TCVN3", "vni": "phông VNI", "cp1258": "Windows-1258"}.get(
        label, label.upper()
    )
