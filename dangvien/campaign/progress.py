"""Counting progress per organization: open findings, members, campaign counters.

The same aggregate queries feed the live dashboard and the daily snapshots behind the burn-down
chart. They return counts only (no names), so every role with a scope may read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connections, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dangvien.campaign.models import Campaign, ProgressSnapshot
from dangvien.members.models import Member
from dangvien.review.models import DIMENSIONS, SEVERITIES, Finding

DIMENSION_CODES = tuple(code for code, _ in DIMENSIONS)
SEVERITY_CODES = tuple(code for code, _ in SEVERITIES)

K = TypeVar("K")

# The member counts of `Counts`, in the order the aggregate query returns them.
MEMBER_COUNTS = (
    "records",
    "members",
    "official",
    "probationary",
    "handbook_installed",
    "no_smartphone",
    "exempt",
)
NO_MEMBERS = [0] * len(MEMBER_COUNTS)


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
        for name in (*MEMBER_COUNTS, "records_with_error"):
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


def _raw_rows(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of an aggregate query as the driver returns them (plain integers). Django's
    per-value converters cost more than PostgreSQL's own work on a province's 16,000 rows."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Rows are counted by their organization column, which the covering indexes hold
# (`member_org_counts`, `finding_open_counts`): PostgreSQL then reads the index, not the table.


def _member_rows(org_filter: Q) -> list[tuple[Any, ...]]:
    """(org_id, *MEMBER_COUNTS) per organization."""
    active = Q(exit_kind="")
    counted = {
        "records": Count("org"),
        "members": Count("org", filter=active),
        "official": Count("org", filter=active & Q(status="official")),
        "probationary": Count("org", filter=active & Q(status="probationary")),
        "handbook_installed": Count("org", filter=active & Q(handbook_installed=True)),
        "no_smartphone": Count("org", filter=active & Q(no_smartphone=True)),
        "exempt": Count("org", filter=active & Q(exempt=True)),
    }
    # Prefixed: an annotation may not bear the name of a model field ("exempt", …).
    return _raw_rows(
        Member.objects.filter(org_filter)
        .values("org_id")
        .annotate(**{f"n_{name}": counted[name] for name in MEMBER_COUNTS})
        .values_list("org_id", *(f"n_{name}" for name in MEMBER_COUNTS))
        .order_by()
    )


def _finding_rows(finding_filter: Q) -> list[tuple[Any, ...]]:
    """(org_id, records with an open error, *open findings by severity, *by dimension)."""
    severities = {f"sev_{code}": Count("org", filter=Q(severity=code)) for code in SEVERITY_CODES}
    dimensions = {f"dim_{code}": Count("org", filter=Q(dimension=code)) for code in DIMENSION_CODES}
    return _raw_rows(
        Finding.objects.filter(finding_filter, state=Finding.State.OPEN)
        .values("org_id")
        .annotate(
            error_records=Count("member_id", filter=Q(severity="error"), distinct=True),
            **severities,
            **dimensions,
        )
        .values_list("org_id", "error_records", *severities, *dimensions)
        .order_by()
    )


def _summed(rows: list[tuple[Any, ...]], group_of: Mapping[int, K] | None) -> dict[K, list[int]]:
    """Column sums of (org_id, *counts) rows per group; rows of organizations not in `group_of`
    are left out. Rows are gathered per group first so that the sums run in C."""
    grouped: dict[Any, list[tuple[Any, ...]]] = {}
    for row in rows:
        key = row[0] if group_of is None else group_of.get(row[0])
        if key is not None:
            grouped.setdefault(key, []).append(row)
    sums: dict[Any, list[int]] = {}
    for key, group in grouped.items():
        columns = zip(*group, strict=True)
        next(columns)  # the organization ids
        sums[key] = [sum(column) for column in columns]
    return sums


def counts_by_group(
    org_filter: Q, finding_filter: Q, group_of: Mapping[int, K] | None = None
) -> dict[K, Counts]:
    """Member counts and open findings (two aggregate queries), added up per group.

    `org_filter` selects members by organization (e.g. Q(org__path__startswith="/TL/")), and
    `finding_filter` the same organizations for findings. `group_of` maps an organization id to
    its group (a dashboard row); organizations it leaves out are not counted. Without it, the
    groups are the organization ids themselves.
    """
    members = _summed(_member_rows(org_filter), group_of)
    findings = _summed(_finding_rows(finding_filter), group_of)
    counts: dict[K, Counts] = {}
    severities = len(SEVERITY_CODES)
    for key in members.keys() | findings.keys():
        entry = Counts(**dict(zip(MEMBER_COUNTS, members.get(key) or NO_MEMBERS, strict=True)))
        if key in findings:
            error_records, *by_kind = findings[key]
            entry.records_with_error = error_records
            entry.by_severity = dict(zip(SEVERITY_CODES, by_kind[:severities], strict=True))
            entry.by_dimension = dict(zip(DIMENSION_CODES, by_kind[severities:], strict=True))
        counts[key] = entry
    return counts


def counts_by_org(org_filter: Q, finding_filter: Q) -> dict[int, Counts]:
    """Per organization id: member counts and open findings."""
    return counts_by_group(org_filter, finding_filter)


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
