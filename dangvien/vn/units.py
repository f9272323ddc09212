"""Administrative units before and after the 01/07/2025 reorganisation, loaded lazily and cached.

Pre-2025: 63 provinces → 696 districts → 10,035 wards (xã/phường/thị trấn). Since 01/07/2025:
34 provinces → 3,321 communes (xã/phường/đặc khu), no district level. ``successors`` maps an old
ward to the new commune(s) it went into; several successors mean the old ward was split.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass

from dangvien.vn.charsets import data_text

__all__ = [
    "Commune",
    "District",
    "OldProvince",
    "OldWard",
    "Province",
    "Successor",
    "communes_2025",
    "communes_by_province_2025",
    "districts_pre2025",
    "new_province_of_old",
    "province_successor",
    "provinces_2025",
    "provinces_pre2025",
    "successors",
    "successors_of_district",
    "wards_pre2025",
]


@dataclass(frozen=True, slots=True)
class Province:
    """A province-level unit since 01/07/2025."""

    code: str
    name: str
    full_name: str
    unit_type: str  # "Tỉnh" | "Thành phố trực thuộc trung ương"


@dataclass(frozen=True, slots=True)
class Commune:
    """A commune-level unit since 01/07/2025."""

    code: str
    name: str
    unit_type: str  # "Xã" | "Phường" | "Đặc khu"
    province_code: str

    @property
    def full_name(self) -> str:
        return f"{self.unit_type} {self.name}"


@dataclass(frozen=True, slots=True)
class OldProvince:
    """One of the 63 provinces before 01/07/2025."""

    code: str
    name: str
    full_name: str

    @property
    def unit_type(self) -> str:
        return self.full_name[: -len(self.name)].strip()


@dataclass(frozen=True, slots=True)
class District:
    """A district-level unit before 01/07/2025."""

    code: str
    name: str
    unit_type: str  # "Huyện" | "Quận" | "Thị xã" | "Thành phố"
    province_code: str

    @property
    def full_name(self) -> str:
        return f"{self.unit_type} {self.name}"


@dataclass(frozen=True, slots=True)
class OldWard:
    """A commune-level unit before 01/07/2025."""

    code: str
    name: str
    unit_type: str  # "Xã" | "Phường" | "Thị trấn"
    district_code: str
    province_code: str

    @property
    def full_name(self) -> str:
        return f"{self.unit_type} {self.name}"


@dataclass(frozen=True, slots=True)
class Successor:
    """A new commune an old ward went into; ``partial`` when only part of the old ward did."""

    new_code: str
    partial: bool


def _rows(*path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data_text(*path))))


@functools.cache
def provinces_2025() -> dict[str, Province]:
    """The 34 provinces since 01/07/2025, by 2-digit code."""
    return {
        row["province_code"]: Province(
            row["province_code"], row["name"], row["full_name"], row["unit_type"]
        )
        for row in _rows("thanglequoc", "provinces_2025.csv")
    }


@functools.cache
def communes_2025() -> dict[str, Commune]:
    """The 3,321 communes since 01/07/2025, by 5-digit code."""
    return {
        row["commune_code"]: Commune(
            row["commune_code"], row["name"], row["unit_type"], row["province_code"]
        )
        for row in _rows("thanglequoc", "communes_2025.csv")
    }


@functools.cache
def communes_by_province_2025() -> dict[str, tuple[Commune, ...]]:
    """New communes grouped by new province code."""
    grouped: dict[str, list[Commune]] = {}
    for commune in communes_2025().values():
        grouped.setdefault(commune.province_code, []).append(commune)
    return {code: tuple(items) for code, items in grouped.items()}


@functools.cache
def provinces_pre2025() -> dict[str, OldProvince]:
    """The 63 provinces before 01/07/2025, by 2-digit code."""
    return {
        row["province_code"]: OldProvince(row["province_code"], row["name"], row["full_name"])
        for row in _rows("thanglequoc", "provinces_pre2025.csv")
    }


@functools.cache
def districts_pre2025() -> dict[str, District]:
    """The 696 districts before 01/07/2025, by 3-digit code."""
    return {
        row["district_code"]: District(
            row["district_code"], row["name"], row["unit_type"], row["province_code"]
        )
        for row in _rows("thanglequoc", "districts_pre2025.csv")
    }


@functools.cache
def wards_pre2025() -> dict[str, OldWard]:
    """Wards before 01/07/2025 by 5-digit code (10,035 plus 12 merged early in 2025)."""
    wards: dict[str, OldWard] = {}
    for path in (("thanglequoc", "wards_pre2025.csv"), ("dvhcvn", "extra_old_wards.csv")):
        for row in _rows(*path):
            wards.setdefault(
                row["ward_code"],
                OldWard(
                    row["ward_code"],
                    row["name"],
                    row["unit_type"],
                    row["district_code"],
                    row["province_code"],
                ),
            )
    return wards


@functools.cache
def _successor_table() -> dict[str, tuple[Successor, ...]]:
    table: dict[str, list[Successor]] = {}
    for row in _rows("dvhcvn", "old_ward_to_new.csv"):
        table.setdefault(row["old_ward_code"], []).append(
            Successor(row["new_commune_code"], row["partial"] == "1")
        )
    return {code: tuple(items) for code, items in table.items()}


def successors(old_ward_code: str) -> tuple[Successor, ...]:
    """New commune(s) of an old ward; empty when the code is unknown."""
    return _successor_table().get(old_ward_code, ())


@functools.cache
def _district_table() -> dict[str, str]:
    return {
        row["old_district_code"]: row["new_commune_code"]
        for row in _rows("dvhcvn", "old_district_without_wards_to_new.csv")
    }


@functools.cache
def successors_of_district(district_code: str) -> tuple[Successor, ...]:
    """Every new commune that received part of an old district (island districts: one)."""
    if district_code in _district_table():
        return (Successor(_district_table()[district_code], False),)
    codes: dict[str, bool] = {}
    for ward in wards_pre2025().values():
        if ward.district_code != district_code:
            continue
        for successor in successors(ward.code):
            codes[successor.new_code] = codes.get(successor.new_code, True) and successor.partial
    return tuple(Successor(code, partial) for code, partial in sorted(codes.items()))


@functools.cache
def _province_table() -> dict[str, str]:
    return {
        row["old_province_code"]: row["new_province_code"]
        for row in _rows("dvhcvn", "old_province_to_new.csv")
    }


def province_successor(old_province_code: str) -> str | None:
    """New 2-digit province code an old province was merged into."""
    return _province_table().get(old_province_code)


def new_province_of_old(old_province_code: str) -> Province | None:
    """The new province an old province belongs to since 01/07/2025."""
    code = province_successor(old_province_code)
    return None if code is None else provinces_2025().get(code)
