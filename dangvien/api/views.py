"""The sync API (read-only, token-authenticated, scoped, every call audited) and its token page.

Endpoints answer JSON only and take no cookies: a browser session is not a credential here, so
the API needs no CSRF protection. Records are produced by the same exporters as the files
(`dangvien.reports.exporters`), so a record reads the same in an export and in the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dangvien.api import feeds, openapi
from dangvien.api.forms import TokenForm
from dangvien.api.models import ApiToken
from dangvien.api.services import (
    may_issue_tokens,
    token_create,
    token_from_header,
    token_revoke,
    token_scope,
    token_touch,
)
from dangvien.audit.models import AuditEntry
from dangvien.audit.services import audit_record
from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.reports import selectors as report_selectors
from dangvien.reports.exporters.members import MEMBER_COLUMNS, member_row
from dangvien.reports.exporters.orgs import ORG_COLUMNS, org_row
from dangvien.reports.selectors import member_records, org_records

_ORG_CODE = re.compile(openapi.ORG_CODE_PATTERN)
_MEMBER_KEYS = tuple(column.key for column in MEMBER_COLUMNS)
_ORG_KEYS = tuple(column.key for column in ORG_COLUMNS)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


Handler = Callable[..., tuple[dict[str, Any], int]]


FEED_PARAMETERS = frozenset({"changed_since", "cursor", "limit"})


def _check_parameters(request: HttpRequest, allowed: frozenset[str]) -> None:
    """Unknown or repeated query parameters are refused: a typo must not silently widen a sync."""
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise feeds.FeedError(f"tham số không hỗ trợ: {', '.join(unknown)[:100]}")
    repeated = sorted(name for name in request.GET if len(request.GET.getlist(name)) > 1)
    if repeated:
        raise feeds.FeedError(f"tham số lặp lại: {', '.join(repeated)}")


def endpoint(
    action: str, *, personal: bool, parameters: frozenset[str] = frozenset()
) -> Callable[[Handler], Callable[..., HttpResponse]]:
    """GET only, bearer token, scope of the token; one audit entry per call, whatever happens."""

    def decorate(handler: Handler) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(handler)
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            token = None
            records = 0
            if request.method not in ("GET", "HEAD"):
                response: HttpResponse = _error(
                    405, "method_not_allowed", "API chỉ cho phép đọc (GET)."
                )
                response["Allow"] = "GET, HEAD"
                status = 405
            else:
                try:
                    token = token_from_header(request.headers.get("Authorization"))
                    if token is None:
                        raise ApiError(
                            401, "unauthorized", "Thiếu khóa API hoặc khóa không hợp lệ."
                        )
                    paths = token_scope(token)
                    if not paths:
                        raise ApiError(403, "forbidden", "Khóa không còn quyền với tổ chức này.")
                    if personal and not report_selectors.sees_personal_data(token.owner):
                        raise ApiError(
                            403, "forbidden", "Người tạo khóa chỉ được xem số liệu tổng hợp."
                        )
                    token_touch(token)
                    _check_parameters(request, parameters)
                    body, records = handler(request, paths=paths, **kwargs)
                    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
                    status = 200
                except ApiError as error:
                    response = _error(error.status, error.code, error.message)
                    status = error.status
                except feeds.FeedError as error:
                    response = _error(400, "bad_request", str(error))
                    status = 400
            response["Cache-Control"] = "no-store"
            audit_record(
                actor=token.owner if token is not None else None,
                action=action if status == 200 else "api.call.refused",
                target=token,
                changes={
                    "endpoint": [None, action],
                    "path": [None, request.path[:200]],
                    "query": [None, request.META.get("QUERY_STRING", "")[:500]],
                    "status": [None, status],
                    "records": [None, records],
                },
                ip_address=_ip(request),
            )
            return response

        return view

    return decorate


def _under(paths: Sequence[str], field: str) -> Q:
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _feed_args(request: HttpRequest) -> dict[str, Any]:
    return {
        "cursor": request.GET.get("cursor"),
        "since": feeds.parse_since(request.GET.get("changed_since")),
        "limit": feeds.parse_limit(request.GET.get("limit")),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# -- members --------------------------------------------------------------------------------------


def _member_json(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [row["id"] for row in rows]
    by_id = {record["id"]: record for record in member_records(Member.objects.filter(pk__in=ids))}
    out = []
    for row in rows:
        record = by_id.get(row["id"])
        if record is None:  # removed between the two reads: the removed feed will say so
            continue
        item = dict(zip(_MEMBER_KEYS, member_row(record), strict=True))
        item["updated_at"] = _iso(record["updated_at"])
        out.append(item)
    return out


def _scoped_org(paths: Sequence[str], code: str) -> Organization:
    if not _ORG_CODE.fullmatch(code):
        raise ApiError(404, "not_found", "Không có tổ chức này trong phạm vi của khóa.")
    org = Organization.objects.filter(_under(paths, "path"), code=code).first()
    if org is None:
        raise ApiError(404, "not_found", "Không có tổ chức này trong phạm vi của khóa.")
    return org


@endpoint("api.members.listed", personal=True, parameters=FEED_PARAMETERS | {"org"})
def members(request: HttpRequest, *, paths: list[str]) -> tuple[dict[str, Any], int]:
    args = _feed_args(request)
    rows: QuerySet[Any] = Member.objects.filter(_under(paths, "org__path"))
    code = request.GET.get("org")
    if code is not None:
        if not _ORG_CODE.fullmatch(code):
            raise feeds.FeedError("org phải là mã tổ chức đảng, ví dụ TL01")
        rows = rows.filter(org__path__startswith=_scoped_org(paths, code).path)
    result = feeds.page(
        rows.values("id", "updated_at"), feed="members", serialize=_member_json, **args
    )
    return result.body(), len(result.records)


@endpoint("api.members.retrieved", personal=True)
def member(request: HttpRequest, *, paths: list[str], pk: str) -> tuple[dict[str, Any], int]:
    missing = ApiError(404, "not_found", "Không có đảng viên này trong phạm vi của khóa.")
    if not re.fullmatch(r"[0-9]{1,19}", pk, flags=re.ASCII) or not 1 <= int(pk) <= openapi.MAX_ID:
        raise missing
    rows = Member.objects.filter(_under(paths, "org__path"), pk=int(pk)).values("id", "updated_at")
    found = _member_json(list(rows))
    if not found:
        raise missing
    return found[0], 1


def _removed_json(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": int(row["target_id"]),
            "org_code": row["org_code"],
            "removed_at": _iso(row["at"]),
            "reason": ((row["changes"] or {}).get("reason") or [None, None])[1],
        }
        for row in rows
    ]


@endpoint("api.removed_members.listed", personal=True, parameters=FEED_PARAMETERS)
def removed_members(request: HttpRequest, *, paths: list[str]) -> tuple[dict[str, Any], int]:
    args = _feed_args(request)
    org_codes = dict(Organization.objects.filter(_under(paths, "path")).values_list("pk", "code"))
    # The removed record's organization is in the snapshot its removal kept in the audit log.
    entries = AuditEntry.objects.filter(
        action="members.member.removed",
        target_type="members.member",
        changes__record__0__org_id__in=list(org_codes),
    ).values("id", "at", "target_id", "changes")

    def serialize(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = []
        for row in rows:
            snapshot = ((row["changes"] or {}).get("record") or [None])[0] or {}
            org_id = snapshot.get("org_id")
            if org_id in org_codes:
                kept.append({**row, "org_code": org_codes[org_id]})
        return _removed_json(kept)

    result = feeds.page(entries, feed="removed", serialize=serialize, time_field="at", **args)
    return result.body(), len(result.records)


# -- organizations --------------------------------------------------------------------------------


def _org_json(rows: Sequence[dict[str, Any]], paths: Sequence[str]) -> list[dict[str, Any]]:
    wanted = {row["id"] for row in rows}
    by_id: dict[int, dict[str, Any]] = {}
    for path in paths:
        root = Organization.objects.filter(path=path).first()
        if root is None:
            continue
        for record in org_records(root):
            if record["id"] in wanted:
                by_id[record["id"]] = record
    out = []
    for row in rows:
        record = by_id.get(row["id"])
        if record is None:
            continue
        item = dict(zip(_ORG_KEYS, org_row(record), strict=True))
        item["updated_at"] = _iso(record["updated_at"])
        out.append(item)
    return out


@endpoint("api.organizations.listed", personal=False, parameters=FEED_PARAMETERS)
def organizations(request: HttpRequest, *, paths: list[str]) -> tuple[dict[str, Any], int]:
    args = _feed_args(request)
    rows = Organization.objects.filter(_under(paths, "path")).values("id", "updated_at")
    result = feeds.page(
        rows, feed="organizations", serialize=lambda batch: _org_json(batch, paths), **args
    )
    return result.body(), len(result.records)


@endpoint("api.organizations.retrieved", personal=False)
def organization(
    request: HttpRequest, *, paths: list[str], code: str
) -> tuple[dict[str, Any], int]:
    org = _scoped_org(paths, code)
    found = _org_json([{"id": org.pk, "updated_at": org.updated_at}], paths)
    return found[0], 1


# -- schema and tokens ----------------------------------------------------------------------------


@csrf_exempt
def schema(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document: public (it holds no data), recorded like every call."""
    if request.method not in ("GET", "HEAD"):
        response: HttpResponse = _error(405, "method_not_allowed", "Chỉ cho phép GET.")
        response["Allow"] = "GET, HEAD"
        return response
    audit_record(
        actor=request.user if request.user.is_authenticated else None,
        action="api.schema.read",
        target=None,
        changes={"path": [None, request.path]},
        ip_address=_ip(request),
    )
    return JsonResponse(openapi.schema(), json_dumps_params={"ensure_ascii": False})


