"""The organization tree of the demo commune and how many members each cell has.

About 1,100 members give the plan of the commune's campaign: one commune committee ("Đảng bộ xã
Tam Lư", code TL) and 24 cells TL01…TL24 — 15 residential cells (bản, khu phố) and 9 cells of
agencies, police, military, the health station, schools and a cooperative. A larger commune
repeats the same pattern (about 45 members per cell on average); a smaller one keeps the first
cells of the list.

Kinds follow the glossary and the Party rules (domain.md §2.1): residential cells are chi bộ
trực thuộc Đảng ủy xã (`sub_cell`, any size); workplace cells are chi bộ cơ sở (`base_cell`) and
so stay under 30 members. Every clean cell has at least 4 official members and a secretary;
cells with 9 or more official members have a chi ủy (set in `people`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from dangvien.demo.model import ORG_SCHEMA
from dangvien.demo.places import COMMUNE_NAME, VILLAGES
from dangvien.demo.rand import BoolArray, IntArray

ROOT_CODE = "TL"
ROOT_NAME = f"Đảng bộ xã {COMMUNE_NAME}"

ETHNICITIES: tuple[str, ...] = ("Thái", "Mường", "Kinh", "Mông", "Dao", "Tày")
# Weights over ETHNICITIES: a mountain commune of Quan Sơn is mostly Thái, then Mường and Kinh.
_THAI = (0.82, 0.06, 0.10, 0.0, 0.01, 0.01)
_MUONG = (0.25, 0.62, 0.12, 0.0, 0.005, 0.005)
_MONG = (0.12, 0.0, 0.06, 0.82, 0.0, 0.0)
_TOWN = (0.45, 0.15, 0.38, 0.01, 0.005, 0.005)
_WORKPLACE = (0.45, 0.15, 0.37, 0.02, 0.005, 0.005)
_SCHOOL = (0.35, 0.15, 0.47, 0.02, 0.005, 0.005)


@dataclass(frozen=True)
class CellTemplate:
    name: str
    area: str
    weight: float  # relative size
    ethnic_mix: tuple[float, ...]
    female_share: float
    village: int | None = None  # index into places.VILLAGES for residential cells

    @property
    def kind(self) -> str:
        return "sub_cell" if self.area == "residential" else "base_cell"


def _village_cell(index: int, mix: tuple[float, ...]) -> CellTemplate:
    village = VILLAGES[index]
    label = village.name[0].lower() + village.name[1:]
    return CellTemplate(f"Chi bộ {label}", "residential", 1.0, mix, 0.36, village=index)


TEMPLATES: tuple[CellTemplate, ...] = (
    _village_cell(0, _THAI),
    _village_cell(1, _THAI),
    _village_cell(2, _THAI),
    _village_cell(3, _THAI),
    _village_cell(4, _MUONG),
    _village_cell(5, _MONG),
    _village_cell(6, _THAI),
    _village_cell(7, _THAI),
    _village_cell(8, _MUONG),
    _village_cell(9, _THAI),
    _village_cell(10, _THAI),
    _village_cell(11, _MUONG),
    _village_cell(12, _TOWN),
    _village_cell(13, _TOWN),
    _village_cell(14, _TOWN),
    CellTemplate("Chi bộ Cơ quan Đảng - Mặt trận - Đoàn thể", "agency", 0.35, _WORKPLACE, 0.45),
    CellTemplate("Chi bộ Cơ quan Ủy ban nhân dân xã", "agency", 0.40, _WORKPLACE, 0.4),
    CellTemplate("Chi bộ Công an xã", "armed_forces", 0.22, _WORKPLACE, 0.1),
    CellTemplate("Chi bộ Quân sự xã", "armed_forces", 0.15, _WORKPLACE, 0.05),
    CellTemplate("Chi bộ Trạm Y tế xã", "health", 0.12, _WORKPLACE, 0.6),
    CellTemplate("Chi bộ Trường Mầm non Tam Lư", "school", 0.20, _SCHOOL, 0.95),
    CellTemplate("Chi bộ Trường Tiểu học Tam Lư", "school", 0.25, _SCHOOL, 0.7),
    CellTemplate("Chi bộ Trường THCS Tam Lư", "school", 0.30, _SCHOOL, 0.6),
    CellTemplate("Chi bộ Hợp tác xã Nông lâm nghiệp Tam Lư", "enterprise", 0.10, _WORKPLACE, 0.3),
)
PARTY_OFFICE_TEMPLATE = 15  # the cell where the commune's own secretary is a member
_SMALL_AREAS = ("enterprise", "health", "armed_forces")
MIN_WORKPLACE, MAX_WORKPLACE, MIN_RESIDENTIAL = 5, 29, 8


@dataclass(frozen=True)
class OrgPlan:
    """Cells of the commune (the root is not a cell: no member belongs to it directly)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    templates: tuple[CellTemplate, ...]
    sizes: IntArray
    under_three: BoolArray  # planted org defect: fewer than 3 official members
    official_cap: IntArray  # for those cells: how many of the members are official
    no_secretary: BoolArray  # planted org defect: nobody is Bí thư
    commune_secretary_cell: int

    @property
    def count(self) -> int:
        return len(self.codes)


