"""`dangvien fix-text`: one repaired line out per line in."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from dangvien.vn.cli import fix_text_main

ROOT = Path(__file__).resolve().parents[3]


def _run(data: bytes, *argv: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    assert fix_text_main(list(argv), stdin=io.BytesIO(data), stdout=out, stderr=err) == 0
    return out.getvalue(), err.getvalue()


def test_the_acceptance_example() -> None:
    out, _ = _run("§ång b»ng s«ng Hång\nNguyeãn Vaên Höng\n".encode())
    assert out == "Đồng bằng sông Hồng\nNguyễn Văn Hưng\n"


def test_one_line_out_per_line_in_including_empty_lines_and_crlf() -> None:
    out, _ = _run("Hòa\r\n\nNguyễn\n".encode())
    assert out == "Hoà\n\nNguyễn\n"


def test_tone_style_option() -> None:
    out, _ = _run("Hoà Thuỷ\n".encode(), "--tone-style", "old")
    assert out == "Hòa Thủy\n"


def test_raw_legacy_bytes_are_read_as_windows_1252() -> None:
    out, _ = _run(b"\xa7\xe5ng b\xbbng\n")
    assert out == "Đồng bằng\n"


def test_explain_reports_on_standard_error_and_keeps_standard_output_clean() -> None:
    out, err = _run("NGUYÔN\nHoà\n".encode(), "--explain")
    assert out == "NGUYỄN\nHoà\n"
    assert "dòng 1: tcvn3" in err
    assert "mất thông tin" in err
    assert "dòng 2: clean" in err


def test_module_entry_point_runs_as_a_program() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "dangvien.vn.cli"],
        input="§ång b»ng s«ng Hång\nNguyeãn Vaên Höng\n".encode(),
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    assert completed.stdout.decode() == "Đồng bằng sông Hồng\nNguyễn Văn Hưng\n"
