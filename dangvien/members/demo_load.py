"""Loading the synthetic demo commune into the database (idempotent), with demo accounts."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from dangvien.accounts.models import Role, User
from dangvien.campaign.models import Campaign
from dangvien.demo import generate
from dangvien.intake import canonical_from_text_frame
from dangvien.intake.models import ImportRun
from dangvien.members.models import Member
from dangvien.members.services import members_create_from_table
from dangvien.orgs.models import Organization
from dangvien.orgs.services import OrgRow, org_set_secretary, org_tree_create
from dangvien.quality.table import ORG_SCHEMA

DEMO_SEED = 2025
DEMO_MEMBERS = 1100
# The seed plan gives the cells twenty days (10 to 30 December); the demo campaign starts today.
DEMO_CAMPAIGN_DAYS = 20


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    scope: str

    def line(self) -> str:
        return f"  {self.username:<18} {self.password:<22} {self.role} — {self.scope}"


def _orgs_frame(orgs: pl.DataFrame) -> pl.DataFrame:
    frame = orgs.select(
        "code",
        "name",
        "kind",
        "parent_code",
        "area",
        "active",
        pl.lit(None, dtype=pl.Utf8).alias("secretary"),
    )
    return frame.cast(dict(ORG_SCHEMA))


def _password() -> str:
    # Readable for a demo, yet random per installation: nothing secret lives in the repository.
    return "-".join(secrets.token_hex(3) for _ in range(3))


def _accounts(
    created: dict[str, Organization], commune_code: str
) -> list[tuple[str, Role, str, str]]:
    """(username, role, scope code, full name): a cell secretary's account carries the name of the
    member recorded as the cell's secretary, as the Ban would create it."""
    cells = sorted(code for code in created if code != commune_code)[:2]
    secretaries = dict(
        Member.objects.filter(pk__in=[created[code].secretary_id for code in cells]).values_list(
            "pk", "full_name"
        )
    )
    return [
        ("bxdd", Role.COMMUNE_ADMIN, commune_code, "Lê Thị Hồng Nhung"),
        *[
            (
                "bithu." + code.lower(),
                Role.CELL_SECRETARY,
                code,
                secretaries.get(created[code].secretary_id, Role.CELL_SECRETARY.label),
            )
            for code in cells
        ],
        ("lanhdao", Role.LEADER, commune_code, "Phạm Văn Hùng"),
        ("btc.tinh", Role.PROVINCE_VIEWER, commune_code, "Ban Tổ chức Tỉnh ủy"),
    ]


def demo_load(*, accounts_file: Path, members: int = DEMO_MEMBERS) -> list[DemoAccount] | None:
    """Create the demo commune once. Returns the accounts created, or None when already loaded."""
    commune = generate(members=members, seed=DEMO_SEED)
    orgs = commune.orgs
    root = orgs.filter(pl.col("parent_code").is_null())["code"][0]
    if Organization.objects.filter(code=root).exists():
        return None
    table = canonical_from_text_frame(
        commune.members.drop("record"),
        source=f"demo:{commune.commune.name}",
        sheet="Danh sách",
        first_row=2,
        orgs=_orgs_frame(orgs),
    )
    digest = hashlib.sha256(commune.members.write_csv().encode("utf-8")).hexdigest()
    result: list[DemoAccount] = []
    with transaction.atomic():
        created = org_tree_create(
            rows=[
                OrgRow(
                    code=row["code"],
                    name=row["name"],
                    kind=row["kind"],
                    parent_code=row["parent_code"],
                    area=row["area"] or "",
                    active=bool(row["active"]),
                )
                for row in orgs.iter_rows(named=True)
            ],
            actor=None,
        )
        run = ImportRun.objects.create(
            file_name=f"Dữ liệu mẫu {commune.commune.name} (seed {DEMO_SEED})",
            file_sha256=digest,
            state=ImportRun.State.COMMITTED,
            records=table.height,
        )
        members_create_from_table(table=table, orgs_by_code=created, actor=None, import_run=run)
        by_row = dict(Member.objects.filter(import_run=run).values_list("source_row", "pk"))
        for row in orgs.iter_rows(named=True):
            record = row["secretary_record"]
            if record is not None:
                org_set_secretary(
                    org=created[row["code"]], member_id=by_row[record + 1], actor=None
                )
        today = timezone.localdate()
        Campaign.objects.create(
            name="Rà soát, làm sạch, chuẩn hóa dữ liệu tổ chức đảng và đảng viên",
            commune=created[root],
            start_date=today,
            deadline=today + dt.timedelta(days=DEMO_CAMPAIGN_DAYS),
        )
        for username, role, scope_code, full_name in _accounts(created, root):
            password = _password()
            user = User.objects.create_user(
                username=username, password=password, role=role, full_name=full_name
            )
            user.scope.set([created[scope_code]])
            result.append(DemoAccount(username, password, role.label, created[scope_code].name))
    accounts_file.parent.mkdir(parents=True, exist_ok=True)
    accounts_file.write_text(
        "Tài khoản dùng thử (mật khẩu sinh ngẫu nhiên khi nạp dữ liệu mẫu):\n"
        + "\n".join(account.line() for account in result)
        + "\n",
        encoding="utf-8",
    )
    accounts_file.chmod(0o600)
    return result
