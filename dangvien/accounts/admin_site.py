"""Django admin is a superuser's tool only: staff flags alone never open it."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest


def restrict_admin_to_superusers(site: AdminSite) -> None:
    def has_permission(request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.site_header = "dangvien — quản trị hệ thống"
    site.site_title = "dangvien"
    site.index_title = "Quản trị"
