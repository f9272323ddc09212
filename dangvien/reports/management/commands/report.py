"""`dangvien report --as-of DATE --out FILE`: the formal result report (.docx)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangvien.reports import services
from dangvien.reports.management.commands._common import (
    acting_user,
    add_common_arguments,
    organization,
    parse_day,
    run,
)


class Command(BaseCommand):
    help = (
        "Lập báo cáo kết quả rà soát, làm sạch, chuẩn hóa dữ liệu (.docx, thể thức 36-HD/VPTW), "
        "số liệu đến ngày --as-of, lời văn theo nội dung đã soạn trên phần mềm."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        request = services.ExportRequest(
            kind="report",
            fmt="docx",
            org=organization(options["org"], user),
            as_of=parse_day(options["as_of"]),
        )
        run(self, request, user, options["out"])
