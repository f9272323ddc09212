"""Scoped reads for every output: who may see what, member records, open findings, figures.

Personal data is read through `members_for` (the members app's scoped selector), so a province
viewer (aggregates only) or a user without scope gets `ScopeError`, never an empty list. Figures
are counts only: every role with a scope may read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from dangvien.accounts.models import Role
from dangvien.accounts.selectors import scope_paths_for
from dangvien.campaign.models import Campaign, Difficulty, ProgressSnapshot, SignOff
from dangvien.members.models import Member
from dangvien.members.selectors import ScopeError, members_for
from dangvien.orgs.models import Organization
from dangvien.quality.dictionary import EXIT_KINDS, MEMBER_FIELDS, ORG_KINDS, Kind
from dangvien.reports.defaults import default_text
from dangvien.reports.document import ReportText
from dangvien.reports.figures import (
    DIMENSION_LABELS,
    CampaignInfo,
    DifficultyItem,
    DimensionFigures,
    Figures,
    OrgFigures,
    ProgressPoint,
    total_of,
)
from dangvien.reports.models import ReportDraft
from dangvien.reports.sheets import SheetFinding
from dangvien.review.models import DuplicateDecision, Finding

__all__ = ["ScopeError"]

_FIELD_LABELS = {spec.name: spec.label for spec in MEMBER_FIELDS}
_EDITORS = {Role.COMMUNE_ADMIN, Role.CELL_SECRETARY}


# -- who may do what ------------------------------------------------------------------------------


def scope_paths(user: Any) -> list[str]:
    paths = scope_paths_for(user)
    if not paths:
        raise ScopeError("no organization scope for this user")
    return paths


def sees_personal_data(user: Any) -> bool:
    return bool(user.is_superuser or getattr(user, "sees_personal_data", False))


def can_edit_report(user: Any) -> bool:
    return bool(user.is_superuser or getattr(user, "role", "") in _EDITORS)


def _under(paths: list[str], field: str = "path") -> Q:
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def orgs_for(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(_under(scope_paths(user))).order_by("path")


def default_org(user: Any) -> Organization:
    """The highest organization the user may see (the commune for its staff, a cell for its
    secretary)."""
    paths = scope_paths(user)
    roots = (
        Organization.objects.filter(parent__isnull=True)
        if "/" in paths
        else Organization.objects.filter(path__in=paths)
    )
    org = min(roots, key=lambda o: (o.path.count("/"), o.path), default=None)
    if org is None:
        raise ScopeError("no organization in scope")
    return org


def org_for(user: Any, code: str | None) -> Organization:
    """The organization `code` if the user may see it (the default one when no code is given)."""
    if not code:
        return default_org(user)
    org = orgs_for(user).filter(code=code).first()
    if org is None:
        raise ScopeError(f"organization {code!r} is not in this user's scope")
    return org


# -- members --------------------------------------------------------------------------------------

_VALUE_COLUMNS = [spec.name for spec in MEMBER_FIELDS if spec.kind is not Kind.ORG]
_PRECISIONS = [f"{spec.name}_precision" for spec in MEMBER_FIELDS if spec.kind is Kind.DATE]


def members_in(user: Any, org: Organization) -> QuerySet[Member]:
    """Members under `org` that the user may read (ScopeError for aggregate-only roles)."""
    return members_for(user).filter(org__path__startswith=org.path)


def member_records(members: QuerySet[Member]) -> Iterator[dict[str, Any]]:
    """Plain records for the exporters, in organization then name order."""
    rows = members.order_by("org__path", "full_name", "id").values(
        "id", "org__code", "org__name", "updated_at", "raw", *_VALUE_COLUMNS, *_PRECISIONS
    )
    for row in rows.iterator(chunk_size=2000):
        row["org_code"] = row.pop("org__code")
        row["org_name"] = row.pop("org__name")
        yield row


def open_findings(members: QuerySet[Member]) -> QuerySet[Finding]:
    return Finding.objects.filter(member__in=members.values("id"), state=Finding.State.OPEN)


def open_error_member_ids(members: QuerySet[Member]) -> set[int]:
    return set(open_findings(members).filter(severity="error").values_list("member_id", flat=True))


def open_findings_by_member(members: QuerySet[Member]) -> dict[int, list[SheetFinding]]:
    found: dict[int, list[SheetFinding]] = {}
    rows = (
        open_findings(members)
        .order_by("member_id", "id")
        .values_list("member_id", "field", "message", "suggestion", "severity")
    )
    for member_id, field, message, suggestion, severity in rows:
        found.setdefault(member_id, []).append(
            SheetFinding(field, _FIELD_LABELS.get(field, field), message, suggestion, severity)
        )
    return found


# -- organizations --------------------------------------------------------------------------------


def org_records(org: Organization) -> list[dict[str, Any]]:
    active = Q(members__exit_kind="")
    rows = (
        Organization.objects.filter(path__startswith=org.path)
        .annotate(
            members_total=Count("members", filter=active),
            members_official=Count("members", filter=active & Q(members__status="official")),
            members_probationary=Count(
                "members", filter=active & Q(members__status="probationary")
            ),
        )
        .values(
            "code",
            "name",
            "kind",
            "parent__code",
            "path",
            "area",
            "active",
            "dissolved_on",
            "secretary__full_name",
            "members_total",
            "members_official",
            "members_probationary",
            "updated_at",
            "id",
        )
        .order_by("path")
    )
    return [
        {
            **row,
            "parent_code": row["parent__code"],
            "secretary": row["secretary__full_name"],
            "members": row["members_total"],
            "official": row["members_official"],
            "probationary": row["members_probationary"],
        }
        for row in rows
    ]


# -- figures as of a date -------------------------------------------------------------------------


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in the installation's time zone."""
    start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start) - dt.timedelta(microseconds=1)


