"""The project's reference catalogs: ethnicity, religion, education and political-theory levels.

Administrative units, CCCD province codes and mobile prefixes live with the code that interprets
them (`dangvien.vn`); `registry()` lists every catalog with its version and effective date.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from dangvien.refdata.catalog import Catalog, Entry, read_csv, split_variants
from dangvien.vn import catalogs as vn_catalogs
from dangvien.vn.catalogs import CatalogInfo

ETHNICITY_INFO = CatalogInfo(
    key="ethnicity",
    title="Danh mục các dân tộc Việt Nam",
    version="121-TCTK/PPCĐ",
    effective_date=dt.date(1979, 3, 2),
    source="HL7 Vietnam vn-core-ig CodeSystem vn-core-race (GSO list), curated variants",
    licence="CC0 / public administrative catalog",
    files=("ethnicity/ethnic_groups.csv",),
)
RELIGION_INFO = CatalogInfo(
    key="religion",
    title="Danh mục tôn giáo được Nhà nước công nhận",
    version="2025-07",
    effective_date=dt.date(2025, 7, 1),
    source="Ban Tôn giáo Chính phủ (16 tôn giáo), GSO 2008 list; compiled (domain.md §6.2)",
    licence="public administrative facts",
    files=("religion/religions.csv",),
)
GENERAL_EDUCATION_INFO = CatalogInfo(
    key="general_education",
    title="Trình độ giáo dục phổ thông",
    version="HD 12-HD/BTCTW 2022",
    effective_date=dt.date(2022, 1, 1),
    source="lý lịch đảng viên mục 12 (domain.md §1.6)",
    licence="public administrative facts",
    files=("education/general_education.csv",),
)
PROFESSIONAL_LEVEL_INFO = CatalogInfo(
    key="professional_level",
    title="Trình độ chuyên môn (giáo dục nghề nghiệp, đại học, sau đại học)",
    version="HD 12-HD/BTCTW 2022",
    effective_date=dt.date(2022, 1, 1),
    source="lý lịch đảng viên mục 12; Luật Giáo dục nghề nghiệp (domain.md §1.6)",
    licence="public administrative facts",
    files=("education/professional_level.csv",),
)
POLITICAL_THEORY_INFO = CatalogInfo(
    key="political_theory",
    title="Trình độ lý luận chính trị",
    version="HD 12-HD/BTCTW 2022",
    effective_date=dt.date(2022, 1, 1),
    source="lý lịch đảng viên mục 12 (domain.md §1.6)",
    licence="public administrative facts",
    files=("education/political_theory.csv",),
)


@cache
def ethnicity() -> Catalog:
    rows = read_csv("ethnicity/ethnic_groups.csv")
    entries = tuple(
        Entry(code=row["code"], name=row["name"], variants=split_variants(row["variants"]))
        for row in rows
    )
    return Catalog(info=ETHNICITY_INFO, entries=entries)


@cache
def religion() -> Catalog:
    rows = read_csv("religion/religions.csv")
    entries = tuple(
        Entry(
            code=row["code"],
            name=row["name"],
            variants=split_variants(row["variants"]),
            needs_review=split_variants(row["needs_review_variants"]),
        )
        for row in rows
    )
    return Catalog(info=RELIGION_INFO, entries=entries)


def _levels(relative: str, info: CatalogInfo) -> Catalog:
    rows = read_csv(relative)
    entries = tuple(
        Entry(code=row["code"], name=row["name"], variants=split_variants(row["variants"]))
        for row in rows
    )
    return Catalog(info=info, entries=entries)


@cache
def general_education() -> Catalog:
    return _levels("education/general_education.csv", GENERAL_EDUCATION_INFO)


@cache
def professional_level() -> Catalog:
    return _levels("education/professional_level.csv", PROFESSIONAL_LEVEL_INFO)


@cache
def political_theory() -> Catalog:
    return _levels("education/political_theory.csv", POLITICAL_THEORY_INFO)


CATALOGS = {
    "ethnicity": ethnicity,
    "religion": religion,
    "general_education": general_education,
    "professional_level": professional_level,
    "political_theory": political_theory,
}


def catalog(name: str) -> Catalog:
    """The catalog a dictionary field names in its `catalog` attribute."""
    try:
        return CATALOGS[name]()
    except KeyError:
        raise KeyError(f"unknown catalog {name!r}") from None


def registry() -> tuple[CatalogInfo, ...]:
    """Every vendored catalog with its source, version and effective date."""
    return (*(load().info for load in CATALOGS.values()), *vn_catalogs.CATALOGS)
