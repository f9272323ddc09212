"""Places of the demo commune and of its members' origins, in pre-2025 and post-2025 forms.

Tam Lư (new code 15019, Thanh Hóa 38) was formed on 01/07/2025 from the old xã Tam Lư, xã Sơn Hà
and part of thị trấn Sơn Lư (huyện Quan Sơn 387); the rest of Sơn Lư went to the new xã Quan Sơn.
The villages (bản, khu phố) below are synthetic names in the style of the area.

Address forms used by clean records:
- permanent/current address, post-2025 two-level form: "Bản Lốc, xã Tam Lư, tỉnh Thanh Hóa";
- birth place and hometown, usually the three-level form of the lý lịch ("xã Sơn Hà, huyện Quan
  Sơn, tỉnh Thanh Hóa"), sometimes the two-level form ("xã Tam Lư, tỉnh Thanh Hóa").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from dangvien.demo.rand import IntArray, choice_index

COMMUNE_NAME = "Tam Lư"
COMMUNE_CODE = "15019"
PROVINCE_NAME = "Thanh Hóa"
PROVINCE_CODE = "38"
DISTRICT_CODE = "387"  # old huyện Quan Sơn
OLD_TAM_LU, OLD_SON_HA, OLD_SON_LU = "15019", "15004", "15016"

_UNIT_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")


@dataclass(frozen=True)
class Village:
    name: str  # as written at the start of an address: "Bản Lốc", "Khu phố Bút"
    old_ward: str  # code of the pre-2025 commune it belonged to


VILLAGES: tuple[Village, ...] = (
    Village("Bản Lốc", OLD_TAM_LU),
    Village("Bản Hẹ", OLD_TAM_LU),
    Village("Bản Chiềng", OLD_TAM_LU),
    Village("Bản Khạn", OLD_TAM_LU),
    Village("Bản Mó", OLD_TAM_LU),
    Village("Bản Pù Mè", OLD_TAM_LU),
    Village("Bản Bôn", OLD_SON_HA),
    Village("Bản Xía", OLD_SON_HA),
    Village("Bản Hao", OLD_SON_HA),
    Village("Bản Muống", OLD_SON_HA),
    Village("Bản Na Pọng", OLD_SON_HA),
    Village("Bản Cha Khót", OLD_SON_HA),
    Village("Khu phố Chiềng Lau", OLD_SON_LU),
    Village("Khu phố Bút", OLD_SON_LU),
    Village("Khu phố Cộng Thành", OLD_SON_LU),
)


def lower_unit(name: str) -> str:
    """'Huyện Quan Sơn' → 'huyện Quan Sơn' (unit words are lower case inside an address)."""
    for unit in _UNIT_TYPES:
        if name.startswith(unit + " "):
            return unit.lower() + name[len(unit) :]
    return name


@dataclass(frozen=True)
class Ward:
    code: str
    province_code: str  # pre-2025 two-digit code; the CCCD uses "0" + this
    district_code: str
    old_form: str  # "xã Sơn Hà, huyện Quan Sơn, tỉnh Thanh Hóa"
    new_form: str  # "xã Tam Lư, tỉnh Thanh Hóa"
    split: bool  # the old commune was divided among several new ones


@dataclass(frozen=True)
class Wards:
    wards: tuple[Ward, ...]
    by_code: dict[str, int]
    groups: dict[str, IntArray]  # origin group → ward indices
    group_weights: dict[str, npt.NDArray[np.float64]]


_WEST_THANH_HOA = ("384", "385", "386", "388", "389", "390", "396")
_OTHER_PROVINCE_WEIGHTS = {
    "40": 0.30,  # Nghệ An
    "17": 0.15,  # Hòa Bình
    "14": 0.10,  # Sơn La
    "36": 0.10,  # Nam Định
    "34": 0.10,  # Thái Bình
    "37": 0.08,  # Ninh Bình
    "35": 0.05,  # Hà Nam
    "42": 0.05,  # Hà Tĩnh
    "01": 0.04,  # Hà Nội
    "30": 0.03,  # Hải Dương
}
_LOCAL_WEIGHTS = {OLD_TAM_LU: 0.40, OLD_SON_HA: 0.30, OLD_SON_LU: 0.15}


@cache
def wards() -> Wards:
    path = resources.files("dangvien.demo").joinpath("data", "places", "old_wards.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    successors: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        successors.setdefault(row["old_ward_code"], []).append(row)
    items: list[Ward] = []
    for code in sorted(successors):
        targets = sorted(successors[code], key=lambda r: r["new_ward_code"])
        # Someone living in Tam Lư who gives the new name of a split commune names Tam Lư.
        chosen = next((t for t in targets if t["new_ward_code"] == COMMUNE_CODE), targets[0])
        first = targets[0]
        items.append(
            Ward(
                code=code,
                province_code=first["old_province_code"],
                district_code=first["old_district_code"],
                old_form=", ".join(
                    lower_unit(first[key]) for key in ("old_ward", "old_district", "old_province")
                ),
                new_form=f"{lower_unit(chosen['new_ward'])}, {lower_unit(chosen['new_province'])}",
                split=len(targets) > 1,
            )
        )
    by_code = {ward.code: index for index, ward in enumerate(items)}
    groups: dict[str, list[int]] = {"local": [], "west": [], "lowland": [], "other": []}
    weights: dict[str, list[float]] = {key: [] for key in groups}
    for index, ward in enumerate(items):
        if ward.province_code != PROVINCE_CODE:
            group, weight = "other", _OTHER_PROVINCE_WEIGHTS.get(ward.province_code, 0.01)
        elif ward.district_code == DISTRICT_CODE:
            group, weight = "local", _LOCAL_WEIGHTS.get(ward.code, 0.15 / 10)
        elif ward.district_code in _WEST_THANH_HOA:
            group, weight = "west", 1.0
        else:
            group, weight = "lowland", 1.0
        groups[group].append(index)
        weights[group].append(weight)
    # Province weights are shares of the whole group: spread each over its communes.
    other_counts: dict[str, int] = {}
    for index in groups["other"]:
        other_counts[items[index].province_code] = (
            other_counts.get(items[index].province_code, 0) + 1
        )
    weights["other"] = [
        weight / other_counts[items[index].province_code]
        for index, weight in zip(groups["other"], weights["other"], strict=True)
    ]
    return Wards(
        wards=tuple(items),
        by_code=by_code,
        groups={key: np.array(value, dtype=np.int64) for key, value in groups.items()},
        group_weights={key: np.array(value, dtype=np.float64) for key, value in weights.items()},
    )


ORIGIN_GROUPS = ("local", "west", "lowland", "other")


def sample_wards(rng: np.random.Generator, origin: IntArray) -> IntArray:
    """A pre-2025 commune per person, from the origin group index (see ORIGIN_GROUPS)."""
    table = wards()
    result = np.zeros(len(origin), dtype=np.int64)
    for group_index, group in enumerate(ORIGIN_GROUPS):
        mask = origin == group_index
        count = int(mask.sum())
        if count:
            members = table.groups[group]
            picked = choice_index(rng, list(table.group_weights[group]), count)
            result[mask] = members[picked]
    return result


def village_address(village: Village) -> str:
    return f"{village.name}, xã {COMMUNE_NAME}, tỉnh {PROVINCE_NAME}"


def village_old_address(village: Village) -> str:
    """The same place written before 01/07/2025, with its old commune and district."""
    ward = wards().wards[wards().by_code[village.old_ward]]
    return f"{village.name}, {ward.old_form}"


def ward_of_code(code: str) -> Ward:
    table = wards()
    return table.wards[table.by_code[code]]
