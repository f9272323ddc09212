"""Scoped reads of the campaign: campaigns, sign-offs, difficulties, open errors, import runs.

Every function takes the reading user and applies their scope; asking without a scope, or asking
for named data with an aggregates-only role, raises ScopeError (a bug, never an empty page).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangvien.accounts.access import COMMUNE_ADMIN, role_of, scope_of, sees_personal_data
from dangvien.campaign.models import Campaign, Difficulty, MappingTemplateRecord, SignOff
from dangvien.intake.models import ImportRun
from dangvien.members.selectors import ScopeError
from dangvien.orgs.models import Organization
from dangvien.review.models import Finding

# Organizations whose member data is signed off one by one (the seed's 24 cells).
SIGNOFF_KINDS = ("base_cell", "sub_cell")


def _paths(user: Any) -> list[str]:
    paths = scope_of(user)
    if not paths:
        raise ScopeError("no organization scope for this user")
    return paths


def _personal(user: Any) -> list[str]:
    paths = _paths(user)
    if not sees_personal_data(user):
        raise ScopeError("this role sees aggregates only")
    return paths


def ancestors(path: str) -> list[str]:
    """ "/TL/TL01/" → ["/TL/", "/TL/TL01/"]: the path itself and every path above it."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def in_scope(path: str, paths: list[str]) -> bool:
    return any(path.startswith(root) for root in paths)


def _under(paths: list[str], field: str) -> Q:
    condition = Q()
    for path in paths:
        if path == "/":
            return Q()
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    """Campaigns of the communes the user belongs to (above their scope) or oversees (below)."""
    paths = _paths(user)
    above = sorted({ancestor for path in paths for ancestor in ancestors(path)})
    return Campaign.objects.filter(
        _under(paths, "commune__path") | Q(commune__path__in=above)
    ).select_related("commune")


def campaign_current(user: Any) -> Campaign | None:
    """The latest campaign of the user's commune (None before the commune admin creates one)."""
    return campaigns_for(user).order_by("-start_date", "-id").first()


def campaign_for(user: Any, pk: int) -> Campaign:
    return campaigns_for(user).get(pk=pk)


def org_for(user: Any, code: str) -> Organization:
    """One organization in the user's scope, or Organization.DoesNotExist (a 404)."""
    paths = _paths(user)
    return Organization.objects.filter(_under(paths, "path")).get(code=code)


def signoff_units(campaign: Campaign, paths: list[str]) -> QuerySet[Organization]:
    """Cells of the campaign's commune inside the given scope, in tree order."""
    return Organization.objects.filter(
        _under(paths, "path"),
        path__startswith=campaign.commune.path,
        kind__in=SIGNOFF_KINDS,
        active=True,
    ).order_by("path")


def latest_signoffs(campaign: Campaign, org_ids: list[int]) -> dict[int, SignOff]:
    """The current member-phase sign-off of each organization (the newest submission)."""
    latest: dict[int, SignOff] = {}
    for signoff in (
        SignOff.objects.filter(campaign=campaign, phase=SignOff.Phase.MEMBERS, org_id__in=org_ids)
        .select_related("submitted_by", "decided_by")
        .order_by("org_id", "-submitted_at", "-id")
    ):
        latest.setdefault(signoff.org_id, signoff)
    return latest


def signoffs_pending(user: Any, campaign: Campaign) -> QuerySet[SignOff]:
    """Submissions waiting for the commune admin's decision."""
    paths = _personal(user)
    return (
        SignOff.objects.filter(
            _under(paths, "org__path"),
            campaign=campaign,
            phase=SignOff.Phase.MEMBERS,
            state=SignOff.State.SUBMITTED,
        )
        .select_related("org", "submitted_by")
        .order_by("submitted_at")
    )


def signoff_history(user: Any, campaign: Campaign, org: Organization) -> QuerySet[SignOff]:
    paths = _personal(user)
    if not in_scope(org.path, paths):
        raise ScopeError("organization outside the user's scope")
    return (
        SignOff.objects.filter(campaign=campaign, org=org, phase=SignOff.Phase.MEMBERS)
        .select_related("submitted_by", "decided_by")
        .prefetch_related("explanations__member")
        .order_by("-submitted_at", "-id")
    )


def signoff_for(user: Any, pk: int) -> SignOff:
    paths = _personal(user)
    return (
        SignOff.objects.filter(_under(paths, "org__path"))
        .select_related("org", "campaign__commune", "submitted_by", "decided_by")
        .get(pk=pk)
    )


def open_errors(user: Any, org: Organization) -> QuerySet[Finding]:
    """Open error findings of an organization and everything under it (named data)."""
    paths = _personal(user)
    if not in_scope(org.path, paths):
        raise ScopeError("organization outside the user's scope")
    return (
        Finding.objects.filter(
            org__path__startswith=org.path,
            state=Finding.State.OPEN,
            severity="error",
        )
        .select_related("member", "org")
        .order_by("org__path", "member__full_name", "member_id", "rule", "field", "id")
    )


def org_level_open_errors(user: Any, commune: Organization) -> QuerySet[Finding]:
    """Open errors about organizations themselves (no member): the organization phase."""
    return open_errors(user, commune).filter(member__isnull=True)


def org_level_error_count(campaign: Campaign) -> int:
    """How many organization-level errors are open in the commune (a count: any role)."""
    return Finding.objects.filter(
        org__path__startswith=campaign.commune.path,
        member__isnull=True,
        state=Finding.State.OPEN,
        severity="error",
    ).count()


def difficulties_for(user: Any, campaign: Campaign) -> QuerySet[Difficulty]:
    paths = _personal(user)
    return (
        Difficulty.objects.filter(_under(paths, "org__path"), campaign=campaign)
        .select_related("org", "raised_by", "assigned_to", "answered_by")
        .order_by("state", "-raised_at", "-id")
    )


def difficulty_for(user: Any, pk: int) -> Difficulty:
    paths = _personal(user)
    return (
        Difficulty.objects.filter(_under(paths, "org__path"))
        .select_related("org", "campaign__commune", "raised_by", "assigned_to", "answered_by")
        .get(pk=pk)
    )


def import_runs_for(user: Any) -> QuerySet[ImportRun]:
    """Import runs into the admin's organizations (file names may name people: admins only)."""
    paths = _paths(user)
    if role_of(user) != COMMUNE_ADMIN:
        raise ScopeError("only a commune admin reads import runs")
    return ImportRun.objects.filter(_under(paths, "org__path")).select_related(
        "actor", "org", "rolled_back_by"
    )


def import_run_for(user: Any, pk: int) -> ImportRun:
    return import_runs_for(user).get(pk=pk)


def communes_for(user: Any) -> QuerySet[Organization]:
    """Communes in the user's scope (the roots of their scope when no commune is among them)."""
    orgs = Organization.objects.filter(_under(_paths(user), "path")).order_by("path")
    communes = orgs.filter(kind="commune_committee")
    return communes if communes.exists() else orgs.filter(parent__isnull=True)


def import_job(run: ImportRun) -> Any:
    """The background job that commits the run (None before the admin asks to commit)."""
    from dangvien.jobs.models import Job

    return Job.objects.filter(pk=run.job_id).first() if run.job_id else None


def mapping_templates() -> QuerySet[MappingTemplateRecord]:
    """Saved column mappings hold headers only, no personal data: shared by the installation."""
    return MappingTemplateRecord.objects.order_by("name")
