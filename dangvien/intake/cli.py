"""`dangvien inspect FILE`: how a list is read — tables, header rows, column mapping, skipped rows.

Nothing is written except the mapping template when `--luu-mau` asks for it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from typing import TextIO

from dangvien.intake.errors import IntakeError
from dangvien.intake.mapping import ColumnMapping, ColumnMappings, MappingTemplate
from dangvien.intake.reader import DetectedTable, IntakeResult, read_members, read_orgs
from dangvien.quality.dictionary import member_field

ROWS_LISTED = 8  # row numbers shown per reason


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dangvien inspect",
        description="Xem tệp danh sách đảng viên được đọc thế nào: bảng, dòng tiêu đề, ánh xạ cột, "
        "số bản ghi và các dòng bỏ qua (kèm lý do). Không ghi gì vào cơ sở dữ liệu.",
    )
    parser.add_argument("file", help="tệp .xlsx, .xlsm, .xls, .csv, .txt hoặc .parquet")
    parser.add_argument(
        "--to-chuc", "--orgs", dest="orgs", help="tệp tổ chức đảng để đối chiếu tên"
    )
    parser.add_argument("--mau", "--template", dest="template", help="mẫu ánh xạ cột (.json)")
    parser.add_argument(
        "--luu-mau", "--save-template", dest="save_template", help="lưu ánh xạ tìm được (.json)"
    )
    parser.add_argument("--ten-mau", "--template-name", dest="template_name", help="tên của mẫu")
    parser.add_argument(
        "--kieu-dau",
        "--tone-style",
        dest="tone_style",
        choices=("new", "old"),
        default="new",
        help="đặt dấu thanh kiểu mới (hoà) hay cũ (hòa)",
    )
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    return parser


def _percent(value: float) -> str:
    return f"{value:.0%}"


def _field_text(column: ColumnMapping) -> str:
    if column.role == "index":
        return "(bỏ qua: số thứ tự)"
    if column.field is None:
        hint = ""
        if column.suggestion:
            hint = f"; có thể là «{member_field(column.suggestion).label}»"
        return f"(cột phụ _extra{hint})"
    try:
        label = member_field(column.field).label
    except KeyError:
        label = column.field
    return f"{column.field} ({label})"


def _rows_text(rows: Sequence[int]) -> str:
    shown = ", ".join(str(row) for row in rows[:ROWS_LISTED])
    return shown + (f", … (+{len(rows) - ROWS_LISTED})" if len(rows) > ROWS_LISTED else "")


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _print_table(index: int, table: DetectedTable, out: TextIO) -> None:
    where = f"trang «{table.sheet}»" if table.sheet else "tệp"
    hidden = " (trang ẩn)" if table.hidden else ""
    print(f"\nBảng {index} — {where}{hidden}", file=out)
    header = "–".join(str(row) for row in (table.header_rows[0], table.header_rows[-1]))
    if len(table.header_rows) == 1:
        header = str(table.header_rows[0])
    span = f"dòng {table.first_row}–{table.last_row}" if table.first_row is not None else "không có"
    print(
        f"  Dòng tiêu đề: {header}; dữ liệu: {span}; {_number(table.records)} bản ghi; "
        f"{_number(table.skipped)} dòng bỏ qua",
        file=out,
    )
    origin = {
        "column": "cột «Chi bộ» trong tệp",
        "section": "các dòng tiêu đề nhóm (tên chi bộ)",
        "sheet": f"tên trang «{table.sheet}»",
    }.get(table.org_source or "", "không xác định (không có cột chi bộ)")
    print(f"  Tổ chức đảng lấy theo: {origin}", file=out)
    print("  Ánh xạ cột:", file=out)
    width = max((len(c.header) for c in table.mapping.columns), default=10)
    width = min(max(width, 10), 40)
    for column in table.mapping.columns:
        letter = column.letter or "—"
        print(
            f"    {letter:<4}{column.header[:width]:<{width}}  {_field_text(column):<40} "
            f"{_percent(column.confidence):>5}  {column.reason}",
            file=out,
        )


def _print(result: IntakeResult, out: TextIO) -> None:
    print(f"Tệp: {result.file} ({result.format})", file=out)
    for note in result.notes:
        print(f"  Ghi chú: {note}", file=out)
    for index, table in enumerate(result.tables, 1):
        _print_table(index, table, out)
    by_reason: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in result.skipped:
        by_reason[(row.sheet, row.reason)].append(row.row)
    if by_reason:
        print(f"\nDòng bỏ qua ({_number(len(result.skipped))}):", file=out)
        for (sheet, reason), rows in by_reason.items():
            where = f"trang «{sheet}», " if sheet else ""
            print(f"  {reason}: {_number(len(rows))} ({where}dòng {_rows_text(rows)})", file=out)
    print(
        f"\nTổng cộng: {_number(result.records)} bản ghi đảng viên, "
        f"{_number(len(result.skipped))} dòng bỏ qua.",
        file=out,
    )


def _as_json(result: IntakeResult) -> str:
    return json.dumps(
        {
            "file": result.file,
            "format": result.format,
            "encoding": result.encoding,
            "separator": result.separator,
            "records": result.records,
            "notes": list(result.notes),
            "tables": [
                {
                    "sheet": t.sheet,
                    "header_rows": list(t.header_rows),
                    "first_row": t.first_row,
                    "last_row": t.last_row,
                    "records": t.records,
                    "skipped": t.skipped,
                    "org_source": t.org_source,
                    "mapping": t.mapping.to_json(),
                }
                for t in result.tables
            ],
            "skipped": [
                {"sheet": s.sheet, "row": s.row, "reason": s.reason, "text": s.text}
                for s in result.skipped
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def _template_of(result: IntakeResult, name: str) -> MappingTemplate:
    columns = tuple(column for table in result.tables for column in table.mapping.columns)
    return MappingTemplate.from_mapping(name, ColumnMappings(columns))


def inspect_main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out = sys.stdout
    try:
        template = MappingTemplate.load(args.template) if args.template else None
        orgs = read_orgs(args.orgs, tone_style=args.tone_style) if args.orgs else None
        result = read_members(args.file, orgs=orgs, template=template, tone_style=args.tone_style)
    except IntakeError as error:
        print(f"Lỗi: {error.message}", file=sys.stderr)
        return 1
    if args.json:
        print(_as_json(result), file=out)
    else:
        _print(result, out)
    if args.save_template:
        name = args.template_name or result.file
        _template_of(result, name).save(args.save_template)
        print(f"Đã lưu mẫu ánh xạ «{name}» vào {args.save_template}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(inspect_main())
