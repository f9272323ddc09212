"""Issuing and revoking API tokens; finding the token of a request. Audited like every write.

A token is shown once, when it is made; the database keeps only its SHA-256 hash and a short
prefix to recognise it in lists. Its scope is one organization subtree inside its owner's scope,
and it is checked again at every call (`token_scope`), so a token never outlives the access of the
person who made it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvien.accounts.models import Role
from dangvien.accounts.selectors import scope_paths_for
from dangvien.api.models import ApiToken
from dangvien.audit.services import audit_record
from dangvien.members.selectors import ScopeError
from dangvien.orgs.models import Organization

TOKEN_PREFIX = "dv_"  # noqa: S105 - a public marker that makes tokens recognizable, not a secret


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def may_issue_tokens(user: Any) -> bool:
    """Only the commune's administrators connect other systems (least privilege)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.role == Role.COMMUNE_ADMIN)
    )


def _covers(paths: list[str], org: Organization) -> bool:
    return any(org.path.startswith(path) for path in paths)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once, never stored


def token_create(
    *, owner: Any, org: Organization, name: str, expires_in_days: int | None = None
) -> IssuedToken:
    if not may_issue_tokens(owner):
        raise ScopeError("this role may not issue API tokens")
    if not _covers(scope_paths_for(owner), org):
        raise ScopeError("organization outside the owner's scope")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip()[:120],
            owner=owner,
            org=org,
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            key_hash=token_hash(raw),
            expires_at=expires,
        )
        audit_record(
            actor=owner,
            action="api.token.created",
            target=token,
            changes={
                "name": [None, token.name],
                "org": [None, org.code],
                "expires_at": [None, expires.isoformat() if expires else None],
                "token": [None, "***"],
            },
        )
    return IssuedToken(token=token, raw=raw)


def token_revoke(*, token: ApiToken, actor: Any) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        now = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=actor if getattr(actor, "pk", None) else None
        )
        token.revoked_at = now
        audit_record(
            actor=actor,
            action="api.token.revoked",
            target=token,
            changes={"revoked_at": [None, now.isoformat()]},
        )


def token_from_header(header: str | None) -> ApiToken | None:
    """The live token named by an `Authorization: Bearer …` header, or None."""
    if not header:
        return None
    scheme, _, raw = header.partition(" ")
    raw = raw.strip()
    if scheme.lower() != "bearer" or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    digest = token_hash(raw)
    token = (
        ApiToken.objects.select_related("owner", "org")
        .filter(key_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    if not token.owner.is_active:
        return None
    return token


def token_scope(token: ApiToken) -> list[str]:
    """Paths the token may read now: its organization, if its owner still sees it."""
    owner_paths = scope_paths_for(token.owner)
    if not _covers(owner_paths, token.org):
        return []
    return [token.org.path]


def token_touch(token: ApiToken) -> None:
    """Remember when a token was last used (at most once a minute, to spare the database)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
