"""Planters for identity defects: CCCD, phone and party-card numbers."""

from __future__ import annotations

import numpy as np

from dangvien.demo.plant_base import Context, Planted, Planter, TruthRow, present
from dangvien.demo.rand import BoolArray, IntArray
from dangvien.vn.identity import CCCD_PROVINCES
from dangvien.vn.phones import MOBILE_PREFIXES, OLD_TO_NEW_PREFIX

# Excel-style and typing damage to a CCCD, one record at a time.


def _replace(
    ctx: Context, index: int, name: str, defect: str, planted: str | None
) -> Planted | None:
    clean = ctx.value(index, name)
    if clean is None or planted == clean:
        return None
    if planted is not None and name in ("citizen_id", "card_number") and planted in ctx.used(name):
        return None  # would silently duplicate another member's number
    return Planted(
        edits=[(index, name, planted)], truth=[TruthRow(index, name, defect, clean, planted)]
    )


def cccd_missing(defect: str) -> Planter:
    return lambda ctx, index: _replace(ctx, index, "citizen_id", defect, None)


def cccd_lost_zero(defect: str) -> Planter:
    """Excel stored the number: '038186034560' became 38186034560."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "citizen_id")
        if clean is None or not clean.startswith("0"):
            return None
        return _replace(ctx, index, "citizen_id", defect, clean.lstrip("0"))

    return plant


def cccd_gender_digit(defect: str) -> Planter:
    """The century/gender digit of the other sex (0↔1, 2↔3)."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "citizen_id")
        if clean is None:
            return None
        flipped = str(int(clean[3]) ^ 1)
        return _replace(ctx, index, "citizen_id", defect, clean[:3] + flipped + clean[4:])

    return plant


_YEAR_SHIFTS = (-3, -2, -1, 1, 2, 3)


def cccd_birth_year(defect: str) -> Planter:
    """Digits 5–6 one to three years away from the recorded birth year."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "citizen_id")
        if clean is None:
            return None
        shift = _YEAR_SHIFTS[int(ctx.rng.integers(0, len(_YEAR_SHIFTS)))]
        year = (int(clean[4:6]) + shift) % 100
        return _replace(ctx, index, "citizen_id", defect, f"{clean[:4]}{year:02d}{clean[6:]}")

    return plant


def unused_province_codes() -> tuple[str, ...]:
    """Three-digit codes that belong to no province (gaps of the GSO list, and over 096)."""
    return tuple(f"{code:03d}" for code in range(1, 100) if f"{code:03d}" not in CCCD_PROVINCES)


def cccd_bad_province(defect: str) -> Planter:
    codes = unused_province_codes()

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "citizen_id")
        if clean is None:
            return None
        code = codes[int(ctx.rng.integers(0, len(codes)))]
        return _replace(ctx, index, "citizen_id", defect, code + clean[3:])

    return plant


def _group_members(ctx: Context) -> tuple[IntArray, IntArray, IntArray]:
    """Members sorted by CCCD group (province, century/gender, year) with group boundaries."""

    def build() -> tuple[IntArray, IntArray, IntArray]:
        groups = ctx.people.cccd_group
        order = np.argsort(groups, kind="stable")
        keys, starts = np.unique(groups[order], return_index=True)
        return order, keys, starts

    return ctx.cached("cccd_groups", build)


_PAIR_TOUCHES = frozenset({"citizen_id", "gender", "birth_date"})


def cccd_duplicate(defect: str) -> Planter:
    """Another member's CCCD typed into this record; the partner is of the same sex and year."""

    def plant(ctx: Context, index: int) -> Planted | None:
        order, keys, starts = _group_members(ctx)
        group = ctx.people.cccd_group[index]
        at = int(np.searchsorted(keys, group))
        end = int(starts[at + 1]) if at + 1 < len(starts) else len(order)
        members = order[int(starts[at]) : end]
        for pick in ctx.rng.integers(0, len(members), size=8).tolist():
            partner = int(members[pick])
            if partner == index or not ctx.is_free(partner, _PAIR_TOUCHES):
                continue
            clean = ctx.value(index, "citizen_id")
            shared = ctx.value(partner, "citizen_id")
            if clean is None or shared is None or ctx.defects.get(partner, 0):
                continue
            return Planted(
                edits=[(index, "citizen_id", shared)],
                truth=[
                    TruthRow(index, "citizen_id", defect, clean, shared, partner),
                    TruthRow(partner, "citizen_id", defect, shared, shared, index),
                ],
                partner=partner,
                partner_touches=_PAIR_TOUCHES,
            )
        return None

    return plant


# Phones.

