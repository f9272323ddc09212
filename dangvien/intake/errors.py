"""Why a file could not be read, in words a commune clerk can act on.

Every message names the file, and the sheet and row when there is one, so that the clerk can open
the workbook at the right place. Messages are Vietnamese (NFC); `code` is for programs and tests.
"""

from __future__ import annotations

from typing import Literal

ErrorCode = Literal[
    "not_found",
    "unreadable",
    "password_protected",
    "corrupt",
    "wrong_type",
    "html_disguised",
    "empty_file",
    "empty_sheet",
    "no_header",
    "encoding",
    "template",
]


def where(file: str, sheet: str | None = None, row: int | None = None) -> str:
    """ "Tệp «x.xlsx», trang «DS», dòng 5" — the place a message is about."""
    parts = [f"Tệp «{file}»"]
    if sheet:
        parts.append(f"trang «{sheet}»")
    if row is not None:
        parts.append(f"dòng {row}")
    return ", ".join(parts)


class IntakeError(Exception):
    """A file (or one of its sheets) cannot be read; `message` says why and where, in Vietnamese."""

    def __init__(
        self,
        code: ErrorCode,
        detail: str,
        *,
        file: str,
        sheet: str | None = None,
        row: int | None = None,
    ) -> None:
        self.code: ErrorCode = code
        self.detail = detail
        self.file = file
        self.sheet = sheet
        self.row = row
        self.message = f"{where(file, sheet, row)}: {detail}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