def _member_counts(org: Organization, as_of: dt.date) -> dict[int, dict[str, int]]:
    admitted = Q(join_date__isnull=True) | Q(join_date__lte=as_of)
    active = admitted & (Q(exit_kind="") | Q(exit_date__gt=as_of))
    official = Q(status="official") & (Q(official_date__isnull=True) | Q(official_date__lte=as_of))
    probationary = Q(status="probationary") | (Q(status="official") & Q(official_date__gt=as_of))
    rows = (
        Member.objects.filter(org__path__startswith=org.path)
        .values("org_id")
        .annotate(
            members=Count("id", filter=active),
            official=Count("id", filter=active & official),
            probationary=Count("id", filter=active & probationary),
            exempt=Count("id", filter=active & Q(exempt=True)),
            with_citizen_id=Count("id", filter=active & ~Q(citizen_id="")),
            with_phone=Count("id", filter=active & ~Q(phone="")),
            handbook_installed=Count("id", filter=active & Q(handbook_installed=True)),
            no_smartphone=Count("id", filter=active & Q(no_smartphone=True)),
        )
        .order_by()
    )
    return {row.pop("org_id"): row for row in rows}


def _finding_states(end: dt.datetime) -> dict[str, Q]:
    seen = Q(first_seen_at__lte=end)
    # A closed finding without a closing time counts as closed on any date after it was seen.
    closed_by_then = Q(resolved_at__isnull=True) | Q(resolved_at__lte=end)
    return {
        "found": seen,
        "resolved": seen & Q(state=Finding.State.RESOLVED) & closed_by_then,
        "accepted": seen & Q(state=Finding.State.ACCEPTED) & closed_by_then,
        # Open on the date: open now, or closed only after the date.
        "open": seen & (Q(state=Finding.State.OPEN) | Q(resolved_at__gt=end)),
    }


def _finding_counts(org: Organization, end: dt.datetime) -> dict[int, dict[str, Any]]:
    states = _finding_states(end)
    is_open = states["open"]
    rows = (
        Finding.objects.filter(org__path__startswith=org.path)
        .values("org_id")
        .annotate(
            findings_found=Count("id", filter=states["found"]),
            findings_resolved=Count("id", filter=states["resolved"]),
            findings_accepted=Count("id", filter=states["accepted"]),
            open_errors=Count("id", filter=is_open & Q(severity="error")),
            open_warnings=Count("id", filter=is_open & Q(severity="warning")),
            open_infos=Count("id", filter=is_open & Q(severity="info")),
            members_with_errors=Count(
                "member_id", filter=is_open & Q(severity="error"), distinct=True
            ),
            **{
                f"dim_{code}": Count("id", filter=is_open & Q(dimension=code))
                for code in DIMENSION_LABELS
            },
        )
        .order_by()
    )
    counts: dict[int, dict[str, Any]] = {}
    for row in rows:
        org_id = row.pop("org_id")
        row["open_by_dimension"] = {code: row.pop(f"dim_{code}") for code in DIMENSION_LABELS}
        counts[org_id] = row
    return counts


