"""Scoped reads of member records: the only way views reach personal data."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangvien.accounts.selectors import scope_paths_for
from dangvien.members.models import Member


class ScopeError(PermissionError):
    """Raised when personal data is requested without a scope: a bug, never a silent empty list."""


def members_for(user: Any) -> QuerySet[Member]:
    paths = scope_paths_for(user)
    if not paths:
        raise ScopeError("no organization scope for this user")
    if not getattr(user, "sees_personal_data", False) and not user.is_superuser:
        raise ScopeError("this role sees aggregates only")
    condition = Q()
    for path in paths:
        condition |= Q(org__path__startswith=path)
    return Member.objects.filter(condition)
