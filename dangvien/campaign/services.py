"""Writes of the campaign: the campaign itself, sign-offs by phase, difficulties.

Each service checks who acts (role and scope), runs in one transaction and writes the audit entry.
Errors a person can fix raise CampaignError with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvien.accounts.access import CELL_SECRETARY, COMMUNE_ADMIN, role_of
from dangvien.accounts.models import User
from dangvien.accounts.selectors import scope_paths_for
from dangvien.audit.services import audit_record
from dangvien.campaign.models import Campaign, Difficulty, SignOff, SignOffExplanation
from dangvien.campaign.selectors import SIGNOFF_KINDS, in_scope
from dangvien.orgs.models import Organization
from dangvien.review.models import Finding


class CampaignError(ValueError):
    """A campaign action that is not allowed now; the message says why, in Vietnamese."""

    @property
    def message(self) -> str:
        return str(self.args[0])


def _require(actor: Any, roles: set[str], what: str) -> None:
    if role_of(actor) not in roles:
        raise CampaignError(f"Vai trò của đồng chí không được {what}.")


def _require_scope(actor: Any, org: Organization) -> None:
    if not in_scope(org.path, scope_paths_for(actor)):
        raise CampaignError(f"{org.name} không thuộc phạm vi của đồng chí.")


def _check_dates(start_date: dt.date, deadline: dt.date) -> None:
    if deadline < start_date:
        raise CampaignError("Hạn hoàn thành phải sau ngày bắt đầu.")


# --- the campaign -------------------------------------------------------------------------------


def campaign_create(
    *, actor: Any, commune: Organization, name: str, start_date: dt.date, deadline: dt.date
) -> Campaign:
    _require(actor, {COMMUNE_ADMIN}, "lập kế hoạch")
    _require_scope(actor, commune)
    _check_dates(start_date, deadline)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name.strip(), commune=commune, start_date=start_date, deadline=deadline
        )
        audit_record(
            actor=actor,
            action="campaign.campaign.created",
            target=campaign,
            changes={
                "name": [None, campaign.name],
                "start_date": [None, start_date.isoformat()],
                "deadline": [None, deadline.isoformat()],
            },
        )
    return campaign


def campaign_update(
    *, actor: Any, campaign: Campaign, name: str, start_date: dt.date, deadline: dt.date
) -> dict[str, list[Any]]:
    _require(actor, {COMMUNE_ADMIN}, "sửa kế hoạch")
    _require_scope(actor, campaign.commune)
    _check_dates(start_date, deadline)
    changes: dict[str, list[Any]] = {}
    for field, value in (
        ("name", name.strip()),
        ("start_date", start_date),
        ("deadline", deadline),
    ):
        old = getattr(campaign, field)
        if old != value:
            changes[field] = [str(old), str(value)]
            setattr(campaign, field, value)
    if changes:
        with transaction.atomic():
            campaign.save(update_fields=["name", "start_date", "deadline"])
            audit_record(
                actor=actor, action="campaign.campaign.updated", target=campaign, changes=changes
            )
    return changes


def _explanations_needed(
    errors: list[Finding], explanations: Mapping[int, str]
) -> list[tuple[Finding, str]]:
    given: list[tuple[Finding, str]] = []
    missing = 0
    for finding in errors:
        text = " ".join((explanations.get(finding.pk) or "").split())
        if not text:
            missing += 1
        given.append((finding, text[:500]))
    if missing:
        raise CampaignError(
            f"Còn {missing} lỗi chưa có giải trình. Xin sửa lỗi hoặc ghi rõ lý do cho từng lỗi "
            "còn lại trước khi xác nhận."
        )
    return given


def _open_errors(org: Organization, *, members: bool) -> list[Finding]:
    found = Finding.objects.filter(
        org__path__startswith=org.path, state=Finding.State.OPEN, severity="error"
    ).select_related("member")
    return list(found.filter(member__isnull=not members).order_by("id"))


def _store_explanations(signoff: SignOff, given: list[tuple[Finding, str]]) -> None:
    SignOffExplanation.objects.bulk_create(
        SignOffExplanation(
            signoff=signoff,
            finding=finding,
            member_id=finding.member_id,
            rule=finding.rule,
            field=finding.field,
            message=finding.message[:500],
            text=text,
        )
        for finding, text in given
    )


def campaign_orgs_sign_off(
    *, actor: Any, campaign: Campaign, explanations: Mapping[int, str], note: str = ""
) -> SignOff:
    """The commune admin closes the organization phase (organizations first, members after)."""
    _require(actor, {COMMUNE_ADMIN}, "chốt dữ liệu tổ chức")
    _require_scope(actor, campaign.commune)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.orgs_signed_off_at is not None:
            raise CampaignError("Dữ liệu tổ chức đảng đã được chốt trước đó.")
        given = _explanations_needed(_open_errors(campaign.commune, members=False), explanations)
        now = timezone.now()
        signoff = SignOff.objects.create(
            campaign=campaign,
            org=campaign.commune,
            phase=SignOff.Phase.ORGS,
            state=SignOff.State.APPROVED,
            explanation=note.strip(),
            submitted_by=actor,
            decided_by=actor,
            decided_at=now,
        )
        _store_explanations(signoff, given)
        Campaign.objects.filter(pk=campaign.pk).update(
            orgs_signed_off_at=now, orgs_signed_off_by=actor
        )
        campaign.orgs_signed_off_at, campaign.orgs_signed_off_by = now, actor
        audit_record(
            actor=actor,
            action="campaign.orgs.signed_off",
            target=campaign,
            changes={
                "orgs_signed_off_at": [None, now.isoformat()],
                "explained": [None, len(given)],
            },
        )
    return signoff


# --- member sign-off per cell -------------------------------------------------------------------


def signoff_submit(
    *,
    actor: Any,
    campaign: Campaign,
    org: Organization,
    explanations: Mapping[int, str],
    note: str = "",
) -> SignOff:
    """A cell secretary signs off their cell: no open error left, or every one explained."""
    _require(actor, {CELL_SECRETARY, COMMUNE_ADMIN}, "xác nhận hoàn thành")
    _require_scope(actor, org)
    if org.kind not in SIGNOFF_KINDS or not org.path.startswith(campaign.commune.path):
        raise CampaignError(f"{org.name} không phải chi bộ của đợt rà soát này.")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.orgs_signed_off_at is None:
            raise CampaignError(
                "Chưa xác nhận được dữ liệu đảng viên: Ban Xây dựng Đảng chưa chốt dữ liệu tổ chức "
                "đảng của Đảng bộ (làm sạch tổ chức trước, đảng viên sau)."
            )
        current = (
            SignOff.objects.filter(campaign=campaign, org=org, phase=SignOff.Phase.MEMBERS)
            .order_by("-submitted_at", "-id")
            .first()
        )
        if current is not None and current.state == SignOff.State.SUBMITTED:
            raise CampaignError(f"{org.name} đã gửi xác nhận, đang chờ Ban Xây dựng Đảng duyệt.")
        if current is not None and current.state == SignOff.State.APPROVED:
            raise CampaignError(f"Dữ liệu đảng viên của {org.name} đã được duyệt.")
        given = _explanations_needed(_open_errors(org, members=True), explanations)
        signoff = SignOff.objects.create(
            campaign=campaign,
            org=org,
            phase=SignOff.Phase.MEMBERS,
            state=SignOff.State.SUBMITTED,
            explanation=note.strip(),
            submitted_by=actor,
        )
        _store_explanations(signoff, given)
        audit_record(
            actor=actor,
            action="campaign.signoff.submitted",
            target=signoff,
            changes={"state": [None, "submitted"], "explained": [None, len(given)]},
        )
    return signoff


def _decide(*, actor: Any, signoff: SignOff, state: str, comment: str, action: str) -> SignOff:
    _require(actor, {COMMUNE_ADMIN}, "duyệt xác nhận")
    _require_scope(actor, signoff.org)
    with transaction.atomic():
        now = timezone.now()
        changed = SignOff.objects.filter(pk=signoff.pk, state=SignOff.State.SUBMITTED).update(
            state=state, decided_by=actor, decided_at=now, comment=comment.strip()
        )
        if not changed:
            raise CampaignError("Xác nhận này đã được xử lý trước đó.")
        signoff.refresh_from_db()
        audit_record(
            actor=actor,
            action=action,
            target=signoff,
            changes={"state": ["submitted", state], "comment": [None, comment.strip()]},
        )
    return signoff


def signoff_approve(*, actor: Any, signoff: SignOff, comment: str = "") -> SignOff:
    return _decide(
        actor=actor,
        signoff=signoff,
        state=SignOff.State.APPROVED,
        comment=comment,
        action="campaign.signoff.approved",
    )


def signoff_return(*, actor: Any, signoff: SignOff, comment: str) -> SignOff:
    if not comment.strip():
        raise CampaignError("Xin ghi ý kiến: chi bộ cần biết phải sửa gì.")
    return _decide(
        actor=actor,
        signoff=signoff,
        state=SignOff.State.RETURNED,
        comment=comment,
        action="campaign.signoff.returned",
    )


# --- difficulties ------------------------------------------------------------------------------


def difficulty_raise(
    *,
    actor: Any,
    campaign: Campaign,
    org: Organization,
    title: str,
    body: str,
    technical: bool,
) -> Difficulty:
    _require(actor, {CELL_SECRETARY, COMMUNE_ADMIN}, "nêu khó khăn, vướng mắc")
    _require_scope(actor, org)
    if not org.path.startswith(campaign.commune.path):
        raise CampaignError(f"{org.name} không thuộc đợt rà soát này.")
    if not title.strip() or not body.strip():
        raise CampaignError("Xin ghi tiêu đề và nội dung khó khăn, vướng mắc.")
    with transaction.atomic():
        difficulty = Difficulty.objects.create(
            campaign=campaign,
            org=org,
            title=title.strip()[:200],
            body=body.strip(),
            technical=technical,
            raised_by=actor,
        )
        audit_record(
            actor=actor,
            action="campaign.difficulty.raised",
            target=difficulty,
            changes={"title": [None, difficulty.title], "org": [None, org.code]},
        )
    return difficulty


def difficulty_assign(*, actor: Any, difficulty: Difficulty, assignee: User | None) -> None:
    _require(actor, {COMMUNE_ADMIN}, "phân công xử lý")
    _require_scope(actor, difficulty.org)
    if assignee is not None and (
        not assignee.is_active
        or role_of(assignee) != COMMUNE_ADMIN
        or not in_scope(difficulty.campaign.commune.path, scope_paths_for(assignee))
    ):
        raise CampaignError("Chỉ phân công cho cán bộ Ban Xây dựng Đảng của Đảng bộ.")
    if difficulty.state == Difficulty.State.CLOSED:
        raise CampaignError("Khó khăn này đã đóng.")
    before = difficulty.assigned_to.username if difficulty.assigned_to else None
    with transaction.atomic():
        difficulty.assigned_to = assignee
        difficulty.save(update_fields=["assigned_to"])
        audit_record(
            actor=actor,
            action="campaign.difficulty.assigned",
            target=difficulty,
            changes={"assigned_to": [before, assignee.username if assignee else None]},
        )


def difficulty_answer(*, actor: Any, difficulty: Difficulty, answer: str) -> None:
    _require(actor, {COMMUNE_ADMIN}, "trả lời khó khăn, vướng mắc")
    _require_scope(actor, difficulty.org)
    if difficulty.state == Difficulty.State.CLOSED:
        raise CampaignError("Khó khăn này đã đóng.")
    if not answer.strip():
        raise CampaignError("Xin ghi nội dung trả lời.")
    with transaction.atomic():
        before = difficulty.answer or None
        difficulty.answer = answer.strip()
        difficulty.answered_at = timezone.now()
        difficulty.answered_by = actor
        difficulty.state = Difficulty.State.ANSWERED
        difficulty.save(update_fields=["answer", "answered_at", "answered_by", "state"])
        audit_record(
            actor=actor,
            action="campaign.difficulty.answered",
            target=difficulty,
            changes={"answer": [before, difficulty.answer]},
        )


def difficulty_close(*, actor: Any, difficulty: Difficulty) -> None:
    """Closed by the commune admin, or by the person who raised it once it is answered."""
    _require_scope(actor, difficulty.org)
    is_admin = role_of(actor) == COMMUNE_ADMIN
    if not is_admin and not (
        role_of(actor) == CELL_SECRETARY and difficulty.raised_by_id == actor.pk
    ):
        raise CampaignError("Chỉ người nêu hoặc Ban Xây dựng Đảng được đóng khó khăn này.")
    if difficulty.state == Difficulty.State.CLOSED:
        raise CampaignError("Khó khăn này đã đóng.")
    with transaction.atomic():
        before = difficulty.state
        difficulty.state = Difficulty.State.CLOSED
        difficulty.closed_at = timezone.now()
        difficulty.save(update_fields=["state", "closed_at"])
        audit_record(
            actor=actor,
            action="campaign.difficulty.closed",
            target=difficulty,
            changes={"state": [before, "closed"]},
        )
