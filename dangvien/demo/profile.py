"""Education, occupation and notes of clean members, by age and kind of cell.

Values are canonical catalog names (refdata): general education "12/12" or the 10-year system's
"10/10" for people born up to 1972; professional level and political theory by kind of cell and
position; notes only where they are true (a badge milestone reached, exemption for old age).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import polars as pl

from dangvien.demo.dates import months_between
from dangvien.demo.orgs import OrgPlan
from dangvien.demo.rand import BoolArray, IntArray, choice_index

GENERAL_EDUCATION_OLD = ("10/10", "7/10", "8/10", "4/10")  # 10-year system, born ≤ 1972
GENERAL_EDUCATION_NEW = ("12/12", "9/12", "11/12", "10/12")
PROFESSIONAL_LEVELS = (None, "Sơ cấp", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ")
POLITICAL_THEORY = (None, "Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân")
FOREIGN_LANGUAGES = (None, "Tiếng Anh A2", "Tiếng Anh B1", "Tiếng Anh B")
IT_LEVELS = (None, "Cơ bản", "Nâng cao", "Tin học B")
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75)
_AREA_LEVELS: dict[str, tuple[float, ...]] = {
    # weights over PROFESSIONAL_LEVELS
    "residential": (0.74, 0.10, 0.10, 0.01, 0.05, 0.0),
    "agency": (0.0, 0.0, 0.10, 0.02, 0.78, 0.10),
    "school": (0.0, 0.0, 0.02, 0.23, 0.70, 0.05),
    "health": (0.0, 0.0, 0.40, 0.20, 0.40, 0.0),
    "armed_forces": (0.0, 0.0, 0.50, 0.10, 0.40, 0.0),
    "enterprise": (0.30, 0.30, 0.35, 0.0, 0.05, 0.0),
    "other": (0.5, 0.1, 0.2, 0.05, 0.15, 0.0),
}
_OCCUPATIONS: dict[str, tuple[tuple[str, float], ...]] = {
    "residential": (("Nông dân", 0.8), ("Kinh doanh", 0.08), ("Lao động tự do", 0.12)),
    "agency": (("Công chức", 0.75), ("Người hoạt động không chuyên trách", 0.25)),
    "school": (("Giáo viên", 0.9), ("Nhân viên", 0.1)),
    "health": (("Y sĩ", 0.4), ("Điều dưỡng", 0.3), ("Bác sĩ", 0.2), ("Dược sĩ", 0.1)),
    "armed_forces": (("Công an", 1.0),),
    "enterprise": (("Xã viên hợp tác xã", 0.7), ("Nhân viên", 0.3)),
    "other": (("Nông dân", 1.0),),
}
_MILITARY_OCCUPATION = "Quân nhân"
_RETIRED = "Hưu trí"
AREAS = ("residential", "agency", "school", "health", "armed_forces", "enterprise", "other")


def education_columns(
    rng: np.random.Generator,
    area: IntArray,
    birth_year: IntArray,
    official: BoolArray,
    position: IntArray,
) -> dict[str, pl.Series]:
    n = len(area)
    old_system = birth_year <= 1972
    workplace = area != AREAS.index("residential")
    old_draw = choice_index(rng, (0.6, 0.25, 0.05, 0.1), n)
    new_draw = len(GENERAL_EDUCATION_OLD) + choice_index(rng, (0.8, 0.15, 0.03, 0.02), n)
    general = np.where(old_system, old_draw, new_draw)
    # Staff of agencies, schools and the police finished the general school of their time.
    finished = np.where(old_system, 0, len(GENERAL_EDUCATION_OLD))
    general = np.where(workplace, finished, general)
    level = np.zeros(n, dtype=np.int64)
    for name, weights in _AREA_LEVELS.items():
        mask = area == AREAS.index(name)
        level[mask] = choice_index(rng, weights, int(mask.sum()))
    leaders = position != 3
    theory = np.select(
        [area == AREAS.index("agency"), leaders],
        [
            choice_index(rng, (0.0, 0.3, 0.58, 0.1, 0.02), n),
            choice_index(rng, (0.0, 0.45, 0.53, 0.02, 0.0), n),
        ],
        choice_index(rng, (0.05, 0.85, 0.1, 0.0, 0.0), n),
    )
    theory = np.where(official, theory, choice_index(rng, (0.5, 0.5, 0.0, 0.0, 0.0), n))
    commune_secretary = position == 4
    theory = np.where(commune_secretary, POLITICAL_THEORY.index("Cao cấp"), theory)
    level = np.where(commune_secretary, PROFESSIONAL_LEVELS.index("Đại học"), level)
    trained = workplace | (birth_year >= 1985)
    language = np.where(trained, choice_index(rng, (0.45, 0.25, 0.2, 0.1), n), 0)
    computing = np.where(trained, choice_index(rng, (0.35, 0.5, 0.05, 0.1), n), 0)
    return {
        "general_education": _gather((*GENERAL_EDUCATION_OLD, *GENERAL_EDUCATION_NEW), general),
        "professional_level": _gather(PROFESSIONAL_LEVELS, level),
        "political_theory": _gather(POLITICAL_THEORY, theory),
        "foreign_language": _gather(FOREIGN_LANGUAGES, language),
        "it_level": _gather(IT_LEVELS, computing),
    }


def _gather(values: Sequence[str | None], index: IntArray) -> pl.Series:
    return pl.Series(list(values), dtype=pl.String).gather(index)


def occupations(
    rng: np.random.Generator,
    plan: OrgPlan,
    org_index: IntArray,
    area: IntArray,
    age_now: IntArray,
) -> pl.Series:
    n = len(area)
    vocabulary = [name for options in _OCCUPATIONS.values() for name, _ in options]
    vocabulary += [_MILITARY_OCCUPATION, _RETIRED]
    result = np.zeros(n, dtype=np.int64)
    offset = 0
    for name, options in _OCCUPATIONS.items():
        mask = area == AREAS.index(name)
        drawn = choice_index(rng, [w for _, w in options], int(mask.sum()))
        result[mask] = offset + drawn
        offset += len(options)
    military = np.array(["Quân sự" in name for name in plan.names])[org_index]
    result[military] = vocabulary.index(_MILITARY_OCCUPATION)
    residential = area == AREAS.index("residential")
    retired = residential & (age_now >= 60 * 12) & (rng.random(n) < 0.45)
    result[retired] = vocabulary.index(_RETIRED)
    return _gather(vocabulary, result)


def notes(
    rng: np.random.Generator,
    exempt: BoolArray,
    official: BoolArray,
    jy: IntArray,
    jm: IntArray,
    jd: IntArray,
    as_of: dt.date,
) -> pl.Series:
    n = len(exempt)
    party_years = (
        months_between(
            jy, jm, jd, np.full(n, as_of.year), np.full(n, as_of.month), np.full(n, as_of.day)
        )
        // 12
    )
    badge = np.zeros(n, dtype=np.int64)
    for years in BADGE_YEARS:
        badge = np.where(party_years >= years, years, badge)
    with_badge = official & (badge > 0) & (rng.random(n) < 0.35)
    with_exempt_note = exempt & (rng.random(n) < 0.4)
    frame = pl.DataFrame({"b": badge, "wb": with_badge, "we": with_exempt_note})
    badge_text = pl.when(pl.col("wb")).then(pl.format("Huy hiệu {} năm tuổi Đảng", pl.col("b")))
    exempt_text = pl.when(pl.col("we")).then(pl.lit("Miễn sinh hoạt do tuổi cao"))
    joined = pl.concat_str([badge_text, exempt_text], separator="; ", ignore_nulls=True)
    return frame.select(
        pl.when(pl.col("wb") | pl.col("we")).then(joined).otherwise(None).alias("note")
    )["note"]
