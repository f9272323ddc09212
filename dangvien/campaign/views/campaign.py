"""The campaign plan page: dates, the two phases (organizations, then members), per-cell state."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangvien.accounts.access import ALL_ROLES, COMMUNE_ADMIN, roles_required
from dangvien.campaign.forms import CampaignForm, ExplanationsForm
from dangvien.campaign.models import Campaign
from dangvien.campaign.progress import progress_snapshot_take
from dangvien.campaign.selectors import (
    campaign_current,
    campaign_for,
    communes_for,
    latest_signoffs,
    org_level_error_count,
    org_level_open_errors,
    scope_of,
    signoff_units,
)
from dangvien.campaign.services import (
    CampaignError,
    campaign_create,
    campaign_orgs_sign_off,
    campaign_update,
)
from dangvien.orgs.models import Organization

ADMIN = [COMMUNE_ADMIN]


@roles_required(ALL_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    paths = scope_of(request.user)
    campaign = campaign_current(request.user) if paths else None
    context: dict[str, object] = {"campaign": campaign, "today": timezone.localdate()}
    if campaign is not None:
        units = list(signoff_units(campaign, paths))
        latest = latest_signoffs(campaign, [org.pk for org in units])
        cells = [(org, latest.get(org.pk)) for org in units]
        context["cells"] = cells
        context["approved"] = sum(1 for _, s in cells if s is not None and s.state == "approved")
        context["org_errors"] = org_level_error_count(campaign)
    return render(request, "campaign/overview.html", context)


@roles_required(ADMIN)
def campaign_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        communes=communes_for(request.user),
        initial={"start_date": today, "deadline": today + timezone.timedelta(days=20)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_create(
                actor=request.user,
                commune=form.cleaned_data["commune"],
                name=form.cleaned_data["name"],
                start_date=form.cleaned_data["start_date"],
                deadline=form.cleaned_data["deadline"],
            )
        except CampaignError as error:
            form.add_error(None, error.message)
        else:
            progress_snapshot_take(campaign=campaign)
            messages.success(request, "Đã lập kế hoạch rà soát.")
            return redirect("campaign:overview")
    return render(request, "campaign/campaign_form.html", {"form": form, "campaign": None})


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    try:
        return campaign_for(request.user, pk)
    except Campaign.DoesNotExist:
        raise Http404("Không có đợt rà soát này trong phạm vi của đồng chí.") from None


@roles_required(ADMIN)
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    form = CampaignForm(
        request.POST or None,
        initial={
            "name": campaign.name,
            "start_date": campaign.start_date,
            "deadline": campaign.deadline,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign_update(actor=request.user, campaign=campaign, **form.cleaned_data)
        except CampaignError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Đã lưu kế hoạch.")
            return redirect("campaign:overview")
    return render(request, "campaign/campaign_form.html", {"form": form, "campaign": campaign})


@roles_required(ADMIN)
def orgs_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """Phase 1 closes: the commune admin signs off the organization data of the commune."""
    campaign = _campaign(request, pk)
    commune: Organization = campaign.commune
    errors = list(org_level_open_errors(request.user, commune))
    form = ExplanationsForm(request.POST or None, findings=errors)
    if campaign.orgs_signed_off_at is None and request.method == "POST" and form.is_valid():
        try:
            campaign_orgs_sign_off(
                actor=request.user,
                campaign=campaign,
                explanations=form.explanations(),
                note=form.cleaned_data["note"],
            )
        except CampaignError as error:
            form.add_error(None, error.message)
        else:
            progress_snapshot_take(campaign=campaign)
            messages.success(
                request,
                "Đã chốt dữ liệu tổ chức đảng. Các chi bộ có thể xác nhận dữ liệu đảng viên.",
            )
            return redirect("campaign:overview")
    return render(request, "campaign/orgs_signoff.html", {"campaign": campaign, "form": form})
