"""Review pages: progress per organization, worklists, bulk suggestions, change sets, duplicates.

Thin: read through `selectors`, write through `services`, render. htmx requests get fragments.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dangvien.jobs.models import Job
from dangvien.members.services import StaleMember, member_text
from dangvien.review import selectors, services
from dangvien.review.access import editor, is_htmx, reader, scoped
from dangvien.review.merges import MERGE_FIELDS
from dangvien.review.models import DIMENSIONS, SEVERITIES, ChangeSet
from dangvien.review.selectors import SORTS, WorklistFilters
from dangvien.review.services import ReviewError

_RULE_CODE = re.compile(r"^[A-Z]\d{2}$")
_DIMENSIONS = dict(DIMENSIONS)
_SEVERITIES = dict(SEVERITIES)


@reader
def index(request: HttpRequest) -> HttpResponse:
    """Open findings per organization of the scope, one tree level at a time (counts only)."""
    focus = request.GET.get("to-chuc") or None
    progress = selectors.org_progress(request.user, focus)
    return render(
        request,
        "review/index.html",
        {
            "progress": progress,
            "personal": selectors.sees_personal_data(request.user),
            "can_refresh": selectors.can_edit(request.user),
        },
    )


def _filters(request: HttpRequest) -> WorklistFilters:
    get = request.GET
    rule = get.get("quy-tac", "")
    dimension = get.get("tieu-chi", "")
    severity = get.get("muc-do", "")
    sort = get.get("sap-xep", "ten")
    page = get.get("trang", "1")
    return WorklistFilters(
        rule=rule if _RULE_CODE.match(rule) else "",
        dimension=dimension if dimension in _DIMENSIONS else "",
        severity=severity if severity in _SEVERITIES else "",
        sort=sort if sort in SORTS else "ten",
        page=int(page) if page.isdigit() else 1,
    )


@reader
def worklist(request: HttpRequest, code: str) -> HttpResponse:
    """Members of an organization (and below) with open findings, filtered and sorted."""
    org = selectors.org_for(request.user, code)
    filters = _filters(request)
    work = selectors.worklist(request.user, org, filters)
    services.personal_data_viewed(
        actor=request.user,
        target=org,
        what="worklist",
        records=len(work.rows),
        details={**filters.as_query(), "trang": work.page},
    )
    context = {
        "org": org,
        "work": work,
        "org_findings": [] if is_htmx(request) else selectors.org_findings(request.user, org),
        "sorts": SORTS,
        "severities": SEVERITIES,
        "can_edit": selectors.can_edit(request.user),
        "query": filters.as_query(),
    }
    template = "review/_worklist_results.html" if is_htmx(request) else "review/worklist.html"
    return render(request, template, context)


# --- bulk suggestions -----------------------------------------------------------------------------


@reader
def suggestions(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_for(request.user, code)
    return render(
        request,
        "review/suggestions.html",
        {
            "org": org,
            "groups": selectors.suggestion_groups(request.user, org),
            "recent": selectors.recent_change_sets(request.user, org),
            "can_edit": selectors.can_edit(request.user),
        },
    )


@scoped
def bulk_preview(request: HttpRequest, code: str, rule: str) -> HttpResponse:
    """Every change a bulk apply would make, each one ticked; POST applies the ticked ones."""
    org = selectors.org_for(request.user, code)
    if not _RULE_CODE.match(rule):
        raise PermissionDenied("bad rule code")
    findings = selectors.suggestion_findings(request.user, org, rule)
    if request.method == "POST":
        if not selectors.can_edit(request.user):
            raise PermissionDenied("this role reads only")
        expected: dict[int, str] = {}
        for item in request.POST.getlist("muc"):
            pk, _, fingerprint = item.partition(":")
            if pk.isdigit():
                expected[int(pk)] = fingerprint
        if not expected:
            messages.error(request, "Chưa chọn thay đổi nào.")
            return redirect("review:bulk_preview", code=org.code, rule=rule)
        result = services.bulk_apply(
            org=org, rule=rule, findings=findings, expected=expected, actor=request.user
        )
        for line in result.skipped[:20]:
            messages.warning(request, f"Bỏ qua — {line}")
        if result.change_set is None:
            messages.error(request, "Không có thay đổi nào được áp dụng.")
            return redirect("review:bulk_preview", code=org.code, rule=rule)
        messages.success(
            request, f"Đã sửa {result.applied} giá trị. Có thể hoàn tác bằng một lần bấm."
        )
        return redirect("review:change_set", pk=result.change_set.pk)
    services.personal_data_viewed(
        actor=request.user,
        target=org,
        what="bulk_preview",
        records=len(findings),
        details={"rule": rule},
    )
    rows = [
        {
            "finding": finding,
            "current": member_text(finding.member, finding.field) if finding.member else "",
        }
        for finding in findings
    ]
    from dangvien.quality.engine import by_code

    try:
        rule_info = by_code(rule)
    except KeyError:
        rule_info = None
    return render(
        request,
        "review/bulk_preview.html",
        {
            "org": org,
            "rule": rule,
            "rule_info": rule_info,
            "rows": rows,
            "can_edit": selectors.can_edit(request.user),
        },
    )


@reader
def change_set(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.change_set_for(request.user, pk)
    items = list(selectors.change_items(found))
    services.personal_data_viewed(
        actor=request.user, target=found.org, what="change_set", records=len(items)
    )
    return render(
        request,
        "review/change_set.html",
        {
            "change_set": found,
            "items": items,
            "removed": found.snapshot.get("member") if found.kind == ChangeSet.Kind.MERGE else None,
            "can_edit": selectors.can_edit(request.user),
        },
    )


@editor
def change_set_undo(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.change_set_for(request.user, pk)
    try:
        result = services.change_set_undo(change_set=found, actor=request.user)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã hoàn tác: trả lại {result.restored} giá trị như cũ.")
        for line in result.kept[:20]:
            messages.warning(request, f"Giữ nguyên — {line}")
    return redirect("review:change_set", pk=found.pk)


# --- duplicates -----------------------------------------------------------------------------------


@reader
def duplicates(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_for(request.user, code)
    pairs = selectors.duplicate_pairs(request.user, org)
    services.personal_data_viewed(
        actor=request.user, target=org, what="duplicates", records=len(pairs) * 2
    )
    return render(request, "review/duplicates.html", {"org": org, "pairs": pairs})


def _pair_members(request: HttpRequest, low: int, high: int) -> tuple[Any, Any]:
    if low >= high:
        raise PermissionDenied("pair must be ordered")
    return selectors.member_for(request.user, low), selectors.member_for(request.user, high)


@reader
def pair(request: HttpRequest, low: int, high: int) -> HttpResponse:
    """Two records side by side, with a choice per field for a merge."""
    a, b = _pair_members(request, low, high)
    labels = dict(_field_labels())
    rows = []
    for name in MERGE_FIELDS:
        text_a, text_b = member_text(a, name), member_text(b, name)
        rows.append(
            {
                "name": name,
                "label": labels[name],
                "a": text_a,
                "b": text_b,
                "same": text_a == text_b,
                "prefer_b": not text_a and bool(text_b),
            }
        )
    services.personal_data_viewed(actor=request.user, target=a, what="pair", records=2)
    return render(
        request,
        "review/pair.html",
        {
            "a": a,
            "b": b,
            "rows": rows,
            "findings": list(
                {f.message: f for f in selectors.pair_findings(request.user, a, b)}.values()
            ),
            "decision": selectors.pair_decision(request.user, a, b),
            "can_edit": selectors.can_edit(request.user),
        },
    )


def _field_labels() -> list[tuple[str, str]]:
    from dangvien.quality.dictionary import MEMBER_FIELDS

    return [(spec.name, spec.label) for spec in MEMBER_FIELDS]


@editor
def pair_merge(request: HttpRequest, low: int, high: int) -> HttpResponse:
    a, b = _pair_members(request, low, high)
    keep, remove = (b, a) if request.POST.get("giu") == str(b.pk) else (a, b)
    take = [name for name in MERGE_FIELDS if request.POST.get(f"chon-{name}") == str(remove.pk)]
    versions = {m.pk: request.POST.get(f"phien-ban-{m.pk}") for m in (a, b)}
    if not all(str(v or "").isdigit() for v in versions.values()):
        raise PermissionDenied("missing versions")
    try:
        done = services.duplicate_merge(
            keep=keep,
            remove=remove,
            take=take,
            org=keep.org,
            actor=request.user,
            keep_version=int(versions[keep.pk] or 0),
            remove_version=int(versions[remove.pk] or 0),
        )
    except StaleMember:
        messages.error(
            request,
            "Một trong hai hồ sơ vừa được người khác sửa. Chưa gộp gì; xin xem lại rồi chọn lại.",
        )
        return redirect("review:pair", low=low, high=high)
    messages.success(request, "Đã gộp hai hồ sơ. Có thể hoàn tác bằng một lần bấm.")
    return redirect("review:change_set", pk=done.pk)


@editor
def pair_different(request: HttpRequest, low: int, high: int) -> HttpResponse:
    a, b = _pair_members(request, low, high)
    services.duplicate_mark_different(low=a, high=b, org=a.org, actor=request.user)
    messages.success(request, "Đã ghi nhận: đây là hai người khác nhau.")
    return redirect("review:duplicates", code=a.org.code)


# --- refresh --------------------------------------------------------------------------------------


@editor
def refresh(request: HttpRequest, code: str) -> HttpResponse:
    org = selectors.org_for(request.user, code)
    job = services.findings_refresh_enqueue(org=org, actor=request.user)
    return redirect("review:job", pk=job.pk)


@reader
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a refresh the user may see (its organization is in scope)."""
    found = Job.objects.get(pk=pk, kind=services.REFRESH_JOB)
    org = selectors.orgs_for(request.user).get(pk=found.params.get("org_id"))
    template = "review/_job.html" if is_htmx(request) else "review/job.html"
    return render(
        request,
        template,
        {"job": found, "org": org, "finished": found.state in (Job.State.DONE, Job.State.FAILED)},
    )
