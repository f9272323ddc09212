"""Undoing member changes recorded in a change set, without overwriting later work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dangvien.members.models import Member
from dangvien.members.services import (
    FieldValue,
    StaleMember,
    field_value_from_json,
    member_field_value,
    member_update,
)
from dangvien.orgs.models import Organization
from dangvien.review.models import ChangeItem, Finding


@dataclass
class UndoResult:
    restored: int = 0
    kept: list[str] = field(default_factory=list)


def undo_items(
    *, items: Iterable[ChangeItem], actor: Any, note: str, result: UndoResult
) -> list[int]:
    """Put back the old values of `items` where the value is still what the change set wrote.

    A value someone changed afterwards is kept (their work is not overwritten) and reported.
    Returns the ids of the members touched.
    """
    grouped: dict[int, list[ChangeItem]] = defaultdict(list)
    for item in items:
        grouped[item.member_id].append(item)
    members = Member.objects.select_related("org").in_bulk(list(grouped))
    kept: list[int] = []
    for pk, member_items in grouped.items():
        member = members.get(pk)
        if member is None:
            continue
        changes: dict[str, FieldValue | Organization] = {}
        for item in member_items:
            if item.field == "org":
                if member.org_id == (item.new or {}).get("org_id"):
                    changes["org"] = Organization.objects.get(pk=(item.old or {})["org_id"])
                else:
                    kept.append(item.pk)
                    result.kept.append(f"{member.full_name}: chi bộ đã được sửa sau đó")
                continue
            current = member_field_value(member, item.field)
            if current == field_value_from_json(item.field, item.new or {}):
                changes[item.field] = field_value_from_json(item.field, item.old or {})
            else:
                kept.append(item.pk)
                result.kept.append(f"{member.full_name}: giá trị đã được sửa sau đó, giữ nguyên")
        if not changes:
            continue
        try:
            audited = member_update(member=member, changes=changes, actor=actor, note=note)
        except StaleMember:  # pragma: no cover - a save between our read and write
            result.kept.append(f"{member.full_name}: hồ sơ vừa được người khác sửa")
            continue
        if "org" in audited:
            Finding.objects.filter(member=member).update(org=member.org)
        result.restored += len(audited)
    ChangeItem.objects.filter(pk__in=kept).update(kept_on_undo=True)
    return list(grouped)
