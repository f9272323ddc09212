"""Khó khăn, vướng mắc: raised by anyone with a scope, assigned, answered, closed, exported."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangvien.accounts.access import (
    COMMUNE_ADMIN,
    PERSONAL_DATA_ROLES,
    WRITER_ROLES,
    role_of,
    roles_required,
)
from dangvien.accounts.directory import commune_admins_for
from dangvien.audit.services import audit_record
from dangvien.campaign.exports import DIFFICULTY_HEADER, difficulty_rows, xlsx_table
from dangvien.campaign.forms import AnswerForm, AssignForm, DifficultyForm
from dangvien.campaign.models import Campaign, Difficulty
from dangvien.campaign.selectors import campaign_current, difficulties_for, difficulty_for, scope_of
from dangvien.campaign.services import (
    CampaignError,
    difficulty_answer,
    difficulty_assign,
    difficulty_close,
    difficulty_raise,
)
from dangvien.orgs.selectors import orgs_in_scope

STATES = dict(Difficulty.State.choices)


def _campaign(request: HttpRequest) -> Campaign:
    campaign = campaign_current(request.user)
    if campaign is None:
        raise Http404("Chưa có đợt rà soát.")
    return campaign


def _orgs(request: HttpRequest, campaign: Campaign):  # type: ignore[no-untyped-def]
    return (
        orgs_in_scope(scope_of(request.user))
        .filter(path__startswith=campaign.commune.path)
        .order_by("path")
    )


@roles_required(PERSONAL_DATA_ROLES)
def difficulties(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current(request.user)
    if campaign is None:
        return render(request, "campaign/difficulties.html", {"campaign": None})
    form = DifficultyForm(request.POST or None, orgs=_orgs(request, campaign))
    if request.method == "POST":
        if role_of(request.user) not in WRITER_ROLES:
            raise PermissionDenied("Vai trò của đồng chí chỉ được xem.")
        if form.is_valid():
            try:
                difficulty_raise(actor=request.user, campaign=campaign, **form.cleaned_data)
            except CampaignError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Đã gửi khó khăn, vướng mắc tới Ban Xây dựng Đảng.")
                return redirect("campaign:difficulties")
    state = request.GET.get("trang-thai", "")
    items = difficulties_for(request.user, campaign)
    if state in STATES:
        items = items.filter(state=state)
    return render(
        request,
        "campaign/difficulties.html",
        {
            "campaign": campaign,
            "items": list(items),
            "form": form,
            "state": state,
            "states": STATES,
        },
    )


def _difficulty(request: HttpRequest, pk: int) -> Difficulty:
    try:
        return difficulty_for(request.user, pk)
    except Difficulty.DoesNotExist:
        raise Http404("Không có khó khăn này trong phạm vi của đồng chí.") from None


@roles_required(PERSONAL_DATA_ROLES)
def difficulty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _difficulty(request, pk)
    admins = commune_admins_for([item.campaign.commune.path])
    return render(
        request,
        "campaign/difficulty.html",
        {
            "item": item,
            "assign_form": AssignForm(initial={"assignee": item.assigned_to}, users=admins),
            "answer_form": AnswerForm(initial={"answer": item.answer}),
        },
    )


@require_POST
@roles_required(WRITER_ROLES)
def difficulty_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _difficulty(request, pk)
    try:
        if action == "assign":
            if role_of(request.user) != COMMUNE_ADMIN:
                raise CampaignError("Chỉ Ban Xây dựng Đảng phân công xử lý.")
            form = AssignForm(request.POST, users=commune_admins_for([item.campaign.commune.path]))
            if not form.is_valid():
                raise CampaignError("Người được giao không hợp lệ.")
            difficulty_assign(
                actor=request.user, difficulty=item, assignee=form.cleaned_data["assignee"]
            )
            messages.success(request, "Đã phân công.")
        elif action == "answer":
            answer = AnswerForm(request.POST)
            if not answer.is_valid():
                raise CampaignError("Xin ghi nội dung trả lời.")
            difficulty_answer(
                actor=request.user, difficulty=item, answer=answer.cleaned_data["answer"]
            )
            messages.success(request, "Đã trả lời.")
        elif action == "close":
            difficulty_close(actor=request.user, difficulty=item)
            messages.success(request, "Đã đóng khó khăn, vướng mắc.")
        else:
            raise Http404
    except CampaignError as error:
        messages.error(request, error.message)
    return redirect("campaign:difficulty", pk=item.pk)


@roles_required([COMMUNE_ADMIN])
def difficulties_export(request: HttpRequest) -> HttpResponse:
    """The workbook sent with the report to the province: every difficulty, audited."""
    campaign = _campaign(request)
    items = list(difficulties_for(request.user, campaign).order_by("raised_at", "id"))
    today = timezone.localdate()
    content = xlsx_table(
        title=f"TỔNG HỢP KHÓ KHĂN, VƯỚNG MẮC — {campaign.commune.name.upper()}",
        subtitle=f"{campaign.name}; số liệu đến ngày {today:%d/%m/%Y}",
        header=DIFFICULTY_HEADER,
        rows=difficulty_rows(items),
    )
    audit_record(
        actor=request.user,
        action="exports.difficulties.downloaded",
        target=campaign,
        changes={"rows": [None, len(items)]},
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="kho-khan-vuong-mac-{today:%Y%m%d}.xlsx"'
    )
    return response
