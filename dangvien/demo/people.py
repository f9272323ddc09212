"""Clean members: every value obeys the Party rules and the identity-number structure.

Built column by column with vectorized sampling (numpy) and Polars string expressions, so a
million members take seconds. Rules every clean record satisfies (checked independently by the
tests):

- names NFC, each syllable capitalised; ethnicity and religion canonical catalog names;
- age at join_date between 18 years 1 month and 57 years (full months), never later than as_of;
- official: official_date = join_date + 12 months exactly, not after as_of, 8-digit card number;
- probationary: joined 1–10 months before as_of, no official date, no card number;
- CCCD = 0 + pre-2025 code of the birth province, century/gender digit, last two digits of the
  birth year, six random digits; unique; phones 10-digit mobiles with a current prefix, unique;
- card numbers and dossier numbers (6 digits + "TH") unique;
- birth dates are dd/mm/yyyy, except a share of members born before 1941 whose lý lịch only
  gives the year ("1938"); the year is then chosen so that the age at joining is within 19–56
  full years whatever the day, so the age rules hold either way;
- exempt members ("miễn sinh hoạt") hold no position and have not installed the handbook;
- the exported list is the active roster: exit_kind/exit_date are empty on clean records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from dangvien.demo import model as m
from dangvien.demo.dates import days_in_month, format_dates, month_index, months_between
from dangvien.demo.names import sample_full_names
from dangvien.demo.orgs import ETHNICITIES, OrgPlan
from dangvien.demo.places import ORIGIN_GROUPS, VILLAGES, sample_wards, village_address, wards
from dangvien.demo.profile import AREAS, education_columns, notes, occupations
from dangvien.demo.rand import BoolArray, IntArray, choice_index, stream, unique_ints

MIN_JOIN_AGE_MONTHS = 18 * 12 + 2  # the day of the month may take one month off: ≥ 18y1m
MAX_JOIN_AGE_MONTHS = 57 * 12
MAX_AGE_MONTHS = 1150  # about 95 years at as_of
MAX_WORKING_AGE_MONTHS = 58 * 12
PROBATIONER_SHARE = 0.04
COMMEMORATIVE_DAYS = ((3, 2), (19, 5), (2, 9), (7, 11))  # (day, month) of typical ceremonies
RELIGIONS = ("Không", "Phật giáo", "Công giáo", "Tin lành")
POSITIONS = (m.SECRETARY, m.DEPUTY_SECRETARY, m.COMMITTEE_MEMBER, m.PLAIN_MEMBER)
# Current prefixes with rough market shares in rural Thanh Hóa (Viettel dominates the mountains).
PHONE_PREFIXES = (
    ("086", 4), ("096", 8), ("097", 12), ("098", 10), ("032", 5), ("033", 6), ("034", 5),
    ("035", 5), ("036", 4), ("037", 5), ("038", 6), ("039", 4),
    ("088", 1), ("091", 4), ("094", 3), ("081", 1), ("082", 1), ("083", 1), ("084", 1),
    ("085", 1), ("090", 3), ("093", 2), ("089", 1), ("070", 1), ("079", 1), ("077", 1),
    ("076", 1), ("078", 1), ("056", 1), ("058", 1), ("092", 1), ("059", 1),
)  # fmt: skip


@dataclass(frozen=True)
class People:
    """Clean members (internal order) with the facts the defect planter needs."""

    frame: pl.DataFrame  # MEMBER_FIELDS as text
    org_index: IntArray
    female: BoolArray
    ethnicity: IntArray  # index into orgs.ETHNICITIES
    religion: IntArray  # index into RELIGIONS
    official: BoolArray
    birth: tuple[IntArray, IntArray, IntArray]
    year_only: BoolArray
    join: tuple[IntArray, IntArray, IntArray]
    join_age_months: IntArray
    age_now_months: IntArray
    position: IntArray  # index into POSITIONS; 4 = commune secretary
    exempt: BoolArray
    has_phone: BoolArray
    village: IntArray  # permanent address village (index into VILLAGES) or -1
    current_village: IntArray  # village of the current address (always in the commune)
    home_ward: IntArray  # ward index of a non-village permanent address, or -1
    cccd_group: IntArray  # province*1000 + century/gender digit*100 + yy
    commune_secretary: int | None

    @property
    def size(self) -> int:
        return len(self.org_index)


def build_people(plan: OrgPlan, as_of: dt.date, seed: int) -> People:
    n = int(plan.sizes.sum())
    org_index = np.repeat(np.arange(plan.count, dtype=np.int64), plan.sizes)
    area = np.array([AREAS.index(t.area) for t in plan.templates], dtype=np.int64)[org_index]
    residential = area == AREAS.index("residential")

    rng = stream(seed, "people.identity")
    female_share = np.array([t.female_share for t in plan.templates])[org_index]
    female = rng.random(n) < female_share
    ethnicity = _sample_ethnicity(rng, plan, org_index)
    religion = _sample_religion(rng, ethnicity)

    official = _sample_status(stream(seed, "people.status"), plan, org_index)
    dates = _sample_dates(stream(seed, "people.dates"), official, residential, as_of)
    (by, bm, bd), (jy, jm, jd), join_age, year_only = dates
    now = (np.full(n, as_of.year), np.full(n, as_of.month), np.full(n, as_of.day))
    age_now = months_between(by, bm, bd, *now)

    rng = stream(seed, "people.roles")
    exempt = residential & official & (rng.random(n) < _exempt_probability(age_now))
    position, exempt, commune_secretary = _assign_positions(
        rng, plan, org_index, official, exempt, age_now, jy, jm, as_of
    )

    rng = stream(seed, "people.places")
    birth_ward, home_ward_of_origin = _sample_origins(rng, ethnicity, residential)
    village, home_ward = _sample_residence(rng, plan, org_index, residential)

    frame = pl.DataFrame(
        {
            "full_name": sample_full_names(
                stream(seed, "people.names"), ETHNICITIES, ethnicity, female
            ),
            "gender": pl.Series([m.MALE, m.FEMALE]).gather(female.astype(np.int64)),
        }
    )
    columns: dict[str, pl.Series] = {}
    birth_text = format_dates(by, bm, bd, np.ones(n, dtype=bool))
    columns["birth_date"] = _replace_where(birth_text, year_only, pl.Series(by).cast(pl.String))
    columns.update(_place_columns(stream(seed, "people.forms"), birth_ward, home_ward_of_origin))
    current_village = np.where(village >= 0, village, (np.arange(n) * 7) % len(VILLAGES))
    columns.update(_address_columns(village, home_ward, current_village))
    columns["ethnicity"] = pl.Series(ETHNICITIES, dtype=pl.String).gather(ethnicity)
    columns["religion"] = pl.Series(RELIGIONS, dtype=pl.String).gather(religion)

    rng = stream(seed, "people.numbers")
    province = np.array([int(wards().wards[i].province_code) for i in range(len(wards().wards))])
    birth_province = province[birth_ward]
    century_gender = female.astype(np.int64) + np.where(by >= 2000, 2, 0)
    cccd_group = birth_province * 1000 + century_gender * 100 + by % 100
    serial = unique_ints(rng, 0, 1_000_000, n, prefixes=cccd_group)
    columns["citizen_id"] = _digits(cccd_group * 1_000_000 + serial, 12)
    has_legacy = (by < 1992) & (rng.random(n) < 0.35)
    legacy = 170_000_000 + unique_ints(rng, 0, 10_000_000, n)
    columns["legacy_id"] = _masked(_digits(legacy, 9), has_legacy)
    has_phone = rng.random(n) < np.select(
        [age_now < 60 * 12, age_now < 75 * 12], [0.97, 0.88], 0.65
    )
    prefix_index = choice_index(rng, [w for _, w in PHONE_PREFIXES], n)
    prefix_value = np.array([int(p) for p, _ in PHONE_PREFIXES])[prefix_index]
    phone = prefix_value * 10_000_000 + unique_ints(rng, 0, 10_000_000, n, prefixes=prefix_index)
    columns["phone"] = _masked(_digits(phone, 10), has_phone)

    columns["org"] = pl.Series(list(plan.names), dtype=pl.String).gather(org_index)
    columns["status"] = pl.Series([m.PROBATIONARY, m.OFFICIAL]).gather(official.astype(np.int64))
    columns["join_date"] = format_dates(jy, jm, jd, np.ones(n, dtype=bool))
    columns["official_date"] = format_dates(jy + 1, jm, jd, official)
    card = unique_ints(rng, 10_000_000, 100_000_000, n)
    columns["card_number"] = _masked(_digits(card, 8), official)
    columns["dossier_number"] = _dossier_numbers(rng, n)

    rng = stream(seed, "people.education")
    columns.update(education_columns(rng, area, by, official, position))
    columns["occupation"] = occupations(rng, plan, org_index, area, age_now)
    positions = pl.Series([*POSITIONS, m.COMMUNE_SECRETARY], dtype=pl.String)
    columns["party_position"] = positions.gather(position)
    columns["exempt"] = _ticks(exempt)
    columns["exit_kind"] = pl.repeat(None, n, dtype=pl.String, eager=True)
    columns["exit_date"] = pl.repeat(None, n, dtype=pl.String, eager=True)
    columns["note"] = notes(rng, exempt, official, jy, jm, jd, as_of)

    rng = stream(seed, "people.campaign")
    no_smartphone = ~has_phone | (
        rng.random(n) < np.select([age_now < 40 * 12, age_now < 60 * 12, age_now < 75 * 12],
                                  [0.01, 0.05, 0.3], 0.6)
    )  # fmt: skip
    installed = ~exempt & ~no_smartphone & (rng.random(n) < 0.85)
    columns["handbook_installed"] = _ticks(installed)
    columns["no_smartphone"] = _ticks(no_smartphone)

    frame = frame.with_columns(**{k: v.alias(k) for k, v in columns.items()})
    frame = frame.select(m.MEMBER_FIELDS)
    return People(
        frame=frame,
        org_index=org_index,
        female=female,
        ethnicity=ethnicity,
        religion=religion,
        official=official,
        birth=(by, bm, bd),
        year_only=year_only,
        join=(jy, jm, jd),
        join_age_months=join_age,
        age_now_months=age_now,
        position=position,
        exempt=exempt,
        has_phone=has_phone,
        village=village,
        current_village=current_village,
        home_ward=home_ward,
        cccd_group=cccd_group,
        commune_secretary=commune_secretary,
    )


def _digits(values: IntArray, width: int) -> pl.Series:
    return pl.Series(values, dtype=pl.Int64).cast(pl.String).str.zfill(width)


def _ticks(where: BoolArray) -> pl.Series:
    """ "x" where true, empty elsewhere (a ticked column)."""
    return pl.Series([None, m.TICK], dtype=pl.String).gather(where.astype(np.int64))


def _masked(values: pl.Series, keep: BoolArray) -> pl.Series:
    frame = pl.DataFrame({"v": values, "k": keep})
    return frame.select(pl.when(pl.col("k")).then(pl.col("v")).otherwise(None))["v"]


def _replace_where(values: pl.Series, where: BoolArray, other: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"v": values, "w": where, "o": other})
    return frame.select(pl.when(pl.col("w")).then(pl.col("o")).otherwise(pl.col("v")))["o"]


def _sample_ethnicity(rng: np.random.Generator, plan: OrgPlan, org_index: IntArray) -> IntArray:
    result = np.zeros(len(org_index), dtype=np.int64)
    for mix in sorted({t.ethnic_mix for t in plan.templates}):
        cells = np.array([t.ethnic_mix == mix for t in plan.templates])
        mask = cells[org_index]
        count = int(mask.sum())
        if count:
            result[mask] = choice_index(rng, mix, count)
    return result


def _sample_religion(rng: np.random.Generator, ethnicity: IntArray) -> IntArray:
    result = choice_index(rng, (0.983, 0.008, 0.006, 0.003), len(ethnicity))
    mong = ethnicity == ETHNICITIES.index("Mông")
    result[mong] = choice_index(rng, (0.96, 0.0, 0.0, 0.04), int(mong.sum()))
    return result


def _sample_status(rng: np.random.Generator, plan: OrgPlan, org_index: IntArray) -> BoolArray:
    """Official or probationary; clean cells keep at least 4 official members."""
    n = len(org_index)
    probationary = rng.random(n) < PROBATIONER_SHARE
    starts = np.concatenate([[0], np.cumsum(plan.sizes)[:-1]])
    position_in_cell = np.arange(n) - starts[org_index]
    # Under-3 cells: the first `official_cap` members are official, the rest probationary.
    capped = plan.under_three[org_index]
    probationary[capped] = position_in_cell[capped] >= plan.official_cap[org_index][capped]
    # Elsewhere allow at most size - 4 probationers per cell.
    cumulative = (
        np.cumsum(probationary)
        - np.concatenate([[0], np.cumsum(probationary)[:-1]])[starts[org_index]]
    )
    too_many = ~capped & probationary & (cumulative > np.maximum(plan.sizes[org_index] - 4, 0))
    probationary[too_many] = False
    return ~probationary


def _join_year_weights(first: int, last: int) -> tuple[IntArray, list[float]]:
    years = np.arange(first, last + 1, dtype=np.int64)
    weights = np.select(
        [years < 1965, years < 1980, years < 1995, years < 2010], [0.15, 0.5, 0.8, 1.0], 1.2
    )
    return years, [float(w) for w in weights]


def _sample_dates(
    rng: np.random.Generator, official: BoolArray, residential: BoolArray, as_of: dt.date
) -> tuple[
    tuple[IntArray, IntArray, IntArray], tuple[IntArray, IntArray, IntArray], IntArray, BoolArray
]:
    n = len(official)
    now = as_of.year * 12 + as_of.month - 1
    latest_official = now - 13  # official_date = join + 12 months stays before as_of
    join_index = np.zeros(n, dtype=np.int64)
    join_day = rng.integers(1, 29, size=n)
    age_cap = np.where(residential, MAX_AGE_MONTHS, MAX_WORKING_AGE_MONTHS)
    first_year = np.where(residential, 1950, as_of.year - 36)
    pending = official.copy()
    while pending.any():
        idx = np.flatnonzero(pending)
        for first in np.unique(first_year[idx]):
            sub = idx[first_year[idx] == first]
            years, weights = _join_year_weights(int(first), latest_official // 12)
            year = years[choice_index(rng, weights, len(sub))]
            month = rng.integers(1, 13, size=len(sub))
            join_index[sub] = np.minimum(year * 12 + month - 1, latest_official)
        # Too old now to have joined so long ago at 18: draw again.
        pending = official & (age_cap - (now - join_index) < MIN_JOIN_AGE_MONTHS)
    probationer = ~official
    join_index[probationer] = now - rng.integers(1, 11, size=int(probationer.sum()))
    # A third of the ceremonies fall on the customary days of the same year.
    customary = official & (rng.random(n) < 0.3)
    pick = rng.integers(0, len(COMMEMORATIVE_DAYS), size=n)
    c_day = np.array([d for d, _ in COMMEMORATIVE_DAYS])[pick]
    c_month = np.array([mo for _, mo in COMMEMORATIVE_DAYS])[pick]
    c_index = (join_index // 12) * 12 + c_month - 1
    customary &= (c_index <= latest_official) & (age_cap - (now - c_index) >= MIN_JOIN_AGE_MONTHS)
    join_index = np.where(customary, c_index, join_index)
    join_day = np.where(customary, c_day, join_day)

    upper = np.minimum(MAX_JOIN_AGE_MONTHS, age_cap - (now - join_index))
    spread = np.where(official, rng.beta(1.6, 4.5, size=n), rng.beta(1.2, 5.0, size=n))
    join_age = MIN_JOIN_AGE_MONTHS + np.floor((upper - MIN_JOIN_AGE_MONTHS + 1) * spread).astype(
        np.int64
    )
    join_age = np.minimum(join_age, upper)
    birth_index = join_index - join_age
    by, bm = birth_index // 12, birth_index % 12 + 1
    bd = 1 + np.floor(rng.random(n) * days_in_month(by, bm)).astype(np.int64)
    jy, jm = join_index // 12, join_index % 12 + 1
    age_months = months_between(by, bm, bd, jy, jm, join_day)
    year_only = (by <= 1940) & (jy - by - 1 >= 19) & (jy - by <= 56) & (rng.random(n) < 0.3)
    return (by, bm, bd), (jy, jm, join_day), age_months, year_only


def _exempt_probability(age_now: IntArray) -> np.ndarray:
    years = age_now // 12
    return np.select([years >= 75, years >= 70, years >= 60], [0.55, 0.35, 0.06], 0.004)


def _assign_positions(
    rng: np.random.Generator,
    plan: OrgPlan,
    org_index: IntArray,
    official: BoolArray,
    exempt: BoolArray,
    age_now: IntArray,
    jy: IntArray,
    jm: IntArray,
    as_of: dt.date,
) -> tuple[IntArray, BoolArray, int | None]:
    """Bí thư, Phó Bí thư and chi ủy viên per cell; chi ủy only from 9 official members."""
    n = len(org_index)
    now = as_of.year * 12 + as_of.month - 1
    seniority = now - (month_index(jy, jm) + 12)
    tier = np.select(
        [
            official & ~exempt & (age_now <= 68 * 12) & (seniority >= 24),
            official & ~exempt,
            official,
        ],
        [0, 1, 2],
        3,
    )
    # One float sort key: cell, then tier, then a random tie-break in [0, 1).
    order = np.argsort((org_index * 4 + tier) + rng.random(n))
    sorted_org = org_index[order]
    starts = np.searchsorted(sorted_org, np.arange(plan.count))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - starts[sorted_org]

    officials = np.bincount(org_index, weights=official, minlength=plan.count).astype(np.int64)
    deputies = np.where(officials >= 9, 1, (officials >= 5) & (rng.random(plan.count) < 0.5))
    committee = np.select([officials >= 20, officials >= 9], [3, 1], 0)
    secretaries = (~plan.no_secretary).astype(np.int64)
    cell_rank = rank
    sec = secretaries[org_index]
    dep = deputies.astype(np.int64)[org_index]
    com = committee[org_index]
    position = np.select(
        [cell_rank < sec, cell_rank < sec + dep, cell_rank < sec + dep + com],
        [0, 1, 2],
        3,
    )
    position = np.where(tier <= 2, position, 3)
    commune_secretary: int | None = None
    cell = plan.commune_secretary_cell
    taken = int(sec[org_index == cell][0] + dep[org_index == cell][0] + com[org_index == cell][0])
    # The commune's own secretary: a seasoned cadre of the party office cell, not a cell leader.
    seasoned = (age_now >= 40 * 12) & (seniority >= 10 * 12)
    chosen = np.flatnonzero((org_index == cell) & (rank >= taken) & (tier <= 1) & seasoned)
    if not len(chosen):
        chosen = np.flatnonzero((org_index == cell) & (rank >= taken) & (tier <= 1))
    if len(chosen):
        commune_secretary = int(chosen[np.argmin(rank[chosen])])
        position[commune_secretary] = 4
    exempt = exempt & (position == 3)
    return position.astype(np.int64), exempt, commune_secretary


def _sample_origins(
    rng: np.random.Generator, ethnicity: IntArray, residential: BoolArray
) -> tuple[IntArray, IntArray]:
    n = len(ethnicity)
    kinh = ethnicity == ETHNICITIES.index("Kinh")
    weights = {
        (True, True): (0.30, 0.10, 0.40, 0.20),
        (True, False): (0.15, 0.15, 0.45, 0.25),
        (False, True): (0.82, 0.12, 0.02, 0.04),
        (False, False): (0.60, 0.30, 0.05, 0.05),
    }
    origin = np.zeros(n, dtype=np.int64)
    for (is_kinh, is_residential), w in weights.items():
        mask = (kinh == is_kinh) & (residential == is_residential)
        origin[mask] = choice_index(rng, w, int(mask.sum()))
    birth = sample_wards(rng, origin)
    # Quê quán is usually the birth place; Kinh families often trace it to the lowlands.
    home_origin = np.where(kinh, np.minimum(origin + 2, len(ORIGIN_GROUPS) - 1), origin)
    elsewhere = sample_wards(rng, home_origin)
    home = np.where(rng.random(n) < 0.85, birth, elsewhere)
    return birth, home


def _place_columns(
    rng: np.random.Generator, birth: IntArray, home: IntArray
) -> dict[str, pl.Series]:
    table = wards().wards
    old = pl.Series([w.old_form for w in table], dtype=pl.String)
    new = pl.Series([w.new_form for w in table], dtype=pl.String)
    n = len(birth)
    birth_old = rng.random(n) < 0.75
    home_old = rng.random(n) < 0.8
    return {
        "birth_place": _choose(birth_old, old.gather(birth), new.gather(birth)),
        "hometown": _choose(home_old, old.gather(home), new.gather(home)),
    }


def _choose(where: BoolArray, first: pl.Series, second: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"w": where, "a": first, "b": second})
    return frame.select(pl.when(pl.col("w")).then(pl.col("a")).otherwise(pl.col("b")))["a"]


def _sample_residence(
    rng: np.random.Generator, plan: OrgPlan, org_index: IntArray, residential: BoolArray
) -> tuple[IntArray, IntArray]:
    """Residential members live in their bản; staff mostly in the commune, some elsewhere."""
    n = len(org_index)
    cell_village = np.array(
        [-1 if t.village is None else t.village for t in plan.templates], dtype=np.int64
    )
    village = cell_village[org_index]
    staff = ~residential
    village[staff] = rng.integers(0, len(VILLAGES), size=int(staff.sum()))
    table = wards()
    whole = np.array([not table.wards[i].split for i in table.groups["west"]])
    candidates = table.groups["west"][whole]
    away = staff & (rng.random(n) < 0.25)
    home_ward = np.full(n, -1, dtype=np.int64)
    home_ward[away] = candidates[rng.integers(0, len(candidates), size=int(away.sum()))]
    village[away] = -1
    return village, home_ward


def _address_columns(
    village: IntArray, home_ward: IntArray, current_village: IntArray
) -> dict[str, pl.Series]:
    villages = pl.Series([village_address(v) for v in VILLAGES], dtype=pl.String)
    forms = pl.Series([w.new_form for w in wards().wards], dtype=pl.String)
    at_village = village >= 0
    address = _choose(
        at_village, villages.gather(np.maximum(village, 0)), forms.gather(np.maximum(home_ward, 0))
    )
    # Staff whose registered home is elsewhere live in the commune: a bản of Tam Lư.
    current = villages.gather(current_village)
    return {"permanent_address": address, "current_address": current}


def _dossier_numbers(rng: np.random.Generator, n: int) -> pl.Series:
    """6 digits + TH, unique; beyond 999,999 people the rest carry Nghệ An's letters (NA)."""
    local = min(n, 999_999)
    numbers = np.concatenate(
        [unique_ints(rng, 1, 1_000_000, local), unique_ints(rng, 1, 1_000_000, n - local)]
    )
    symbols = pl.Series([m.DOSSIER_SYMBOL, "NA"]).gather((np.arange(n) >= local).astype(np.int64))
    frame = pl.DataFrame({"n": _digits(numbers, 6), "s": symbols})
    return frame.select(pl.concat_str(["n", "s"]))["n"]
