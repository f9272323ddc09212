"""Identity numbers: CCCD / số định danh cá nhân (12 digits) and the old CMND (9 or 12 digits).

Structure of the 12 digits (Thông tư 07/2016/TT-BCA, Điều 7): ``PPP G YY NNNNNN`` — province of
birth registration (one of 63 pre-2025 codes), century+sex, last two digits of the birth year,
random serial. A 12-digit CMND (issued about 2012–2016) has the same structure and its number
became the CCCD number, so digits alone cannot tell the two apart: :func:`classify_id` says "cccd"
unless the caller knows the document was a CMND.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Literal

from dangvien.vn.charsets import data_text

__all__ = [
    "CCCD_PROVINCES",
    "CccdResult",
    "IdKind",
    "Problem",
    "check_cccd_against",
    "classify_id",
    "normalize_id",
    "parse_cccd",
    "suggest_leading_zero",
]

IdKind = Literal["cccd", "cmnd9", "cmnd12", "invalid"]
Gender = Literal["male", "female"]
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a value: stable ``code``, Vietnamese ``message``, ``severity``."""

    code: str
    message: str
    severity: Severity = "error"


@dataclass(frozen=True, slots=True)
class CenturyDigit:
    gender: Gender
    century: int  # 20 = the years 1900–1999
    first_year: int
    last_year: int


def _load_provinces() -> dict[str, str]:
    reader = csv.DictReader(
        io.StringIO(data_text("cccd-and-mobile-prefix", "cccd_province_codes_63.csv"))
    )
    return {row["cccd_prefix"]: row["province_name_pre2025"] for row in reader}


def _load_new_provinces() -> dict[str, str]:
    reader = csv.DictReader(
        io.StringIO(data_text("cccd-and-mobile-prefix", "cccd_province_codes_63.csv"))
    )
    return {row["cccd_prefix"]: row["merged_into_new_province_code_2025"] for row in reader}


def _load_century() -> dict[str, CenturyDigit]:
    reader = csv.DictReader(
        io.StringIO(data_text("cccd-and-mobile-prefix", "cccd_century_gender_digit.csv"))
    )
    out: dict[str, CenturyDigit] = {}
    for row in reader:
        gender: Gender = "male" if row["gender"] == "male" else "female"
        out[row["digit_4"]] = CenturyDigit(
            gender, int(row["century"]), int(row["birth_year_from"]), int(row["birth_year_to"])
        )
    return out


#: 3-digit CCCD province code → pre-2025 province name (63 codes, gaps are unused).
CCCD_PROVINCES: Mapping[str, str] = MappingProxyType(_load_provinces())
#: 3-digit CCCD province code → 2-digit code of the province it belongs to since 01/07/2025.
CCCD_PROVINCE_TO_2025: Mapping[str, str] = MappingProxyType(_load_new_provinces())
CENTURY_DIGITS: Mapping[str, CenturyDigit] = MappingProxyType(_load_century())
# Digits 4–9 mean births from 2100 on: impossible for a living person today.
_PLAUSIBLE_CENTURY_DIGITS = frozenset("0123")

_SEPARATORS = re.compile(r"[\s.\-_/'’`,]")
_SCIENTIFIC = re.compile(r"^[+]?\d+(?:[.,]\d+)?[eE][+]?\d+$")


@dataclass(frozen=True, slots=True)
class CccdResult:
    """Parsed CCCD / số định danh cá nhân."""

    raw: str
    digits: str  # what is left after removing separators ("" if nothing usable)
    kind: IdKind
    valid: bool  # a well-formed CCCD: 12 digits, known province, plausible century digit
    province_code: str | None
    province_name: str | None
    gender: Gender | None
    century: int | None  # 20 = 1900–1999, 21 = 2000–2099
    birth_year_digits: str | None
    serial: str | None
    problems: tuple[Problem, ...]
    suggestion: str | None = None  # a repaired number to propose (lost leading zeros)

    def birth_years(self) -> tuple[int, ...]:
        """The single birth year the digits encode, as a 1-tuple (empty if unknown)."""
        if self.century is None or self.birth_year_digits is None:
            return ()
        return ((self.century - 1) * 100 + int(self.birth_year_digits),)


