"""What the `export` and `report` commands share: acting user, organization, date, writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from dangvien.accounts.models import User
from dangvien.members.selectors import ScopeError
from dangvien.orgs.models import Organization
from dangvien.reports import selectors, services


def add_common_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--org", metavar="MÃ", help="mã tổ chức đảng (mặc định: đảng bộ cấp cao nhất)"
    )
    parser.add_argument(
        "--as-of",
        metavar="NGÀY",
        help="số liệu đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy; mặc định hôm nay)",
    )
    parser.add_argument("--out", metavar="TỆP", required=True, help="tệp ghi ra")
    parser.add_argument(
        "--user",
        metavar="TÊN_ĐĂNG_NHẬP",
        help=(
            "xuất với quyền và phạm vi của người dùng này "
            "(mặc định: người quản trị máy chủ, toàn bộ cây)"
        ),
    )


def parse_day(text: str | None) -> dt.date:
    if not text:
        return timezone.localdate()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {text!r} (dùng YYYY-MM-DD hoặc dd/mm/yyyy)")


def acting_user(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"Không có người dùng đang hoạt động tên {username!r}")
    return user


def organization(code: str | None, user: User | None) -> Organization:
    try:
        if user is not None:
            return selectors.org_for(user, code)
    except ScopeError as error:
        raise CommandError(f"Tổ chức {code!r} không thuộc phạm vi của {user.username}") from error
    if code:
        org = Organization.objects.filter(code=code).first()
        if org is None:
            raise CommandError(f"Không có tổ chức đảng mã {code!r}")
        return org
    roots = list(Organization.objects.filter(parent__isnull=True).order_by("path")[:2])
    if len(roots) != 1:
        raise CommandError("Chọn tổ chức đảng bằng --org MÃ")
    return roots[0]


def run(command: Any, request: services.ExportRequest, user: User | None, out: str) -> None:
    try:
        file = services.export_build(user=user, request=request, channel="cli")
    except ScopeError as error:
        raise CommandError(f"Không được phép: {error}") from error
    except services.ExportError as error:
        raise CommandError(str(error)) from error
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(file.content)
    command.stdout.write(f"Đã ghi {path} ({file.records} bản ghi, {len(file.content):,} byte).")
    for note in file.notes:
        command.stderr.write(note)
