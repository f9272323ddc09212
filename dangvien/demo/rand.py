"""Seeded randomness: one independent stream per concern, and unique random numbers.

Each part of the generator draws from its own stream (`stream(seed, "names")`), so adding a column
or changing how one part samples never shifts the values of another part for the same seed.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def stream(seed: int, label: str) -> np.random.Generator:
    """An independent generator for one concern; stable across runs and Python processes."""
    return np.random.default_rng([seed & 0xFFFFFFFF, zlib.crc32(label.encode("utf-8"))])


def choice_index(rng: np.random.Generator, weights: Sequence[float], size: int) -> IntArray:
    """Indices into `weights` drawn with probability proportional to the weights."""
    p = np.asarray(weights, dtype=np.float64)
    cumulative = np.cumsum(p / p.sum())
    cumulative[-1] = 1.0
    drawn = np.searchsorted(cumulative, rng.random(size), side="right")
    return np.minimum(drawn, len(p) - 1).astype(np.int64)


def unique_ints(
    rng: np.random.Generator,
    low: int,
    high: int,
    size: int,
    prefixes: npt.NDArray[np.int64] | None = None,
) -> IntArray:
    """`size` random ints in [low, high); unique, or unique within each prefix when given.

    Draws, finds repeats and redraws only the repeats: a few rounds even when the range is
    only a few times larger than `size`.
    """
    span = high - low
    if prefixes is None:
        if size > span:
            raise ValueError("not enough distinct values for the requested size")
        if size * 4 > span:
            # Dense: a permutation is cheaper than redrawing the many repeats.
            return rng.permutation(span)[:size].astype(np.int64) + low
        prefixes = np.zeros(size, dtype=np.int64)
    elif size and int(np.bincount(prefixes - prefixes.min()).max()) > span:
        raise ValueError("not enough distinct values for the requested size")
    values = rng.integers(low, high, size=size, dtype=np.int64)
    keys = prefixes * span + (values - low)
    order = np.argsort(keys)
    sorted_keys = keys[order]
    repeat_sorted = np.zeros(size, dtype=bool)
    repeat_sorted[1:] = sorted_keys[1:] == sorted_keys[:-1]
    repeat = np.zeros(size, dtype=bool)
    repeat[order] = repeat_sorted
    taken = sorted_keys[~repeat_sorted]
    pending = np.flatnonzero(repeat)
    while len(pending):
        drawn = rng.integers(low, high, size=len(pending), dtype=np.int64)
        new_keys = prefixes[pending] * span + (drawn - low)
        at = np.minimum(np.searchsorted(taken, new_keys), len(taken) - 1)
        clash = taken[at] == new_keys
        new_order = np.argsort(new_keys, kind="stable")
        new_sorted = new_keys[new_order]
        first_sorted = np.ones(len(new_sorted), dtype=bool)
        first_sorted[1:] = new_sorted[1:] != new_sorted[:-1]
        first = np.empty(len(new_sorted), dtype=bool)
        first[new_order] = first_sorted
        accepted = first & ~clash
        values[pending[accepted]] = drawn[accepted]
        added = np.sort(new_keys[accepted])
        taken = np.insert(taken, np.searchsorted(taken, added), added)
        pending = pending[~accepted]
    return values
