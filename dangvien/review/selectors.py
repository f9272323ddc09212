"""Scoped reads for the review pages. Personal data is reached only through here.

Every function starts from the user's scope: organization counts need a scope; findings, members,
change sets and duplicate pairs also need a role that sees personal data. A read without either
raises `ScopeError` (a programming error in the caller, never a silently empty page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from dangvien.accounts.models import Role
from dangvien.accounts.selectors import scope_paths_for
from dangvien.audit.models import AuditEntry
from dangvien.members.models import Member
from dangvien.members.selectors import ScopeError, members_for
from dangvien.orgs.models import Organization
from dangvien.orgs.selectors import orgs_in_scope
from dangvien.review.models import (
    DIMENSIONS,
    ChangeSet,
    DossierVerification,
    DuplicateDecision,
    Finding,
)

EDITOR_ROLES = frozenset({Role.COMMUNE_ADMIN, Role.CELL_SECRETARY})
# Cross-record findings that point at another record which may be the same person.
PAIR_RULES = ("D01", "I06", "I10", "S10")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
PER_PAGE = 30
SORTS = {
    "ten": "Họ tên (A–Z)",
    "loi": "Nhiều lỗi nhất trước",
    "chi-bo": "Theo chi bộ",
}


def _paths(user: Any) -> list[str]:
    # One scope query per request: the user object lives as long as the request.
    paths: list[str] | None = getattr(user, "_review_scope_paths", None)
    if paths is None:
        paths = scope_paths_for(user)
        if getattr(user, "is_authenticated", False):
            user._review_scope_paths = paths
    if not paths:
        raise ScopeError("no organization scope for this user")
    return paths


def _require_personal(user: Any) -> list[str]:
    paths = _paths(user)
    if not getattr(user, "sees_personal_data", False) and not user.is_superuser:
        raise ScopeError("this role sees aggregates only")
    return paths


def _under(paths: Iterable[str], prefix: str) -> Q:
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{prefix}__startswith": path})
    return condition


def can_edit(user: Any) -> bool:
    """Commune admins and cell secretaries fix data; leaders and the province only read."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or getattr(user, "role", "") in EDITOR_ROLES)
    )


def sees_personal_data(user: Any) -> bool:
    try:
        _require_personal(user)
    except ScopeError:
        return False
    return True


def members_in_scope(user: Any) -> QuerySet[Member]:
    """`members_for` with the scope read once per request (same rules, same ScopeError)."""
    return Member.objects.filter(_under(_require_personal(user), "org__path"))


# --- organizations (aggregates only) --------------------------------------------------------------


def orgs_for(user: Any) -> QuerySet[Organization]:
    return orgs_in_scope(_paths(user))


@dataclass
class OrgProgress:
    """Open findings of an organization's whole subtree."""

    org: Organization
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    members_with_findings: int = 0
    has_children: bool = False

    @property
    def open_total(self) -> int:
        return self.errors + self.warnings + self.infos


@dataclass
class Progress:
    focus: OrgProgress | None  # the organization looked into; None: the user's several roots
    rows: list[OrgProgress]  # its direct children (or the roots), each with its subtree's totals
    trail: list[Organization]  # from the top of the scope down to the focus, for the breadcrumbs


