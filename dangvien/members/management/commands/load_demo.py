from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from dangvien.members.demo_load import DEMO_MEMBERS, demo_load


class Command(BaseCommand):
    help = (
        "Nạp đảng bộ xã mẫu (Tam Lư, Thanh Hóa) cùng tài khoản dùng thử; chạy lại không nạp trùng."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--members", type=int, default=DEMO_MEMBERS)

    def handle(self, *args: Any, members: int, **options: Any) -> None:
        accounts_file = Path(settings.VAR_DIR) / "demo_accounts.txt"
        accounts = demo_load(accounts_file=accounts_file, members=members)
        if accounts is None:
            self.stdout.write("Dữ liệu mẫu đã được nạp trước đó; không nạp lại.")
            return
        self.stdout.write(f"Đã nạp dữ liệu mẫu; tài khoản dùng thử ghi tại {accounts_file}.")
