from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dangvien.reference.services import catalogs_sync


class Command(BaseCommand):
    help = "Nạp các danh mục tham chiếu (dân tộc, tôn giáo, trình độ, đơn vị hành chính) vào CSDL."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = catalogs_sync()
        if not loaded:
            self.stdout.write("Danh mục đã có đủ, không nạp thêm.")
        for name, count in loaded.items():
            self.stdout.write(f"Đã nạp danh mục {name}: {count} mục.")
