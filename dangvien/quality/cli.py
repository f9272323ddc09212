"""`dangvien check INPUT`: judge a member list and write the findings (no database needed).

    dangvien check danh_sach.xlsx --orgs to_chuc.xlsx --as-of 2025-12-10 --format xlsx --out kq.xlsx

INPUT is anything intake reads (xlsx, xlsm, xls, csv, txt, parquet). The exit code is 0 whenever
the check ran, whatever it found; 2 with a Vietnamese message when a file cannot be read or an
option is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn

from dangvien.intake import IntakeError, read_members, read_orgs
from dangvien.quality import report_csv, report_html, report_json, report_xlsx
from dangvien.quality.engine import RULES, check
from dangvien.quality.report_common import Source

FORMATS = ("json", "xlsx", "csv", "html")
BINARY_FORMATS = ("xlsx",)
USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse with its complaints in Vietnamese."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        translated = (
            message.replace("the following arguments are required", "thiếu tham số bắt buộc")
            .replace("unrecognized arguments", "tham số không nhận ra")
            .replace("invalid choice", "giá trị không hợp lệ")
            .replace("expected one argument", "cần một giá trị")
            .replace("choose from", "chọn một trong")
        )
        self.exit(USAGE_ERROR, f"Lỗi: {translated}\n")


def _as_of(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày «{text}» không hợp lệ, ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2025-12-10"
        ) from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="dangvien check",
        description=(
            "Kiểm tra chất lượng dữ liệu một danh sách đảng viên theo bộ quy tắc "
            f"({len(RULES)} quy tắc, xem docs/rules.md). Không ghi gì vào cơ sở dữ liệu."
        ),
    )
    parser.add_argument("input", metavar="INPUT", help="tệp .xlsx, .xls, .csv, .txt hoặc .parquet")
    parser.add_argument("--orgs", "--to-chuc", dest="orgs", help="tệp danh sách tổ chức đảng")
    parser.add_argument(
        "--reference", "--doi-soat", dest="reference", help="nguồn thứ hai để đối soát theo CCCD"
    )
    parser.add_argument(
        "--as-of",
        "--ngay",
        dest="as_of",
        type=_as_of,
        help="ngày kiểm tra YYYY-MM-DD (mặc định hôm nay); cùng ngày cho cùng kết quả",
    )
    parser.add_argument(
        "--format", "--dang", dest="format", choices=FORMATS, default="json", help="dạng báo cáo"
    )
    parser.add_argument(
        "--out",
        "--ra",
        dest="out",
        help="tệp kết quả (mặc định: json, csv in ra màn hình; xlsx, html ghi cạnh tệp vào)",
    )
    parser.add_argument(
        "--tone-style",
        "--kieu-dau",
        dest="tone_style",
        choices=("new", "old"),
        default="new",
        help="đặt dấu thanh kiểu mới (hoà) hay cũ (hòa) khi sửa chữ",
    )
    return parser


def _default_out(input_path: str, fmt: str) -> Path:
    source = Path(input_path)
    return source.with_name(f"{source.stem}_kiem_tra.{fmt}")


def check_main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        orgs = read_orgs(args.orgs, tone_style=args.tone_style) if args.orgs else None
        intake = read_members(args.input, orgs=orgs, tone_style=args.tone_style)
        reference = (
            read_members(args.reference, tone_style=args.tone_style).table
            if args.reference
            else None
        )
    except IntakeError as error:
        print(f"Lỗi: {error.message}", file=sys.stderr)
        return USAGE_ERROR
    result = check(intake.table, orgs=orgs, as_of=args.as_of, reference=reference)
    source = Source(file=intake.file, mapping=intake.mapping, table=intake.table)
    out = Path(args.out) if args.out and args.out != "-" else None
    if args.format in BINARY_FORMATS or args.format == "html":
        target = out or _default_out(args.input, args.format)
        if args.format == "xlsx":
            report_xlsx.write(result, target, source=source)
        else:
            target.write_text(report_html.render(result, source=source), encoding="utf-8")
        print(f"Đã ghi {target} ({result.summary['findings']} phát hiện).", file=sys.stderr)
        return 0
    if args.format == "csv":
        data = report_csv.render(result)
    else:
        data = report_json.render(result, mapping=intake.mapping).encode("utf-8")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        print(f"Đã ghi {out} ({result.summary['findings']} phát hiện).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(check_main())
