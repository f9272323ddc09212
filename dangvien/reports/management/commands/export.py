"""`dangvien export KIND --org CODE --out FILE`: the same exporters as the web pages and the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvien.reports import services
from dangvien.reports.management.commands._common import (
    acting_user,
    add_common_arguments,
    organization,
    parse_day,
    run,
)

KINDS = [key for key in services.KINDS if key != "report"]


class Command(BaseCommand):
    help = (
        "Xuất dữ liệu: members (danh sách đã chuẩn hóa), handbook (Sổ tay đảng viên), orgs "
        "(danh mục tổ chức), statistics (sổ thống kê), sheets (phiếu rà soát PDF). Định dạng "
        "theo đuôi tệp (.xlsx, .csv, .json, .pdf). Mỗi lần xuất được ghi nhật ký."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=KINDS, help="loại dữ liệu")
        add_common_arguments(parser)
        parser.add_argument(
            "--format",
            choices=["xlsx", "csv", "json", "pdf"],
            help="định dạng (mặc định: theo đuôi tệp)",
        )
        parser.add_argument(
            "--include-errors",
            action="store_true",
            help="handbook: xuất cả đảng viên còn lỗi chưa xử lý (đã xác nhận)",
        )
        parser.add_argument(
            "--only-no-smartphone",
            action="store_true",
            help="sheets: chỉ đảng viên không có điện thoại thông minh",
        )
        parser.add_argument(
            "--only-with-findings",
            action="store_true",
            help="sheets: chỉ đảng viên còn điểm cần kiểm tra",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = services.KINDS[options["kind"]]
        fmt = options["format"] or Path(options["out"]).suffix.lstrip(".").lower()
        if fmt not in kind.formats:
            raise CommandError(
                f"{kind.key} xuất được dạng: {', '.join(kind.formats)} (tệp {options['out']!r})"
            )
        user = acting_user(options["user"])
        request = services.ExportRequest(
            kind=kind.key,
            fmt=fmt,
            org=organization(options["org"], user),
            as_of=parse_day(options["as_of"]),
            include_errors=options["include_errors"],
            only_no_smartphone=options["only_no_smartphone"],
            only_with_findings=options["only_with_findings"],
        )
        run(self, request, user, options["out"])
