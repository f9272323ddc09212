"""Personas and a small commune with known defects, for the review tests.

Members are created the way real data arrives: typed text read by intake, stored by the member
service, judged by the engine through `findings_refresh`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl
import pytest
from django.db import connections

from dangvien.intake import canonical_from_text_frame
from dangvien.members.models import Member
from dangvien.members.services import members_create_from_table
from dangvien.orgs.models import Organization
from dangvien.quality.dictionary import MEMBER_FIELDS

AS_OF = dt.date(2025, 12, 10)
_TEXT_FIELDS = [spec.name for spec in MEMBER_FIELDS]

# A clean official member: every required field present and consistent (as of AS_OF).
CLEAN: dict[str, str] = {
    "gender": "Nam",
    "birth_date": "12/05/1975",
    "birth_place": "Xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa",
    "hometown": "Xã Tam Lư, huyện Quan Sơn, tỉnh Thanh Hóa",
    "permanent_address": "Bản Lốc, xã Tam Lư, tỉnh Thanh Hóa",
    "ethnicity": "Thái",
    "religion": "Không",
    "citizen_id": "038075001234",
    "status": "Chính thức",
    "join_date": "19/05/2000",
    "official_date": "19/05/2001",
    "general_education": "12/12",
}


@pytest.fixture(scope="session", autouse=True)
def _close_the_jobs_connection(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Tests that queue jobs open the "jobs" connection, which on PostgreSQL is a second session
    to the test database (kept open by CONN_MAX_AGE): close it before the database is dropped."""
    yield
    with django_db_blocker.unblock():
        connections["jobs"].close()


def _user(username: str, role: str, scope: list[Organization]) -> Any:
    from dangvien.accounts.models import User

    user = User.objects.create_user(
        username=username, password="mat-khau-rat-dai-123", role=role, full_name=username
    )
    user.scope.set(scope)
    return user


@pytest.fixture
def other_secretary(org_tree):  # type: ignore[no-untyped-def]
    return _user("bithu.banhau", "cell_secretary", [org_tree["TL02"]])


def org_frame(orgs: Mapping[str, Organization]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "code": [o.code for o in orgs.values()],
            "name": [o.name for o in orgs.values()],
            "kind": [o.kind for o in orgs.values()],
            "parent_code": [o.parent.code if o.parent else None for o in orgs.values()],
            "area": [o.area or None for o in orgs.values()],
            "active": [True for _ in orgs.values()],
            "secretary": [None for _ in orgs.values()],
        }
    )


AddMembers = Callable[..., list[Member]]
_serials = itertools.count(1)


@pytest.fixture
def add_members(org_tree) -> AddMembers:  # type: ignore[no-untyped-def]
    """Create members from typed text rows: `add_members({"full_name": ..., "org": "TL01"}, ...)`.

    Every row starts from CLEAN; `org` is an organization code.
    """

    def create(*rows: Mapping[str, str | None]) -> list[Member]:
        texts = []
        for row in rows:
            serial = next(_serials)
            unique = {
                "card_number": f"{10_000_000 + serial}",
                "dossier_number": f"{100_000 + serial}TH",
                "phone": f"09123{serial:05d}",
            }
            merged = {**CLEAN, **unique, **row}
            merged["org"] = org_tree[str(row.get("org", "TL01"))].name
            texts.append(merged)
        frame = pl.DataFrame(
            {name: [r.get(name) for r in texts] for name in _TEXT_FIELDS},
            schema=dict.fromkeys(_TEXT_FIELDS, pl.Utf8),
        )
        table = canonical_from_text_frame(frame, source="kiểm thử", orgs=org_frame(org_tree))
        before = set(Member.objects.values_list("pk", flat=True))
        members_create_from_table(table=table, orgs_by_code=org_tree, actor=None)
        return list(Member.objects.exclude(pk__in=before).select_related("org").order_by("pk"))

    return create


@pytest.fixture
def commune(org_tree, add_members, commune_admin):  # type: ignore[no-untyped-def]
    """Tam Lư with a few members and their findings persisted.

    TL01 (Chi bộ bản Lốc): Lò Văn Ún (11-digit phone, legacy-font name), Hà Thị Mai (catalog
    variant «Mèo», 11-digit phone), Vi Văn Khoa (the cell's secretary, clean).
    TL02 (Chi bộ bản Hậu): Phạm Bá Hùng (11-digit phone), Lương Thị Hoa (no CCCD); the cell has
    two official members and no secretary (organization findings).
    """
    from dangvien.review.services import findings_refresh

    created = add_members(
        {"full_name": "Lß V¨n ón", "phone": "01689123456", "org": "TL01"},
        {
            "full_name": "Hà Thị Mai",
            "gender": "Nữ",
            "ethnicity": "Mèo",
            "phone": "01234567890",
            "citizen_id": "038175004321",
            "org": "TL01",
        },
        {
            "full_name": "Vi Văn Khoa",
            "citizen_id": "038075002222",
            "party_position": "Bí thư",
            "org": "TL01",
        },
        {
            "full_name": "Phạm Bá Hùng",
            "phone": "01699999999",
            "citizen_id": "038075003333",
            "org": "TL02",
        },
        {"full_name": "Lương Thị Hoa", "gender": "Nữ", "citizen_id": None, "org": "TL02"},
    )
    findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    return {member.full_name: member for member in created}
