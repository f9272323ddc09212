"""Resolve free-text addresses to unit codes, before or after the 01/07/2025 reorganisation.

Accepts the three-level pre-2025 form ("xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa",
"X. Tam Lư - H. Quan Sơn - T. Thanh Hoá") and the two-level form ("xã Tam Lư, tỉnh Thanh Hoá").
Names are matched within the province (hundreds of commune names repeat nationally): exactly first
(tone style and case ignored), then accent-free. An old ward is mapped to its current commune; an
old ward split across several communes is returned as a choice for a person, never guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from dangvien.vn import units
from dangvien.vn.keys import fold
from dangvien.vn.text import repair
from dangvien.vn.tones import compare_key

__all__ = ["AddressResult", "resolve_address", "resolve_addresses"]

Era = Literal["pre2025", "2025"]
Level = Literal["province", "city", "district", "commune", "detail"]

# Matched on lower-cased NFC text: accent-free full words are ambiguous ("Quan Sơn" is a district
# name, not "quận Sơn"), so unaccented prefixes are accepted only as abbreviations, before a number,
# or in a chunk written entirely without diacritics (_ASCII_PREFIX).
_PREFIX = re.compile(
    r"^(?:"
    r"(?P<commune>xã|phường|thị trấn|đặc khu|tt\b\.?|đk\b\.?|x\.|p\.?(?=\s*\d)|p\.)"
    r"|(?P<district>huyện|quận|thị xã|tx\b\.?|h\.|q\.?(?=\s*\d)|quan(?=\s*\d)|q\.)"
    r"|(?P<city>thành phố|tp\b\.?)"
    r"|(?P<province>tỉnh|t\.)"
    r"|(?P<detail>thôn|xóm|bản|ấp|tổ dân phố|tdp|tổ|khu phố|kp|khối|số nhà|số|đường|ngõ|ngách|"
    r"hẻm|làng|buôn|plei|sóc|cụm|khu|đội|phum|địa chỉ|nơi ở|thường trú|quê quán)"
    r")\s*[.:]?\s*",
)
_ASCII_PREFIX = re.compile(
    r"^(?:"
    r"(?P<commune>xa|phuong|thi tran|dac khu)"
    r"|(?P<district>huyen|thi xa)"
    r"|(?P<city>thanh pho)"
    r"|(?P<province>tinh)"
    r"|(?P<detail>thon|xom|ap|to dan pho|khu pho|so nha|so|duong|ngo|hem)"
    r")\s+",
)
_TYPE_OF_PREFIX = {
    "xã": "Xã",
    "phường": "Phường",
    "thị trấn": "Thị trấn",
    "đặc khu": "Đặc khu",
    "đk": "Đặc khu",
    "huyện": "Huyện",
    "quận": "Quận",
    "quan": "Quận",
    "thị xã": "Thị xã",
    "xa": "Xã",
    "x.": "Xã",
    "phuong": "Phường",
    "p": "Phường",
    "p.": "Phường",
    "thi tran": "Thị trấn",
    "tt": "Thị trấn",
    "tt.": "Thị trấn",
    "dac khu": "Đặc khu",
    "dk": "Đặc khu",
    "dk.": "Đặc khu",
    "huyen": "Huyện",
    "h.": "Huyện",
    "q": "Quận",
    "q.": "Quận",
    "thi xa": "Thị xã",
    "tx": "Thị xã",
    "tx.": "Thị xã",
}
_SPLIT = re.compile(r"\s*(?:[,;\n|]|\s[-–—]\s|\s*[-–—]{2,}\s*)\s*")
# A unit keyword in the middle of a chunk starts a new part ("xã A huyện B tỉnh C").
_KEYWORD_SPLIT = re.compile(
    r"\s+(?=(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh"
    r"|tp\.|tx\.|tt\.|q\.|h\.|t\.|x\.|p\.)\s*\S)",
    re.IGNORECASE,
)
_ASCII_KEYWORD_SPLIT = re.compile(
    r"\s+(?=(?:xa|phuong|thi tran|huyen|thi xa|thanh pho|tinh)\s+\S)", re.IGNORECASE
)
_PROVINCE_ALIASES = {
    "hcm": "79",
    "tphcm": "79",
    "saigon": "79",
    "hn": "01",
    "brvt": "77",
    "hue": "46",
    "thuathienhue": "46",
    "daclac": "66",
    "daklak": "66",
    "daknong": "67",
    "dacnong": "67",
}


@dataclass(frozen=True, slots=True)
class _Part:
    level: Level | None
    unit_type: str | None
    name: str
    raw: str


@dataclass(frozen=True, slots=True)
class AddressResult:
    """Outcome of :func:`resolve_address`. Codes are of the era the text was written in."""

    raw: str
    text: str  # the repaired text
    era: Era | None
    province_code: str | None  # old 2-digit code (pre2025) or new one (2025)
    district_code: str | None
    ward_code: str | None  # old ward (pre2025)
    commune_code: str | None  # new commune (2025 form)
    proposed: units.Commune | None  # the current unit to use
    proposed_province: units.Province | None
    needs_choice: bool
    candidates: tuple[units.Commune, ...]
    confidence: float
    notes: tuple[str, ...] = ()
    detail: str = ""  # house number, street, thôn/xóm… kept as written
    loose: bool = field(default=False)  # a name matched only without diacritics

    @property
    def resolved(self) -> bool:
        return self.proposed is not None


def _exact(name: str) -> str:
    text = compare_key(name.replace("-", " ").replace("–", " "))
    return " ".join(part.lstrip("0") or "0" if part.isdigit() else part for part in text.split())


def _squash(name: str) -> str:
    text = fold(name)
    return "".join(
        (part.lstrip("0") or "0") if part.isdigit() else part
        for part in re.split(r"[\s\-–'’.]+", text)
    )


class _Index:
    """Name → codes, exact (accents kept) and squashed (accent-free, no spaces)."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, str], list[str]] = {}
        self.loose: dict[tuple[str, str], list[str]] = {}

    def add(self, scope: str, name: str, code: str) -> None:
        for table, key in ((self.exact, _exact(name)), (self.loose, _squash(name))):
            codes = table.setdefault((scope, key), [])
            if code not in codes:
                codes.append(code)

    def find(self, scopes: set[str], name: str) -> tuple[list[str], bool]:
        """Codes named ``name`` within ``scopes``, and whether only the accent-free key matched."""
        exact_key = _exact(name)
        found = [c for s in sorted(scopes) for c in self.exact.get((s, exact_key), [])]
        if found:
            return found, False
        loose_key = _squash(name)
        found = [c for s in sorted(scopes) for c in self.loose.get((s, loose_key), [])]
        return found, bool(found)


