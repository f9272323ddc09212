"""An independent statement of the clean-record rules, used by the tests to judge generated data.

Written from domain.md and the generator's contract with plain date arithmetic; it imports nothing
from the generator, only the reference catalogs and identity tables the quality engine also uses.
`violations(row)` answers, for one member, which rules fail and which fields could explain each.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from dangvien.refdata import catalogs
from dangvien.vn.identity import CCCD_PROVINCES
from dangvien.vn.phones import MOBILE_PREFIXES
from dangvien.vn.syllables import parse

LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
NAME_WORD = re.compile(f"^[{LETTERS.upper()}][{LETTERS}]*$")
DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
YEAR = re.compile(r"^\d{4}$")
POSITIONS = {"Bí thư", "Phó Bí thư", "Chi ủy viên", "Đảng viên", "Bí thư Đảng ủy"}
OLD_UNIT_WORDS = ("huyện ", "quận ", "thị xã ", "thị trấn ")

Violation = tuple[str, frozenset[str]]  # (rule, fields that could explain it)


def parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    match = DATE.match(text)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def months_between(start: dt.date, end: dt.date) -> int:
    """Full months from start to end (age counted by months)."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def plus_twelve_months(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def is_clean_text(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and text == text.strip() and "  " not in text


def clean_name(name: str) -> bool:
    """NFC, single spaces, each word a capitalised Vietnamese syllable ("Vuõ" is VNI debris)."""
    return is_clean_text(name) and all(
        NAME_WORD.match(word) and parse(word) is not None for word in name.split(" ")
    )


def _catalog_names(name: str) -> frozenset[str]:
    return catalogs.catalog(name).names


def violations(row: dict[str, str | None], as_of: dt.date) -> list[Violation]:
    """Every clean-record rule this member breaks."""
    found: list[Violation] = []

    def fail(rule: str, *fields: str) -> None:
        found.append((rule, frozenset(fields)))

    for key, value in row.items():
        if isinstance(value, str) and not is_clean_text(value):
            fail(f"text:{key}", key)
    name = row["full_name"]
    if name is None or not clean_name(name):
        fail("name", "full_name")
    if row["gender"] not in ("Nam", "Nữ"):
        fail("gender", "gender")
    if row["ethnicity"] not in _catalog_names("ethnicity"):
        fail("ethnicity", "ethnicity")
    if row["religion"] not in _catalog_names("religion"):
        fail("religion", "religion")
    if row["general_education"] not in _catalog_names("general_education"):
        fail("general_education", "general_education")
    for field in ("political_theory", "professional_level"):
        if row[field] is not None and row[field] not in _catalog_names(field):
            fail(field, field)
    for field in ("permanent_address", "current_address"):
        address = row[field]
        if address is None or not address.endswith(", tỉnh Thanh Hóa"):
            fail(f"address:{field}", field)
        elif any(word in address for word in OLD_UNIT_WORDS):
            fail(f"address_old:{field}", field)
    for field in ("birth_place", "hometown"):
        if row[field] is None or ("tỉnh " not in row[field] and "thành phố " not in row[field]):
            fail(f"place:{field}", field)
    if row["party_position"] not in POSITIONS:
        fail("position", "party_position")
    for field in ("exit_kind", "exit_date"):
        if row[field] is not None:
            fail("active_roster", "exit_kind")
    if row["exempt"] not in (None, "x") or row["handbook_installed"] not in (None, "x"):
        fail("ticks", "exempt", "handbook_installed")
    if row["exempt"] == "x" and row["handbook_installed"] == "x":
        fail("exempt_in_handbook", "handbook_installed", "exempt")
    if row["exempt"] == "x" and row["party_position"] != "Đảng viên":
        fail("exempt_position", "exempt", "party_position")
    if row["dossier_number"] is None or not re.fullmatch(r"\d{6}TH", row["dossier_number"]):
        fail("dossier", "dossier_number")
    phone = row["phone"]
    if phone is not None and not (re.fullmatch(r"0\d{9}", phone) and phone[:3] in MOBILE_PREFIXES):
        fail("phone", "phone")
    found.extend(_date_violations(row, as_of))
    found.extend(_cccd_violations(row))
    return found


def _date_violations(row: dict[str, str | None], as_of: dt.date) -> Iterable[Violation]:
    birth_text = row["birth_date"]
    birth = parse_date(birth_text)
    year_only = birth_text is not None and YEAR.match(birth_text) is not None
    join = parse_date(row["join_date"])
    official = parse_date(row["official_date"])
    status = row["status"]
    if birth is None and not year_only:
        yield ("birth_date", frozenset({"birth_date"}))
    if join is None:
        yield ("join_date", frozenset({"join_date"}))
    if status not in ("Chính thức", "Dự bị"):
        yield ("status", frozenset({"status"}))
    for value, field in ((birth, "birth_date"), (join, "join_date"), (official, "official_date")):
        if value is not None and value > as_of:
            yield ("future", frozenset({field}))
    if join is not None and (birth is not None or year_only):
        assert birth_text is not None
        if birth is not None:
            youngest = oldest = months_between(birth, join)
        else:  # year only: the age is known within a year
            youngest = (join.year - int(birth_text) - 1) * 12
            oldest = (join.year - int(birth_text)) * 12 + 11
        if youngest < 18 * 12 or oldest > 60 * 12:
            yield ("join_age", frozenset({"birth_date", "join_date"}))
    card = row["card_number"]
    if status == "Chính thức":
        if join is not None and official != plus_twelve_months(join):
            yield ("twelve_months", frozenset({"join_date", "official_date"}))
        if card is None or not re.fullmatch(r"[1-9]\d{7}", card):
            yield ("card", frozenset({"card_number"}))
    elif status == "Dự bị":
        if official is not None:
            yield ("probationer_official_date", frozenset({"official_date", "status"}))
        if card is not None:
            yield ("probationer_card", frozenset({"card_number", "status"}))
        if join is not None and months_between(join, as_of) >= 12:
            yield ("probation_overdue", frozenset({"status", "join_date"}))


def _cccd_violations(row: dict[str, str | None]) -> Iterable[Violation]:
    cccd = row["citizen_id"]
    if cccd is None or not re.fullmatch(r"\d{12}", cccd):
        yield ("cccd_format", frozenset({"citizen_id"}))
        return
    if cccd[:3] not in CCCD_PROVINCES:
        yield ("cccd_province", frozenset({"citizen_id"}))
    place = row["birth_place"] or ""
    parts = place.split(", ")
    if len(parts) == 3:  # pre-2025 form names the province of the birth registration
        province = parts[2].removeprefix("tỉnh ").removeprefix("thành phố ")
        if CCCD_PROVINCES.get(cccd[:3]) != province:
            yield ("cccd_birth_province", frozenset({"citizen_id", "birth_place"}))
    birth_text = row["birth_date"] or ""
    year = int(birth_text[-4:]) if re.search(r"\d{4}$", birth_text) else None
    gender = row["gender"]
    if year is not None and gender in ("Nam", "Nữ"):
        expected = (0 if gender == "Nam" else 1) + (2 if year >= 2000 else 0)
        if int(cccd[3]) != expected:
            yield ("cccd_gender_century", frozenset({"citizen_id", "gender", "birth_date"}))
        if cccd[4:6] != f"{year % 100:02d}":
            yield ("cccd_year", frozenset({"citizen_id", "birth_date"}))
