"""Writes of the review work: fixing a member, suggestions, exceptions, bulk changes and undo.

Every function takes the acting user, runs in one transaction and leaves an audit entry. Members
change only through `dangvien.members.services.member_update` (optimistic locking); findings follow
the data through `members_recheck` right after, and through `findings_refresh` for a whole subtree.
Scope is the caller's business: views hand in objects they read through the scoped selectors.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvien.audit.services import audit_record
from dangvien.jobs.models import Job
from dangvien.jobs.services import job_enqueue
from dangvien.members.models import Member
from dangvien.members.services import (
    FieldValue,
    StaleMember,
    field_value_json,
    member_field_value,
    member_update,
)
from dangvien.orgs.models import Organization
from dangvien.review.changes import UndoResult, undo_items
from dangvien.review.jobs import REFRESH_JOB
from dangvien.review.merges import (
    duplicate_mark_different,
    duplicate_merge,
    merge_undo,
)
from dangvien.review.models import (
    AcceptedException,
    ChangeItem,
    ChangeSet,
    DossierVerification,
    Finding,
)
from dangvien.review.refresh import RefreshSummary, findings_refresh, members_recheck
from dangvien.review.typed import VALUE_FIELDS, form_table, parse_rows, stored_value

__all__ = [
    "REFRESH_JOB",
    "BulkResult",
    "RefreshSummary",
    "ReviewError",
    "SaveResult",
    "UndoResult",
    "bulk_apply",
    "change_set_undo",
    "dossier_verify",
    "duplicate_mark_different",
    "duplicate_merge",
    "finding_accept_exception",
    "finding_apply_suggestion",
    "finding_revoke_exception",
    "findings_refresh",
    "findings_refresh_enqueue",
    "member_save",
    "members_recheck",
    "personal_data_viewed",
]


class ReviewError(Exception):
    """A request the data does not allow; the message is shown to the person as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- one member -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    changes: dict[str, list[Any]]
    findings: dict[str, int]


def member_save(
    *,
    member: Member,
    texts: Mapping[str, str],
    org: Organization,
    actor: Any,
    expected_version: int,
) -> SaveResult:
    """Save the member form: changed texts are parsed like an import, then stored if nobody
    saved the record since `expected_version` (`StaleMember` otherwise)."""
    table, changed = form_table(member, texts, org)
    row = table.row(0, named=True)
    changes: dict[str, FieldValue | Organization] = {
        name: stored_value(row, name) for name in changed
    }
    if org.pk != member.org_id:
        changes["org"] = org
    with transaction.atomic():
        audited = member_update(
            member=member, changes=changes, actor=actor, expected_version=expected_version
        )
        if audited and "org" in audited:
            Finding.objects.filter(member=member).update(org=org)
        findings = members_recheck(member_ids=[member.pk], actor=actor) if audited else {}
    return SaveResult(audited, findings)


def finding_apply_suggestion(
    *, finding: Finding, actor: Any, expected_version: int | None = None
) -> dict[str, list[Any]]:
    """Put the suggested value of an open finding into the member record."""
    member = finding.member
    if member is None or finding.state != Finding.State.OPEN or not finding.suggestion:
        raise ReviewError("Lỗi này không có đề xuất để dùng, hoặc đã được xử lý.")
    if finding.field not in VALUE_FIELDS:
        raise ReviewError("Đề xuất này cần sửa ở danh sách tổ chức, không sửa trong hồ sơ.")
    parsed = parse_rows([{finding.field: finding.suggestion}], [finding.field]).row(0, named=True)
    value = stored_value(parsed, finding.field)
    if value.value in (None, "") and finding.suggestion.strip():
        raise ReviewError("Không đọc được giá trị đề xuất; xin sửa trực tiếp trong hồ sơ.")
    with transaction.atomic():
        audited = member_update(
            member=member,
            changes={finding.field: value},
            actor=actor,
            expected_version=expected_version,
            note=f"Dùng đề xuất của quy tắc {finding.rule}",
        )
        members_recheck(member_ids=[member.pk], actor=actor)
    return audited