def _token_admin(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_issue_tokens(request.user):
            raise PermissionDenied("Chỉ Ban Xây dựng Đảng quản lý khóa API.")
        return view(request, *args, **kwargs)

    return wrapper


def _tokens_of(user: Any) -> QuerySet[ApiToken]:
    paths = report_selectors.scope_paths(user)
    condition = Q() if "/" in paths else _under(paths, "org__path")
    return ApiToken.objects.filter(condition).select_related("owner", "org").order_by("-created_at")


@_token_admin
def tokens(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = TokenForm(
        request.POST or None,
        orgs=report_selectors.orgs_for(user),
        default_org=report_selectors.default_org(user),
    )
    issued = None
    if request.method == "POST" and form.is_valid():
        issued = token_create(
            owner=user,
            org=form.cleaned_data["org"],
            name=form.cleaned_data["name"],
            expires_in_days=form.cleaned_data["expires_in_days"],
        )
        form = TokenForm(
            orgs=report_selectors.orgs_for(user), default_org=report_selectors.default_org(user)
        )
    response = render(
        request, "api/tokens.html", {"form": form, "issued": issued, "tokens": _tokens_of(user)}
    )
    response["Cache-Control"] = "no-store"
    return response


@_token_admin
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = _tokens_of(request.user).filter(pk=pk).first()
    if token is None:
        raise PermissionDenied("Khóa không thuộc phạm vi của đồng chí.")
    token_revoke(token=token, actor=request.user)
    messages.success(request, f"Đã thu hồi khóa “{token.name}”.")
    return redirect("api:tokens")
