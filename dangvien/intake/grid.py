"""A sheet as a grid of text cells, whatever the file format it came from.

Every reader (Excel, CSV, Parquet) produces `Grid`s; table detection and mapping only ever see
this shape. Cells are text exactly as read (null when empty); frame row `i` is the row Excel shows
as `first_row + i`, frame column `j` is the sheet column `columns[j]` (0 = A).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Grid:
    sheet: str  # "" for formats without sheets
    frame: pl.DataFrame  # Utf8 columns, named c0, c1, ... by position
    columns: tuple[int, ...]  # sheet column index of each frame column
    first_row: int = 1
    hidden: bool = False
    header_known: bool = False  # row 1 is the header by construction (Parquet column names)

    @property
    def height(self) -> int:
        return self.frame.height

    def row_number(self, index: int) -> int:
        return self.first_row + index

    def letter(self, position: int) -> str:
        return column_letter(self.columns[position])

    def head_rows(self, count: int) -> list[list[str | None]]:
        """The first `count` rows as Python lists (header detection looks only there)."""
        head = self.frame.head(count)
        columns = [head.get_column(name).to_list() for name in head.columns]
        return [list(cells) for cells in zip(*columns, strict=True)] if columns else []


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def text_grid(
    frame: pl.DataFrame,
    *,
    sheet: str = "",
    first_row: int = 1,
    header_known: bool = False,
    hidden: bool = False,
) -> Grid:
    """A grid from a frame whose columns are in sheet order starting at column A."""
    # Empty strings are empty cells, as calamine and the CSV reader give them.
    renamed = frame.select(
        [
            pl.col(name).cast(pl.Utf8).replace("", None).alias(f"c{i}")
            for i, name in enumerate(frame.columns)
        ]
    )
    return Grid(
        sheet=sheet,
        frame=renamed,
        columns=tuple(range(renamed.width)),
        first_row=first_row,
        hidden=hidden,
        header_known=header_known,
    )