@functools.cache
def _province_index() -> tuple[_Index, _Index]:
    old, new = _Index(), _Index()
    for province in units.provinces_pre2025().values():
        for name in (province.name, province.full_name):
            old.add("*", name, province.code)
    for alias, code in _PROVINCE_ALIASES.items():
        old.loose.setdefault(("*", alias), []).append(code)
    for new_province in units.provinces_2025().values():
        for name in (new_province.name, new_province.full_name):
            new.add("*", name, new_province.code)
    for alias, code in _PROVINCE_ALIASES.items():
        successor = units.province_successor(code)
        if successor is not None:
            new.loose.setdefault(("*", alias), []).append(successor)
    return old, new


@functools.cache
def _district_index() -> _Index:
    index = _Index()
    for district in units.districts_pre2025().values():
        index.add(district.province_code, district.name, district.code)
    return index


@functools.cache
def _ward_index() -> tuple[_Index, _Index]:
    by_province, by_district = _Index(), _Index()
    for ward in units.wards_pre2025().values():
        by_province.add(ward.province_code, ward.name, ward.code)
        by_district.add(ward.district_code, ward.name, ward.code)
    return by_province, by_district


@functools.cache
def _commune_index() -> _Index:
    index = _Index()
    for commune in units.communes_2025().values():
        index.add(commune.province_code, commune.name, commune.code)
    return index