def normalize_id(value: str | int | float) -> tuple[str, tuple[Problem, ...]]:
    """Digits of an identity number as typed or as Excel stored it, and problems met on the way."""
    problems: list[Problem] = []
    if isinstance(value, bool):
        raise TypeError("an identity number cannot be a bool")
    if isinstance(value, int):
        return str(value), ()
    if isinstance(value, float):
        if value != value or value < 0 or value != int(value):
            return "", (Problem("not-digits", "Số giấy tờ không phải dãy chữ số."),)
        return str(int(value)), ()
    text = value.strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]  # a number column exported as float text
    if _SCIENTIFIC.match(text.replace(" ", "")):
        try:
            number = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            number = None
        if number is not None:
            mantissa_digits = len(re.sub(r"\D", "", text.split("e")[0].split("E")[0]).lstrip("0"))
            digits = str(int(number))
            if mantissa_digits < len(digits):
                problems.append(
                    Problem(
                        "excel-scientific",
                        f"Số bị Excel đổi sang dạng khoa học ({text}): đã mất các chữ số cuối, "
                        "cần nhập lại từ giấy tờ gốc.",
                    )
                )
                return "", tuple(problems)
            return digits, ()
    return _SEPARATORS.sub("", text), ()


def _structure(digits: str) -> tuple[str | None, CenturyDigit | None]:
    province = digits[:3] if digits[:3] in CCCD_PROVINCES else None
    century = CENTURY_DIGITS.get(digits[3]) if len(digits) > 3 else None
    return province, century


def _is_cccd_shaped(digits: str) -> bool:
    return (
        len(digits) == 12
        and digits.isdigit()
        and digits[:3] in CCCD_PROVINCES
        and digits[3] in _PLAUSIBLE_CENTURY_DIGITS
    )


def suggest_leading_zero(text: str | int | float) -> str | None:
    """The 12-digit CCCD an Excel-shortened number (10–11 digits) most likely was, else None.

    Every province code starts with 0 (001–096), so a number stored as a number loses one or two
    leading zeros. The suggestion is offered only if the padded number is a well-formed CCCD.
    """
    digits, _ = normalize_id(text)
    if not digits.isdigit() or not 10 <= len(digits) <= 11:
        return None
    padded = digits.zfill(12)
    return padded if _is_cccd_shaped(padded) else None


def classify_id(text: str | int | float, *, document: str | None = None) -> IdKind:
    """ "cccd", "cmnd9", "cmnd12" or "invalid".

    A 12-digit number with the CCCD structure is "cccd" (a 12-digit CMND number *is* the person's
    số định danh); pass ``document="cmnd"`` when the source says the paper was a CMND to get
    "cmnd12". A 9-digit number is an old CMND.
    """
    digits, _ = normalize_id(text)
    if not digits.isdigit():
        return "invalid"
    if len(digits) == 9:
        return "cmnd9"
    if _is_cccd_shaped(digits):
        if document is not None and document.strip().lower() in ("cmnd", "chứng minh", "cmtnd"):
            return "cmnd12"
        return "cccd"
    return "invalid"


