"""The pages `bench/bench_web_campaign.py` measures need as many queries for a big province as for
a small one: each is counted on one commune, then again after more communes, cells, members,
findings, sign-offs, snapshots and accounts were added, and the count is pinned."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangvien.accounts.models import User
from dangvien.campaign.models import Campaign
from dangvien.campaign.progress import progress_snapshot_take
from dangvien.campaign.services import campaign_orgs_sign_off, signoff_approve, signoff_submit
from dangvien.campaign.tests.personas import finding, make_user, member
from dangvien.orgs.models import Organization
from dangvien.orgs.services import OrgRow, org_tree_create

pytestmark = pytest.mark.django_db

EXPLAINED = "Hồ sơ gốc đang ở Đảng ủy cấp trên."


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _commune(code: str, cells: int) -> tuple[Organization, User]:
    """A commune with its admin, a running campaign, members with findings in every cell, a
    secretary per cell, three cells in four signed off (every other one approved), and yesterday's
    and today's snapshots."""
    rows = [OrgRow(code, f"Đảng bộ xã {code}", "commune_committee", None)]
    rows += [
        OrgRow(f"{code}{i:02}", f"Chi bộ {code} {i}", "base_cell", code, "residential")
        for i in range(cells)
    ]
    orgs = org_tree_create(rows=rows, actor=None)
    admin = make_user(f"bxdd.{code.lower()}", "commune_admin", [orgs[code]])
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        name="Làm sạch dữ liệu",
        commune=orgs[code],
        start_date=today - dt.timedelta(days=3),
        deadline=today + dt.timedelta(days=10),
    )
    campaign_orgs_sign_off(actor=admin, campaign=campaign, explanations={})
    for i in range(cells):
        cell = orgs[f"{code}{i:02}"]
        secretary = make_user(f"bithu.{cell.code.lower()}", "cell_secretary", [cell])
        errors = []
        for n in range(3):
            person = member(cell, f"Đảng viên {cell.code} {n}", handbook_installed=n == 0)
            errors.append(finding(person, rule=f"V0{n}"))
            finding(person, severity="warning", rule="P01", field="phone", dimension="shareable")
        if i % 4 == 3:
            continue
        signoff = signoff_submit(
            actor=secretary,
            campaign=campaign,
            org=cell,
            explanations={error.pk: EXPLAINED for error in errors},
        )
        if i % 2 == 0:
            signoff_approve(actor=admin, signoff=signoff)
    for day in (today - dt.timedelta(days=1), today):
        progress_snapshot_take(campaign=campaign, day=day)
    return orgs[code], admin


def _count(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    client.get(url, params)  # counted from the second request on: what every later one costs
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(queries)


def _pages(world: dict[str, Any]) -> dict[str, Callable[[], int]]:
    home = reverse("home")
    clients = {}
    for persona in ("admin", "secretary", "leader", "viewer"):
        clients[persona] = Client()
        clients[persona].force_login(world[persona])
    admin, viewer = clients["admin"], clients["viewer"]
    return {
        "dashboard, commune admin": lambda: _count(admin, home),
        "dashboard, cell secretary": lambda: _count(clients["secretary"], home),
        "dashboard, leader": lambda: _count(clients["leader"], home),
        "dashboard, province viewer": lambda: _count(viewer, home),
        "dashboard, province viewer, one commune": lambda: _count(viewer, home, {"to-chuc": "XA"}),
        "dashboard, commune admin, one cell": lambda: _count(admin, home, {"to-chuc": "XA01"}),
        "campaign overview, commune admin": lambda: _count(admin, reverse("campaign:overview")),
        "campaign overview, province viewer": lambda: _count(viewer, reverse("campaign:overview")),
        "sign-offs, commune admin": lambda: _count(admin, reverse("campaign:signoffs")),
        "accounts, commune admin": lambda: _count(admin, reverse("accounts:list")),
    }


# Pinned: session, user and scope, the page's own reads (the dashboard's seven are listed in
# campaign/dashboard.py), and the session saved again (the idle timeout is renewed on each
# request). A change here is a change of the page's queries, to be
# justified in review, never a figure that grows with the data.
PINNED = {
    "dashboard, commune admin": 13,
    "dashboard, cell secretary": 13,
    "dashboard, leader": 13,
    "dashboard, province viewer": 13,
    "dashboard, province viewer, one commune": 13,
    "dashboard, commune admin, one cell": 13,
    "campaign overview, commune admin": 11,
    "campaign overview, province viewer": 10,
    "sign-offs, commune admin": 10,
    "accounts, commune admin": 9,
}


def test_the_dashboard_pages_need_the_same_queries_for_one_commune_as_for_many() -> None:
    commune, admin = _commune("XA", cells=2)
    world: dict[str, Any] = {
        "admin": admin,
        "secretary": User.objects.get(username="bithu.xa01"),
        "leader": make_user("lanhdao.xa", "leader", [commune]),
    }
    world["viewer"] = make_user("btc.tinh", "province_viewer", [commune])
    pages = _pages(world)
    small = {label: count() for label, count in pages.items()}
    for code in ("XB", "XC"):
        other, _ = _commune(code, cells=5)
        world["viewer"].scope.add(other)
    more = org_tree_create(
        rows=[OrgRow(f"XA{i:02}", f"Chi bộ XA {i}", "base_cell", "XA") for i in range(2, 8)],
        actor=None,
    )
    for code, cell in more.items():
        finding(member(cell, f"Đảng viên mới {code}"))
        make_user(f"bithu.{code.lower()}", "cell_secretary", [cell])
    big = {label: count() for label, count in pages.items()}
    assert big == small
    assert small == PINNED