def _dimensions(org: Organization, end: dt.datetime) -> tuple[DimensionFigures, ...]:
    states = _finding_states(end)
    rows = {
        row.pop("dimension"): row
        for row in Finding.objects.filter(org__path__startswith=org.path)
        .values("dimension")
        .annotate(
            found=Count("id", filter=states["found"]),
            resolved=Count("id", filter=states["resolved"]),
            accepted=Count("id", filter=states["accepted"]),
            open_errors=Count("id", filter=states["open"] & Q(severity="error")),
            open_warnings=Count("id", filter=states["open"] & Q(severity="warning")),
            open_infos=Count("id", filter=states["open"] & Q(severity="info")),
        )
        .order_by()
    }
    return tuple(
        DimensionFigures(code=code, label=label, **rows.get(code, {}))
        for code, label in DIMENSION_LABELS.items()
    )


def _signed_off(org: Organization, end: dt.datetime) -> set[int]:
    """Organizations whose latest member-data sign-off decided by the date was approved."""
    latest: dict[int, str] = {}
    decisions = (
        SignOff.objects.filter(
            org__path__startswith=org.path,
            phase=SignOff.Phase.MEMBERS,
            decided_at__isnull=False,
            decided_at__lte=end,
        )
        .order_by("org_id", "decided_at", "id")
        .values_list("org_id", "state")
    )
    for org_id, state in decisions:
        latest[org_id] = state
    return {org_id for org_id, state in latest.items() if state == SignOff.State.APPROVED}


def _reporting_orgs(org: Organization) -> list[Organization]:
    """The organizations listed one per line: those that hold members or have no sub-unit."""
    orgs = list(Organization.objects.filter(path__startswith=org.path).order_by("path"))
    with_members = set(
        Member.objects.filter(org__path__startswith=org.path)
        .values_list("org_id", flat=True)
        .distinct()
    )
    parents = {o.parent_id for o in orgs}
    listed = [o for o in orgs if o.pk in with_members or (o.pk not in parents and o != org)]
    return listed or [org]


def _campaign(org: Organization, as_of: dt.date) -> CampaignInfo | None:
    commune_path = "/" + org.path.strip("/").split("/")[0] + "/"
    campaigns = Campaign.objects.filter(commune__path=commune_path)
    campaign = (
        campaigns.filter(start_date__lte=as_of).order_by("-start_date").first()
        or campaigns.order_by("start_date").first()
    )
    if campaign is None:
        return None
    signed = campaign.orgs_signed_off_at
    return CampaignInfo(
        name=campaign.name,
        start_date=campaign.start_date,
        deadline=campaign.deadline,
        orgs_signed_off_on=timezone.localdate(signed)
        if signed is not None and signed <= end_of_day(as_of)
        else None,
    )


def _difficulties(
    org: Organization, end: dt.datetime, *, personal: bool
) -> tuple[DifficultyItem, ...]:
    """The difficulties raised by the date; without `personal`, only where, what kind and whether
    answered: their title, body and answer are free text that often names a member."""
    items = []
    for difficulty in (
        Difficulty.objects.filter(org__path__startswith=org.path, raised_at__lte=end)
        .select_related("org")
        .order_by("raised_at", "id")
    ):
        answered = difficulty.answered_at is not None and difficulty.answered_at <= end
        if personal:
            title = difficulty.title
        else:
            title = "Vướng mắc kỹ thuật" if difficulty.technical else "Khó khăn, vướng mắc"
        items.append(
            DifficultyItem(
                org=difficulty.org.name,
                title=title,
                body=difficulty.body if personal else "",
                state="Đã trả lời" if answered else "Chưa được trả lời",
                answer=difficulty.answer if answered and personal else "",
                technical=difficulty.technical,
                raised_on=timezone.localdate(difficulty.raised_at),
            )
        )
    return tuple(items)