def finding_accept_exception(*, finding: Finding, reason: str, actor: Any) -> AcceptedException:
    """Judge a finding not an error here. It stays quiet until the values it read change."""
    reason = " ".join(reason.split())
    if not reason:
        raise ReviewError("Xin ghi lý do chấp nhận (ví dụ: «đúng theo hồ sơ gốc»).")
    if finding.state != Finding.State.OPEN:
        raise ReviewError("Lỗi này đã được xử lý.")
    with transaction.atomic():
        exception = AcceptedException.objects.create(
            member=finding.member,
            org=finding.org,
            rule=finding.rule,
            field=finding.field,
            fingerprint=finding.fingerprint,
            reason=reason[:500],
            accepted_by=actor,
        )
        Finding.objects.filter(pk=finding.pk).update(
            state=Finding.State.ACCEPTED,
            note=reason[:500],
            resolved_at=timezone.now(),
            resolved_by=actor,
        )
        audit_record(
            actor=actor,
            action="review.finding.accepted",
            target=finding.member or finding.org,
            changes={
                "rule": [None, finding.rule],
                "field": [None, finding.field],
                "message": [None, finding.message],
                "reason": [None, reason],
            },
        )
    return exception


def finding_revoke_exception(*, finding: Finding, actor: Any) -> None:
    """Take back an accepted exception: the finding is open again."""
    if finding.state != Finding.State.ACCEPTED:
        raise ReviewError("Lỗi này không ở trạng thái «chấp nhận ngoại lệ».")
    with transaction.atomic():
        exceptions = AcceptedException.objects.filter(
            rule=finding.rule, field=finding.field, fingerprint=finding.fingerprint
        )
        if finding.member_id:
            exceptions = exceptions.filter(member_id=finding.member_id)
        else:
            exceptions = exceptions.filter(member__isnull=True, org_id=finding.org_id)
        exceptions.delete()
        Finding.objects.filter(pk=finding.pk).update(
            state=Finding.State.OPEN, note="", resolved_at=None, resolved_by=None
        )
        audit_record(
            actor=actor,
            action="review.finding.exception_revoked",
            target=finding.member or finding.org,
            changes={"rule": [None, finding.rule], "field": [None, finding.field]},
        )


def dossier_verify(
    *, member: Member, actor: Any, verified_on: dt.date | None = None, note: str = ""
) -> DossierVerification:
    """Record that a person checked this record against the original paper dossier."""
    day = verified_on or timezone.localdate()
    if day > timezone.localdate():
        raise ReviewError("Ngày đối chiếu không thể ở tương lai.")
    with transaction.atomic():
        verification = DossierVerification.objects.create(
            member=member, verified_on=day, actor=actor, note=note[:300]
        )
        audit_record(
            actor=actor,
            action="members.member.verified",
            target=member,
            changes={"verified_on": [None, day.strftime("%d/%m/%Y")], "note": [None, note[:300]]},
        )
    return verification


# --- bulk suggestions and undo --------------------------------------------------------------------


@dataclass
class BulkResult:
    change_set: ChangeSet | None
    applied: int = 0
    skipped: list[str] = field(default_factory=list)