def _parse_parts(text: str) -> list[_Part]:
    parts: list[_Part] = []
    chunks: list[str] = []
    for piece in _SPLIT.split(text):
        splitter = _ASCII_KEYWORD_SPLIT if piece.isascii() else _KEYWORD_SPLIT
        chunks.extend(splitter.split(piece))
    for chunk in chunks:
        chunk = chunk.strip(" .,")
        if not chunk:
            continue
        lowered = chunk.lower()
        match = _PREFIX.match(lowered)
        if match is None and chunk.isascii():
            match = _ASCII_PREFIX.match(lowered)
        if match is None:
            parts.append(_Part(None, None, chunk, chunk))
            continue
        level = match.lastgroup
        prefix = match.group(0).strip(" .:").strip()
        name = chunk[match.end() :].strip(" .")
        if level == "detail" or not name:
            parts.append(_Part("detail", None, chunk, chunk))
            continue
        unit_type = _TYPE_OF_PREFIX.get(prefix) or _TYPE_OF_PREFIX.get(prefix + ".")
        parts.append(_Part(level, unit_type, name, chunk))  # type: ignore[arg-type]
    return parts


def _province_from_hint(hint: str) -> tuple[set[str], set[str]]:
    old_index, new_index = _province_index()
    code = hint.strip()
    if code.isdigit():
        code = code.zfill(2)
        return (
            {code} if code in units.provinces_pre2025() else set(),
            {code} if code in units.provinces_2025() else set(),
        )
    old_codes, _ = old_index.find({"*"}, code)
    new_codes, _ = new_index.find({"*"}, code)
    return set(old_codes), set(new_codes)


def resolve_address(text: str, *, province_hint: str | None = None) -> AddressResult:
    """Resolve ``text``; ``province_hint`` (a name or a 2-digit old/new code) scopes bare names."""
    return _resolve(text, province_hint)


def resolve_addresses(
    values: list[str], *, province_hint: str | None = None
) -> list[AddressResult]:
    """Batch form of :func:`resolve_address` (each distinct value resolved once)."""
    return [_resolve(value, province_hint) for value in values]


