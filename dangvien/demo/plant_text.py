"""Planters for text defects: legacy fonts, NFD, casing, catalog variants and old addresses."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import numpy as np

from dangvien.demo.names import has_toned_capital
from dangvien.demo.places import OLD_SON_LU, VILLAGES, village_old_address, wards
from dangvien.demo.plant_base import (
    Context,
    Eligibility,
    Planted,
    Planter,
    TruthRow,
    mask_of,
    present,
)
from dangvien.demo.rand import BoolArray
from dangvien.vn.legacy import encode
from dangvien.vn.syllables import parse


def _single(
    ctx: Context, index: int, name: str, defect: str, planted: str | None
) -> Planted | None:
    clean = ctx.value(index, name)
    if planted == clean:
        return None
    return Planted(
        edits=[(index, name, planted)],
        truth=[TruthRow(index, name, defect, clean, planted)],
    )


def legacy_font(defect: str, scheme: str, name: str) -> Planter:
    """Text typed with a .VnTime/VNI-Times font, read back as Windows-1252 ("NguyÔn V¨n Hïng")."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, name)
        if clean is None or (scheme == "tcvn3" and has_toned_capital(clean)):
            return None  # TCVN3 cannot keep a toned capital: the defect would lose information
        planted = encode(clean, scheme)  # type: ignore[arg-type]
        if all(parse(word) is not None for word in planted.replace(",", " ").split()):
            return None  # reads as plain Vietnamese: nobody could tell it was mis-encoded
        return _single(ctx, index, name, defect, planted)

    return plant


def nfd(defect: str, name: str) -> Planter:
    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, name)
        if clean is None:
            return None
        return _single(ctx, index, name, defect, unicodedata.normalize("NFD", clean))

    return plant


def _lower_middle(words: list[str]) -> str | None:
    if len(words) < 3:
        return None
    return " ".join([words[0], *(w.lower() for w in words[1:-1]), words[-1]])


def _double_space(words: list[str]) -> str | None:
    if len(words) < 2:
        return None
    return " ".join(words[:1]) + "  " + " ".join(words[1:])


def _first_word_lower(words: list[str]) -> str | None:
    return " ".join([words[0].lower(), *words[1:]])


def _only_first_capital(words: list[str]) -> str | None:
    return " ".join([words[0], *(w.lower() for w in words[1:])])


# Spaces at the ends of a cell are not planted: intake trims them, so no rule could see them.
_CASINGS: tuple[Callable[[list[str]], str | None], ...] = (
    lambda words: " ".join(words).lower(),
    _lower_middle,
    _double_space,
    _first_word_lower,
    _only_first_capital,
)


def name_casing(defect: str) -> Planter:
    """'nguyễn văn hùng', 'Nguyễn văn Hùng', 'Nguyễn văn hùng', 'nguyễn Văn Hùng', two spaces."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "full_name")
        if clean is None:
            return None
        planted = _CASINGS[int(ctx.rng.integers(0, len(_CASINGS)))](clean.split(" "))
        return _single(ctx, index, "full_name", defect, planted)

    return plant


ETHNICITY_VARIANTS: dict[str, tuple[str, ...]] = {
    "Mông": ("Mèo", "H'Mông", "Mẹo", "HMông"),
    "Thái": ("Thái (Đen)", "Thái Đen", "Thái Trắng", "thái"),
    "Kinh": ("Việt", "Kinh (Việt)"),
    "Mường": ("mường",),
}
UNKNOWN_ETHNICITIES: tuple[str, ...] = ("Xá", "Mán", "Thượng")
RELIGION_VARIANTS: dict[str, tuple[str, ...]] = {
    "Không": ("Không tôn giáo", "Không theo tôn giáo nào", "không", "Không có"),
    "Công giáo": ("Thiên chúa", "Thiên Chúa giáo", "Đạo Thiên Chúa"),
    "Phật giáo": ("Đạo Phật", "Phật"),
    "Tin lành": ("Đạo Tin lành", "Tin Lành"),
}
EDUCATION_VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "general_education": {
        "12/12": ("12", "Lớp 12", "THPT", "Tốt nghiệp THPT", "Cấp 3"),
        "10/10": ("10 hệ 10", "Lớp 10/10"),
        "9/12": ("9", "Lớp 9", "THCS", "Tốt nghiệp THCS"),
        "7/10": ("Lớp 7/10",),
        "11/12": ("Lớp 11",),
        "10/12": ("Lớp 10",),
    },
    "political_theory": {
        "Sơ cấp": ("SC", "Sơ cấp LLCT", "Sơ cấp chính trị"),
        "Trung cấp": ("TC", "Trung cấp LLCT", "Trung cấp chính trị"),
        "Cao cấp": ("CC", "Cao cấp LLCT"),
        "Cử nhân": ("Cử nhân chính trị",),
    },
    "professional_level": {
        "Đại học": ("ĐH", "Cử nhân", "Đại học tại chức"),
        "Trung cấp": ("THCN", "Trung cấp nghề"),
        "Cao đẳng": ("CĐ",),
        "Thạc sĩ": ("ThS", "Thạc sỹ"),
    },
}


def has_value_in(name: str, values: tuple[str, ...] | list[str]) -> Eligibility:
    def eligible(ctx: Context) -> BoolArray:
        def build() -> BoolArray:
            found: BoolArray = mask_of(ctx.people.frame.get_column(name).is_in(list(values)))
            return found

        return ctx.cached(f"in:{name}:{'|'.join(values)}", build)

    return eligible


def catalog_variant(defect: str, name: str, variants: dict[str, tuple[str, ...]]) -> Planter:
    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, name)
        options = variants.get(clean or "")
        if not options:
            return None
        return _single(ctx, index, name, defect, options[int(ctx.rng.integers(0, len(options)))])

    return plant


def unknown_ethnicity(defect: str) -> Planter:
    def plant(ctx: Context, index: int) -> Planted | None:
        choice = UNKNOWN_ETHNICITIES[int(ctx.rng.integers(0, len(UNKNOWN_ETHNICITIES)))]
        return _single(ctx, index, "ethnicity", defect, choice)

    return plant


def _village_of(ctx: Context, index: int, name: str) -> int:
    if name == "current_address":
        return int(ctx.people.current_village[index])
    return int(ctx.people.village[index])


def old_address_eligible(name: str, split: bool) -> Eligibility:
    """Records whose address lies in an old commune that was split (or kept whole)."""

    def eligible(ctx: Context) -> BoolArray:
        def build() -> BoolArray:
            source = ctx.people.current_village if name == "current_address" else ctx.people.village
            in_son_lu = np.array([v.old_ward == OLD_SON_LU for v in VILLAGES])
            at_village = source >= 0
            village_split = at_village & in_son_lu[np.maximum(source, 0)]
            elsewhere = ctx.people.home_ward >= 0
            if name != "permanent_address":
                elsewhere = np.zeros(ctx.size, dtype=bool)
            wanted = village_split if split else (at_village & ~village_split) | elsewhere
            result: BoolArray = wanted & present(ctx, name)
            return result

        return ctx.cached(f"old_address:{name}:{split}", build)

    return eligible


def old_address(defect: str, name: str) -> Planter:
    """The address still written with its pre-2025 commune and district."""

    def plant(ctx: Context, index: int) -> Planted | None:
        village = _village_of(ctx, index, name)
        if village >= 0:
            planted = village_old_address(VILLAGES[village])
        else:
            planted = wards().wards[int(ctx.people.home_ward[index])].old_form
        return _single(ctx, index, name, defect, planted)

    return plant
