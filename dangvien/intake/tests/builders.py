"""Files the tests read, made by the tests: workbooks with merged cells, CSV bytes, and the two
OLE (compound file) containers no library here writes: an Excel 97-2003 `.xls` (BIFF8) and a
password-protected `.xlsx` (an `EncryptionInfo` + `EncryptedPackage` container).

The BIFF8 writer covers what a legacy export holds: shared strings, numbers, date cells (a
built-in date format), several sheets. It follows [MS-XLS] and [MS-CFB]; calamine reads it back.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

Cell = str | float | int | dt.date | None

# --- workbooks through openpyxl (merged cells, several sheets) --------------------------------


def workbook(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[Cell]]],
    *,
    merges: Mapping[str, Iterable[str]] | None = None,
    hidden: Iterable[str] = (),
) -> Path:
    """An .xlsx whose sheets hold `rows` from A1; `merges` are ranges such as "C5:D5"."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is not None:
                    cell = sheet.cell(r, c, value)
                    if isinstance(value, dt.date):
                        cell.number_format = "dd/mm/yyyy"
        for area in (merges or {}).get(name, ()):
            sheet.merge_cells(area)
        if name in set(hidden):
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def legacy_member_rows(members: Sequence[Sequence[Cell]]) -> list[list[Cell]]:
    """A legacy layout: title block, two-row header with "Trình độ" over GDPT | LLCT, STT,
    a column-number row, the members, a totals row and a signature block.

    Member rows are (name, gender, birth date, GDPT, LLCT, CCCD, chi bộ). Header at rows 5–6,
    column numbers at row 7, members from row 8.
    """
    rows: list[list[Cell]] = [
        ["ĐẢNG BỘ XÃ TAM LƯ", None, None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["CHI BỘ BẢN LỐC", None, None, None, None, None, "Tam Lư, ngày 10 tháng 12 năm 2025"],
        ["DANH SÁCH ĐẢNG VIÊN"],
        [],
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Trình độ", None, "Số CCCD", "Chi bộ"],
        [None, None, None, None, "GDPT", "LLCT", None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
    ]
    for number, member in enumerate(members, 1):
        rows.append([number, *member])
    rows.append([f"Tổng số: {len(members)} đảng viên"])
    rows.append([])
    rows.append([None, "NGƯỜI LẬP BIỂU", None, None, None, "T/M CHI ỦY"])
    rows.append([None, "(Ký, ghi rõ họ tên)", None, None, None, "BÍ THƯ"])
    rows.append([None, "Nguyễn Văn Lập", None, None, None, "Lò Văn Thư"])
    return rows


LEGACY_MERGES = ("A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:F5", "G5:G6", "H5:H6", "A1:C1")


# --- compound files (OLE2) ---------------------------------------------------------------------

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _dir_entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)  # length, type, black
        + struct.pack("<III", _FREE, right, child)  # left sibling, right sibling, child
        + bytes(16 + 4 + 8 + 8)  # clsid, state bits, times
        + struct.pack("<IQ", start, size)
    )