@functools.lru_cache(maxsize=1 << 15)
def _resolve(raw: str, province_hint: str | None) -> AddressResult:
    repaired = repair(raw).value
    parts = _parse_parts(repaired)
    details = [part.raw for part in parts if part.level == "detail"]
    unit_parts = [part for part in parts if part.level != "detail"]
    notes: list[str] = []
    loose = False
    old_index, new_index = _province_index()

    old_provinces: set[str] = set()
    new_provinces: set[str] = set()
    if len(unit_parts) >= 2 and unit_parts[-1].level is None:
        # "Bà Rịa - Vũng Tàu" was cut at its dash.
        joined = unit_parts[-2].name + " - " + unit_parts[-1].name
        if old_index.find({"*"}, joined)[0] or new_index.find({"*"}, joined)[0]:
            last = unit_parts.pop()
            before = unit_parts.pop()
            unit_parts.append(
                _Part(before.level, before.unit_type, joined, before.raw + " - " + last.raw)
            )
    if unit_parts and unit_parts[-1].level in ("province", "city", None):
        old_found, old_loose = old_index.find({"*"}, unit_parts[-1].name)
        new_found, new_loose = new_index.find({"*"}, unit_parts[-1].name)
        if old_found or new_found:
            old_provinces, new_provinces = set(old_found), set(new_found)
            loose = loose or (old_loose if old_found else new_loose)
            unit_parts.pop()
    from_hint = False
    if not old_provinces and not new_provinces and province_hint:
        old_provinces, new_provinces = _province_from_hint(province_hint)
        from_hint = bool(old_provinces or new_provinces)
        if from_hint:
            notes.append("Địa chỉ không ghi tỉnh; đã dùng tỉnh được gợi ý.")
    old_scope = set(old_provinces)
    for code in new_provinces:
        old_scope |= {
            old for old in units.provinces_pre2025() if units.province_successor(old) == code
        }
    new_scope = set(new_provinces) | {
        successor
        for code in old_provinces
        if (successor := units.province_successor(code)) is not None
    }
    if not old_scope and not new_scope:
        old_scope = set(units.provinces_pre2025())
        new_scope = set(units.provinces_2025())
        notes.append("Không xác định được tỉnh: tìm trên cả nước, dễ trùng tên.")
    abolished_province = bool(old_provinces) and not new_provinces

    district_codes: list[str] = []
    if unit_parts:
        candidate = unit_parts[-1]
        if candidate.level in ("district", "city", None):
            found, was_loose = _district_index().find(old_scope, candidate.name)
            if candidate.unit_type:
                typed = [
                    code
                    for code in found
                    if units.districts_pre2025()[code].unit_type == candidate.unit_type
                ]
                found = typed or found
            if found and (candidate.level is not None or len(unit_parts) >= 2):
                district_codes = found
                loose = loose or was_loose
                unit_parts.pop()

    if len(unit_parts) >= 2 and unit_parts[-1].level is None:
        joined = unit_parts[-2].name + " - " + unit_parts[-1].name
        scopes = (set(district_codes), 1) if district_codes else (old_scope, 0)
        if (
            _ward_index()[scopes[1]].find(scopes[0], joined)[0]
            or _commune_index().find(new_scope, joined)[0]
        ):
            last = unit_parts.pop()
            before = unit_parts.pop()
            unit_parts.append(
                _Part(before.level, before.unit_type, joined, before.raw + " - " + last.raw)
            )
    commune_part = unit_parts.pop() if unit_parts else None
    details = [part.raw for part in unit_parts] + details
    old_wards: list[str] = []
    new_communes: list[str] = []
    if commune_part is not None:
        if district_codes:
            old_wards, was_loose = _ward_index()[1].find(set(district_codes), commune_part.name)
        else:
            old_wards, was_loose = _ward_index()[0].find(old_scope, commune_part.name)
            new_communes, new_loose = _commune_index().find(new_scope, commune_part.name)
            if new_communes and not old_wards:
                was_loose = new_loose
        loose = loose or was_loose
        old_wards = _prefer_type(old_wards, commune_part.unit_type, units.wards_pre2025())
        new_communes = _prefer_type(new_communes, commune_part.unit_type, units.communes_2025())

    return _build(
        raw,
        repaired,
        province_codes=(old_provinces, new_provinces),
        district_codes=district_codes,
        old_wards=old_wards,
        new_communes=new_communes,
        abolished_province=abolished_province,
        commune_named=commune_part is not None,
        from_hint=from_hint,
        loose=loose,
        notes=notes,
        detail=", ".join(details),
    )


def _prefer_type(
    codes: list[str],
    unit_type: str | None,
    table: dict[str, units.OldWard] | dict[str, units.Commune],
) -> list[str]:
    if not unit_type or len(codes) < 2:
        return codes
    typed = [code for code in codes if table[code].unit_type == unit_type]
    return typed or codes


