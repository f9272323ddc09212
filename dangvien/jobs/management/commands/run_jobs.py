from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dangvien.jobs.services import run_forever


class Command(BaseCommand):
    help = "Chạy bộ xử lý tác vụ nền (nhập dữ liệu, kiểm tra, xuất báo cáo)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Bộ xử lý tác vụ nền đang chạy (Ctrl+C để dừng).")
        run_forever()
