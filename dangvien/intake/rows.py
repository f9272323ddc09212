"""Which rows under the header are member records, and why the others are not.

Below the header a legacy list holds more than members: a row of column numbers "(1) (2) (3)",
section titles per organization ("I. Chi bộ bản Lốc"), totals ("Tổng số: 45 đồng chí"), the header
repeated at each printed page, notes, and the signature block ("NGƯỜI LẬP BIỂU", "T/M CHI ỦY").
Every such row is reported with its reason; nothing is dropped silently.

Cheap Polars masks find the few candidate rows; Python looks at those few only.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from dangvien.intake.grid import Grid
from dangvien.intake.header import Layout
from dangvien.intake.mapping import ColumnMapping, ColumnMappings
from dangvien.quality.dictionary import fold_header

ROW = "_row"
SECTION = "_section"

REASONS = {
    "blank": "dòng trống",
    "numbering": "dòng đánh số cột",
    "repeat": "dòng tiêu đề lặp lại (đầu trang in)",
    "total": "dòng tổng cộng",
    "note": "dòng ghi chú",
    "section": "dòng tiêu đề nhóm",
    "index_only": "dòng chỉ có số thứ tự, không có dữ liệu",
    "footer": "khối chữ ký, ghi chú cuối bảng",
}

# "Tổng số: 45", "Tổng cộng 45 đồng chí", "Cộng: 12"; not a name such as "Tong Van Minh".
_TOTAL = (
    r"(?i)^\s*(?:(?:tổng|tong)\s+(?:số|so|cộng|cong)\b"
    r"|(?:tổng|tong|cộng|cong)\s*(?:[:\-–]|\d|$))"
)
_SIGNATURE = (
    r"(?i)^\s*(?:người\s+lập|nguoi\s+lap|t/?m\.?\s|tm\.|kt\.|bí\s+thư|phó\s+bí\s+thư|"
    r"xác\s+nhận|thủ\s+trưởng|nơi\s+nhận|trưởng\s+ban|\(?\s*ký\s*(?:tên|,|\))|"
    r"[^0-9]{0,40},\s*ngày\s+[\d.…_ ]*\s*tháng\s+[\d.…_ ]*\s*năm)"
)
_NOTE = r"(?i)^\s*(?:ghi\s+chú|lưu\s+ý|chú\s+thích|ghi\s+chu|luu\s+y|\*)"
_NUMBER_CELL = r"^\s*\(?\s*\d{1,3}\s*\)?\s*$"
_SECTION_PREFIX = re.compile(r"^\s*(?:[IVXLC]{1,5}|\d{1,2}|[A-Za-z])\s*[.)\-:]\s*")
ORG_WORDS = re.compile(r"^(?:chi bo|dang bo|to dang|cb|db|dang uy)\b")


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int  # as Excel shows it
    reason: str  # Vietnamese
    text: str | None = None  # the row's first text, to recognize it


@dataclass(frozen=True)
class RowPlan:
    records: pl.DataFrame  # grid columns of the record rows + _row (Excel row) + _section
    skipped: tuple[SkippedRow, ...]


def _among(rows: Sequence[int]) -> pl.Expr:
    """The row is one of `rows` (a set membership, whatever the number of rows)."""
    return pl.col(ROW).is_in(pl.lit(pl.Series(list(rows), dtype=pl.Int64)).implode())


def section_title(text: str) -> str:
    """ "I. CHI BỘ BẢN LỐC:" → "CHI BỘ BẢN LỐC" (numbering and trailing colon removed)."""
    return _SECTION_PREFIX.sub("", text).strip().rstrip(":").strip()


def is_org_title(text: str) -> bool:
    return bool(ORG_WORDS.match(fold_header(section_title(text))))


def plan_rows(
    grid: Grid, layout: Layout, mapping: ColumnMappings, *, sections: bool = True
) -> RowPlan:
    body = grid.frame.slice(layout.data_start).with_columns(
        (pl.int_range(pl.len(), dtype=pl.Int64) + grid.first_row + layout.data_start).alias(ROW)
    )
    by_position = {column.position: column for column in mapping.columns}
    names = {position: f"c{j}" for j, position in enumerate(grid.columns)}
    used = [names[p] for p in grid.columns if p in by_position]
    index = [names[c.position] for c in mapping.columns if c.role == "index"]
    content = [name for name in used if name not in index]
    fields = [c for c in mapping.columns if c.role == "field"]
    if not content:
        return RowPlan(body.head(0).with_columns(pl.lit(None, pl.Utf8).alias(SECTION)), ())
    # Vectorized features pick the few candidate rows; Python decides on those (see _decide).
    # Totals are labelled at the left; the first fields of a repeated header repeat too.
    filled = pl.sum_horizontal([pl.col(name).is_not_null() for name in content]).alias("_filled")
    indexed = (
        pl.sum_horizontal([pl.col(name).is_not_null() for name in index])
        if index
        else pl.lit(0, pl.UInt32)
    ).alias("_indexed")
    left = pl.coalesce([pl.col(name) for name in used[:3]])
    repeat_hits = [
        (pl.col(names[c.position]) == c.header.split(" / ")[-1]).fill_null(False)
        for c in fields[:3]
    ]
    features = body.select(
        ROW,
        filled,
        indexed,
        left.str.contains(_TOTAL).fill_null(False).alias("_total"),
        (left.str.strip_chars() == "").fill_null(False).alias("_spaces"),
        (pl.sum_horizontal(repeat_hits) if repeat_hits else pl.lit(0)).alias("_repeat"),
    ).with_columns((pl.col("_filled") + pl.col("_indexed")).alias("_all"))
    # Column numbers "(1) (2) (3)" stand right under the header, or under a repeated header.
    repeats = features.filter(pl.col("_repeat") >= 2).get_column(ROW)
    start = grid.first_row + layout.data_start
    numbered = [*range(start, start + 3), *(repeats + 1).to_list()]
    sparse = max(1, min(4, len(content) // 3))  # titles, notes and signatures fill few cells
    candidates = features.filter(
        (pl.col("_filled") <= sparse)
        | (pl.col("_repeat") >= 2)
        | pl.col("_total")
        | pl.col("_spaces")
        | _among(numbered)
    ).get_column(ROW)
    special = body.filter(_among(candidates.to_list()))
    decisions = _decide(
        special, used, set(index), by_position, names, set(repeats.to_list()), sections=sections
    )
    skipped_rows = {row: reason for row, (reason, _) in decisions.items() if reason}
    titles = {row: text for row, (_, text) in decisions.items() if text is not None}
    footer = _footer_start(features, decisions, len(content))
    rows = features.get_column(ROW)
    record_mask = ~features.select(_among(list(skipped_rows))).to_series() & (
        features.get_column("_all") > 0
    )
    if footer is not None:
        record_mask = record_mask & (rows < footer)
    section_series = (
        pl.Series(SECTION, [titles.get(row) for row in rows.to_list()], dtype=pl.Utf8)
        if titles
        else pl.Series(SECTION, [None] * len(rows), dtype=pl.Utf8)
    ).forward_fill()
    records = body.with_columns(section_series).filter(record_mask)
    skipped = _skipped(grid.sheet, body, used, features, skipped_rows, footer, records)
    return RowPlan(records, skipped)


def _decide(
    special: pl.DataFrame,
    used: Sequence[str],
    index: set[str],
    by_position: dict[int, ColumnMapping],
    names: dict[int, str],
    repeats: set[int],
    *,
    sections: bool,
) -> dict[int, tuple[str | None, str | None]]:
    """Row → (skip reason or None when the row is a record, section org text or None)."""
    columns_of = {name: position for position, name in names.items()}
    out: dict[int, tuple[str | None, str | None]] = {}
    for record in special.iter_rows(named=True):
        row = int(record[ROW])
        cells = [(name, record[name]) for name in used if record[name] and record[name].strip()]
        first = cells[0][1] if cells else None
        total = len(cells)
        filled = sum(1 for name, _ in cells if name not in index)
        if total == 0:
            out[row] = ("blank", None)
        elif re.search(_TOTAL, first or ""):
            out[row] = ("total", None)
        elif row in repeats:
            out[row] = ("repeat", None)
        elif total >= 3 and _numbering(cells):
            out[row] = ("numbering", None)
        elif filled <= 4 and re.search(_SIGNATURE, first or ""):
            out[row] = ("footer", None)
        elif total <= 2 and re.search(_NOTE, first or ""):
            out[row] = ("note", None)
        elif not sections:
            continue
        elif filled == 0:
            only = cells[0][1].strip()
            if only.isdigit() or total > 1:
                out[row] = ("index_only", None)
            else:
                out[row] = ("section", only if is_org_title(only) else None)
        elif filled == 1 and total == 1:
            name, text = cells[0]
            column = by_position.get(columns_of[name])
            role = column.role if column is not None else None
            numbered = bool(_SECTION_PREFIX.match(text)) and not text.strip().isdigit()
            if role != "field" or is_org_title(text) or numbered:
                out[row] = ("section", text.strip() if is_org_title(text) else None)
    return out


def _numbering(cells: Sequence[tuple[str, str]]) -> bool:
    """Every filled cell a small number, increasing from left to right: "(1) (2) (3) …"."""
    if not all(re.match(_NUMBER_CELL, text) for _, text in cells):
        return False
    numbers = [int(re.sub(r"\D", "", text)) for _, text in cells]
    return all(b > a for a, b in itertools.pairwise(numbers))


def _footer_start(
    features: pl.DataFrame, decisions: dict[int, tuple[str | None, str | None]], width: int
) -> int | None:
    """First signature row after which no row looks like a member record any more."""
    starts = sorted(row for row, (reason, _) in decisions.items() if reason == "footer")
    if not starts:
        return None
    dense = max(3, width // 2)
    for start in starts:
        later = features.filter(
            (pl.col(ROW) > start)
            & (pl.col("_filled") >= dense)
            & ~_among([r for r, (why, _) in decisions.items() if why])
        )
        if later.height == 0:
            return start
    return None


def _skipped(
    sheet: str,
    body: pl.DataFrame,
    used: Sequence[str],
    features: pl.DataFrame,
    reasons: dict[int, str],
    footer: int | None,
    records: pl.DataFrame,
) -> tuple[SkippedRow, ...]:
    if records.height:
        first_record = int(records.get_column(ROW).min())  # type: ignore[arg-type]
        last_record = int(records.get_column(ROW).max())  # type: ignore[arg-type]
    else:
        first_record = last_record = 0
    rows = sorted(set(reasons) | _footer_rows(features, footer))
    kept: list[tuple[int, str]] = []
    for row in rows:
        reason = reasons.get(row, "footer")
        if reason == "blank" and not first_record < row < last_record:
            continue
        kept.append((row, "footer" if footer is not None and row >= footer else reason))
    # The first text of each skipped row, for the clerk to recognize it.
    shown = body.filter(_among([row for row, _ in kept])).select(
        ROW, pl.coalesce([pl.col(name).str.strip_chars().replace("", None) for name in used])
    )
    texts = dict(shown.iter_rows())
    return tuple(SkippedRow(sheet, row, REASONS[reason], texts.get(row)) for row, reason in kept)


def _footer_rows(features: pl.DataFrame, footer: int | None) -> set[int]:
    if footer is None:
        return set()
    rows = features.filter((pl.col(ROW) >= footer) & (pl.col("_all") > 0)).get_column(ROW)
    return set(rows.to_list())
