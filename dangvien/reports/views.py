"""Pages of the outputs: thin views over `services.export_build` and the report draft."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvien.api.services import may_issue_tokens
from dangvien.members.selectors import ScopeError
from dangvien.reports import selectors, services
from dangvien.reports.forms import ExportForm, ReportTextForm, ScopeForm

View = Callable[..., HttpResponse]


def scoped(view: View) -> View:
    """Signed in, with a scope; a scope error is a 403, never an empty page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            selectors.scope_paths(request.user)
            return view(request, *args, **kwargs)
        except ScopeError as error:
            raise PermissionDenied(str(error)) from error

    return wrapper


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _download(file: services.ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _kinds_for(user: Any) -> list[services.ExportKind]:
    personal = selectors.sees_personal_data(user)
    return [kind for kind in services.KINDS.values() if personal or not kind.personal]


@scoped
def index(request: HttpRequest) -> HttpResponse:
    org = selectors.default_org(request.user)
    return render(
        request,
        "reports/index.html",
        {
            "kinds": _kinds_for(request.user),
            "org": org,
            "personal": selectors.sees_personal_data(request.user),
            "api_admin": may_issue_tokens(request.user),
        },
    )


def _kind_by_slug(slug: str) -> services.ExportKind:
    for kind in services.KINDS.values():
        if kind.slug == slug and kind.key != "report":
            return kind
    raise Http404("Không có loại dữ liệu này.")


@scoped
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind_by_slug(slug)
    user = request.user
    if kind.personal and not selectors.sees_personal_data(user):
        raise PermissionDenied("Vai trò này chỉ xem số liệu tổng hợp.")
    try:  # the organization whose members with open errors are listed before a handbook export
        chosen = selectors.org_for(user, request.POST.get("org") or request.GET.get("org"))
    except ScopeError:
        chosen = selectors.default_org(user)
    form = ExportForm(
        request.POST or None,
        orgs=selectors.orgs_for(user),
        default_org=chosen,
        formats=kind.formats,
        kind=kind.key,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        file = services.export_build(
            user=user,
            request=services.ExportRequest(
                kind=kind.key,
                fmt=data["fmt"],
                org=data["org"],
                as_of=data["as_of"],
                include_errors=data.get("include_errors", False),
                only_no_smartphone=data.get("only_no_smartphone", False),
                only_with_findings=data.get("only_with_findings", False),
            ),
            channel="web",
            ip_address=_client_ip(request),
        )
        for note in file.notes:
            messages.warning(request, note)
        return _download(file)
    pending: list[dict[str, Any]] = []
    if kind.key == "handbook":
        members = selectors.members_in(user, chosen)
        ids = selectors.open_error_member_ids(members)
        pending = list(
            members.filter(pk__in=ids, exit_kind="", exempt=False)
            .order_by("org__path", "full_name")
            .values("id", "full_name", "org__name")[:200]
        )
    return render(
        request,
        "reports/export.html",
        {"kind": kind, "form": form, "with_errors": pending, "pending_org": chosen},
    )


@scoped
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """Edit the report's text (editors), then download it for a chosen organization and date."""
    user = request.user
    orgs = selectors.orgs_for(user)
    scope = ScopeForm(request.GET or None, orgs=orgs, default_org=selectors.default_org(user))
    org = (
        scope.cleaned_data["org"]
        if scope.is_bound and scope.is_valid()
        else (selectors.default_org(user))
    )
    editable = selectors.can_edit_report(user)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Vai trò này không sửa nội dung báo cáo.")
        form = ReportTextForm(request.POST)
        if form.is_valid():
            services.report_draft_save(org=org, text=form.text(), actor=user)
            messages.success(request, "Đã lưu nội dung báo cáo.")
            return redirect(f"{request.path}?org={org.code}")
    else:
        form = ReportTextForm.from_text(selectors.report_text_for(org))
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    download = ScopeForm(orgs=orgs, default_org=org)
    return render(
        request,
        "reports/report.html",
        {"form": form, "scope": scope, "download": download, "org": org, "editable": editable},
    )


@scoped
@require_http_methods(["POST"])
def report_download(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ScopeForm(
        request.POST, orgs=selectors.orgs_for(user), default_org=selectors.default_org(user)
    )
    if not form.is_valid():
        messages.error(request, "Chọn tổ chức đảng và ngày lập số liệu hợp lệ.")
        return redirect("reports:report")
    file = services.export_build(
        user=user,
        request=services.ExportRequest(
            kind="report",
            fmt="docx",
            org=form.cleaned_data["org"],
            as_of=form.cleaned_data["as_of"],
        ),
        channel="web",
        ip_address=_client_ip(request),
    )
    return _download(file)
