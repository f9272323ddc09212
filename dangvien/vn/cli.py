"""``dangvien fix-text``: repair text line by line (standard input → standard output).

One line out per line in, in the configured tone style. Lines that are not valid UTF-8 (a legacy
file piped straight in) are read as Windows-1252, which is how such files usually reach us.
With ``--explain`` a description of each line goes to standard error, keeping standard output
clean for pipes.
"""

from __future__ import annotations

import argparse
import sys
from typing import BinaryIO, TextIO

from dangvien.vn.charsets import decode_table
from dangvien.vn.text import repair

__all__ = ["build_parser", "fix_text_main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dangvien fix-text",
        description=(
            "Sửa văn bản tiếng Việt từng dòng: phông TCVN3/VNI/VIQR, lỗi mã UTF-8, Unicode NFC, "
            "vị trí dấu thanh. Đọc từ đầu vào chuẩn, ghi ra đầu ra chuẩn."
        ),
    )
    parser.add_argument(
        "--tone-style",
        choices=("new", "old"),
        default="new",
        help="kiểu đặt dấu thanh: new (hoà, thuỷ) hoặc old (hòa, thủy); mặc định new",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="in ra lỗi phát hiện được cho từng dòng (ra đầu ra lỗi chuẩn)",
    )
    parser.add_argument(
        "--prefer",
        choices=("tcvn3", "vni", "viqr", "cp1258"),
        default=None,
        help="bảng mã ưu tiên khi một dòng đọc được theo hai cách",
    )
    return parser


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        table = decode_table("cp1252")
        return "".join(table[byte] for byte in raw)


def fix_text_main(
    argv: list[str] | None = None,
    *,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command; returns the exit status (0)."""
    args = build_parser().parse_args(argv)
    source = stdin if stdin is not None else sys.stdin.buffer
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    for number, raw in enumerate(source, start=1):
        line = _decode_line(raw.rstrip(b"\r\n"))
        result = repair(line, tone_style=args.tone_style, prefer=args.prefer)
        out.write(result.value + "\n")
        if args.explain:
            out.flush()  # keep each explanation after its line on a shared terminal
            lossy = "; mất thông tin" if result.lossy else ""
            err.write(
                f"dòng {number}: {result.detected} (độ tin cậy {result.confidence:.2f}{lossy})"
                + "".join(f"\n  - {note}" for note in result.notes)
                + "\n"
            )
    out.flush()
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    raise SystemExit(fix_text_main())
