"""Duplicate pairs: merge two records of one person (undoable), or judge them two people.

A merge keeps one record, copies into it the values the person chose from the other, and removes
the other. Everything the removal takes with it (the record itself, its dossier verifications,
accepted exceptions and the findings about it or pointing at it, and the organizations it was
secretary of) is kept in the change set's snapshot, so that undo puts it back exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import timezone

from dangvien.audit.services import audit_record
from dangvien.members.models import Member
from dangvien.members.services import (
    FieldValue,
    StaleMember,
    field_value_json,
    member_field_value,
    member_remove,
    member_restore,
    member_snapshot,
    member_update,
)
from dangvien.orgs.models import Organization
from dangvien.orgs.services import org_set_secretary
from dangvien.review.changes import UndoResult, undo_items
from dangvien.review.models import (
    AcceptedException,
    ChangeItem,
    ChangeSet,
    DossierVerification,
    DuplicateDecision,
    Finding,
)
from dangvien.review.refresh import members_recheck
from dangvien.review.typed import VALUE_FIELDS

if TYPE_CHECKING:
    from django.db.models import Model

MERGE_FIELDS: tuple[str, ...] = ("org", *VALUE_FIELDS)
PERSON_MATCH_RULES = ("D01",)
_NOT_SAME = "Không phải cùng một người"


def _pair(a: Member, b: Member) -> tuple[int, int]:
    return (min(a.pk, b.pk), max(a.pk, b.pk))


def _rows(objects: Iterable[Model]) -> list[dict[str, Any]]:
    rows = []
    for obj in objects:
        data = model_to_dict(obj)
        data["id"] = obj.pk
        rows.append(
            {
                key: value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
                for key, value in data.items()
            }
        )
    return rows


def duplicate_mark_different(
    *, low: Member, high: Member, org: Organization, actor: Any
) -> DuplicateDecision:
    """Record that two records are two different people; the pair is not proposed again."""
    record_low, record_high = _pair(low, high)
    with transaction.atomic():
        decision, _ = DuplicateDecision.objects.update_or_create(
            record_low=record_low,
            record_high=record_high,
            defaults={
                "verdict": DuplicateDecision.Verdict.DIFFERENT,
                "org": org,
                "actor": actor,
                "change_set": None,
            },
        )
        Finding.objects.filter(
            Q(member_id=record_low, related_member_id=record_high)
            | Q(member_id=record_high, related_member_id=record_low),
            rule__in=PERSON_MATCH_RULES,
            state=Finding.State.OPEN,
        ).update(
            state=Finding.State.ACCEPTED,
            note=_NOT_SAME,
            resolved_at=timezone.now(),
            resolved_by=actor,
        )
        for member, other in ((low, high), (high, low)):
            audit_record(
                actor=actor,
                action="review.duplicate.not_same_person",
                target=member,
                changes={"other": [None, f"{other.full_name} (#{other.pk})"]},
            )
    return decision


def duplicate_merge(
    *,
    keep: Member,
    remove: Member,
    take: Iterable[str],
    org: Organization,
    actor: Any,
    keep_version: int,
    remove_version: int,
) -> ChangeSet:
    """Merge `remove` into `keep`, taking from `remove` the fields listed in `take`.

    Both versions are those the person saw: if either record changed since, `StaleMember` is
    raised and nothing is written.
    """
    if keep.pk == remove.pk:
        raise ValueError("a record cannot be merged into itself")
    fields = [name for name in MERGE_FIELDS if name in set(take)]
    changes: dict[str, FieldValue | Organization] = {}
    before: dict[str, dict[str, Any]] = {}
    for name in fields:
        if name == "org":
            if remove.org_id != keep.org_id:
                changes["org"] = remove.org
                before["org"] = {"org_id": keep.org_id}
            continue
        changes[name] = member_field_value(remove, name)
        before[name] = field_value_json(member_field_value(keep, name))
    record_low, record_high = _pair(keep, remove)
    with transaction.atomic():
        findings = Finding.objects.filter(Q(member=remove) | Q(related_member=remove))
        snapshot = {
            "member": member_snapshot(remove),
            "kept_id": keep.pk,
            "verifications": _rows(DossierVerification.objects.filter(member=remove)),
            "exceptions": _rows(AcceptedException.objects.filter(member=remove)),
            "findings": _rows(findings),
            "secretary_of": list(
                Organization.objects.filter(secretary=remove).values_list("pk", flat=True)
            ),
        }
        change_set = ChangeSet.objects.create(
            kind=ChangeSet.Kind.MERGE,
            org=org,
            actor=actor,
            snapshot=snapshot,
            description=f"Gộp hồ sơ #{remove.pk} «{remove.full_name}» vào #{keep.pk} "
            f"«{keep.full_name}»",
        )
        audited = member_update(
            member=keep,
            changes=changes,
            actor=actor,
            expected_version=keep_version,
            note=f"Gộp hồ sơ trùng #{remove.pk} (lần #{change_set.pk})",
        )
        if not audited and not Member.objects.filter(pk=keep.pk, version=keep_version).exists():
            # Nothing copied, yet the person judged the record as it was: it must be current.
            raise StaleMember(Member.objects.select_related("org").get(pk=keep.pk))
        ChangeItem.objects.bulk_create(
            ChangeItem(
                change_set=change_set,
                member=keep,
                field=name,
                old=before[name],
                new={"org_id": keep.org_id}
                if name == "org"
                else field_value_json(member_field_value(keep, name)),
            )
            for name in audited
        )
        if "org" in audited:
            Finding.objects.filter(member=keep).update(org=keep.org)
        for org_id in snapshot["secretary_of"]:
            org_set_secretary(
                org=Organization.objects.get(pk=org_id), member_id=keep.pk, actor=actor
            )
        member_remove(
            member=remove,
            actor=actor,
            expected_version=remove_version,
            reason=f"Gộp vào hồ sơ #{keep.pk} (lần #{change_set.pk})",
        )
        DuplicateDecision.objects.update_or_create(
            record_low=record_low,
            record_high=record_high,
            defaults={
                "verdict": DuplicateDecision.Verdict.MERGED,
                "org": org,
                "actor": actor,
                "change_set": change_set,
            },
        )
        members_recheck(member_ids=[keep.pk], actor=actor)
        audit_record(
            actor=actor,
            action="review.duplicate.merged",
            target=keep,
            changes={
                "removed": [f"{remove.full_name} (#{remove.pk})", None],
                "fields": [None, list(audited)],
                "change_set": [None, change_set.pk],
            },
        )
    return change_set


def _restore_rows(model: type[Model], rows: list[dict[str, Any]], renames: dict[str, str]) -> None:
    objects = []
    for row in rows:
        values = {}
        for key, value in row.items():
            name = renames.get(key, key)
            field = model._meta.get_field(name.removesuffix("_id"))
            if field.get_internal_type() == "DateField" and value:
                value = dt.date.fromisoformat(value)
            elif field.get_internal_type() == "DateTimeField" and value:
                value = dt.datetime.fromisoformat(value)
            values[name] = value
        objects.append(model(**values))
    model.objects.bulk_create(objects)  # type: ignore[attr-defined]


_FK_RENAMES = {
    "member": "member_id",
    "actor": "actor_id",
    "org": "org_id",
    "related_member": "related_member_id",
    "resolved_by": "resolved_by_id",
    "accepted_by": "accepted_by_id",
}


def merge_undo(*, change_set: ChangeSet, actor: Any, note: str, result: UndoResult) -> list[int]:
    """Put the removed record back with everything it took along, then undo the copied fields."""
    snapshot = change_set.snapshot
    removed = member_restore(snapshot=snapshot["member"], actor=actor, reason=note)
    _restore_rows(DossierVerification, snapshot.get("verifications", []), _FK_RENAMES)
    _restore_rows(AcceptedException, snapshot.get("exceptions", []), _FK_RENAMES)
    touched = undo_items(items=change_set.items.all(), actor=actor, note=note, result=result)
    kept_id = snapshot.get("kept_id")
    mentioned = {
        row.get(key) for row in snapshot.get("findings", []) for key in ("member", "related_member")
    }
    existing = set(Member.objects.filter(pk__in=mentioned - {None}).values_list("pk", flat=True))
    findings = [
        row
        for row in snapshot.get("findings", [])
        if row.get("member") in existing and row.get("related_member") in (existing | {None})
    ]
    Finding.objects.filter(pk__in=[row["id"] for row in findings]).delete()
    _restore_rows(Finding, findings, _FK_RENAMES)
    for org in Organization.objects.filter(pk__in=snapshot.get("secretary_of", [])):
        if org.secretary_id == kept_id:
            org_set_secretary(org=org, member_id=removed.pk, actor=actor)
    DuplicateDecision.objects.filter(change_set=change_set).delete()
    result.restored += 1
    return [removed.pk, *touched]
