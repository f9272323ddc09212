"""Workbooks (.xlsx, .xlsm, .xls, .ods) through calamine (fastexcel), every sheet as text.

Each sheet is loaded with no header and every column as text, starting at row 1, so that grid row
`i` is Excel row `i + 1` and nothing is type-guessed: a CCCD keeps the digits calamine read, a date
cell arrives as "1970-03-05 00:00:00" (see `values`), a number as its shortest decimal form.
"""

from __future__ import annotations

from dataclasses import dataclass

import fastexcel
import polars as pl

from dangvien.intake.errors import IntakeError
from dangvien.intake.grid import Grid

_PASSWORD_HINTS = ("password", "encrypt", "filepass", "protected")


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    message: str  # Vietnamese


def _is_calamine_failure(error: BaseException) -> bool:
    # A malformed container can make calamine panic; pyo3 raises that as PanicException, which
    # derives from BaseException. It is a broken file, not a reason to stop the program.
    return isinstance(error, fastexcel.FastExcelError) or type(error).__name__ == "PanicException"


def open_workbook(data: bytes, *, name: str) -> fastexcel.ExcelReader:
    try:
        return fastexcel.read_excel(data)
    except BaseException as error:
        if not _is_calamine_failure(error):
            raise
        raise _workbook_error(error, name) from None


def _workbook_error(error: BaseException, name: str) -> IntakeError:
    text = str(error).lower()
    if any(hint in text for hint in _PASSWORD_HINTS):
        return IntakeError(
            "password_protected",
            "tệp Excel được đặt mật khẩu. Hãy mở bằng Excel, gỡ mật khẩu, lưu lại rồi đọc lại.",
            file=name,
        )
    first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
    return IntakeError(
        "corrupt",
        f"tệp Excel bị hỏng hoặc không đúng định dạng, không mở được ({first_line}). "
        "Hãy mở thử bằng Excel; nếu Excel sửa được tệp, lưu lại rồi đọc lại.",
        file=name,
    )


def read_workbook(data: bytes, *, name: str) -> tuple[list[Grid], list[SheetProblem]]:
    """Every sheet of the workbook as a text grid; unreadable sheets are reported, not fatal."""
    reader = open_workbook(data, name=name)
    grids: list[Grid] = []
    problems: list[SheetProblem] = []
    for index, sheet_name in enumerate(reader.sheet_names):
        try:
            sheet = reader.load_sheet(
                index, header_row=None, skip_rows=0, dtypes="string", eager=False
            )
            frame = sheet.to_polars()
        except BaseException as error:
            if not _is_calamine_failure(error):
                raise
            if any(hint in str(error).lower() for hint in _PASSWORD_HINTS):
                raise _workbook_error(error, name) from None
            problems.append(
                SheetProblem(
                    sheet_name, f"không đọc được trang này ({str(error).splitlines()[0]})."
                )
            )
            continue
        positions = [column.absolute_index for column in sheet.available_columns()]
        grids.append(_grid(sheet_name, frame, positions, hidden=sheet.visible != "visible"))
    return grids, problems


def _grid(sheet: str, frame: pl.DataFrame, positions: list[int], *, hidden: bool) -> Grid:
    names = frame.columns
    if len(positions) != len(names):
        positions = list(range(len(names)))
    # Columns with no text at all (formatting only) are dropped here, before anything looks.
    counts = frame.null_count().row(0) if frame.width else ()
    keep = [j for j, nulls in enumerate(counts) if nulls < frame.height]
    # A formula that yields "" is an empty cell too.
    frame = frame.select(
        [
            pl.col(names[j]).cast(pl.Utf8).replace("", None).alias(f"c{k}")
            for k, j in enumerate(keep)
        ]
    )
    return Grid(
        sheet=sheet,
        frame=frame,
        columns=tuple(positions[j] for j in keep),
        first_row=1,
        hidden=hidden,
    )
