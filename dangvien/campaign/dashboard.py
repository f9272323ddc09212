"""The campaign dashboard: one level of the organization tree at a time, counts only.

Rows are the organizations directly under the one in focus (the commune: its cells), each with
the totals of its whole subtree: members, open findings by dimension and severity, the share of
records without an open error, sign-off state, and the campaign counters of the seed (handbook
installed, no smartphone, exempt). No name, no CCCD: every role with a scope may read it.

Queries: organizations, campaigns, sign-offs, the number of organizations, members by
organization, open findings by organization, snapshots for the chart — seven, whatever the size
of the province.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Q, Sum
from django.utils import timezone

from dangvien.campaign.charts import Chart, DayPoint, burndown_chart
from dangvien.campaign.models import Campaign, ProgressSnapshot, SignOff
from dangvien.campaign.progress import Counts, counts_by_group
from dangvien.campaign.selectors import (
    SIGNOFF_KINDS,
    ancestors,
    campaigns_for,
    in_scope,
    scope_of,
)
from dangvien.members.selectors import ScopeError
from dangvien.orgs.models import Organization
from dangvien.orgs.selectors import orgs_in_scope
from dangvien.quality.dictionary import ORG_KINDS


class NotInScope(LookupError):
    """The organization asked for is not in the user's scope (shown as 404)."""


class OrgInfo(NamedTuple):
    """An organization as the dashboard shows it (a province holds thousands: a tuple is cheap)."""

    id: int
    code: str
    name: str
    kind: str
    path: str
    parent_id: int | None

    @property
    def kind_label(self) -> str:
        return ORG_KINDS.get(self.kind, self.kind)

    @property
    def is_unit(self) -> bool:
        return self.kind in SIGNOFF_KINDS


@dataclass
class Row:
    org: OrgInfo
    counts: Counts = field(default_factory=Counts)
    own_only: bool = False  # members attached to the focus organization itself
    has_children: bool = False
    units: int = 0
    approved: int = 0
    submitted: int = 0
    returned: int = 0
    signoff_state: str = ""  # for a cell: its current member-phase sign-off state
    campaign: Campaign | None = None

    @property
    def signoff_label(self) -> str:
        return dict(SignOff.State.choices).get(self.signoff_state, "Chưa gửi")


@dataclass
class Dashboard:
    focus: OrgInfo | None
    trail: list[OrgInfo]
    rows: list[Row]
    total: Row
    campaign: Campaign | None
    today: dt.date
    chart: Chart | None

    @property
    def days_left(self) -> int | None:
        if self.campaign is None:
            return None
        return (self.campaign.deadline - self.today).days

    @property
    def days_overdue(self) -> int:
        return max(0, -(self.days_left or 0))

    @property
    def started(self) -> bool:
        return self.campaign is not None and self.today >= self.campaign.start_date


def _under(paths: list[str], field_name: str) -> Q:
    condition = Q()
    for path in paths:
        if path == "/":
            return Q()
        condition |= Q(**{f"{field_name}__startswith": path})
    return condition


def _campaign_of(path: str, by_commune_path: dict[str, Campaign]) -> Campaign | None:
    for ancestor in reversed(ancestors(path)):
        if ancestor in by_commune_path:
            return by_commune_path[ancestor]
    return None


