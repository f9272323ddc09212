"""`dangvien demo-data`: write a demo commune's member list (and optionally its truth and orgs).

    dangvien demo-data --members 1100 --seed 2025 --out ds.xlsx --truth loi.csv --orgs to_chuc.csv

Also runnable as `python -m dangvien.demo.cli demo-data …` (the word demo-data may be left out).
Exit status: 0 on success, 2 on bad arguments, 1 when a file cannot be written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NoReturn

from dangvien.demo import model as m
from dangvien.demo.generator import MAX_MEMBERS, MIN_MEMBERS, generate
from dangvien.demo.writers import (
    MEMBER_SUFFIXES,
    TRUTH_SUFFIXES,
    UnsupportedFormat,
    write,
    write_orgs,
    write_truth,
)

COMMAND = "demo-data"


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese errors and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {_translate(message)}\n")


class _Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix or "Cách dùng: ")


def _translate(message: str) -> str:
    if message.startswith("argument "):
        message = "tham số " + message[len("argument ") :]
    if message.startswith("unrecognized arguments:"):
        return "tham số không hợp lệ:" + message.split(":", 1)[1]
    if message.startswith("the following arguments are required:"):
        return "thiếu tham số bắt buộc:" + message.split(":", 1)[1]
    if "expected one argument" in message:
        return message.replace("expected one argument", "cần một giá trị")
    return message


def _members(text: str) -> int:
    try:
        value = int(text.replace(".", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"số đảng viên «{text}» không phải số nguyên") from None
    if not MIN_MEMBERS <= value <= MAX_MEMBERS:
        raise argparse.ArgumentTypeError(
            f"số đảng viên phải từ {MIN_MEMBERS} đến {MAX_MEMBERS:,}".replace(",", ".")
        )
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"hạt giống «{text}» không phải số nguyên") from None
    if value < 0:
        raise argparse.ArgumentTypeError("hạt giống phải là số không âm")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"tỷ lệ lỗi «{text}» không phải số") from None
    if not 0.0 <= value <= 0.5:
        raise argparse.ArgumentTypeError("tỷ lệ lỗi phải từ 0 đến 0,5")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"ngày «{text}» không đúng dạng YYYY-MM-DD (ví dụ 2025-12-10)"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=f"dangvien {COMMAND}",
        description="Tạo dữ liệu mẫu Đảng bộ xã Tam Lư (tỉnh Thanh Hóa) có lỗi cài sẵn.",
        add_help=False,
        formatter_class=_Formatter,
    )
    options = parser.add_argument_group("tùy chọn")
    options.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")
    options.add_argument("--members", type=_members, required=True, metavar="N",
                        help="số đảng viên (khoảng, có thêm vài bản ghi trùng lặp)")  # fmt: skip
    options.add_argument("--seed", type=_seed, default=m.DEFAULT_SEED, metavar="S",
                        help=f"hạt giống ngẫu nhiên (mặc định {m.DEFAULT_SEED})")  # fmt: skip
    options.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="tệp danh sách: .xlsx (mẫu xuất cũ), .csv hoặc .parquet")  # fmt: skip
    options.add_argument("--truth", type=Path, metavar="TRUTH.csv",
                        help="ghi danh sách lỗi đã cài (.csv hoặc .parquet)")  # fmt: skip
    options.add_argument("--orgs", type=Path, metavar="ORGS",
                        help="ghi danh sách tổ chức đảng (.csv, .xlsx hoặc .parquet)")  # fmt: skip
    options.add_argument("--defect-rate", type=_rate, default=m.DEFAULT_DEFECT_RATE, metavar="R",
                        help="số lỗi trung bình trên mỗi đảng viên (mặc định 0,08)")  # fmt: skip
    options.add_argument("--as-of", type=_date, default=m.DEFAULT_AS_OF, metavar="YYYY-MM-DD",
                        help="ngày chốt số liệu (mặc định 2025-12-10)")  # fmt: skip
    return parser


def _check_target(path: Path, allowed: tuple[str, ...], what: str) -> str | None:
    if path.suffix.lower() not in allowed:
        return (
            f"{what} «{path}» phải có đuôi {', '.join(allowed)} "
            f"(đuôi hiện tại: «{path.suffix or 'không có'}»)."
        )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"Thư mục «{parent}» của {what.lower()} không tồn tại."
    if path.is_dir():
        return f"«{path}» là một thư mục, không phải tệp."
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == [COMMAND]:
        args_list = args_list[1:]
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as stop:
        return int(stop.code or 0)
    targets: list[tuple[Path, tuple[str, ...], str]] = [
        (args.out, MEMBER_SUFFIXES, "Tệp danh sách")
    ]
    if args.truth is not None:
        targets.append((args.truth, TRUTH_SUFFIXES, "Tệp lỗi cài sẵn"))
    if args.orgs is not None:
        targets.append((args.orgs, MEMBER_SUFFIXES, "Tệp tổ chức đảng"))
    for path, allowed, what in targets:
        problem = _check_target(path, allowed, what)
        if problem:
            print(f"Lỗi: {problem}", file=sys.stderr)
            return 2
    started = time.perf_counter()
    commune = generate(args.members, seed=args.seed, defect_rate=args.defect_rate, as_of=args.as_of)
    try:
        write(commune, args.out)
        if args.truth is not None:
            write_truth(commune, args.truth)
        if args.orgs is not None:
            write_orgs(commune, args.orgs)
    except (OSError, UnsupportedFormat) as error:
        print(f"Lỗi: không ghi được tệp: {error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    members = commune.members.height
    planted = commune.truth.height
    print(
        f"Đã tạo {_vn(members)} đảng viên, {_vn(commune.orgs.height)} tổ chức đảng, "
        f"{_vn(planted)} dòng lỗi cài sẵn → {args.out} ({elapsed:.1f} giây)."
    )
    return 0


def _vn(value: int) -> str:
    return f"{value:,}".replace(",", ".")


if __name__ == "__main__":
    raise SystemExit(main())