def cfb(streams: Mapping[str, bytes]) -> bytes:
    """A version-3 compound file holding `streams` (each padded past the 4 KiB mini-stream cutoff
    so that no mini FAT is needed: the padded size is the recorded size). Streams are listed
    shortest name first, as siblings."""
    names = sorted(streams, key=lambda name: (len(name), name.upper()))
    data_sectors: list[bytes] = []
    starts: dict[str, int] = {}
    sector = 1  # sector 0 holds the FAT
    fat: list[int] = [_FAT]
    sizes: dict[str, int] = {}
    for name in names:
        payload = streams[name].ljust(4096, b"\0")
        sizes[name] = len(payload)
        count = -(-len(payload) // _SECTOR)
        starts[name] = sector
        fat.extend(range(sector + 1, sector + count))
        fat.append(_END)
        data_sectors.append(payload.ljust(count * _SECTOR, b"\0"))
        sector += count
    directory_start = sector
    entries = [_dir_entry("Root Entry", 5, 1, _FREE, _END, 0)]
    for index, name in enumerate(names, 1):
        right = index + 1 if index < len(names) else _FREE
        entries.append(_dir_entry(name, 2, _FREE, right, starts[name], sizes[name]))
    directory = b"".join(entries)
    directory = directory.ljust(-(-len(directory) // _SECTOR) * _SECTOR, b"\0")
    directory_sectors = len(directory) // _SECTOR
    fat.extend(range(directory_start + 1, directory_start + directory_sectors))
    fat.append(_END)
    assert len(fat) <= _SECTOR // 4, "a test container fits one FAT sector"
    fat_sector = struct.pack(f"<{_SECTOR // 4}I", *fat, *[_FREE] * (_SECTOR // 4 - len(fat)))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, directory_start, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *[_FREE] * 108)
    )
    assert len(header) == _SECTOR
    return header + fat_sector + b"".join(data_sectors) + directory


def encrypted_xlsx() -> bytes:
    """What Excel saves for a workbook with an opening password: an encrypted OLE container."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"  # agile encryption header
    return cfb({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 4096) + bytes(4096)})


# --- BIFF8 (.xls) --------------------------------------------------------------------------------

_DATE_XF = 16  # the first 16 XF records are style XFs; ours is cell XF 16 with format 14 (date)


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def _unicode(text: str, width: int) -> bytes:
    encoded = text.encode("utf-16-le")
    return struct.pack("<B" if width == 1 else "<H", len(text)) + b"\x01" + encoded


def _xf(format_index: int, style: bool) -> bytes:
    flags = 0xFFF5 if style else 0x0001
    return _record(0x00E0, struct.pack("<HHH", 0, format_index, flags) + bytes(14))


def xls(sheets: Mapping[str, Sequence[Sequence[Cell]]]) -> bytes:
    """An Excel 97-2003 workbook (BIFF8 in an OLE container) holding `rows` from A1 per sheet."""
    strings: list[str] = []
    index_of: dict[str, int] = {}
    total = 0

    def sst(text: str) -> int:
        nonlocal total
        total += 1
        if text not in index_of:
            index_of[text] = len(strings)
            strings.append(text)
        return index_of[text]

    bodies: list[bytes] = []
    for rows in sheets.values():
        cells: list[bytes] = []
        width = max((len(row) for row in rows), default=0)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cells.append(_cell(r, c, value, sst))
        dimensions = _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        bodies.append(_bof(0x0010) + dimensions + b"".join(cells) + _record(0x000A, b""))
    shared = _record(
        0x00FC,
        struct.pack("<II", total, len(strings)) + b"".join(_unicode(s, 2) for s in strings),
    )
    assert len(shared) < 8228, "test string tables fit one record"
    fixed = (
        _bof(0x0005)
        + _record(0x0042, struct.pack("<H", 1200))
        + _record(0x0022, struct.pack("<H", 0))
        + b"".join(_xf(0, style=True) for _ in range(16))
        + _xf(14, style=False)
    )
    sheet_records = [
        _record(0x0085, struct.pack("<IBB", 0, 0, 0) + _unicode(name, 1)) for name in sheets
    ]
    eof = _record(0x000A, b"")
    offset = len(fixed) + sum(len(r) for r in sheet_records) + len(shared) + len(eof)
    patched = []
    for record, body in zip(sheet_records, bodies, strict=True):
        patched.append(record[:4] + struct.pack("<I", offset) + record[8:])
        offset += len(body)
    stream = fixed + b"".join(patched) + shared + eof + b"".join(bodies)
    return cfb({"Workbook": stream})


def _cell(row: int, column: int, value: Any, sst: Any) -> bytes:
    if value is None:
        return b""
    if isinstance(value, dt.date):
        serial = (value - dt.date(1899, 12, 30)).days
        return _record(0x0203, struct.pack("<HHHd", row, column, _DATE_XF, float(serial)))
    if isinstance(value, int | float):
        return _record(0x0203, struct.pack("<HHHd", row, column, _DATE_XF - 1, float(value)))
    return _record(0x00FD, struct.pack("<HHHI", row, column, _DATE_XF - 1, sst(str(value))))
