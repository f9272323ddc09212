"""One member: the record with its findings and history, the edit form with live validation,
and the actions on its findings. Mounted under /ra-soat/ (URL names in the "review" namespace).

Thin: reads through `dangvien.review.selectors`, writes through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangvien.members.models import Member
from dangvien.members.services import STALE_MESSAGE, StaleMember, member_text
from dangvien.quality.dictionary import MEMBER_FIELDS
from dangvien.review import selectors, services
from dangvien.review.access import editor, is_htmx, reader, scoped
from dangvien.review.forms import ExceptionForm, MemberForm, VerifyForm, VersionForm
from dangvien.review.live import live_findings
from dangvien.review.models import Finding
from dangvien.review.services import ReviewError
from dangvien.review.typed import VALUE_FIELDS

LABELS = {spec.name: spec.label for spec in MEMBER_FIELDS}
_DETAILS = ("reason", "other", "verified_on", "note")
_ACTIONS = {
    "members.member.updated": "Sửa hồ sơ",
    "members.member.verified": "Đối chiếu với hồ sơ gốc",
    "members.member.removed": "Xóa (gộp vào hồ sơ khác)",
    "members.member.restored": "Khôi phục hồ sơ",
    "review.finding.accepted": "Chấp nhận ngoại lệ",
    "review.finding.exception_revoked": "Bỏ chấp nhận ngoại lệ",
    "review.duplicate.merged": "Gộp hồ sơ trùng",
    "review.duplicate.not_same_person": "Ghi nhận không phải cùng một người",
}


def _history(request: HttpRequest, member: Member) -> list[dict[str, Any]]:
    entries = []
    for entry in selectors.member_history(request.user, member):
        note = entry.changes.get("_note", [None, ""])[1] if isinstance(entry.changes, dict) else ""
        changes = [
            {"label": LABELS.get(name, name), "old": pair[0], "new": pair[1]}
            for name, pair in (entry.changes or {}).items()
            if name in LABELS and isinstance(pair, list) and len(pair) == 2
        ]
        details = [
            {"name": name, "value": pair[1]}
            for name, pair in (entry.changes or {}).items()
            if name in _DETAILS and isinstance(pair, list) and pair[1]
        ]
        entries.append(
            {
                "entry": entry,
                "action": _ACTIONS.get(entry.action, entry.action),
                "note": note,
                "changes": changes,
                "details": details,
            }
        )
    return entries


def _fields(member: Member) -> list[dict[str, str]]:
    return [
        {"name": name, "label": LABELS[name], "text": member_text(member, name)}
        for name in ("org", *VALUE_FIELDS)
    ]


def _detail_context(request: HttpRequest, member: Member) -> dict[str, Any]:
    findings = selectors.member_findings(request.user, member)
    return {
        "member": member,
        "open": [f for f in findings if f.state == Finding.State.OPEN],
        "accepted": [f for f in findings if f.state == Finding.State.ACCEPTED],
        "labels": LABELS,
        "can_edit": selectors.can_edit(request.user),
        "exception_form": ExceptionForm(),
    }


@reader
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_for(request.user, pk)
    if is_htmx(request):
        return render(request, "members/_findings.html", _detail_context(request, member))
    context = _detail_context(request, member)
    context.update(
        fields=_fields(member),
        history=_history(request, member),
        verifications=selectors.member_verifications(request.user, member),
        verify_form=VerifyForm(initial={"verified_on": timezone.localdate()}),
    )
    return render(request, "members/detail.html", context)


def _conflicts(form: MemberForm, current: Member) -> list[dict[str, str]]:
    typed = form.texts() if form.is_valid() else {}
    rows = []
    for name in VALUE_FIELDS:
        now = member_text(current, name)
        if name in typed and typed[name] != now:
            rows.append({"label": LABELS[name], "current": now or "(trống)", "yours": typed[name]})
    return rows


@scoped
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_for(request.user, pk)
    if not selectors.can_edit(request.user):
        raise PermissionDenied("this role reads only")
    orgs = list(selectors.orgs_for(request.user).order_by("path"))
    if request.method != "POST":
        form = MemberForm(member=member, orgs=orgs)
        return render(request, "members/edit.html", {"member": member, "form": form})
    form = MemberForm(request.POST, member=member, orgs=orgs)
    if form.is_valid():
        try:
            result = services.member_save(
                member=member,
                texts=form.texts(),
                org=form.chosen_org(),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleMember as stale:
            current = stale.current
            data = request.POST.copy()
            data["version"] = str(current.version)
            last = selectors.member_history(request.user, current, limit=1)
            conflict_form = MemberForm(data, member=current, orgs=orgs)
            return render(
                request,
                "members/edit.html",
                {
                    "member": current,
                    "form": conflict_form,
                    "stale": STALE_MESSAGE,
                    "conflicts": _conflicts(conflict_form, current),
                    "last_change": last[0] if last else None,
                },
                status=409,
            )
        if result.changes:
            messages.success(request, f"Đã lưu {len(result.changes)} thay đổi.")
        else:
            messages.info(request, "Không có gì thay đổi.")
        return redirect("review:member", pk=member.pk)
    return render(request, "members/edit.html", {"member": member, "form": form}, status=400)


@editor
def member_validate(request: HttpRequest, pk: int) -> HttpResponse:
    """Live validation: the typed form judged by the same engine, without saving anything."""
    member = selectors.member_for(request.user, pk)
    orgs = list(selectors.orgs_for(request.user).order_by("path"))
    form = MemberForm(request.POST, member=member, orgs=orgs)
    if not form.is_valid():
        return render(request, "members/_live.html", {"invalid": True, "fields": VALUE_FIELDS})
    live = live_findings(request.user, member, form.texts(), form.chosen_org())
    return render(
        request,
        "members/_live.html",
        {
            "by_field": live.by_field,
            "total": live.total,
            "errors": live.errors,
            "changed": [LABELS[name] for name in live.changed],
        },
    )


@editor
def member_verify(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_for(request.user, pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_verify(
                member=member,
                actor=request.user,
                verified_on=form.cleaned_data["verified_on"],
                note=form.cleaned_data["note"],
            )
        except ReviewError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Đã ghi nhận: hồ sơ đã được đối chiếu với hồ sơ gốc.")
    else:
        messages.error(request, "Ngày đối chiếu không hợp lệ.")
    return redirect("review:member", pk=member.pk)


# --- actions on one finding -----------------------------------------------------------------------


def _finding(request: HttpRequest, pk: int) -> Finding:
    return (
        selectors.findings_for(request.user)
        .select_related("member", "member__org", "org")
        .get(pk=pk)
    )


def _after(request: HttpRequest, finding: Finding) -> HttpResponse:
    if finding.member_id is None:
        return redirect("review:worklist", code=finding.org.code)
    if is_htmx(request):
        member = selectors.member_for(request.user, finding.member_id)
        return render(request, "members/_findings.html", _detail_context(request, member))
    return redirect("review:member", pk=finding.member_id)


@editor
def finding_apply(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    version = VersionForm(request.POST)
    expected = version.cleaned_data.get("version") if version.is_valid() else None
    try:
        services.finding_apply_suggestion(
            finding=finding, actor=request.user, expected_version=expected
        )
    except StaleMember:
        messages.error(
            request,
            "Hồ sơ này vừa được người khác sửa; chưa dùng đề xuất. Xin xem lại rồi bấm lại.",
        )
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã dùng đề xuất «{finding.suggestion}».")
    return _after(request, finding)


@editor
def finding_accept(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Xin ghi lý do chấp nhận.")
        return _after(request, finding)
    try:
        services.finding_accept_exception(
            finding=finding, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Đã chấp nhận ngoại lệ; lỗi này sẽ không báo lại khi dữ liệu giữ nguyên."
        )
    return _after(request, finding)


@editor
def finding_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding(request, pk)
    try:
        services.finding_revoke_exception(finding=finding, actor=request.user)
    except ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã bỏ chấp nhận; lỗi này lại cần xử lý.")
    return _after(request, finding)
