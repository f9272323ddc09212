"""Phone numbers: +84/84 forms, separators, Excel-eaten leading 0, the 2018 11→10-digit change.

Mobiles are 10 digits ``0`` + a 3-digit prefix (domain §5.4); landlines since 2017 are 11 digits
starting with a ``02xx`` area code. Old 11-digit mobiles (``01xx`` + 7 digits) keep their last seven
digits and change prefix (§5.3).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from dangvien.vn.charsets import data_text
from dangvien.vn.identity import Problem

__all__ = ["MOBILE_PREFIXES", "OLD_TO_NEW_PREFIX", "PhoneKind", "PhoneResult", "normalize_phone"]

PhoneKind = Literal["mobile", "landline", "invalid"]


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data_text("cccd-and-mobile-prefix", name))))


#: Current 3-digit mobile prefix ("032") → carrier that holds it.
MOBILE_PREFIXES: Mapping[str, str] = MappingProxyType(
    {row["prefix"]: row["carrier"] for row in _rows("mobile_prefixes_current.csv")}
)
#: Old 4-digit prefix of 11-digit mobiles ("0168") → new 3-digit prefix ("038").
OLD_TO_NEW_PREFIX: Mapping[str, str] = MappingProxyType(
    {
        row["old_prefix_11digit"]: row["new_prefix_10digit"]
        for row in _rows("mobile_prefix_2018_11_to_10.csv")
    }
)

_STRIP = re.compile(r"[\s.\-()/_'’]")
_SPLIT_MANY = re.compile(r"\s*(?:[;,/|&]|\s-\s|\s+hoặc\s+|\s+or\s+|\s{2,})\s*")


@dataclass(frozen=True, slots=True)
class PhoneResult:
    """A normalized phone number (``normalized`` is the national 0… form, or None)."""

    raw: str
    normalized: str | None
    kind: PhoneKind
    carrier: str | None
    converted_from_11_digits: bool
    problems: tuple[Problem, ...]
    others: tuple[str, ...] = ()  # further numbers found in the same cell, normalized

    @property
    def e164(self) -> str | None:
        """International form (+84…)."""
        return None if self.normalized is None else "+84" + self.normalized[1:]

    @property
    def valid(self) -> bool:
        return self.kind != "invalid"


def _digits(value: str) -> tuple[str, bool]:
    """Digits in national form, and whether a leading 0 had to be restored."""
    text = _STRIP.sub("", value)
    if text.startswith("+"):
        text = text[1:]
        if text.startswith("84"):
            return "0" + text[2:], False
        return "+" + text, False  # a foreign number; left as is and judged invalid
    if text.startswith("0084"):
        return "0" + text[4:], False
    if text.startswith("84") and len(text) in (11, 12):
        return "0" + text[2:], False
    if text.isdigit() and not text.startswith("0") and len(text) in (9, 10):
        return "0" + text, True
    return text, False


def _classify(number: str) -> tuple[str | None, PhoneKind, str | None, bool, list[Problem]]:
    problems: list[Problem] = []
    if not number.isdigit():
        problems.append(Problem("not-digits", "Số điện thoại có ký tự không phải chữ số."))
        return None, "invalid", None, False, problems
    converted = False
    if len(number) == 11 and number[:4] in OLD_TO_NEW_PREFIX:
        new = OLD_TO_NEW_PREFIX[number[:4]] + number[4:]
        problems.append(
            Problem(
                "converted-11-to-10",
                f"Số 11 số đầu {number[:4]} đã đổi sang đầu {new[:3]} từ năm 2018: {new}.",
                "warning",
            )
        )
        number, converted = new, True
    if len(number) == 10 and number[:3] in MOBILE_PREFIXES:
        return number, "mobile", MOBILE_PREFIXES[number[:3]], converted, problems
    if len(number) == 11 and number.startswith("02"):
        return number, "landline", None, converted, problems
    if len(number) == 11 and number.startswith("01"):
        problems.append(
            Problem(
                "unknown-prefix",
                f"Đầu số 11 số «{number[:4]}» không có trong bảng chuyển đổi 2018.",
            )
        )
    elif len(number) == 10:
        problems.append(
            Problem("unknown-prefix", f"Đầu số «{number[:3]}» không phải đầu số di động đang dùng.")
        )
    else:
        problems.append(
            Problem(
                "wrong-length",
                f"Số điện thoại di động có 10 chữ số, cố định có 11 (giá trị có {len(number)}).",
            )
        )
    return None, "invalid", None, converted, problems


@functools.lru_cache(maxsize=1 << 16)
def _normalize(raw: str) -> PhoneResult:
    text = raw.strip()
    if not text:
        return PhoneResult(
            raw, None, "invalid", None, False, (Problem("empty", "Chưa có số điện thoại."),)
        )
    parts = [part for part in _SPLIT_MANY.split(text) if part.strip()]
    if len(parts) > 1:
        results = [_normalize(part) for part in parts]
        valid = [result for result in results if result.valid]
        if valid:
            first = valid[0]
            others = tuple(
                result.normalized for result in valid[1:] if result.normalized is not None
            )
            problem = Problem(
                "multiple-numbers",
                f"Ô có {len(parts)} số điện thoại; đã lấy số đầu tiên hợp lệ.",
                "warning",
            )
            return PhoneResult(
                raw,
                first.normalized,
                first.kind,
                first.carrier,
                first.converted_from_11_digits,
                (*first.problems, problem),
                others,
            )
    number, restored = _digits(text)
    normalized, kind, carrier, converted, problems = _classify(number)
    if restored and kind != "invalid":
        problems.insert(
            0,
            Problem(
                "leading-zero-lost",
                "Số bị mất số 0 ở đầu (Excel lưu dạng số); đã thêm lại.",
                "warning",
            ),
        )
    return PhoneResult(raw, normalized, kind, carrier, converted, tuple(problems))


def normalize_phone(text: str | int | float) -> PhoneResult:
    """Normalize and classify one phone number; never raises on bad input."""
    if isinstance(text, bool):
        raise TypeError("a phone number cannot be a bool")
    if isinstance(text, float):
        text = str(int(text)) if text == text and text == int(text) else str(text)
    elif isinstance(text, int):
        text = str(text)
    return _normalize(text)