_NEW_TO_OLD = {new: old for old, new in sorted(OLD_TO_NEW_PREFIX.items())}


def has_old_prefix(ctx: Context) -> BoolArray:
    def build() -> BoolArray:
        phones = ctx.people.frame.get_column("phone")
        return np.asarray(
            phones.str.slice(0, 3).is_in(sorted(_NEW_TO_OLD)).fill_null(False).to_numpy(),
            dtype=bool,
        )

    return ctx.cached("phone_old_prefix", build)


def phone_11_digit(defect: str) -> Planter:
    """The number as it was before the 2018 change: 0168 + the same 7 digits."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "phone")
        if clean is None or clean[:3] not in _NEW_TO_OLD:
            return None
        return _replace(ctx, index, "phone", defect, _NEW_TO_OLD[clean[:3]] + clean[3:])

    return plant


_BAD_MOBILE_PREFIXES = tuple(
    p for p in ("010", "011", "012", "013", "060", "061", "080", "095") if p not in MOBILE_PREFIXES
)


def phone_invalid(defect: str) -> Planter:
    """A landline, a prefix no carrier uses, Excel's lost leading zero, or a digit missing."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "phone")
        if clean is None:
            return None
        kind = int(ctx.rng.integers(0, 4))
        if kind == 0:
            planted = "0237" + clean[3:]  # Thanh Hóa landline area code + 7 digits
        elif kind == 1:
            prefix = _BAD_MOBILE_PREFIXES[int(ctx.rng.integers(0, len(_BAD_MOBILE_PREFIXES)))]
            planted = prefix + clean[3:]
        elif kind == 2:
            planted = clean[1:]
        else:
            cut = int(ctx.rng.integers(3, 10))
            planted = clean[:cut] + clean[cut + 1 :]
        return _replace(ctx, index, "phone", defect, planted)

    return plant


def phone_international(defect: str) -> Planter:
    """'+84 979 767 518' or '84979767518' in a column meant for the national form."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "phone")
        if clean is None:
            return None
        rest = clean[1:]
        if ctx.rng.random() < 0.5:
            planted = f"+84 {rest[:3]} {rest[3:6]} {rest[6:]}"
        else:
            planted = "84" + rest
        return _replace(ctx, index, "phone", defect, planted)

    return plant


def has_phone(ctx: Context) -> BoolArray:
    return present(ctx, "phone")


# Party cards.


def card_missing(defect: str) -> Planter:
    return lambda ctx, index: _replace(ctx, index, "card_number", defect, None)


def card_for_probationer(defect: str) -> Planter:
    """A probationary member listed with a card number (cards go to official members only)."""

    def plant(ctx: Context, index: int) -> Planted | None:
        for _ in range(8):
            number = str(int(ctx.rng.integers(10_000_000, 100_000_000)))
            if number not in ctx.used("card_number"):
                return Planted(
                    edits=[(index, "card_number", number)],
                    truth=[TruthRow(index, "card_number", defect, None, number)],
                )
        return None

    return plant


def card_bad_format(defect: str) -> Planter:
    """7 or 9 digits, a letter O typed for a zero, or a space inside the number."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "card_number")
        if clean is None:
            return None
        kind = int(ctx.rng.integers(0, 4))
        if kind == 0:
            planted = clean[1:]
        elif kind == 1:
            planted = clean + str(int(ctx.rng.integers(0, 10)))
        elif kind == 2 and "0" in clean:
            planted = clean.replace("0", "O", 1)
        else:
            planted = f"{clean[:4]} {clean[4:]}"
        return _replace(ctx, index, "card_number", defect, planted)

    return plant


_CARD_TOUCHES = frozenset({"card_number", "status"})


def card_duplicate(defect: str) -> Planter:
    """The card number of another official member of the commune."""

    def plant(ctx: Context, index: int) -> Planted | None:
        clean = ctx.value(index, "card_number")
        if clean is None:
            return None
        officials = ctx.cached("officials", lambda: np.flatnonzero(ctx.people.official))
        for pick in ctx.rng.integers(0, len(officials), size=8):
            partner = int(officials[int(pick)])
            shared = ctx.value(partner, "card_number")
            if (
                partner == index
                or shared is None
                or ctx.defects.get(partner, 0)
                or not ctx.is_free(partner, _CARD_TOUCHES)
            ):
                continue
            return Planted(
                edits=[(index, "card_number", shared)],
                truth=[
                    TruthRow(index, "card_number", defect, clean, shared, partner),
                    TruthRow(partner, "card_number", defect, shared, shared, index),
                ],
                partner=partner,
                partner_touches=_CARD_TOUCHES,
            )
        return None

    return plant
