"""Personas and small factories shared by the campaign slice's tests (campaign, web, accounts).

The root conftest provides the commune (Đảng bộ xã Tam Lư with Chi bộ bản Lốc and bản Hậu), its
commune admin, the secretary of bản Lốc, the leader, the province viewer and an outsider; these
add the secretary of bản Hậu, a campaign and data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dangvien.accounts.models import User
from dangvien.campaign.models import Campaign
from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.review.models import Finding

PASSWORD = "mat-khau-rat-dai-123"


def make_user(username: str, role: str, scope: list[Organization]) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, full_name=username.title()
    )
    user.scope.set(scope)
    return user


@pytest.fixture
def hau_secretary(org_tree: dict[str, Organization]) -> User:
    return make_user("bithu.banhau", "cell_secretary", [org_tree["TL02"]])


@pytest.fixture
def campaign(org_tree: dict[str, Organization]) -> Campaign:
    """The commune's campaign, running: started five days ago, fifteen days left."""
    today = timezone.localdate()
    return Campaign.objects.create(
        name="Làm sạch, chuẩn hóa CSDL đảng viên",
        commune=org_tree["TL"],
        start_date=today - dt.timedelta(days=5),
        deadline=today + dt.timedelta(days=15),
    )


def second_commune(org_tree: dict[str, Organization]) -> dict[str, Organization]:
    """The commune tree plus a neighbouring commune (Xuân Yên) with one cell, XY01: what no one
    scoped to Tam Lư may see."""
    from dangvien.orgs.services import OrgRow, org_tree_create

    orgs = dict(org_tree)
    orgs.update(
        org_tree_create(
            rows=[
                OrgRow("XY", "Đảng bộ xã Xuân Yên", "commune_committee", None),
                OrgRow("XY01", "Chi bộ thôn Yên", "base_cell", "XY", "residential"),
            ],
            actor=None,
        )
    )
    return orgs


def member(org: Organization, name: str, **fields: Any) -> Member:
    fields.setdefault("status", "official")
    return Member.objects.create(org=org, full_name=name, **fields)


def finding(
    member_or_org: Member | Organization,
    *,
    severity: str = "error",
    dimension: str = "correct",
    rule: str = "V01",
    field: str = "citizen_id",
    message: str = "Số CCCD không đủ 12 chữ số",
    state: str = "open",
) -> Finding:
    if isinstance(member_or_org, Member):
        org, owner = member_or_org.org, member_or_org
    else:
        org, owner = member_or_org, None
    return Finding.objects.create(
        org=org,
        member=owner,
        field=field,
        rule=rule,
        dimension=dimension,
        severity=severity,
        message=message,
        fingerprint=f"{rule}-{field}-{getattr(owner, 'pk', 'org')}",
        state=state,
    )
