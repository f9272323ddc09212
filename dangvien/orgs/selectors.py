"""Reads of the organization tree, always within a scope."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from dangvien.orgs.models import Organization


def orgs_in_scope(scope_paths: list[str]) -> QuerySet[Organization]:
    """Organizations under any of the given materialized paths (the user's scope)."""
    if not scope_paths:
        return Organization.objects.none()
    condition = Q()
    for path in scope_paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition)


def org_summaries(scope_paths: list[str]) -> QuerySet[Organization]:
    """Organizations in scope with their active member counts, in tree order, in one query."""
    return (
        orgs_in_scope(scope_paths)
        .annotate(
            members_total=Count("members", filter=Q(members__exit_kind="")),
            members_official=Count(
                "members", filter=Q(members__exit_kind="", members__status="official")
            ),
            members_probationary=Count(
                "members", filter=Q(members__exit_kind="", members__status="probationary")
            ),
        )
        .order_by("path")
    )