def _build(
    raw: str,
    repaired: str,
    *,
    province_codes: tuple[set[str], set[str]],
    district_codes: list[str],
    old_wards: list[str],
    new_communes: list[str],
    abolished_province: bool,
    commune_named: bool,
    from_hint: bool,
    loose: bool,
    notes: list[str],
    detail: str,
) -> AddressResult:
    communes = units.communes_2025()
    old_provinces, new_provinces = province_codes
    confidence = 1.0 - (0.15 if loose else 0.0) - (0.1 if from_hint else 0.0)
    if loose:
        notes.append("Một số tên chỉ khớp khi bỏ dấu; cần kiểm tra chính tả.")

    def result(
        era: Era | None,
        province_code: str | None,
        *,
        district: str | None = None,
        ward: str | None = None,
        commune: str | None = None,
        candidates: tuple[units.Commune, ...] = (),
        confidence: float = confidence,
    ) -> AddressResult:
        proposed = candidates[0] if len(candidates) == 1 else None
        province = units.provinces_2025().get(proposed.province_code) if proposed else None
        if province is None and era == "2025" and province_code:
            province = units.provinces_2025().get(province_code)
        if province is None and era == "pre2025" and province_code:
            province = units.new_province_of_old(province_code)
        return AddressResult(
            raw=raw,
            text=repaired,
            era=era,
            province_code=province_code,
            district_code=district,
            ward_code=ward,
            commune_code=commune,
            proposed=proposed,
            proposed_province=province,
            needs_choice=len(candidates) > 1,
            candidates=candidates,
            confidence=round(max(0.0, confidence), 3),
            notes=tuple(dict.fromkeys(notes)),
            detail=detail,
            loose=loose,
        )

    def successors_of(ward_code: str) -> tuple[units.Commune, ...]:
        return tuple(
            communes[successor.new_code]
            for successor in units.successors(ward_code)
            if successor.new_code in communes
        )

    # Prefer the 2025 reading when the commune exists now and nothing says "old" (no district,
    # no abolished province): a kept or renamed-into name is the same place either way.
    if new_communes and not district_codes and not abolished_province:
        if len(new_communes) == 1:
            commune = communes[new_communes[0]]
            if old_wards:
                notes.append(
                    "Tên xã cũng là tên một xã trước sáp nhập; đã hiểu theo đơn vị hiện nay."
                )
            return result(
                "2025", commune.province_code, commune=commune.code, candidates=(commune,)
            )
        notes.append(
            f"Có {len(new_communes)} xã/phường cùng tên trong phạm vi tìm; cần người chọn."
        )
        return result(
            "2025",
            _single(new_provinces),
            candidates=tuple(communes[code] for code in new_communes),
            confidence=confidence - 0.3,
        )
    if old_wards:
        if len(old_wards) > 1:
            merged: dict[str, units.Commune] = {}
            for code in old_wards:
                for commune in successors_of(code):
                    merged.setdefault(commune.code, commune)
            notes.append(
                f"Có {len(old_wards)} xã/phường cũ cùng tên trong tỉnh; cần ghi rõ huyện hoặc chọn."
            )
            return result(
                "pre2025",
                _single(old_provinces),
                candidates=tuple(merged.values()),
                confidence=confidence - 0.3,
            )
        ward = units.wards_pre2025()[old_wards[0]]
        found = successors_of(ward.code)
        if not district_codes:
            notes.append("Địa chỉ cũ không ghi huyện; đã tìm xã trong cả tỉnh.")
            confidence -= 0.05
        if len(found) > 1:
            names = ", ".join(commune.full_name for commune in found)
            notes.append(
                f"{ward.full_name} (cũ) đã bị chia cho {len(found)} đơn vị mới ({names}); "
                "cần người chọn theo thôn/xóm, không tự đoán."
            )
        elif found:
            notes.append(f"{ward.full_name} (cũ) nay thuộc {found[0].full_name}.")
        else:
            notes.append("Không tìm thấy đơn vị mới của xã cũ này trong bảng chuyển đổi.")
        return result(
            "pre2025",
            ward.province_code,
            district=ward.district_code,
            ward=ward.code,
            candidates=found,
            confidence=confidence,
        )
    if district_codes:
        district = units.districts_pre2025()[district_codes[0]]
        found_codes = units.successors_of_district(district.code)
        candidates = tuple(
            communes[successor.new_code]
            for successor in found_codes
            if successor.new_code in communes
        )
        if commune_named:
            notes.append("Không tìm thấy tên xã trong huyện đã ghi.")
        notes.append(
            f"Chỉ xác định được {district.full_name} (cũ); cấp huyện đã bỏ, cần chọn xã mới."
        )
        return result(
            "pre2025",
            district.province_code,
            district=district.code,
            candidates=candidates,
            confidence=confidence - 0.4,
        )
    if old_provinces or new_provinces:
        if commune_named:
            notes.append("Không tìm thấy tên xã/phường trong tỉnh.")
        else:
            notes.append("Chỉ xác định được tỉnh.")
        era: Era | None = "pre2025" if abolished_province else ("2025" if new_provinces else None)
        province_code = _single(new_provinces) if era == "2025" else _single(old_provinces)
        return result(era, province_code, confidence=confidence - 0.6)
    notes.append("Không nhận ra đơn vị hành chính nào.")
    return result(None, None, confidence=0.0)


def _single(codes: set[str]) -> str | None:
    return next(iter(codes)) if len(codes) == 1 else None
