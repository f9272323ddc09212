"""Who may open which page: roles checked at the door of every view of the campaign slice.

The role decides what a person may *do*; their scope (organizations) decides what they may *see*,
and is applied by the selectors. A superuser is treated as a commune admin of everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from dangvien.accounts.models import Role
from dangvien.accounts.selectors import scope_paths_for

COMMUNE_ADMIN = Role.COMMUNE_ADMIN.value
CELL_SECRETARY = Role.CELL_SECRETARY.value
LEADER = Role.LEADER.value
PROVINCE_VIEWER = Role.PROVINCE_VIEWER.value

# Roles that may read named member data (the province sees aggregates only).
PERSONAL_DATA_ROLES = frozenset({COMMUNE_ADMIN, CELL_SECRETARY, LEADER})
# Roles that may change anything (a leader reads, the province reads aggregates).
WRITER_ROLES = frozenset({COMMUNE_ADMIN, CELL_SECRETARY})
ALL_ROLES = frozenset({COMMUNE_ADMIN, CELL_SECRETARY, LEADER, PROVINCE_VIEWER})

View = TypeVar("View", bound=Callable[..., HttpResponse])


def role_of(user: Any) -> str:
    """The effective role: a superuser acts as a commune admin; anonymous users have none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    if user.is_superuser:
        return COMMUNE_ADMIN
    return str(user.role or "")


def is_commune_admin(user: Any) -> bool:
    return role_of(user) == COMMUNE_ADMIN


def sees_personal_data(user: Any) -> bool:
    return role_of(user) in PERSONAL_DATA_ROLES


_CACHE = "_dangvien_scope_paths"


def scope_of(user: Any) -> list[str]:
    """The user's scope paths, read once per request (kept on the request's user object)."""
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = scope_paths_for(user)
        if getattr(user, "is_authenticated", False):
            setattr(user, _CACHE, cached)
    return list(cached)


def roles_required(roles: Iterable[str], *, scope: bool = True) -> Callable[[View], View]:
    """Login first (anonymous → login page), then the role (wrong role → 403 Forbidden), then a
    scope (an account not yet given any organization → 403 with a message saying so).

    An account whose password was set by the commune admin is sent to choose its own first.
    """
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if getattr(user, "must_change_password", False):
                return redirect("password_change")
            if role_of(user) not in allowed:
                raise PermissionDenied("Vai trò của đồng chí không được dùng chức năng này.")
            if scope and not scope_of(user):
                raise PermissionDenied("Tài khoản của đồng chí chưa được giao tổ chức đảng nào.")
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorate
