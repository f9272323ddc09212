"""Finding the header of the member table in a sheet: one row, or two rows under merged cells.

Legacy lists open with the Party's title block ("ĐẢNG BỘ XÃ …", "DANH SÁCH ĐẢNG VIÊN"), then a
header that is often two rows deep: "Trình độ" merged over "GDPT" | "LLCT", while "Họ và tên" is
merged down over both rows. Merged cells keep their text in the top-left cell only, which is what
calamine gives us, so the header is rebuilt from that: a cell empty in the top row but filled in the
lower one belongs to the group to its left.

Each candidate (a row, or a row with the next one) is scored by how many distinct dictionary
fields its cells name; the best candidate wins, a single row on a tie.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dangvien.intake.grid import Grid
from dangvien.intake.mapping import UNDECORATED, FieldMatcher, HeaderCell, match_cell

HEAD_ROWS = 60  # the header must start within the first rows of a sheet
MIN_FIELDS = 2
PAIR_BONUS = 0.05  # a plausible two-row header wins a tie; an implausible one must do better
IDENTITY_FIELDS = frozenset(
    {"full_name", "citizen_id", "card_number", "dossier_number", "birth_date", "code", "name"}
)


@dataclass(frozen=True)
class Layout:
    """Where the table is: header rows (0-based grid indexes) and its header cells."""

    header_rows: tuple[int, ...]
    cells: tuple[HeaderCell, ...]
    fields: frozenset[str]

    @property
    def data_start(self) -> int:
        return self.header_rows[-1] + 1


def _text(value: str | None) -> str:
    return " ".join(value.split()) if value else ""


def header_cells(
    rows: Sequence[Sequence[str | None]], positions: Sequence[int]
) -> list[HeaderCell]:
    """Header cells of one row, or of two rows where the lower one splits merged groups."""
    top = [_text(value) for value in rows[0]]
    if len(rows) == 1:
        return [HeaderCell(positions[j], (text,) if text else ()) for j, text in enumerate(top)]
    bottom = [_text(value) for value in rows[1]]
    cells: list[HeaderCell] = []
    group = ""
    for j, (upper, lower) in enumerate(zip(top, bottom, strict=True)):
        if upper:
            group = upper
        elif not lower:
            group = ""
        parent = upper or (group if lower else "")
        parts = tuple(part for part in (parent, lower) if part)
        cells.append(HeaderCell(positions[j], parts))
    return cells


def _score(matcher: FieldMatcher, cells: Sequence[HeaderCell]) -> tuple[float, frozenset[str], int]:
    fields: set[str] = set()
    index = False
    unmatched = 0
    for cell in cells:
        if not cell.parts:
            continue
        found = match_cell(matcher, cell)
        if found is None:
            unmatched += 1
        elif found.index:
            index = True
        elif found.field is not None:
            fields.add(found.field)
    score = len(fields) + (0.5 if index else 0.0)
    return score, frozenset(fields), unmatched


def _acceptable(fields: frozenset[str], index: bool) -> bool:
    if not fields & IDENTITY_FIELDS:
        return False
    return len(fields) >= MIN_FIELDS or index


def _header_like(matcher: FieldMatcher, text: str) -> bool:
    """A cell that names a field by itself (not a title that merely contains "chi bộ")."""
    found = matcher.match(text)
    return found is not None and (found.index or found.confidence >= UNDECORATED)


def _plausible_pair(
    matcher: FieldMatcher, top: Sequence[str | None], bottom: Sequence[str | None]
) -> bool:
    """Does the lower row split merged groups of the upper one, as a two-row header does?

    Under a two-row header most upper cells are merged down (lower cell empty) and each group
    ("Trình độ") has lower cells where the upper ones are empty. A data row or a row of column
    numbers fills the cells under the header instead; a title row above a header matches nothing.
    """
    split = sum(1 for u, b in zip(top, bottom, strict=True) if not _text(u) and _text(b))
    both = sum(1 for u, b in zip(top, bottom, strict=True) if _text(u) and _text(b))
    top_matches = any(_header_like(matcher, _text(u)) for u in top if _text(u))
    return top_matches and split >= 1 and both <= split


def detect(grid: Grid, matcher: FieldMatcher) -> Layout | None:
    """The header of the table in `grid`, or None when no row looks like one."""
    positions = list(grid.columns)
    rows = grid.head_rows(1 if grid.header_known else HEAD_ROWS + 1)
    if grid.header_known:
        if not rows:
            return None
        cells = header_cells(rows[:1], positions)
        _, fields, _ = _score(matcher, cells)
        return Layout((0,), tuple(cells), fields)
    best: tuple[float, Layout] | None = None
    for i, row in enumerate(rows[:HEAD_ROWS]):
        if sum(1 for value in row if _text(value)) < 2:
            continue
        candidates: list[tuple[list[HeaderCell], float]] = [(header_cells([row], positions), 0.0)]
        lower = rows[i + 1] if i + 1 < len(rows) else []
        if any(_text(value) for value in lower):
            # A second header row either splits merged groups or names fields by itself; a
            # section title ("I. Chi bộ bản Lốc") or a row of column numbers does neither.
            if _plausible_pair(matcher, row, lower):
                candidates.append((header_cells([row, lower], positions), PAIR_BONUS))
            elif all(_header_like(matcher, _text(value)) for value in lower if _text(value)):
                candidates.append((header_cells([row, lower], positions), -PAIR_BONUS))
        for cells, bonus in candidates:
            score, fields, unmatched = _score(matcher, cells)
            if not _acceptable(fields, score != len(fields)):
                continue
            # Fewer unmatched cells breaks ties: a data row read as header adds unmatched cells.
            rank = score - 0.01 * unmatched + bonus
            if best is None or rank > best[0]:
                depth = 2 if bonus else 1
                best = (rank, Layout(tuple(range(i, i + depth)), tuple(cells), fields))
    return best[1] if best is not None else None
