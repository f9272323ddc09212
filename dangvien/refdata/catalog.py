"""Reference catalogs: closed lists of values with their variants, versioned with an effective date.

A catalog answers one question for the quality engine and intake: "which canonical value does this
typed text mean, if any, and can a machine say so safely?" A variant that could mean two entries is
reported as ambiguous and left to a person (domain.md §6: "Thổ", "Mán", "Cơ đốc").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

from dangvien.quality.dictionary import fold_header as fold
from dangvien.vn.catalogs import CatalogInfo

DATA_PACKAGE = "dangvien.refdata"


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    variants: tuple[str, ...] = ()
    needs_review: tuple[str, ...] = ()  # spellings that may mean this entry, but not only this one


@dataclass(frozen=True)
class Match:
    text: str
    entry: Entry | None
    exact: bool  # typed exactly as the canonical name
    ambiguous: bool = False
    candidates: tuple[Entry, ...] = ()

    @property
    def suggestion(self) -> str | None:
        """The canonical name a machine may propose; None when unknown or ambiguous."""
        if self.entry is None or self.exact:
            return None
        return self.entry.name


@dataclass(frozen=True)
class Catalog:
    info: CatalogInfo
    entries: tuple[Entry, ...]

    @cached_property
    def index(self) -> dict[str, tuple[Entry, ...]]:
        by_key: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for text in (entry.name, *entry.variants, *entry.needs_review):
                key = fold(text)
                if key and entry not in by_key.setdefault(key, []):
                    by_key[key].append(entry)
        return {key: tuple(found) for key, found in by_key.items()}

    @cached_property
    def review_keys(self) -> frozenset[str]:
        return frozenset(fold(text) for entry in self.entries for text in entry.needs_review)

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(entry.name for entry in self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def by_code(self, code: str) -> Entry:
        for entry in self.entries:
            if entry.code == code:
                return entry
        raise KeyError(f"{self.info.key}: no entry with code {code!r}")

    def lookup(self, text: str) -> Match:
        if text in self.names:
            entry = next(e for e in self.entries if e.name == text)
            return Match(text=text, entry=entry, exact=True)
        key = fold(text)
        found = self.index.get(key, ())
        if len(found) == 1 and key not in self.review_keys:
            return Match(text=text, entry=found[0], exact=False)
        if found:
            return Match(text=text, entry=None, exact=False, ambiguous=True, candidates=found)
        return Match(text=text, entry=None, exact=False)


def read_csv(relative: str) -> list[dict[str, str]]:
    """Read a vendored CSV shipped inside the package (works from a wheel or a checkout)."""
    path = resources.files(DATA_PACKAGE).joinpath("data", relative)
    text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def split_variants(raw: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (raw or "").split("|") if part.strip())
