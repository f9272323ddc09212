"""Machinery shared by the defect planters: the planting context and what a planter returns.

A planter looks at one clean record and returns a `Planted`: the cells it changes and the truth
rows that describe them, or `None` when the record does not suit it after all. Nothing is changed
until the planter has fully succeeded, so a refused record stays clean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar, cast

import numpy as np
import polars as pl

from dangvien.demo.orgs import OrgPlan
from dangvien.demo.people import People
from dangvien.demo.rand import BoolArray, IntArray

Value = str | None
T = TypeVar("T")


class TruthRow(NamedTuple):
    member: int  # internal member index (record numbers are given after sorting)
    field: str
    defect: str
    clean: Value
    planted: Value
    related: int | None = None


@dataclass
class Planted:
    edits: list[tuple[int, str, Value]] = field(default_factory=list)
    truth: list[TruthRow] = field(default_factory=list)
    partner: int | None = None
    partner_touches: frozenset[str] = frozenset()
    copy: dict[str, Value] | None = None  # a new record (second copy of a person)
    copy_cell: int = -1
    loses_official: bool = False  # the record stops counting as an official member of its cell


Planter = Callable[["Context", int], Planted | None]
Eligibility = Callable[["Context"], BoolArray]


@dataclass(frozen=True)
class Variant:
    """One way of planting a defect class: the field it names and the fields it reads or writes."""

    field: str
    touches: frozenset[str]
    eligible: Eligibility
    plant: Planter
    weight: float = 1.0


@dataclass
class Context:
    people: People
    plan: OrgPlan
    as_of: dt.date
    rng: np.random.Generator
    touched: dict[int, set[str]] = field(default_factory=dict)
    defects: dict[int, int] = field(default_factory=dict)
    edits: dict[str, dict[int, Value]] = field(default_factory=dict)
    truth: list[TruthRow] = field(default_factory=list)
    copies: list[dict[str, Value]] = field(default_factory=list)
    copy_cells: list[int] = field(default_factory=list)
    _columns: dict[str, pl.Series] = field(default_factory=dict)
    _used: dict[str, set[str]] = field(default_factory=dict)
    _cache: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        official = self.people.official.astype(np.int64)
        self.cell_officials: IntArray = np.bincount(
            self.people.org_index, weights=official, minlength=self.plan.count
        ).astype(np.int64)
        self.cell_lost: IntArray = np.zeros(self.plan.count, dtype=np.int64)

    @property
    def size(self) -> int:
        return self.people.size

    @property
    def now_index(self) -> int:
        return self.as_of.year * 12 + self.as_of.month - 1

    def value(self, index: int, name: str) -> Value:
        """The clean value of a field (before any defect)."""
        column = self._columns.get(name)
        if column is None:
            column = self.people.frame.get_column(name)
            self._columns[name] = column
        value = column[index]
        return None if value is None else str(value)

    def row(self, index: int) -> dict[str, Value]:
        return dict(self.people.frame.row(index, named=True))

    def used(self, name: str) -> set[str]:
        """Every value of an identifier field, clean and planted, to keep planted ones distinct."""
        found = self._used.get(name)
        if found is None:
            found = set(self.people.frame.get_column(name).drop_nulls().to_list())
            self._used[name] = found
        return found

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """A value computed once per planting run (eligibility masks, lookup tables)."""
        if key not in self._cache:
            self._cache[key] = build()
        return cast(T, self._cache[key])

    def is_free(self, index: int, touches: frozenset[str]) -> bool:
        return not (self.touched.get(index, set()) & touches)

    def can_lose_official(self, index: int) -> bool:
        """Whether one more official of this cell may stop counting (keeps ≥ 3 in clean cells)."""
        cell = int(self.people.org_index[index])
        if self.plan.under_three[cell]:
            return False
        return int(self.cell_officials[cell] - self.cell_lost[cell]) > 4

    def commit(self, index: int, touches: frozenset[str], planted: Planted) -> None:
        for target, name, value in planted.edits:
            edits = self.edits.setdefault(name, {})
            if target in edits:
                raise AssertionError(f"field {name} of member {target} planted twice")
            edits[target] = value
            if value is not None and name in self._used:
                self._used[name].add(value)
        self.touched.setdefault(index, set()).update(touches)
        self.defects[index] = self.defects.get(index, 0) + 1
        if planted.partner is not None:
            self.touched.setdefault(planted.partner, set()).update(planted.partner_touches)
            self.defects[planted.partner] = self.defects.get(planted.partner, 0) + 1
        if planted.loses_official:
            self.cell_lost[int(self.people.org_index[index])] += 1
        if planted.copy is not None:
            self.copies.append(planted.copy)
            self.copy_cells.append(planted.copy_cell)
        self.truth.extend(planted.truth)


def mask_of(values: pl.Series) -> BoolArray:
    return np.asarray(values.to_numpy(), dtype=bool)


def present(ctx: Context, name: str) -> BoolArray:
    return ctx.cached(
        f"present:{name}", lambda: mask_of(ctx.people.frame.get_column(name).is_not_null())
    )


def everyone(ctx: Context) -> BoolArray:
    return np.ones(ctx.size, dtype=bool)