def bulk_apply(
    *,
    org: Organization,
    rule: str,
    findings: Sequence[Finding],
    expected: Mapping[int, str],
    actor: Any,
) -> BulkResult:
    """Apply the suggestions of `findings` (previewed with fingerprints `expected`) as one undoable
    change set. A finding whose values changed since the preview, or whose member someone else
    saved meanwhile, is skipped and named in the result."""
    result = BulkResult(change_set=None)
    chosen: list[Finding] = []
    for finding in findings:
        name = finding.member.full_name if finding.member else finding.org.name
        if finding.pk not in expected:
            continue
        if (
            finding.state != Finding.State.OPEN
            or finding.rule != rule
            or expected[finding.pk] != finding.fingerprint
            or finding.member is None
            or finding.field not in VALUE_FIELDS
            or not finding.suggestion
        ):
            result.skipped.append(f"{name}: dữ liệu đã thay đổi sau khi xem trước")
            continue
        chosen.append(finding)
    if not chosen:
        return result
    parsed = parse_rows(
        [{f.field: f.suggestion} for f in chosen], sorted({f.field for f in chosen})
    ).to_dicts()
    by_member: dict[int, dict[str, FieldValue]] = defaultdict(dict)
    members: dict[int, Member] = {}
    for finding, row in zip(chosen, parsed, strict=True):
        assert finding.member is not None
        value = stored_value(row, finding.field)
        if value.value in (None, ""):
            result.skipped.append(f"{finding.member.full_name}: không đọc được giá trị đề xuất")
            continue
        members[finding.member.pk] = finding.member
        by_member[finding.member.pk].setdefault(finding.field, value)
    with transaction.atomic():
        change_set = ChangeSet.objects.create(
            kind=ChangeSet.Kind.BULK,
            org=org,
            actor=actor,
            description=f"Dùng đề xuất hàng loạt: quy tắc {rule}",
        )
        items: list[ChangeItem] = []
        for pk, changes in by_member.items():
            member = members[pk]
            before = {name: member_field_value(member, name) for name in changes}
            try:
                audited = member_update(
                    member=member,
                    changes=changes,
                    actor=actor,
                    note=f"Dùng đề xuất hàng loạt (lần #{change_set.pk}, quy tắc {rule})",
                )
            except StaleMember:
                result.skipped.append(f"{member.full_name}: hồ sơ vừa được người khác sửa")
                continue
            for name in audited:
                items.append(
                    ChangeItem(
                        change_set=change_set,
                        member=member,
                        field=name,
                        old=field_value_json(before[name]),
                        new=field_value_json(member_field_value(member, name)),
                    )
                )
        ChangeItem.objects.bulk_create(items)
        result.applied = len(items)
        members_recheck(member_ids=list(by_member), actor=actor)
        audit_record(
            actor=actor,
            action="review.bulk.applied",
            target=org,
            changes={
                "rule": [None, rule],
                "change_set": [None, change_set.pk],
                "changed": [None, len(items)],
                "skipped": [None, len(result.skipped)],
            },
        )
    result.change_set = change_set
    return result


def change_set_undo(*, change_set: ChangeSet, actor: Any) -> UndoResult:
    """Undo a bulk change or a merge in one click."""
    if change_set.undone_at is not None:
        raise ReviewError("Nhóm thay đổi này đã được hoàn tác.")
    result = UndoResult()
    with transaction.atomic():
        locked = ChangeSet.objects.select_for_update().get(pk=change_set.pk)
        if locked.undone_at is not None:
            raise ReviewError("Nhóm thay đổi này đã được hoàn tác.")
        note = f"Hoàn tác lần thay đổi #{change_set.pk}"
        if change_set.kind == ChangeSet.Kind.MERGE:
            touched = merge_undo(change_set=change_set, actor=actor, note=note, result=result)
        else:
            touched = undo_items(
                items=change_set.items.all(), actor=actor, note=note, result=result
            )
        members_recheck(member_ids=touched, actor=actor)
        now = timezone.now()
        ChangeSet.objects.filter(pk=change_set.pk).update(undone_at=now, undone_by=actor)
        change_set.undone_at, change_set.undone_by = now, actor
        audit_record(
            actor=actor,
            action="review.changeset.undone",
            target=change_set.org,
            changes={
                "change_set": [None, change_set.pk],
                "restored": [None, result.restored],
                "kept": [None, len(result.kept)],
            },
        )
    return result


# --- whole subtrees -------------------------------------------------------------------------------


def findings_refresh_enqueue(*, org: Organization, actor: Any, as_of: dt.date | None = None) -> Job:
    """Queue a refresh of `org`'s findings for the background runner."""
    params: dict[str, Any] = {"org_id": org.pk, "actor_id": getattr(actor, "pk", None)}
    if as_of is not None:
        params["as_of"] = as_of.isoformat()
    return job_enqueue(kind=REFRESH_JOB, params=params, actor=actor)


def personal_data_viewed(
    *, actor: Any, target: Any, what: str, records: int, details: Mapping[str, Any] | None = None
) -> None:
    """Log a bulk view of personal data (a worklist page, a bulk preview, a duplicate list)."""
    changes: dict[str, Any] = {"records": [None, records]}
    if details:
        changes["filters"] = [None, dict(details)]
    audit_record(actor=actor, action=f"review.{what}.viewed", target=target, changes=changes)
