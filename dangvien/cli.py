"""The `dangvien` console script.

Pure commands (text repair, demo data, later `check` and `inspect`) run without Django so they start
fast and need no database; everything else is a Django management command, with hyphens allowed
(`dangvien load-demo` runs `load_demo`).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable

PURE_COMMANDS: dict[str, tuple[str, str]] = {
    "fix-text": ("dangvien.vn.cli", "fix_text_main"),
    "demo-data": ("dangvien.demo.cli", "main"),
    "inspect": ("dangvien.intake.cli", "inspect_main"),
    "check": ("dangvien.quality.cli", "check_main"),
}

USAGE = """Cách dùng: dangvien LỆNH [tham số]

Lệnh không cần cơ sở dữ liệu:
  fix-text      sửa phông chữ cũ (TCVN3, VNI, VIQR), chuẩn hóa Unicode từng dòng
  demo-data     sinh dữ liệu mẫu của một đảng bộ xã (xlsx, csv, parquet)
  inspect       xem tệp danh sách được đọc thế nào (bảng, dòng tiêu đề, ánh xạ cột)
  check         kiểm tra chất lượng dữ liệu một tệp danh sách đảng viên

Lệnh quản trị (Django):
  export        xuất dữ liệu: export LOẠI --org MÃ --out TỆP
                (members, handbook, orgs, statistics, sheets)
  report        lập báo cáo kết quả (.docx): report --as-of NGÀY --out TỆP
  migrate, load-catalogs, load-demo, serve, createsuperuser, ...
  (kiểm tra cấu hình Django: python manage.py check)
  dangvien help  liệt kê mọi lệnh quản trị
"""


def _pure(name: str) -> Callable[[list[str] | None], int]:
    module_name, function_name = PURE_COMMANDS[name]
    function: Callable[[list[str] | None], int] = getattr(
        importlib.import_module(module_name), function_name
    )
    return function


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command in PURE_COMMANDS:
        return _pure(command)(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvien.settings")
    from django.core.management import execute_from_command_line

    django_command = command.replace("-", "_") if command != "help" else command
    execute_from_command_line(["dangvien", django_command, *rest])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