def org_progress(user: Any, focus_code: str | None = None) -> Progress:
    """Open findings per organization, one level of the tree at a time (counts only).

    Without `focus_code`, a user with one organization in scope looks into it; one with several
    sees them side by side. No personal data: the province viewer reads it too. Six queries at most,
    whatever the number of organizations under the focus.
    """
    paths = _paths(user)
    tops = list(
        Organization.objects.filter(path__in=paths)
        .annotate(n_children=Count("children"))
        .order_by("path")
    )
    focus: Organization | None = None
    if focus_code:
        focus = orgs_for(user).get(code=focus_code)
    elif len(tops) == 1:
        focus = tops[0]
    if focus is None:
        shown = tops
    else:
        shown = list(
            Organization.objects.filter(parent=focus)
            .annotate(n_children=Count("children"))
            .order_by("path")
        )
    under = [focus.path] if focus is not None else paths
    in_scope = Organization.objects.filter(_under(under, "path"))
    # Counted by the organization column: the covering index `finding_open_counts` answers alone.
    counts = (
        Finding.objects.filter(org_id__in=in_scope.values("id"), state=Finding.State.OPEN)
        .values("org_id")
        .annotate(
            errors=Count("org", filter=Q(severity="error")),
            warnings=Count("org", filter=Q(severity="warning")),
            infos=Count("org", filter=Q(severity="info")),
            members=Count("member_id", distinct=True),
        )
        .order_by()
    )
    path_of = dict(in_scope.values_list("id", "path"))
    rows = {
        org.path: OrgProgress(org=org, has_children=bool(getattr(org, "n_children", 0)))
        for org in shown
    }
    total = OrgProgress(org=focus) if focus is not None else None
    for count in counts:
        path: str = path_of[count["org_id"]]
        targets = [total] if total is not None else []
        # The shown organization whose subtree holds this one: the longest shown prefix.
        parts = path.strip("/").split("/")
        for depth in range(len(parts), 0, -1):
            row = rows.get("/" + "/".join(parts[:depth]) + "/")
            if row is not None:
                targets.append(row)
                break
        for target in targets:
            target.errors += count["errors"]
            target.warnings += count["warnings"]
            target.infos += count["infos"]
            target.members_with_findings += count["members"]
    trail: list[Organization] = []
    if focus is not None:
        top = next((t for t in tops if focus.path.startswith(t.path)), None)
        codes = focus.path.strip("/").split("/")
        if top is not None:
            codes = codes[top.path.strip("/").count("/") :]
        by_code = {o.code: o for o in Organization.objects.filter(code__in=codes)}
        trail = [by_code[code] for code in codes if code in by_code]
    return Progress(focus=total, rows=list(rows.values()), trail=trail)


def org_for(user: Any, code: str) -> Organization:
    """One organization of the user's scope (`Organization.DoesNotExist` otherwise)."""
    return orgs_for(user).select_related("parent").get(code=code)


# --- findings and worklists -----------------------------------------------------------------------


def findings_for(user: Any) -> QuerySet[Finding]:
    return Finding.objects.filter(_under(_require_personal(user), "org__path"))


FOREIGN = (
    "{title}: liên quan đến một đảng viên ở tổ chức ngoài phạm vi được giao; "
    "Ban Xây dựng Đảng xã sẽ đối chiếu."
)