def cell_count(members: int) -> int:
    if members < 360:
        return max(1, members // 15)
    if members <= 1620:
        return len(TEMPLATES)
    return round(members / 45)


def plan_orgs(members: int, defect_rate: float, rng: np.random.Generator) -> OrgPlan:
    count = cell_count(members)
    width = max(2, len(str(count)))
    templates = tuple(TEMPLATES[i % len(TEMPLATES)] for i in range(count))
    codes = tuple(f"{ROOT_CODE}{i + 1:0{width}d}" for i in range(count))
    names = tuple(
        t.name if i < len(TEMPLATES) else f"{t.name} {i // len(TEMPLATES) + 1}"
        for i, t in enumerate(templates)
    )
    under_three = np.zeros(count, dtype=bool)
    no_secretary = np.zeros(count, dtype=bool)
    per_class = per_class_count(count, defect_rate)
    if per_class:
        small = [i for i, t in enumerate(templates) if t.area in _SMALL_AREAS]
        pool = small if len(small) >= per_class else list(range(count))
        chosen = rng.choice(np.array(pool), size=min(per_class, len(pool)), replace=False)
        under_three[chosen] = True
        rest = np.flatnonzero(~under_three)
        chosen = rng.choice(rest, size=min(per_class, len(rest) - 1), replace=False)
        no_secretary[chosen] = True
    official_cap = np.where(under_three, rng.integers(1, 3, size=count), 0).astype(np.int64)
    sizes = _allocate(members, templates, under_three, official_cap, rng)
    office = [i for i, t in enumerate(templates) if t is TEMPLATES[PARTY_OFFICE_TEMPLATE]]
    candidates = [i for i in office if not no_secretary[i] and not under_three[i]]
    if not candidates:
        candidates = [int(np.argmax(np.where(under_three, -1, sizes)))]
    return OrgPlan(
        codes=codes,
        names=names,
        templates=templates,
        sizes=sizes,
        under_three=under_three,
        official_cap=official_cap,
        no_secretary=no_secretary,
        commune_secretary_cell=candidates[0],
    )


def _allocate(
    members: int,
    templates: tuple[CellTemplate, ...],
    under_three: BoolArray,
    official_cap: IntArray,
    rng: np.random.Generator,
) -> IntArray:
    count = len(templates)
    jitter = rng.uniform(0.75, 1.25, size=count)
    weights = np.array([t.weight for t in templates]) * jitter
    total_weight = float(weights.sum())
    sizes = np.zeros(count, dtype=np.int64)
    residential = np.array([t.area == "residential" for t in templates])
    if count == 1:
        sizes[0] = members
        return sizes
    for i, template in enumerate(templates):
        if under_three[i]:
            sizes[i] = official_cap[i] + int(rng.integers(0, 2))
        elif template.area != "residential":
            share = round(weights[i] / total_weight * members)
            sizes[i] = min(MAX_WORKPLACE, max(MIN_WORKPLACE, share))
    flexible = residential & ~under_three
    if not flexible.any():
        flexible = ~under_three
        sizes[flexible] = 0
    remaining = members - int(sizes[~flexible].sum())
    sizes[flexible] = _largest_remainder(weights[flexible], remaining)
    if int(sizes[flexible].min()) < MIN_RESIDENTIAL and members >= MIN_RESIDENTIAL * count:
        raise ValueError("cell sizes fell below the minimum; the plan needs more members")
    return sizes


def _largest_remainder(weights: npt.NDArray[np.float64], total: int) -> IntArray:
    exact = weights / weights.sum() * total
    floor: IntArray = np.floor(exact).astype(np.int64)
    short = total - int(floor.sum())
    order = np.argsort(-(exact - floor), kind="stable")
    floor[order[:short]] += 1
    return floor


def orgs_frame(
    plan: OrgPlan, secretaries: dict[int, int], commune_secretary: int | None
) -> pl.DataFrame:
    """The `orgs` table; `secretaries` maps a cell index to the record of its Bí thư."""
    rows = [
        {
            "code": ROOT_CODE,
            "name": ROOT_NAME,
            "kind": "commune_committee",
            "parent_code": None,
            "area": "other",
            "active": True,
            "secretary_record": commune_secretary,
        }
    ]
    for i in range(plan.count):
        template = plan.templates[i]
        rows.append(
            {
                "code": plan.codes[i],
                "name": plan.names[i],
                "kind": template.kind,
                "parent_code": ROOT_CODE,
                "area": template.area,
                "active": True,
                "secretary_record": secretaries.get(i),
            }
        )
    return pl.DataFrame(rows, schema=ORG_SCHEMA)


def per_class_count(count: int, defect_rate: float) -> int:
    """How many cells get each org-level defect (exposed for tests and docs)."""
    if defect_rate <= 0 or count < 4:
        return 0
    return max(1, math.floor(count * defect_rate * 0.25 + 0.5))
