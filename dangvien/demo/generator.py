"""`generate()`: the synthetic Đảng bộ xã Tam Lư with planted defects and their ground truth."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from dangvien.demo import model as m
from dangvien.demo.defects import org_truth, plant_defects
from dangvien.demo.orgs import ROOT_CODE, ROOT_NAME, OrgPlan, orgs_frame, plan_orgs
from dangvien.demo.people import build_people
from dangvien.demo.places import COMMUNE_CODE, PROVINCE_CODE, PROVINCE_NAME
from dangvien.demo.plant_base import Context
from dangvien.demo.rand import stream

MIN_MEMBERS = 10
MAX_MEMBERS = 5_000_000
# Order of members inside a cell in the list: commune secretary, Bí thư, Phó Bí thư, chi ủy viên,
# then the others (people.POSITIONS indices 0–3, 4 = commune secretary).
_POSITION_ORDER = np.array([1, 2, 3, 4, 0], dtype=np.int64)


def generate(
    members: int,
    seed: int = m.DEFAULT_SEED,
    defect_rate: float = m.DEFAULT_DEFECT_RATE,
    as_of: dt.date = m.DEFAULT_AS_OF,
) -> m.DemoCommune:
    """A demo commune of about `members` members (a few more: second copies of duplicated people).

    Same arguments, same frames, byte for byte. `defect_rate` is the average number of planted
    record-level defects per member (0 gives a fully clean commune).
    """
    _check(members, seed, defect_rate, as_of)
    plan = plan_orgs(members, defect_rate, stream(seed, "orgs"))
    people = build_people(plan, as_of, seed)
    ctx = plant_defects(people, plan, as_of, seed, defect_rate)
    frame = _apply(ctx)
    cells = np.concatenate([people.org_index, np.array(ctx.copy_cells, dtype=np.int64)])
    position = np.concatenate([people.position, np.full(len(ctx.copies), 3, dtype=np.int64)])
    order = np.lexsort((np.arange(len(cells)), _POSITION_ORDER[position], cells))
    record = np.empty(len(cells), dtype=np.int64)
    record[order] = np.arange(1, len(cells) + 1)
    members_frame = frame[order].select(
        pl.Series("record", np.arange(1, len(cells) + 1), dtype=pl.Int64), *m.MEMBER_FIELDS
    )
    secretaries = {
        int(cells[i]): int(record[i]) for i in np.flatnonzero(people.position == 0).tolist()
    }
    commune_secretary = (
        None if people.commune_secretary is None else int(record[people.commune_secretary])
    )
    orgs = orgs_frame(plan, secretaries, commune_secretary)
    truth = _truth(ctx, record, cells, members_frame, plan)
    info = m.CommuneInfo(
        name=ROOT_NAME,
        code=ROOT_CODE,
        province=PROVINCE_NAME,
        province_code=PROVINCE_CODE,
        unit_code=COMMUNE_CODE,
        as_of=as_of,
        seed=seed,
        defect_rate=defect_rate,
    )
    return m.DemoCommune(commune=info, orgs=orgs, members=members_frame, truth=truth)


def _check(members: int, seed: int, defect_rate: float, as_of: dt.date) -> None:
    if isinstance(members, bool) or not isinstance(members, int):
        raise TypeError("members must be an int")
    if not MIN_MEMBERS <= members <= MAX_MEMBERS:
        raise ValueError(f"members must be between {MIN_MEMBERS} and {MAX_MEMBERS}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("seed must be a non-negative int")
    if not 0.0 <= defect_rate <= 0.5:
        raise ValueError("defect_rate must be between 0 and 0.5")
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise TypeError("as_of must be a datetime.date")
    if not dt.date(2000, 1, 1) <= as_of <= dt.date(2100, 1, 1):
        raise ValueError("as_of must be between 2000 and 2100")


def _apply(ctx: Context) -> pl.DataFrame:
    """The clean frame with the planted cells replaced and the second copies appended."""
    frame = ctx.people.frame
    replaced = []
    for name, edits in sorted(ctx.edits.items()):
        indices = np.array(sorted(edits), dtype=np.int64)
        values = pl.Series([edits[i] for i in indices.tolist()], dtype=pl.String)
        column = frame.get_column(name).clone()
        column.scatter(indices, values)
        replaced.append(column)
    if replaced:
        frame = frame.with_columns(replaced)
    if ctx.copies:
        copies = pl.DataFrame(ctx.copies, schema=dict.fromkeys(m.MEMBER_FIELDS, pl.String))
        frame = pl.concat([frame, copies.select(m.MEMBER_FIELDS)])
    return frame


def _truth(
    ctx: Context,
    record: np.ndarray,
    cells: np.ndarray,
    members: pl.DataFrame,
    plan: OrgPlan,
) -> pl.DataFrame:
    rows = ctx.truth
    codes = np.array(plan.codes, dtype=object)
    record_rows = pl.DataFrame(
        {
            "record": [int(record[r.member]) for r in rows],
            "org": [str(codes[cells[r.member]]) for r in rows],
            "field": [r.field for r in rows],
            "defect": [r.defect for r in rows],
            "clean_value": [r.clean for r in rows],
            "planted_value": [r.planted for r in rows],
            "related_record": [None if r.related is None else int(record[r.related]) for r in rows],
        },
        schema=m.TRUTH_SCHEMA,
    )
    officials = (
        members.select(
            pl.Series("cell", cells[np.argsort(record)]),
            ((pl.col("status") == m.OFFICIAL) & pl.col("exit_kind").is_null()).alias("counts"),
        )
        .filter(pl.col("counts"))
        .group_by("cell")
        .len()
    )
    per_cell = np.zeros(plan.count, dtype=np.int64)
    per_cell[officials["cell"].to_numpy()] = officials["len"].to_numpy()
    truth = pl.concat([record_rows, org_truth(plan, per_cell)])
    return truth.sort(["record", "field", "defect", "org"], nulls_last=True)
