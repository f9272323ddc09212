"""Counting progress per organization: open findings, members, campaign counters.

The same aggregate queries feed the live dashboard and the daily snapshots behind the burn-down
chart. They return counts only (no names), so every role with a scope may read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dangvien.campaign.models import Campaign, ProgressSnapshot
from dangvien.members.models import Member
from dangvien.review.models import DIMENSIONS, SEVERITIES, Finding

DIMENSION_CODES = tuple(code for code, _ in DIMENSIONS)
SEVERITY_CODES = tuple(code for code, _ in SEVERITIES)


@dataclass
class Counts:
    """Counts of one organization (its own members), or of a subtree once added up."""

    records: int = 0  # every member record the organization holds, exited ones included
    members: int = 0  # active members (đảng số)
    official: int = 0
    probationary: int = 0
    handbook_installed: int = 0
    no_smartphone: int = 0
    exempt: int = 0
    records_with_error: int = 0
    by_severity: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITY_CODES, 0))
    by_dimension: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DIMENSION_CODES, 0))

    def add(self, other: Counts) -> None:
        for name in (
            "records",
            "members",
            "official",
            "probationary",
            "handbook_installed",
            "no_smartphone",
            "exempt",
            "records_with_error",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for code in SEVERITY_CODES:
            self.by_severity[code] += other.by_severity[code]
        for code in DIMENSION_CODES:
            self.by_dimension[code] += other.by_dimension[code]

    @property
    def open_findings(self) -> int:
        return sum(self.by_severity.values())

    @property
    def open_errors(self) -> int:
        return self.by_severity["error"]

    @property
    def clean_share(self) -> float | None:
        """Share of member records with no open error (None when there is no record)."""
        if not self.records:
            return None
        return max(0, self.records - self.records_with_error) / self.records

    @property
    def handbook_share(self) -> float | None:
        """Installed the handbook app, among active members who must (not exempt)."""
        expected = self.members - self.exempt
        if expected <= 0:
            return None
        return min(1.0, self.handbook_installed / expected)


def counts_by_org(org_filter: Q, finding_filter: Q) -> dict[int, Counts]:
    """Per organization id: member counts and open findings (two aggregate queries).

    `org_filter` selects members by organization (e.g. Q(org__path__startswith="/TL/")), and
    `finding_filter` the same organizations for findings.
    """
    counts: dict[int, Counts] = {}
    active = Q(exit_kind="")
    members = (
        Member.objects.filter(org_filter)
        .values("org_id")
        .annotate(
            records=Count("id"),
            members=Count("id", filter=active),
            official=Count("id", filter=active & Q(status="official")),
            probationary=Count("id", filter=active & Q(status="probationary")),
            handbook=Count("id", filter=active & Q(handbook_installed=True)),
            no_smartphone=Count("id", filter=active & Q(no_smartphone=True)),
            exempt=Count("id", filter=active & Q(exempt=True)),
        )
        .order_by()
    )
    for row in members:
        counts[row["org_id"]] = Counts(
            records=row["records"],
            members=row["members"],
            official=row["official"],
            probationary=row["probationary"],
            handbook_installed=row["handbook"],
            no_smartphone=row["no_smartphone"],
            exempt=row["exempt"],
        )
    is_error = Q(severity="error")
    findings = (
        Finding.objects.filter(finding_filter, state=Finding.State.OPEN)
        .values("org_id")
        .annotate(
            **{f"sev_{code}": Count("id", filter=Q(severity=code)) for code in SEVERITY_CODES},
            **{f"dim_{code}": Count("id", filter=Q(dimension=code)) for code in DIMENSION_CODES},
            error_records=Count("member_id", filter=is_error, distinct=True),
        )
        .order_by()
    )
    for row in findings:
        entry = counts.setdefault(row["org_id"], Counts())
        entry.records_with_error = row["error_records"]
        entry.by_severity = {code: row[f"sev_{code}"] for code in SEVERITY_CODES}
        entry.by_dimension = {code: row[f"dim_{code}"] for code in DIMENSION_CODES}
    return counts


def subtree_counts(commune_path: str) -> dict[int, Counts]:
    return counts_by_org(
        Q(org__path__startswith=commune_path), Q(org__path__startswith=commune_path)
    )


def progress_snapshot_take(*, campaign: Campaign, day: dt.date | None = None) -> int:
    """Store today's counts of every organization of the campaign (replacing earlier ones of the
    same day). Returns the number of organizations written."""
    day = day or timezone.localdate()
    counts = subtree_counts(campaign.commune.path)
    rows = [
        ProgressSnapshot(
            campaign=campaign,
            org_id=org_id,
            day=day,
            open_errors=entry.by_severity["error"],
            open_warnings=entry.by_severity["warning"],
            open_infos=entry.by_severity["info"],
            members=entry.members,
            members_without_error=max(0, entry.records - entry.records_with_error),
        )
        for org_id, entry in counts.items()
    ]
    with transaction.atomic():
        ProgressSnapshot.objects.filter(campaign=campaign, day=day).delete()
        ProgressSnapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def progress_snapshot_all(day: dt.date | None = None) -> int:
    """Snapshot every campaign that is running (from its start to a week after its deadline)."""
    day = day or timezone.localdate()
    taken = 0
    for campaign in running_campaigns(day):
        progress_snapshot_take(campaign=campaign, day=day)
        taken += 1
    return taken


def running_campaigns(day: dt.date) -> Iterable[Campaign]:
    return Campaign.objects.filter(
        start_date__lte=day, deadline__gte=day - dt.timedelta(days=7)
    ).select_related("commune")
