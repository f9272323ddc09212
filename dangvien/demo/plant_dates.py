"""Planters for date, status and membership defects (Party rules, domain.md §2 and §10)."""

from __future__ import annotations

import datetime as dt

from dangvien.demo import model as m
from dangvien.demo.dates import add_months, format_date
from dangvien.demo.plant_base import Context, Planted, Planter, TruthRow
from dangvien.demo.rand import BoolArray

_IMPOSSIBLE_DAY_MONTHS = ((31, 2), (30, 2), (31, 4), (31, 6), (31, 9), (31, 11), (32, 1), (0, 5))


def _birth(ctx: Context, index: int) -> dt.date:
    by, bm, bd = ctx.people.birth
    return dt.date(int(by[index]), int(bm[index]), int(bd[index]))


def _join(ctx: Context, index: int) -> dt.date:
    jy, jm, jd = ctx.people.join
    return dt.date(int(jy[index]), int(jm[index]), int(jd[index]))


def _age_months(birth: dt.date, on: dt.date) -> int:
    return (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)


def date_impossible(defect: str, name: str) -> Planter:
    """A day that does not exist in its month: '31/02/1980', '31/04/1975', '00/05/1990'."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, name)
        if clean is None or len(clean) != 10:
            return None
        day, month = _IMPOSSIBLE_DAY_MONTHS[int(ctx.rng.integers(0, len(_IMPOSSIBLE_DAY_MONTHS)))]
        if int(clean[3:5]) in (4, 6, 9, 11) and ctx.rng.random() < 0.5:
            day, month = 31, int(clean[3:5])  # keep the month, push the day past its end
        planted = f"{day:02d}/{month:02d}/{clean[6:]}"
        return Planted(
            edits=[(index, name, planted)], truth=[TruthRow(index, name, defect, clean, planted)]
        )

    return plant


def date_swapped(defect: str, name: str) -> Planter:
    """Day and month exchanged (valid but wrong); only where a rule can tell (join/official)."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, name)
        if clean is None:
            return None
        day, month, year = int(clean[:2]), int(clean[3:5]), int(clean[6:])
        if day > 12 or day == month:
            return None
        swapped = dt.date(year, day, month)
        join, birth = _join(ctx, index), _birth(ctx, index)
        if name == "join_date":
            age = _age_months(birth, swapped)
            if not (18 * 12 + 1 <= age <= 57 * 12) or add_months(swapped, 12) > ctx.as_of:
                return None
        elif not (join < swapped <= ctx.as_of):
            return None
        planted = format_date(swapped)
        return Planted(
            edits=[(index, name, planted)], truth=[TruthRow(index, name, defect, clean, planted)]
        )

    return plant


def date_future(defect: str) -> Planter:
    """A probationer's expected official date typed in ahead of time (after as_of)."""

    def plant(ctx: Context, index: int) -> Planted | None:
        planted = format_date(add_months(_join(ctx, index), 12))
        return Planted(
            edits=[(index, "official_date", planted)],
            truth=[TruthRow(index, "official_date", defect, None, planted)],
        )

    return plant


def _shift_join(ctx: Context, index: int, defect: str, months: int) -> Planted | None:
    join = _join(ctx, index)
    new_join = add_months(join, months)
    new_official = add_months(new_join, 12)
    if new_official > ctx.as_of or new_join <= _birth(ctx, index):
        return None
    clean_join, planted_join = format_date(join), format_date(new_join)
    return Planted(
        edits=[
            (index, "join_date", planted_join),
            (index, "official_date", format_date(new_official)),
        ],
        truth=[TruthRow(index, "join_date", defect, clean_join, planted_join)],
    )


def join_before_18(defect: str) -> Planter:
    """Admission dated before the 18th birthday (join and official dates moved back together)."""

    def plant(ctx: Context, index: int) -> Planted | None:
        age = int(ctx.people.join_age_months[index])
        target = 16 * 12 + 4 + int(ctx.rng.integers(0, 20))  # 16y4m … 17y11m
        return _shift_join(ctx, index, defect, target - age)

    return plant


def join_after_60(defect: str) -> Planter:
    """Admission dated after the 60th birthday without the special approval being recorded."""

    def plant(ctx: Context, index: int) -> Planted | None:
        age = int(ctx.people.join_age_months[index])
        target = 60 * 12 + 2 + int(ctx.rng.integers(0, 30))  # 60y2m … 62y7m
        return _shift_join(ctx, index, defect, target - age)

    return plant


