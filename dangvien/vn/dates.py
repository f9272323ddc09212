"""Dates as found in member data: Excel serials, dd/mm/yyyy, d-m-yy, ISO, words, partial dates.

``parse_date`` returns the date, how precise it is (day/month/year), whether the day/month order
was ambiguous and whether the written date cannot exist ("31/02/1980", month 13). A month- or
year-precision value is stored as the first day of that month or year; read ``precision`` before
using it as a day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from dangvien.vn.keys import fold
from dangvien.vn.text import repair

__all__ = ["DateResult", "Precision", "excel_serial_to_date", "parse_date"]

Precision = Literal["day", "month", "year"]
Order = Literal["dmy", "mdy", "ymd"]

_MIN_YEAR, _MAX_YEAR = 1800, 2200
# Excel's 1900 date system: serial 1 = 1900-01-01 and the fictitious 1900-02-29 is serial 60.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_MAX = 2_958_465  # 9999-12-31

_MONTHS_EN = {
    name: index
    for index, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_UNKNOWN = r"(?:0{1,2}|\?{1,2}|x{1,2}|\.{2}|_{1,2}|-{2})"
_SEP = r"\s*[-/.,]\s*|\s+"
_DMY = re.compile(
    rf"^(\d{{1,2}}|{_UNKNOWN})(?:{_SEP})(\d{{1,2}}|{_UNKNOWN})(?:{_SEP})(\d{{4}}|\d{{2}})$"
)
_YMD = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")
_MY = re.compile(rf"^(?:t|thang)?\s*(\d{{1,2}}|{_UNKNOWN})\s*[-/.]\s*(\d{{4}})$")
_YM = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$")
_TIME = re.compile(r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]m)?)$")
_WORDS = re.compile(
    r"^(?:ngay\s*(?P<d>\d{1,2}|" + _UNKNOWN + r")\s*[,/.-]?\s*)?"
    r"(?:thang\s*(?P<m>\d{1,2}|" + _UNKNOWN + r")\s*[,/.-]?\s*)?"
    r"(?:nam\s*(?P<y>\d{2,4}))$"
)
_WORDS_SHORT = re.compile(r"^(?:ngay|sinh ngay|vao ngay)\s+(?P<rest>.+)$")
_EN = re.compile(
    r"^(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s,-]+(\d{2,4})$|^([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$"
)


@dataclass(frozen=True, slots=True)
class DateResult:
    """Outcome of :func:`parse_date`."""

    raw: str
    value: dt.date | None
    precision: Precision | None
    ambiguous: bool = False  # day and month could be swapped (both ≤ 12)
    impossible: bool = False  # a date that cannot exist (31/02, month 13, year 0)
    order: Order | None = None
    source: str = "text"  # text | words | excel-serial | date | number | empty | unparsed
    year: int | None = None
    month: int | None = None
    day: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.value is not None


def excel_serial_to_date(serial: float) -> dt.date | None:
    """Date of an Excel 1900-system serial (time dropped); None for 0, 60 and out of range."""
    whole = int(serial)
    if whole < 1 or whole > _EXCEL_MAX or whole == 60:
        return None
    if whole < 60:
        return _EXCEL_EPOCH + dt.timedelta(days=whole + 1)
    return _EXCEL_EPOCH + dt.timedelta(days=whole)


def parse_date(
    value: str | int | float | dt.date | None,
    *,
    dayfirst: bool = True,
    today: dt.date | None = None,
) -> DateResult:
    """Parse a date written any realistic way (see module docstring); never raises on bad text."""
    if isinstance(value, bool):
        raise TypeError("a date cannot be a bool")
    if value is None:
        return DateResult("", None, None, source="empty")
    if isinstance(value, dt.datetime):
        return DateResult(str(value), value.date(), "day", source="date")
    if isinstance(value, dt.date):
        return DateResult(str(value), value, "day", source="date")
    if isinstance(value, int | float):
        return _from_number(value, str(value))
    pivot = (today or dt.date.today()).year % 100
    return _parse_text(value, dayfirst, pivot)


def _from_number(number: float, raw: str) -> DateResult:
    if number != number:  # NaN from an empty spreadsheet cell
        return DateResult(raw, None, None, source="empty")
    if number == int(number) and _MIN_YEAR <= number <= 2100:
        year = int(number)
        return DateResult(raw, dt.date(year, 1, 1), "year", source="number", year=year)
    converted = excel_serial_to_date(number)
    if converted is None:
        return DateResult(
            raw,
            None,
            None,
            impossible=number == 60,
            source="excel-serial",
            notes=("Số không phải ngày Excel hợp lệ.",),
        )
    return DateResult(
        raw,
        converted,
        "day",
        source="excel-serial",
        year=converted.year,
        month=converted.month,
        day=converted.day,
        notes=("Ngày lưu dạng số sê-ri của Excel; đã đổi sang ngày.",),
    )


def _year(text: str, pivot: int) -> tuple[int, bool]:
    year = int(text)
    if len(text) == 2:
        return (2000 + year if year <= pivot else 1900 + year), True
    return year, False


def _unknown(text: str | None) -> bool:
    return text is None or not text.isdigit() or int(text) == 0


@functools.lru_cache(maxsize=1 << 16)
def _parse_text(raw: str, dayfirst: bool, pivot: int) -> DateResult:
    readable = raw if raw.isascii() else repair(raw).value
    text = fold(readable).strip(" .,;")
    if not text:
        return DateResult(raw, None, None, source="empty")
    text = _TIME.sub("", text).strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        if len(text) == 8 and text.isdigit():
            return _eight_digits(raw, text, dayfirst)
        if len(text) == 4 and text.isdigit():
            year = int(text)
            return _build(raw, year, None, None, "year", source="text")
        number = float(text)
        if 1 <= number <= _EXCEL_MAX and len(text.split(".")[0]) == 5:
            return _from_number(number, raw)
        return _unparsed(raw)
    short = _WORDS_SHORT.match(text)
    if short and not _WORDS.match(text):
        text = short.group("rest")
    words = _WORDS.match(text)
    if words and (words.group("d") or words.group("m") or "nam" in text):
        year, two_digit = _year(words.group("y"), pivot)
        day_text, month_text = words.group("d"), words.group("m")
        month = None if _unknown(month_text) else int(month_text or 0)
        day = None if month is None or _unknown(day_text) else int(day_text or 0)
        precision: Precision = "day" if day else "month" if month else "year"
        return _build(raw, year, month, day, precision, source="words", two_digit=two_digit)
    match = _YMD.match(text)
    if match:
        year, month, day = (int(group) for group in match.groups())
        return _build(raw, year, month, day, "day", order="ymd")
    match = _DMY.match(text)
    if match:
        return _day_month_year(raw, *match.groups(), dayfirst=dayfirst, pivot=pivot)
    match = _MY.match(text)
    if match:
        month_text, year_text = match.groups()
        if _unknown(month_text):
            return _build(raw, int(year_text), None, None, "year")
        return _build(raw, int(year_text), int(month_text), None, "month")
    match = _YM.match(text)
    if match:
        return _build(raw, int(match.group(1)), int(match.group(2)), None, "month", order="ymd")
    match = _EN.match(text)
    if match:
        if match.group(1):
            day_text, month_name, year_text = match.group(1), match.group(2), match.group(3)
        else:
            month_name, day_text, year_text = match.group(4), match.group(5), match.group(6)
        if month_name in _MONTHS_EN:
            year, two_digit = _year(year_text, pivot)
            return _build(
                raw, year, _MONTHS_EN[month_name], int(day_text), "day", two_digit=two_digit
            )
    return _unparsed(raw)


def _eight_digits(raw: str, text: str, dayfirst: bool) -> DateResult:
    """ "05031970" (ddmmyyyy, as on the CCCD chip) or "19700305" (yyyymmdd)."""
    ymd = (int(text[:4]), int(text[4:6]), int(text[6:]))
    dmy = (int(text[4:]), int(text[2:4]), int(text[:2]))
    ymd_ok = _valid(*ymd)
    dmy_ok = _valid(*dmy)
    if ymd_ok and not dmy_ok:
        return _build(raw, *ymd, "day", order="ymd")
    return _build(raw, *dmy, "day", order="dmy")


def _valid(year: int, month: int, day: int) -> bool:
    return (
        _MIN_YEAR <= year <= _MAX_YEAR
        and 1 <= month <= 12
        and 1 <= day <= calendar.monthrange(year, month)[1]
    )


def _day_month_year(
    raw: str, first: str, second: str, year_text: str, *, dayfirst: bool, pivot: int
) -> DateResult:
    year, two_digit = _year(year_text, pivot)
    if _unknown(second):
        return _build(raw, year, None, None, "year", two_digit=two_digit)
    if _unknown(first):
        return _build(raw, year, int(second), None, "month", two_digit=two_digit)
    a, b = int(first), int(second)
    day, month = (a, b) if dayfirst else (b, a)
    order: Order = "dmy" if dayfirst else "mdy"
    notes: list[str] = []
    ambiguous = False
    if month > 12 >= day:
        # Only the other order makes a date: typical of a sheet saved with US settings.
        day, month = month, day
        order = "mdy" if dayfirst else "dmy"
        notes.append("Ngày và tháng bị đảo (kiểu tháng/ngày); đã đọc lại theo ngày/tháng.")
    elif a != b and a <= 12 and b <= 12:
        ambiguous = True
        notes.append(
            "Không chắc thứ tự ngày/tháng (cả hai đều ≤ 12); đã đọc theo "
            + ("ngày/tháng." if order == "dmy" else "tháng/ngày.")
        )
    return _build(
        raw,
        year,
        month,
        day,
        "day",
        order=order,
        ambiguous=ambiguous,
        two_digit=two_digit,
        notes=notes,
    )


def _build(
    raw: str,
    year: int,
    month: int | None,
    day: int | None,
    precision: Precision,
    *,
    order: Order | None = None,
    ambiguous: bool = False,
    source: str = "text",
    two_digit: bool = False,
    notes: list[str] | None = None,
) -> DateResult:
    messages = list(notes or [])
    if two_digit:
        messages.append(f"Năm ghi 2 chữ số; đã hiểu là năm {year}.")
    impossible_reason = None
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        impossible_reason = f"Năm {year} không hợp lý."
    elif month is not None and not 1 <= month <= 12:
        impossible_reason = f"Tháng {month} không tồn tại."
    elif (
        month is not None
        and day is not None
        and not 1 <= day <= calendar.monthrange(year, month)[1]
    ):
        impossible_reason = f"Ngày {day:02d}/{month:02d}/{year} không tồn tại."
    if impossible_reason is not None:
        messages.append(impossible_reason)
        return DateResult(
            raw,
            None,
            precision,
            ambiguous=ambiguous,
            impossible=True,
            order=order,
            source=source,
            year=year,
            month=month,
            day=day,
            notes=tuple(messages),
        )
    value = dt.date(year, month or 1, day or 1)
    if precision != "day":
        messages.append("Chỉ biết năm." if precision == "year" else "Chỉ biết tháng và năm.")
    return DateResult(
        raw,
        value,
        precision,
        ambiguous=ambiguous,
        order=order,
        source=source,
        year=year,
        month=month,
        day=day,
        notes=tuple(messages),
    )


def _unparsed(raw: str) -> DateResult:
    return DateResult(raw, None, None, source="unparsed", notes=("Không đọc được ngày tháng.",))
