"""Reads of user accounts, within the reader's scope (account management, assignment lists)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dangvien.accounts.access import COMMUNE_ADMIN, role_of
from dangvien.accounts.models import User
from dangvien.accounts.selectors import scope_paths_for
from dangvien.members.selectors import ScopeError
from dangvien.orgs.models import Organization
from dangvien.orgs.selectors import orgs_in_scope


def accounts_for(user: Any) -> QuerySet[User]:
    """Accounts a commune admin manages: every organization of theirs inside the admin's scope."""
    if role_of(user) != COMMUNE_ADMIN:
        raise ScopeError("only a commune admin lists accounts")
    paths = scope_paths_for(user)
    if not paths:
        raise ScopeError("no organization scope for this user")
    inside = orgs_in_scope(paths)
    outside = Organization.objects.exclude(pk__in=inside.values("pk"))
    return (
        User.objects.filter(is_superuser=False, scope__in=inside)
        .exclude(scope__in=outside)
        .distinct()
        .prefetch_related("scope")
        .order_by("-is_active", "role", "username")
    )


def account_for(user: Any, pk: int) -> User:
    """One managed account, or User.DoesNotExist (a 404) when it is not the admin's to manage."""
    return accounts_for(user).get(pk=pk)


def commune_admins_for(paths: list[str]) -> QuerySet[User]:
    """Active commune admins with a scope inside the given subtrees (they answer difficulties)."""
    if not paths:
        raise ScopeError("no organization scope")
    return (
        User.objects.filter(is_active=True, role=COMMUNE_ADMIN, scope__in=orgs_in_scope(paths))
        .distinct()
        .order_by("full_name", "username")
    )
