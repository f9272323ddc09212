"""Benchmark of the campaign dashboard and pages on a province-scale PostgreSQL database (issue 6).

    python bench/bench_web_campaign.py                    # 370,000 members in 100 communes
    python bench/bench_web_campaign.py --members 37000 --communes 10 --requests 50   # quicker

Uses the database of `bench_web_review.py` (built by whichever of the two runs first, with the same
options), then gives it a running campaign the way a province would run one, through the services
people use: in every commune a commune admin and one cell secretary per cell (accounts written in
bulk, no password), a campaign started ten days ago with ten days left (`campaign_create`), the
organization phase closed (`campaign_orgs_sign_off`), three cells in four signed off by their
secretary (`signoff_submit`, every remaining error explained) — a quarter of all cells then
approved by the commune admin, an eighth returned — and a closing snapshot for each past day of
the campaign (`progress_snapshot_all`, what the daily job runs). Findings do not change between
those days, so the burn-down is flat; the chart reads as many rows as a real one.

Then requests the dashboard (the home page) as each role, focused on one organization
(`?to-chuc=`), the campaign overview, the sign-off list and the account list through Django's test
client, like `bench_web_review.py`. Target: the dashboard pages ≤ 500 ms at the 95th percentile.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from typing import Any

from bench_web_review import (
    arguments,
    focus_orgs,
    logged_in,
    measure,
    personas,
    prepare,
    print_table,
)

TARGET_MS = 500.0
DAYS_RUN = 10  # the campaign started this many days ago
DAYS_LEFT = 10
CAMPAIGN_NAME = "Làm sạch, chuẩn hóa CSDL đảng viên (bench)"
EXPLANATION = "Hồ sơ gốc đang ở Đảng ủy cấp trên, chờ đối chiếu."


def _accounts(communes: list[Any], admin: Any) -> dict[int, Any]:
    """A commune admin per commune (the persona for the first) and a secretary per cell, written
    once in bulk; returns the acting account of every commune and cell by organization id."""
    from django.contrib.auth.hashers import make_password

    from dangvien.accounts.models import User
    from dangvien.orgs.models import Organization

    cells = list(
        Organization.objects.filter(kind__in=["base_cell", "sub_cell"]).values_list("id", "code")
    )
    wanted = {f"bench.bxdd.{c.code}": ("commune_admin", c.pk) for c in communes[1:]}
    wanted |= {f"bench.bt.{code}": ("cell_secretary", pk) for pk, code in cells}
    have = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    missing = [name for name in wanted if name not in have]
    if missing:
        password = make_password(None)
        User.objects.bulk_create(
            [
                User(
                    username=name,
                    role=wanted[name][0],
                    full_name=f"Bench {name.split('.', 1)[1]}",
                    password=password,
                )
                for name in missing
            ],
            batch_size=2000,
        )
        ids = dict(User.objects.filter(username__in=missing).values_list("username", "id"))
        User.scope.through.objects.bulk_create(
            [
                User.scope.through(user_id=ids[name], organization_id=wanted[name][1])
                for name in missing
            ],
            batch_size=2000,
        )
        print(f"created {len(missing):,} accounts")
    actors = {
        user.scope.all()[0].pk: user
        for user in User.objects.filter(username__in=wanted).prefetch_related("scope")
    }
    actors[communes[0].pk] = admin
    return actors


def _campaigns(communes: list[Any], actors: dict[int, Any]) -> None:
    """A running campaign per commune, its sign-offs and a snapshot per past day (once a day: a
    campaign of another start day is dropped and made again)."""
    from django.db import transaction
    from django.utils import timezone

    from dangvien.campaign.models import Campaign, ProgressSnapshot, SignOff
    from dangvien.campaign.progress import progress_snapshot_all
    from dangvien.campaign.services import (
        campaign_create,
        campaign_orgs_sign_off,
        signoff_approve,
        signoff_return,
        signoff_submit,
    )
    from dangvien.orgs.models import Organization
    from dangvien.review.models import Finding

    today = timezone.localdate()
    start = today - dt.timedelta(days=DAYS_RUN)
    ready = Campaign.objects.filter(name=CAMPAIGN_NAME, start_date=start).count()
    if ready != len(communes):
        started = time.perf_counter()
        with transaction.atomic():
            Campaign.objects.filter(name=CAMPAIGN_NAME).delete()
        open_errors = Finding.objects.filter(state=Finding.State.OPEN, severity="error")
        decisions = 0
        for commune in communes:
            admin = actors[commune.pk]
            campaign = campaign_create(
                actor=admin,
                commune=commune,
                name=CAMPAIGN_NAME,
                start_date=start,
                deadline=today + dt.timedelta(days=DAYS_LEFT),
            )
            org_errors = open_errors.filter(org=commune, member__isnull=True)
            campaign_orgs_sign_off(
                actor=admin,
                campaign=campaign,
                explanations=dict.fromkeys(org_errors.values_list("pk", flat=True), EXPLANATION),
            )
            cells = Organization.objects.filter(
                path__startswith=commune.path, kind__in=["base_cell", "sub_cell"]
            ).order_by("path")
            for index, cell in enumerate(cells):
                if index % 4 == 3:
                    continue  # not sent yet
                errors = open_errors.filter(org__path__startswith=cell.path, member__isnull=False)
                signoff = signoff_submit(
                    actor=actors[cell.pk],
                    campaign=campaign,
                    org=cell,
                    explanations=dict.fromkeys(errors.values_list("pk", flat=True), EXPLANATION),
                )
                if index % 4 == 0:
                    signoff_approve(actor=admin, signoff=signoff)
                    decisions += 1
                elif index % 4 == 1 and index % 8 == 1:
                    signoff_return(actor=admin, signoff=signoff, comment="Xin đối chiếu lại.")
                    decisions += 1
        print(
            f"campaigns: {len(communes)}, sign-offs: "
            f"{SignOff.objects.filter(phase='members').count():,} ({decisions:,} decided) "
            f"in {time.perf_counter() - started:.0f} s"
        )
    for offset in range(DAYS_RUN):
        day = start + dt.timedelta(days=offset)
        if not ProgressSnapshot.objects.filter(day=day, campaign__name=CAMPAIGN_NAME).exists():
            t0 = time.perf_counter()
            progress_snapshot_all(day)
            print(f"  snapshot of {day}: {time.perf_counter() - t0:.1f} s", flush=True)


def _bench(requests: int) -> tuple[list[dict[str, Any]], tuple[float, float]]:
    from django.urls import reverse

    from dangvien.campaign.models import ProgressSnapshot, SignOff
    from dangvien.members.models import Member
    from dangvien.orgs.models import Organization

    root, cell = focus_orgs()
    users = personas(root, cell)
    communes = list(Organization.objects.filter(parent=None).order_by("code"))
    actors = _accounts(communes, users["admin"])
    _campaigns(communes, actors)
    clients = logged_in(users)
    admin, secretary = clients["admin"], clients["secretary"]
    leader, viewer = clients["leader"], clients["viewer"]
    cells = list(
        Organization.objects.filter(
            path__startswith=root.path, kind__in=["base_cell", "sub_cell"]
        ).values_list("code", flat=True)
    )
    codes = [commune.code for commune in communes]
    print(
        f"database: {Member.objects.count():,} members, {Organization.objects.count():,} "
        f"organizations, {len(communes)} campaigns, "
        f"{SignOff.objects.count():,} sign-offs, {ProgressSnapshot.objects.count():,} snapshots; "
        f"commune {root.code}: {len(cells)} cells"
    )
    page = admin.get(reverse("home")).content.decode()
    for needle in ('data-testid="burndown"', 'data-testid="countdown"', "đã được duyệt"):
        if needle not in page:
            raise SystemExit(f"the dashboard lacks {needle}")
    home = reverse("home")
    pages: list[tuple[str, Callable[[int], Any]]] = [
        ("dashboard, commune admin (whole commune)", lambda i: admin.get(home)),
        ("dashboard, cell secretary", lambda i: secretary.get(home)),
        ("dashboard, leader (whole commune)", lambda i: leader.get(home)),
        (
            f"dashboard, province viewer ({len(communes)} communes, aggregates only)",
            lambda i: viewer.get(home),
        ),
        (
            "dashboard, province viewer, one commune (?to-chuc=)",
            lambda i: viewer.get(home, {"to-chuc": codes[i % len(codes)]}),
        ),
        (
            "dashboard, commune admin, one cell (?to-chuc=)",
            lambda i: admin.get(home, {"to-chuc": cells[i % len(cells)]}),
        ),
        (
            "campaign overview, commune admin",
            lambda i: admin.get(reverse("campaign:overview")),
        ),
        (
            "campaign overview, province viewer",
            lambda i: viewer.get(reverse("campaign:overview")),
        ),
        ("sign-offs list, commune admin", lambda i: admin.get(reverse("campaign:signoffs"))),
        ("accounts list, commune admin", lambda i: admin.get(reverse("accounts:list"))),
    ]
    rows: list[dict[str, Any]] = []
    load = os.getloadavg()[0]
    for label, call in pages:
        measure(label, requests, call, rows, target=TARGET_MS)
    return rows, (load, os.getloadavg()[0])


def main() -> None:
    args = arguments(__doc__.splitlines()[0])
    if not prepare(args):
        return
    rows, load = _bench(args.requests)
    print_table(rows, load)


if __name__ == "__main__":
    main()
