"""Realistic Vietnamese full names by ethnicity and gender.

Kinh names follow the frequency aggregates of a large name list (data/names, aggregates only);
Thái, Mường, Mông, Dao and Tày names use the family names and the "Văn"/"Thị"/"A"/"Y" middle
names typical of western Thanh Hóa (data/names/ethnic_names.csv, compiled for this project).
Clean names are NFC, each syllable capitalised, with tone marks in the traditional placement
(Hòa, Thủy), so a record written with the other placement is recognisably a second typing.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import polars as pl

from dangvien.demo.rand import BoolArray, IntArray, choice_index

_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")  # huyền, sắc, hỏi, ngã, nặng

# Share of each name part drawn from the ethnic list (the rest from the Kinh frequency lists).
_ETHNIC_SHARE: dict[str, tuple[float, float, float]] = {
    # ethnicity: (surname, middle, given)
    "Kinh": (0.0, 0.45, 0.0),
    "Thái": (0.92, 0.85, 0.2),
    "Mường": (0.9, 0.85, 0.05),
    "Mông": (1.0, 1.0, 1.0),
    "Dao": (1.0, 0.8, 0.0),
    "Tày": (0.9, 0.8, 0.0),
}


# The frequency list leans to the south; these family names are much rarer in Thanh Hóa.
_REGIONAL: dict[str, float] = {"huỳnh": 0.05, "võ": 0.2, "thạch": 0.05, "lâm": 0.4, "trương": 0.5}


@dataclass(frozen=True)
class _Pool:
    """A weighted list of name parts, stored as a slice of the shared vocabulary."""

    offset: int
    weights: tuple[float, ...]

    def draw(self, rng: np.random.Generator, size: int) -> IntArray:
        if not self.weights:
            raise ValueError("empty name pool")
        picked: IntArray = self.offset + choice_index(rng, self.weights, size)
        return picked


def _read(relative: str) -> list[dict[str, str]]:
    path = resources.files("dangvien.demo").joinpath("data", "names", relative)
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _title(text: str) -> str:
    return " ".join(part[:1].upper() + part[1:] for part in text.split())


@dataclass(frozen=True)
class _Pools:
    vocabulary: tuple[str, ...]  # every name part, capitalised; pools index into it
    surname: _Pool
    middle: dict[bool, _Pool]  # keyed by female
    given: dict[bool, _Pool]
    ethnic: dict[tuple[str, str], _Pool]  # (ethnicity, part)


@cache
def _pools() -> _Pools:
    surnames = _read("surname_freq.csv")
    middles = _read("middle_by_gender.csv")
    givens = _read("given_by_gender.csv")
    grouped: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for row in _read("ethnic_names.csv"):
        grouped.setdefault((row["ethnicity"], row["part"]), []).append(
            (row["value"], float(row["weight"]))
        )
    vocabulary: list[str] = []

    def pool(pairs: list[tuple[str, float]]) -> _Pool:
        kept = [(value, weight) for value, weight in pairs if weight > 0]
        made = _Pool(len(vocabulary), tuple(weight for _, weight in kept))
        vocabulary.extend(_title(value) for value, _ in kept)
        return made

    surname = pool(
        [(r["surname"], float(r["count"]) * _REGIONAL.get(r["surname"], 1.0)) for r in surnames]
    )
    middle = {
        False: pool([(r["middle"], float(r["male"])) for r in middles]),
        True: pool([(r["middle"], float(r["female"])) for r in middles]),
    }
    given = {
        False: pool([(r["given"], float(r["male"])) for r in givens]),
        True: pool([(r["given"], float(r["female"])) for r in givens]),
    }
    ethnic = {key: pool(pairs) for key, pairs in sorted(grouped.items())}
    return _Pools(tuple(vocabulary), surname, middle, given, ethnic)


def _part(
    rng: np.random.Generator,
    general: _Pool,
    ethnic: _Pool | None,
    share: float,
    size: int,
) -> IntArray:
    base = general.draw(rng, size)
    if ethnic is None or share <= 0:
        return base
    local = ethnic.draw(rng, size)
    use_local = rng.random(size) < share
    mixed: IntArray = np.where(use_local, local, base)
    return mixed


def sample_full_names(
    rng: np.random.Generator,
    groups: Sequence[str],
    group_index: IntArray,
    female: BoolArray,
) -> pl.Series:
    """One clean full name per member ("Hà Văn Khăm", "Giàng A Páo", "Nguyễn Thị Thu Hà").

    `group_index` gives each member's ethnicity as an index into `groups`.
    """
    pools = _pools()
    size = len(group_index)
    parts = np.zeros((3, size), dtype=np.int64)  # surname, middle, given
    for code in np.unique(group_index).tolist():
        group = groups[code]
        shares = _ETHNIC_SHARE.get(group, _ETHNIC_SHARE["Kinh"])
        for is_female in (False, True):
            mask = (group_index == code) & (female == is_female)
            count = int(mask.sum())
            if count == 0:
                continue
            gender_part = "female" if is_female else "male"
            general = (pools.surname, pools.middle[is_female], pools.given[is_female])
            for row, (part, pool) in enumerate(
                zip(
                    ("surname", f"middle_{gender_part}", f"given_{gender_part}"),
                    general,
                    strict=True,
                )
            ):
                parts[row, mask] = _part(
                    rng, pool, pools.ethnic.get((group, part)), shares[row], count
                )
    vocabulary = pl.Series(pools.vocabulary, dtype=pl.String)
    frame = pl.DataFrame(
        {name: vocabulary.gather(parts[row]) for row, name in enumerate(("s", "m", "g"))}
    )
    return frame.select(pl.concat_str(["s", "m", "g"], separator=" ").alias("full_name"))[
        "full_name"
    ]


def has_toned_capital(text: str) -> bool:
    """True when a capital letter carries a tone mark ("Ánh"): TCVN3 (ABC) cannot keep those."""
    for char in text:
        if char.isupper():
            decomposed = unicodedata.normalize("NFD", char)
            if any(mark in _TONE_MARKS for mark in decomposed[1:]):
                return True
    return False