def _with_related_path(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    return findings.annotate(related_path=F("related_member__org__path"))


def _mask_foreign(user: Any, findings: Iterable[Finding]) -> list[Finding]:
    """Findings that name another record outside the user's scope (a duplicate in another cell)
    lose their message and link: it would show that person's name and organization."""
    from dangvien.quality.engine import by_code

    paths = _paths(user)
    result = []
    for finding in findings:
        related = getattr(finding, "related_path", None)
        if related and not any(related.startswith(path) for path in paths):
            try:
                title = by_code(finding.rule).title
            except KeyError:
                title = finding.rule
            finding.message = FOREIGN.format(title=title)
            finding.value = ""
            finding.related_member_id = None
        result.append(finding)
    return result


@dataclass(frozen=True)
class WorklistFilters:
    rule: str = ""
    dimension: str = ""
    severity: str = ""
    sort: str = "ten"
    page: int = 1

    def as_query(self) -> dict[str, Any]:
        return {
            key: value
            for key, value in (
                ("quy-tac", self.rule),
                ("tieu-chi", self.dimension),
                ("muc-do", self.severity),
                ("sap-xep", self.sort if self.sort != "ten" else ""),
            )
            if value
        }


@dataclass
class WorklistRow:
    member: Member
    errors: int
    warnings: int
    infos: int
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Worklist:
    org: Organization
    filters: WorklistFilters
    rows: list[WorklistRow]
    total_members: int
    page: int
    pages: int
    rules: list[dict[str, Any]]  # rule, title, count (for the filter list)
    dimensions: list[dict[str, Any]]


def _open_in(user: Any, org: Organization) -> QuerySet[Finding]:
    return findings_for(user).filter(
        org__path__startswith=org.path, state=Finding.State.OPEN, member__isnull=False
    )


def worklist(user: Any, org: Organization, filters: WorklistFilters) -> Worklist:
    """Members under `org` with open findings, filtered and sorted, one page. Six queries."""
    base = _open_in(user, org)
    facets = list(
        base.values("rule", "dimension", "severity").annotate(count=Count("id")).order_by("rule")
    )
    chosen = base
    if filters.rule:
        chosen = chosen.filter(rule=filters.rule)
    if filters.dimension:
        chosen = chosen.filter(dimension=filters.dimension)
    if filters.severity:
        chosen = chosen.filter(severity=filters.severity)
    grouped = chosen.values("member_id").annotate(
        errors=Count("id", filter=Q(severity="error")),
        warnings=Count("id", filter=Q(severity="warning")),
        infos=Count("id", filter=Q(severity="info")),
    )
    if filters.sort == "loi":
        grouped = grouped.order_by("-errors", "-warnings", "member__full_name", "member_id")
    elif filters.sort == "chi-bo":
        grouped = grouped.order_by("member__org__path", "member__full_name", "member_id")
    else:
        grouped = grouped.order_by("member__full_name", "member_id")
    total = grouped.count()
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, filters.page), pages)
    window = list(grouped[(page - 1) * PER_PAGE : page * PER_PAGE])
    ids = [row["member_id"] for row in window]
    members = {
        member.pk: member
        for member in members_in_scope(user)
        .filter(pk__in=ids)
        .select_related("org")
        .only(
            "id",
            "full_name",
            "birth_date",
            "birth_date_precision",
            "status",
            "exit_kind",
            "version",
            "org__name",
            "org__code",
        )
    }
    listed: dict[int, list[Finding]] = defaultdict(list)
    page_findings = _with_related_path(chosen.filter(member_id__in=ids)).order_by(
        "member_id", "field", "rule", "id"
    )
    for finding in _mask_foreign(user, page_findings):
        listed[finding.member_id].append(finding)  # type: ignore[index]
    rows = [
        WorklistRow(
            member=members[row["member_id"]],
            errors=row["errors"],
            warnings=row["warnings"],
            infos=row["infos"],
            findings=sorted(
                listed[row["member_id"]], key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.pk)
            ),
        )
        for row in window
        if row["member_id"] in members
    ]
    return Worklist(
        org=org,
        filters=WorklistFilters(
            filters.rule, filters.dimension, filters.severity, filters.sort, page
        ),
        rows=rows,
        total_members=total,
        page=page,
        pages=pages,
        rules=_rule_facets(facets),
        dimensions=_dimension_facets(facets),
    )


def org_findings(user: Any, org: Organization) -> list[Finding]:
    """Open findings about the organizations under `org` themselves (no member)."""
    return list(
        findings_for(user)
        .filter(org__path__startswith=org.path, state=Finding.State.OPEN, member__isnull=True)
        .select_related("org")
        .order_by("org__path", "rule", "id")
    )


