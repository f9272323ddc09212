"""The same person listed in two cells (a transfer never closed on the sending side, or two cells
merged): the second copy keeps the person's identity, typed again with a realistic variation."""

from __future__ import annotations

import numpy as np

from dangvien.demo import model as m
from dangvien.demo.dates import months_between
from dangvien.demo.names import has_toned_capital
from dangvien.demo.places import VILLAGES, village_address
from dangvien.demo.plant_base import Context, Planted, Planter, TruthRow
from dangvien.vn.legacy import encode
from dangvien.vn.syllables import parse
from dangvien.vn.tones import to_style

# Fields of the original that must stay as they are so that the pair remains the same person.
ORIGINAL_TOUCHES = frozenset(
    {
        "org",
        "citizen_id",
        "card_number",
        "dossier_number",
        "full_name",
        "birth_date",
        "status",
        "exit_kind",
    }
)
VARIATIONS = ("exact", "tone_style", "legacy_font", "cccd_missing", "swapped_birth")


def _target_cell(ctx: Context, source: int) -> int | None:
    plan = ctx.plan
    residential = ctx.cached(
        "residential_cells",
        lambda: np.array(
            [i for i, t in enumerate(plan.templates) if t.area == "residential"], dtype=np.int64
        ),
    )
    pool = residential if len(residential) > 1 else np.arange(plan.count)
    for pick in ctx.rng.integers(0, len(pool), size=10):
        cell = int(pool[int(pick)])
        if cell != source and not plan.under_three[cell]:
            return cell
    return None


def _swapped_birth(ctx: Context, index: int, text: str) -> str | None:
    if len(text) != 10:
        return None
    day, month, year = int(text[:2]), int(text[3:5]), int(text[6:])
    if day > 12 or day == month:
        return None
    jy, jm, jd = ctx.people.join
    age = months_between(
        np.array([year]), np.array([day]), np.array([month]),
        np.array([jy[index]]), np.array([jm[index]]), np.array([jd[index]]),
    )  # fmt: skip
    if not 18 * 12 + 1 <= int(age[0]) <= 57 * 12:
        return None  # the swap must not also break the admission-age rule
    return f"{month:02d}/{day:02d}/{year}"


def duplicate_person(defect: str) -> Planter:
    def plant(ctx: Context, index: int) -> Planted | None:
        source = int(ctx.people.org_index[index])
        cell = _target_cell(ctx, source)
        if cell is None:
            return None
        original = ctx.row(index)
        copy = dict(original)
        copy_index = ctx.size + len(ctx.copies)
        copy["org"] = ctx.plan.names[cell]
        copy["party_position"] = m.PLAIN_MEMBER
        village = ctx.plan.templates[cell].village
        if village is not None:
            copy["permanent_address"] = copy["current_address"] = village_address(VILLAGES[village])
        truth = [
            TruthRow(index, "org", defect, original["org"], original["org"], copy_index),
            TruthRow(copy_index, "org", defect, original["org"], copy["org"], index),
        ]
        variation = VARIATIONS[int(ctx.rng.integers(0, len(VARIATIONS)))]
        name = original["full_name"] or ""
        if variation == "tone_style":
            copy["full_name"] = to_style(name, "new")
        elif variation == "legacy_font" and name:
            scheme = "vni" if has_toned_capital(name) or ctx.rng.random() < 0.5 else "tcvn3"
            planted = encode(name, scheme)  # type: ignore[arg-type]
            if not all(parse(word) is not None for word in planted.split()):
                copy["full_name"] = planted
                truth.append(
                    TruthRow(copy_index, "full_name", f"legacy_font_{scheme}", name, planted)
                )
        elif variation == "cccd_missing" and original["citizen_id"] is not None:
            copy["citizen_id"] = None
            truth.append(
                TruthRow(copy_index, "citizen_id", "cccd_missing", original["citizen_id"], None)
            )
        elif variation == "swapped_birth" and original["birth_date"]:
            swapped = _swapped_birth(ctx, index, original["birth_date"])
            if swapped is not None:
                copy["birth_date"] = swapped
                truth.append(
                    TruthRow(copy_index, "birth_date", "date_swapped_day_month",
                             original["birth_date"], swapped)
                )  # fmt: skip
        return Planted(truth=truth, copy=copy, copy_cell=cell)

    return plant