def _progress(org: Organization, as_of: dt.date) -> tuple[ProgressPoint, ...]:
    rows = (
        ProgressSnapshot.objects.filter(org__path__startswith=org.path, day__lte=as_of)
        .values("day")
        .annotate(
            errors=Sum("open_errors"),
            warnings=Sum("open_warnings"),
            infos=Sum("open_infos"),
            members_total=Sum("members"),
            clean=Sum("members_without_error"),
        )
        .order_by("day")
    )
    return tuple(
        ProgressPoint(
            day=row["day"],
            open_errors=row["errors"] or 0,
            open_warnings=row["warnings"] or 0,
            open_infos=row["infos"] or 0,
            members=row["members_total"] or 0,
            members_without_error=row["clean"] or 0,
        )
        for row in rows
    )


def figures_as_of(org: Organization, as_of: dt.date, *, personal: bool = True) -> Figures:
    """Every figure of the campaign under `org` as the database shows it at the end of `as_of`.

    Without `personal` (a reader of aggregates only) no free text written about members is
    included: the difficulties are listed without their words."""
    end = end_of_day(as_of)
    members = _member_counts(org, as_of)
    findings = _finding_counts(org, end)
    signed = _signed_off(org, end)
    listed = _reporting_orgs(org)
    rows = tuple(
        OrgFigures(
            code=o.code,
            name=o.name,
            kind=ORG_KINDS.get(o.kind, o.kind),
            level=max(o.path.count("/") - org.path.count("/"), 0),
            signed_off=o.pk in signed,
            **members.get(o.pk, {}),
            **findings.get(o.pk, {}),
        )
        for o in listed
    )
    # Findings on organizations that are not listed (the commune itself) still count in totals.
    unlisted = [counts for pk, counts in findings.items() if pk not in {o.pk for o in listed}]
    extra = tuple(OrgFigures(code="", name="", kind="", **counts) for counts in unlisted)
    total = total_of(rows + extra, code=org.code, name="Tổng cộng", kind="")
    kinds: dict[str, int] = {}
    for o in Organization.objects.filter(path__startswith=org.path, active=True).exclude(pk=org.pk):
        label = ORG_KINDS.get(o.kind, o.kind)
        kinds[label] = kinds.get(label, 0) + 1
    exited_rows = (
        Member.objects.filter(org__path__startswith=org.path)
        .exclude(exit_kind="")
        .filter(Q(exit_date__isnull=True) | Q(exit_date__lte=as_of))
        .values("exit_kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    exited_counts = {row["exit_kind"]: row["n"] for row in exited_rows}
    exited = {
        label: exited_counts[code] for code, label in EXIT_KINDS.items() if code in exited_counts
    }
    merged = DuplicateDecision.objects.filter(
        org__path__startswith=org.path,
        verdict=DuplicateDecision.Verdict.MERGED,
        decided_at__lte=end,
    ).count()
    return Figures(
        as_of=as_of,
        scope_name=org.name,
        orgs=rows,
        total=total,
        dimensions=_dimensions(org, end),
        org_kinds=dict(sorted(kinds.items())),
        exited=exited,
        progress=_progress(org, as_of),
        difficulties=_difficulties(org, end, personal=personal),
        campaign=_campaign(org, as_of),
        duplicates_merged=merged,
    )


# -- report text ----------------------------------------------------------------------------------


def report_text_for(org: Organization) -> ReportText:
    """The saved text of the organization's report, or a first draft derived from the tree."""
    draft = ReportDraft.objects.filter(org=org).first()
    if draft is not None:
        return text_from_draft(draft)
    parent = org.parent.name if org.parent_id else None
    secretary = org.secretary.full_name if org.secretary_id else ""
    return default_text(
        org_name=org.name,
        parent_name=parent,
        signer_name=secretary,
        style=settings.DANGVIEN["TONE_STYLE"],
    )


def text_from_draft(draft: ReportDraft) -> ReportText:
    return ReportText(
        superior_body=draft.superior_body,
        issuer=draft.issuer,
        issuer_abbreviation=draft.issuer_abbreviation,
        number=draft.number,
        place=draft.place,
        summary=draft.summary,
        situation=draft.situation,
        results=draft.results,
        difficulties=draft.difficulties,
        proposals=draft.proposals,
        recipients=tuple(line.strip() for line in draft.recipients.splitlines() if line.strip()),
        signer_authority=draft.signer_authority,
        signer_title=draft.signer_title,
        signer_name=draft.signer_name,
    )