@functools.lru_cache(maxsize=1 << 16)
def _parse(raw: str) -> CccdResult:
    digits, problems_in = normalize_id(raw)
    problems = list(problems_in)
    if not raw.strip():
        problems.append(Problem("empty", "Chưa có số định danh cá nhân (CCCD)."))
        return _result(raw, "", "invalid", problems)
    if problems:
        return _result(raw, digits, "invalid", problems)
    if not digits.isdigit():
        problems.append(
            Problem(
                "not-digits", f"Số định danh chỉ gồm chữ số, giá trị «{raw.strip()}» có ký tự khác."
            )
        )
        return _result(raw, digits, "invalid", problems)
    if len(digits) == 9:
        problems.append(
            Problem(
                "legacy-cmnd9",
                "Đây là số CMND 9 số, đã hết giá trị sử dụng từ 01/01/2025; "
                "cần cập nhật số định danh cá nhân (CCCD 12 số).",
                "warning",
            )
        )
        return _result(raw, digits, "cmnd9", problems)
    if len(digits) != 12:
        suggestion = suggest_leading_zero(digits)
        if suggestion is not None:
            problems.append(
                Problem(
                    "leading-zero-lost",
                    f"Số có {len(digits)} chữ số, có thể Excel đã xóa số 0 ở đầu; "
                    f"đề xuất: {suggestion}.",
                )
            )
            return _result(raw, digits, "invalid", problems, suggestion)
        problems.append(
            Problem("wrong-length", f"Số định danh phải có 12 chữ số (giá trị có {len(digits)}).")
        )
        return _result(raw, digits, "invalid", problems)
    province, _ = _structure(digits)
    if province is None:
        problems.append(
            Problem(
                "unknown-province",
                f"Mã tỉnh «{digits[:3]}» không thuộc 63 mã tỉnh nơi đăng ký khai sinh.",
            )
        )
    if digits[3] not in _PLAUSIBLE_CENTURY_DIGITS:
        problems.append(
            Problem(
                "impossible-century",
                f"Chữ số thứ 4 («{digits[3]}») chỉ người sinh từ năm 2100 trở đi: không hợp lệ.",
            )
        )
    kind: IdKind = "cccd" if not problems else "invalid"
    return _result(raw, digits, kind, problems)


def _result(
    raw: str,
    digits: str,
    kind: IdKind,
    problems: list[Problem],
    suggestion: str | None = None,
) -> CccdResult:
    structured = len(digits) == 12 and digits.isdigit()
    province = digits[:3] if structured and digits[:3] in CCCD_PROVINCES else None
    century = CENTURY_DIGITS.get(digits[3]) if structured else None
    return CccdResult(
        raw=raw,
        digits=digits,
        kind=kind,
        valid=kind == "cccd",
        province_code=province,
        province_name=CCCD_PROVINCES.get(province) if province else None,
        gender=century.gender if century else None,
        century=century.century if century else None,
        birth_year_digits=digits[4:6] if structured else None,
        serial=digits[6:] if structured else None,
        problems=tuple(problems),
        suggestion=suggestion,
    )


def parse_cccd(text: str | int | float) -> CccdResult:
    """Parse and validate a CCCD / số định danh cá nhân; never raises on bad input."""
    raw = text if isinstance(text, str) else normalize_id(text)[0]
    return _parse(raw)


def check_cccd_against(
    result: CccdResult, *, gender: str | None, birth_year: int | None
) -> list[Problem]:
    """Each disagreement between the number and the record, separately (warnings, §5.1 rule 3).

    The Party record's birth date may legitimately differ from the civil one, so these are warnings
    for a person to look at, never automatic fixes.
    """
    problems: list[Problem] = []
    if result.century is None or result.gender is None or result.birth_year_digits is None:
        return problems
    if gender is not None:
        wanted = _gender(gender)
        if wanted is not None and wanted != result.gender:
            said = "nam" if result.gender == "male" else "nữ"
            problems.append(
                Problem(
                    "gender-mismatch",
                    f"Số định danh ghi giới tính {said}, hồ sơ ghi "
                    f"{'nam' if wanted == 'male' else 'nữ'}.",
                    "warning",
                )
            )
    if birth_year is not None:
        first = (result.century - 1) * 100
        if not first <= birth_year < first + 100:
            problems.append(
                Problem(
                    "century-mismatch",
                    f"Chữ số thế kỷ của số định danh chỉ năm sinh {first}–{first + 99}, hồ sơ ghi "
                    f"năm {birth_year}.",
                    "warning",
                )
            )
        if f"{birth_year % 100:02d}" != result.birth_year_digits:
            problems.append(
                Problem(
                    "birth-year-mismatch",
                    f"Số định danh ghi năm sinh «…{result.birth_year_digits}», hồ sơ ghi năm "
                    f"{birth_year}.",
                    "warning",
                )
            )
    return problems


def _gender(value: str) -> Gender | None:
    folded = value.strip().lower()
    if folded in ("male", "nam", "m"):
        return "male"
    if folded in ("female", "nữ", "nu", "f"):
        return "female"
    return None
