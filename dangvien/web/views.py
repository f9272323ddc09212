from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dangvien.accounts.access import ALL_ROLES, roles_required, scope_of
from dangvien.campaign.dashboard import NotInScope, dashboard_for
from dangvien.review.models import DIMENSIONS


@roles_required(ALL_ROLES, scope=False)
def home(request: HttpRequest) -> HttpResponse:
    """The campaign dashboard of the user's scope; `?to-chuc=CODE` focuses one organization."""
    if not scope_of(request.user):
        return render(request, "web/home.html", {"dashboard": None})
    try:
        dashboard = dashboard_for(request.user, focus_code=request.GET.get("to-chuc") or None)
    except NotInScope:
        raise Http404("Tổ chức này không thuộc phạm vi của đồng chí.") from None
    return render(
        request,
        "web/home.html",
        {"dashboard": dashboard, "dimensions": DIMENSIONS},
    )