def dashboard_for(
    user: Any, *, focus_code: str | None = None, today: dt.date | None = None
) -> Dashboard:
    """The dashboard of the user's scope, focused on one organization of it (default: the root)."""
    paths = scope_of(user)
    if not paths:
        raise ScopeError("no organization scope for this user")
    today = today or timezone.localdate()
    orgs = [
        OrgInfo._make(values)
        for values in orgs_in_scope(paths).order_by("path").values_list(*OrgInfo._fields)
    ]
    by_id = {org.id: org for org in orgs}
    roots = [org for org in orgs if org.parent_id not in by_id]
    focus: OrgInfo | None = None
    if focus_code:
        focus = next((org for org in orgs if org.code == focus_code), None)
        if focus is None:
            raise NotInScope(focus_code)
    elif len(roots) == 1:
        focus = roots[0]

    # Rows: the children of the focus (or the focus itself when it has none), else the roots.
    if focus is not None:
        children = [org for org in orgs if org.parent_id == focus.id]
        row_orgs = children or [focus]
        subtree = Q(org__path__startswith=focus.path)
    else:
        row_orgs = roots
        subtree = _under(paths, "org__path")
    rows = {org.path: Row(org=org) for org in row_orgs}
    own = Row(org=focus, own_only=True) if focus is not None and row_orgs != [focus] else None

    campaigns: dict[str, Campaign] = {}
    for campaign in campaigns_for(user).order_by("start_date", "id"):
        campaigns[campaign.commune.path] = campaign  # the newest per commune wins
    # A campaign whose commune lies inside the view needs no path filter on its own rows.
    view = [focus.path] if focus is not None else paths
    inside = all(in_scope(path, view) for path in campaigns)
    latest: dict[int, str] = {}
    signoffs = SignOff.objects.filter(
        Q() if inside else subtree,
        phase=SignOff.Phase.MEMBERS,
        campaign__in=list(campaigns.values()),
    ).order_by("org_id", "-submitted_at", "-id")
    for org_id, state in signoffs.values_list("org_id", "state"):
        latest.setdefault(org_id, state)

    # Each organization in view belongs to one row: the focus itself (its own members), a row's
    # organization, or a descendant of one; sorted by path, a parent comes before its children.
    row_of: dict[int, Row] = {}
    scope_prefix = focus.path if focus is not None else None
    for org in orgs:
        if scope_prefix is not None and not org.path.startswith(scope_prefix):
            continue
        if own is not None and focus is not None and org.id == focus.id:
            target: Row | None = own
        else:
            target = rows.get(org.path) or row_of.get(org.parent_id or 0)
        if target is None:
            continue
        row_of[org.id] = target
        if org.path != target.org.path:
            target.has_children = True
        if org.is_unit:
            state = latest.get(org.id, "")
            target.units += 1
            target.approved += state == SignOff.State.APPROVED
            target.submitted += state == SignOff.State.SUBMITTED
            target.returned += state == SignOff.State.RETURNED
            if org.path == target.org.path:
                target.signoff_state = state

    by_path = {row.org.path: row for row in (*rows.values(), *([own] if own else []))}
    group_of = {org_id: row.org.path for org_id, row in row_of.items()}
    # A view of most of the database (the province's 100 communes) reads the counts of every
    # organization and keeps those in view: joining 370,000 members to their organizations to
    # filter them by path costs more than reading the rows left out.
    counted = Q() if 2 * len(group_of) >= Organization.objects.count() else subtree
    for path, counts in counts_by_group(counted, counted, group_of).items():
        by_path[path].counts = counts
    total = Row(org=focus or OrgInfo(0, "", "Toàn bộ phạm vi", "", "/", None))
    for row in by_path.values():
        total.counts.add(row.counts)
        total.units += row.units
        total.approved += row.approved
        total.submitted += row.submitted
        total.returned += row.returned
    row_list = list(rows.values())
    if own is not None and own.counts.records:
        row_list.insert(0, own)
    for row in row_list:
        row.campaign = _campaign_of(row.org.path, campaigns)

    campaign = _campaign_of(focus.path, campaigns) if focus is not None else None
    trail = [by_id[o.id] for o in orgs if focus is not None and focus.path.startswith(o.path)]
    chosen = [campaign] if campaign is not None else list(campaigns.values())
    chart = _chart(Q() if inside else subtree, chosen, total.counts, today)
    return Dashboard(
        focus=focus,
        trail=trail,
        rows=row_list,
        total=total,
        campaign=campaign,
        today=today,
        chart=chart,
    )


def _chart(subtree: Q, chosen: list[Campaign], live: Counts, today: dt.date) -> Chart | None:
    if not chosen:
        return None
    start = min(c.start_date for c in chosen)
    deadline = max(c.deadline for c in chosen)
    daily = (
        ProgressSnapshot.objects.filter(subtree, campaign__in=chosen, day__lt=today)
        .values("day")
        .annotate(errors=Sum("open_errors"), warnings=Sum("open_warnings"))
        .order_by("day")
    )
    points = [DayPoint(row["day"], row["errors"] or 0, row["warnings"] or 0) for row in daily]
    if today >= start:
        # Today is always live: the chart moves as soon as findings are fixed.
        points.append(DayPoint(today, live.by_severity["error"], live.by_severity["warning"]))
    if not points:
        return None
    return burndown_chart(points, start=start, deadline=deadline, today=today)
