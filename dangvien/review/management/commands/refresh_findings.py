"""Check members again and update the persisted findings (what the worklists show).

    manage.py refresh_findings              # every commune (organization without a parent)
    manage.py refresh_findings TL TL01      # these organizations and everything under them
    manage.py refresh_findings --as-of 2025-12-10

Run after loading data outside the web import (e.g. `load_demo`); the web import and the
"Kiểm tra lại" button queue the same work as a background job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangvien.orgs.models import Organization
from dangvien.review.refresh import findings_refresh


class Command(BaseCommand):
    help = "Kiểm tra lại dữ liệu đảng viên và cập nhật danh sách lỗi cần xử lý."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="mã tổ chức (mặc định: mọi đảng bộ xã)")
        parser.add_argument("--as-of", help="ngày tính các quy tắc theo thời gian (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(f"--as-of: {error}") from None
        codes: list[str] = options["codes"]
        if codes:
            orgs = list(Organization.objects.filter(code__in=codes))
            missing = sorted(set(codes) - {org.code for org in orgs})
            if missing:
                raise CommandError("Không có tổ chức mã: " + ", ".join(missing))
        else:
            orgs = list(Organization.objects.filter(parent=None).order_by("code"))
        for org in orgs:
            summary = findings_refresh(org=org, actor=None, as_of=as_of)
            self.stdout.write(
                f"{org.code} {org.name}: {summary.members} đảng viên, {summary.opened} lỗi mới, "
                f"{summary.resolved} lỗi đã hết, còn {summary.open_after} lỗi cần xử lý."
            )