_OFF_MONTHS = (6, 7, 8, 9, 10, 11, 13, 14, 15, 18, 24)
_OFF_DAYS = (-40, -20, -10, -5, 5, 10, 20, 40)


def official_not_12_months(defect: str) -> Planter:
    """Official date some months or days away from join date + 12 months."""

    def plant(ctx: Context, index: int) -> Planted | None:
        join = _join(ctx, index)
        clean = format_date(add_months(join, 12))
        if ctx.rng.random() < 0.6:
            months = _OFF_MONTHS[int(ctx.rng.integers(0, len(_OFF_MONTHS)))]
            official = add_months(join, months)
        else:
            days = _OFF_DAYS[int(ctx.rng.integers(0, len(_OFF_DAYS)))]
            official = add_months(join, 12) + dt.timedelta(days=days)
        if official > ctx.as_of:
            return None
        planted = format_date(official)
        return Planted(
            edits=[(index, "official_date", planted)],
            truth=[TruthRow(index, "official_date", defect, clean, planted)],
        )

    return plant


def official_before_join(defect: str) -> Planter:
    def plant(ctx: Context, index: int) -> Planted | None:
        join = _join(ctx, index)
        official = add_months(join, -int(ctx.rng.integers(1, 25)))
        if official <= _birth(ctx, index):
            return None
        clean, planted = format_date(add_months(join, 12)), format_date(official)
        return Planted(
            edits=[(index, "official_date", planted)],
            truth=[TruthRow(index, "official_date", defect, clean, planted)],
        )

    return plant


def overdue_candidates(ctx: Context) -> BoolArray:
    """Officials admitted 14–36 months ago: their recognition could still be pending."""
    jy, jm, _ = ctx.people.join
    since = ctx.now_index - (jy * 12 + jm - 1)
    found: BoolArray = (
        ctx.people.official & (since >= 14) & (since <= 36) & (ctx.people.position == 3)
    )
    return found


def probation_overdue(defect: str) -> Planter:
    """Still 'Dự bị' more than 12 months + 30 working days after admission."""

    def plant(ctx: Context, index: int) -> Planted | None:
        if not ctx.can_lose_official(index):
            return None
        return Planted(
            edits=[
                (index, "status", m.PROBATIONARY),
                (index, "official_date", None),
                (index, "card_number", None),
            ],
            truth=[TruthRow(index, "status", defect, m.OFFICIAL, m.PROBATIONARY)],
            loses_official=True,
        )

    return plant


def missing(defect: str, name: str) -> Planter:
    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, name)
        if clean is None:
            return None
        return Planted(
            edits=[(index, name, None)], truth=[TruthRow(index, name, defect, clean, None)]
        )

    return plant


def still_active(defect: str, kind: str, within_months: int) -> Planter:
    """A member who died or moved away but is still on the active list."""

    def plant(ctx: Context, index: int) -> Planted | None:
        if ctx.people.official[index] and not ctx.can_lose_official(index):
            return None
        join = _join(ctx, index)
        since = add_months(ctx.as_of, -within_months)
        settled = add_months(join, 12 if ctx.people.official[index] else 1)
        start = max(since, settled, dt.date(2023, 1, 1))
        span = (ctx.as_of - dt.timedelta(days=7) - start).days
        if span <= 0:
            return None
        exit_date = format_date(start + dt.timedelta(days=int(ctx.rng.integers(0, span))))
        return Planted(
            edits=[(index, "exit_kind", kind), (index, "exit_date", exit_date)],
            truth=[TruthRow(index, "exit_kind", defect, None, kind)],
            loses_official=bool(ctx.people.official[index]),
        )

    return plant


def exempt_in_handbook(defect: str) -> Planter:
    """An exempted member marked as using the Sổ tay (exempted members are left out of it)."""

    def plant(ctx: Context, index: int) -> Planted | None:
        if ctx.value(index, "handbook_installed") is not None:
            return None
        return Planted(
            edits=[(index, "handbook_installed", m.TICK)],
            truth=[TruthRow(index, "handbook_installed", defect, None, m.TICK)],
        )

    return plant