def _rule_facets(facets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from dangvien.quality.engine import by_code

    counts: dict[str, int] = defaultdict(int)
    for row in facets:
        counts[row["rule"]] += row["count"]
    result = []
    for code, count in sorted(counts.items()):
        try:
            title = by_code(code).title
        except KeyError:
            title = code
        result.append({"rule": code, "title": title, "count": count})
    return result


def _dimension_facets(facets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for row in facets:
        counts[row["dimension"]] += row["count"]
    return [
        {"dimension": code, "label": label, "count": counts[code]}
        for code, label in DIMENSIONS
        if counts.get(code)
    ]


# --- one member -----------------------------------------------------------------------------------


def member_for(user: Any, pk: int) -> Member:
    """One member of the user's scope (`Member.DoesNotExist` otherwise)."""
    return members_for(user).select_related("org").get(pk=pk)


def member_findings(user: Any, member: Member) -> list[Finding]:
    """Open and accepted findings of a member, most serious first (one query)."""
    found = _mask_foreign(
        user,
        _with_related_path(
            findings_for(user).filter(
                member=member, state__in=[Finding.State.OPEN, Finding.State.ACCEPTED]
            )
        ).order_by("state", "field", "rule", "id"),
    )
    return sorted(found, key=lambda f: (f.state != "open", SEVERITY_ORDER.get(f.severity, 9)))


def member_history(user: Any, member: Member, limit: int = 100) -> list[AuditEntry]:
    """Who changed what in this record and when (audit entries targeting it).

    `member` comes from `member_for`, which already checked the scope.
    """
    _require_personal(user)
    return list(
        AuditEntry.objects.filter(target_type="members.member", target_id=str(member.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def member_verifications(user: Any, member: Member) -> list[DossierVerification]:
    _require_personal(user)
    return list(
        DossierVerification.objects.filter(member=member)
        .select_related("actor")
        .order_by("-verified_on", "-id")
    )


# --- bulk suggestions and change sets -------------------------------------------------------------


def suggestion_groups(user: Any, org: Organization) -> list[dict[str, Any]]:
    """Rules with open findings carrying a safe suggestion under `org`, with counts."""
    from dangvien.quality.engine import by_code

    rows = (
        _open_in(user, org)
        .exclude(suggestion="")
        .exclude(field="org")
        .values("rule")
        .annotate(count=Count("id"))
        .order_by("rule")
    )
    result = []
    for row in rows:
        rule = by_code(row["rule"])
        if rule.suggestion:
            result.append(
                {
                    "rule": rule.code,
                    "title": rule.title,
                    "how": rule.suggestion,
                    "count": row["count"],
                }
            )
    return result


def suggestion_findings(user: Any, org: Organization, rule: str) -> list[Finding]:
    """Every open finding of `rule` under `org` with a suggestion: what a bulk apply changes."""
    return list(
        _open_in(user, org)
        .filter(rule=rule)
        .exclude(suggestion="")
        .exclude(field="org")
        .select_related("member", "member__org")
        .order_by("member__org__path", "member__full_name", "member_id", "field", "id")
    )


def change_set_for(user: Any, pk: int) -> ChangeSet:
    """A change set made from an organization of the user's scope."""
    return (
        ChangeSet.objects.filter(_under(_require_personal(user), "org__path"))
        .select_related("actor", "undone_by", "org")
        .get(pk=pk)
    )


def change_items(change_set: ChangeSet) -> QuerySet[Any]:
    return change_set.items.select_related("member", "member__org").order_by(
        "member__full_name", "member_id", "field"
    )


def recent_change_sets(user: Any, org: Organization, limit: int = 10) -> list[ChangeSet]:
    return list(
        ChangeSet.objects.filter(_under(_require_personal(user), "org__path"))
        .filter(org__path__startswith=org.path)
        .select_related("actor", "undone_by")
        .annotate(size=Count("items"))
        .order_by("-created_at", "-id")[:limit]
    )


# --- duplicate pairs ------------------------------------------------------------------------------


@dataclass
class Pair:
    low: Member
    high: Member
    findings: list[Finding]

    @property
    def rules(self) -> list[str]:
        return sorted({f.rule for f in self.findings})


def duplicate_pairs(user: Any, org: Organization, limit: int = 200) -> list[Pair]:
    """Open pair findings under `org` whose both records the user may see, one row per pair."""
    found = list(
        _open_in(user, org)
        .filter(rule__in=PAIR_RULES, related_member__isnull=False)
        .order_by("member_id", "related_member_id", "rule")[: limit * 4]
    )
    ids = {f.member_id for f in found} | {f.related_member_id for f in found}
    visible = {
        m.pk: m
        for m in members_in_scope(user)
        .filter(pk__in=ids)
        .select_related("org")
        .only("id", "full_name", "birth_date", "birth_date_precision", "org__name", "org__code")
    }
    pairs: dict[tuple[int, int], Pair] = {}
    for finding in found:
        a, b = finding.member_id, finding.related_member_id
        if a is None or b is None:
            continue
        low, high = min(a, b), max(a, b)
        if low not in visible or high not in visible:
            continue
        pair = pairs.setdefault((low, high), Pair(visible[low], visible[high], []))
        pair.findings.append(finding)
    return list(pairs.values())[:limit]


def pair_findings(user: Any, low: Member, high: Member) -> list[Finding]:
    return list(
        findings_for(user)
        .filter(
            Q(member=low, related_member=high) | Q(member=high, related_member=low),
            rule__in=PAIR_RULES,
            state__in=[Finding.State.OPEN, Finding.State.ACCEPTED],
        )
        .order_by("rule", "member_id")
    )


def pair_decision(user: Any, low: Member, high: Member) -> DuplicateDecision | None:
    _require_personal(user)
    return (
        DuplicateDecision.objects.filter(record_low=low.pk, record_high=high.pk)
        .select_related("actor")
        .first()
    )
