"""Sign-off of member data per cell: the secretary submits, the commune admin decides."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvien.accounts.access import (
    CELL_SECRETARY,
    COMMUNE_ADMIN,
    PERSONAL_DATA_ROLES,
    role_of,
    roles_required,
)
from dangvien.campaign.forms import DecisionForm, ExplanationsForm
from dangvien.campaign.models import Campaign, SignOff
from dangvien.campaign.selectors import (
    SIGNOFF_KINDS,
    campaign_current,
    latest_signoffs,
    open_errors,
    org_for,
    scope_of,
    signoff_for,
    signoff_history,
    signoff_units,
    signoffs_pending,
)
from dangvien.campaign.services import (
    CampaignError,
    signoff_approve,
    signoff_return,
    signoff_submit,
)
from dangvien.orgs.models import Organization

# The secretary's page lists the open errors to explain; a cell rarely has more than a few dozen.
ERRORS_SHOWN = 200


def _campaign(request: HttpRequest) -> Campaign:
    campaign = campaign_current(request.user)
    if campaign is None:
        raise Http404("Chưa có đợt rà soát.")
    return campaign


@roles_required(PERSONAL_DATA_ROLES)
def signoffs(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current(request.user)
    context: dict[str, object] = {"campaign": campaign}
    if campaign is not None:
        units = list(signoff_units(campaign, scope_of(request.user)))
        latest = latest_signoffs(campaign, [org.pk for org in units])
        context["cells"] = [(org, latest.get(org.pk)) for org in units]
        if role_of(request.user) == COMMUNE_ADMIN:
            context["pending"] = list(signoffs_pending(request.user, campaign))
    return render(request, "campaign/signoffs.html", context)


def _org(request: HttpRequest, code: str) -> Organization:
    try:
        org = org_for(request.user, code)
    except Organization.DoesNotExist:
        raise Http404("Tổ chức này không thuộc phạm vi của đồng chí.") from None
    if org.kind not in SIGNOFF_KINDS:
        raise Http404("Chỉ chi bộ mới xác nhận dữ liệu đảng viên.")
    return org


@roles_required(PERSONAL_DATA_ROLES)
def signoff_org(request: HttpRequest, code: str) -> HttpResponse:
    """A cell's sign-off: its state and history, and the form to submit it (errors explained)."""
    campaign = _campaign(request)
    org = _org(request, code)
    history = list(signoff_history(request.user, campaign, org))
    current = history[0] if history else None
    can_submit = (
        role_of(request.user) in {CELL_SECRETARY, COMMUNE_ADMIN}
        and campaign.orgs_signed_off_at is not None
        and (current is None or current.state == SignOff.State.RETURNED)
    )
    errors_qs = open_errors(request.user, org)
    errors = list(errors_qs[:ERRORS_SHOWN])
    form = ExplanationsForm(request.POST or None, findings=errors)
    if request.method == "POST":
        if not can_submit:
            messages.error(request, "Không gửi được xác nhận lúc này.")
            return redirect("campaign:signoff_org", code=org.code)
        if form.is_valid():
            try:
                signoff_submit(
                    actor=request.user,
                    campaign=campaign,
                    org=org,
                    explanations=form.explanations(),
                    note=form.cleaned_data["note"],
                )
            except CampaignError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, f"Đã gửi xác nhận hoàn thành của {org.name} lên Ban Xây dựng Đảng."
                )
                return redirect("campaign:signoff_org", code=org.code)
    return render(
        request,
        "campaign/signoff_org.html",
        {
            "campaign": campaign,
            "org": org,
            "history": history,
            "current": current,
            "can_submit": can_submit,
            "form": form,
            "errors_total": errors_qs.count() if len(errors) == ERRORS_SHOWN else len(errors),
            "decision_form": DecisionForm(),
        },
    )


@require_POST
@roles_required([COMMUNE_ADMIN])
def signoff_decide(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        signoff = signoff_for(request.user, pk)
    except SignOff.DoesNotExist:
        raise Http404("Không có xác nhận này trong phạm vi của đồng chí.") from None
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Xin chọn duyệt hoặc trả lại.")
    else:
        comment = form.cleaned_data["comment"]
        try:
            if form.cleaned_data["decision"] == "approve":
                signoff_approve(actor=request.user, signoff=signoff, comment=comment)
                messages.success(request, f"Đã duyệt dữ liệu đảng viên của {signoff.org.name}.")
            else:
                signoff_return(actor=request.user, signoff=signoff, comment=comment)
                messages.success(request, f"Đã trả lại {signoff.org.name} kèm ý kiến.")
        except CampaignError as error:
            messages.error(request, error.message)
    return redirect("campaign:signoff_org", code=signoff.org.code)
