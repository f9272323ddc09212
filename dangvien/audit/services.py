"""Writing audit entries. Services call `audit_record` inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from dangvien.audit.models import AuditEntry

SECRET_FIELDS = frozenset({"password", "token", "secret", "api_key"})


def _mask(changes: dict[str, Any]) -> dict[str, Any]:
    return {
        key: ["***", "***"] if key in SECRET_FIELDS else value for key, value in changes.items()
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None,
    changes: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes=_mask(changes or {}),
        ip_address=ip_address,
    )
