"""Writes to the organization tree. Every change is audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction

from dangvien.accounts.models import User
from dangvien.audit.services import audit_record
from dangvien.orgs.models import Organization


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    kind: str
    parent_code: str | None
    area: str = ""
    active: bool = True


def org_tree_create(*, rows: Iterable[OrgRow], actor: User | None) -> dict[str, Organization]:
    """Create organizations parent-first; rows may come in any order. Returns them by code."""
    pending = {row.code: row for row in rows}
    created: dict[str, Organization] = {}
    with transaction.atomic():
        existing: Mapping[str, Organization] = {
            org.code: org for org in Organization.objects.filter(code__in=list(pending))
        }
        if existing:
            raise ValueError("Mã tổ chức đã tồn tại: " + ", ".join(sorted(existing)))
        while pending:
            ready = [
                row
                for row in pending.values()
                if row.parent_code is None
                or row.parent_code in created
                or Organization.objects.filter(code=row.parent_code).exists()
            ]
            if not ready:
                raise ValueError(
                    "Không xác định được tổ chức cấp trên của: " + ", ".join(sorted(pending))
                )
            for row in ready:
                parent = None
                if row.parent_code is not None:
                    parent = created.get(row.parent_code) or Organization.objects.get(
                        code=row.parent_code
                    )
                org = Organization.objects.create(
                    code=row.code,
                    name=row.name,
                    kind=row.kind,
                    parent=parent,
                    path=Organization.path_for(row.code, parent),
                    area=row.area,
                    active=row.active,
                )
                created[row.code] = org
                del pending[row.code]
        audit_record(
            actor=actor,
            action="orgs.organization.created",
            target=None,
            changes={"codes": [None, sorted(created)]},
        )
    return created


def org_set_secretary(*, org: Organization, member_id: int | None, actor: User | None) -> None:
    with transaction.atomic():
        before = org.secretary_id
        Organization.objects.filter(pk=org.pk).update(secretary_id=member_id)
        org.secretary_id = member_id
        audit_record(
            actor=actor,
            action="orgs.organization.secretary_set",
            target=org,
            changes={"secretary": [before, member_id]},
        )
