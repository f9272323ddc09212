"""How stored values read in an export: dates in two notations, catalog and unit codes. Pure."""

from __future__ import annotations

import datetime as dt
import functools

from dangvien.refdata.catalogs import catalog
from dangvien.vn.addresses import resolve_address

_DISPLAY = {"day": "%d/%m/%Y", "month": "%m/%Y", "year": "%Y"}
_ISO = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def date_display(value: dt.date | None, precision: str | None = "day") -> str | None:
    """dd/mm/yyyy, or mm/yyyy and yyyy for a date known only to the month or the year."""
    if value is None:
        return None
    return value.strftime(_DISPLAY.get(precision or "day", _DISPLAY["day"]))


def date_iso(value: dt.date | None, precision: str | None = "day") -> str | None:
    """ISO 8601 with its reduced-precision forms (YYYY-MM, YYYY) for partial dates."""
    if value is None:
        return None
    return value.strftime(_ISO.get(precision or "day", _ISO["day"]))


@functools.lru_cache(maxsize=4096)
def catalog_code(catalog_name: str, text: str | None) -> str | None:
    """The catalog code of a value when the catalog recognizes it unambiguously, else None."""
    if not text:
        return None
    match = catalog(catalog_name).lookup(text)
    return match.entry.code if match.entry is not None else None


def unit_2025(text: str | None, province_hint: str | None = None) -> tuple[str, str, str] | None:
    """(commune code, province code, "Xã …, Tỉnh …") of an address after the 2025 reform.

    Only an address that resolves to exactly one current commune gets codes: an old ward split
    between several communes is a question for a person, never a guess in an export.
    """
    if not text:
        return None
    result = resolve_address(text, province_hint=province_hint)
    if result.proposed is None or result.needs_choice:
        return None
    commune = result.proposed
    province = result.proposed_province
    province_name = province.full_name if province is not None else ""
    name = f"{commune.full_name}, {province_name}" if province_name else commune.full_name
    return commune.code, commune.province_code, name
