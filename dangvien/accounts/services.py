"""Account management by the commune admin (Ban Xây dựng Đảng): create, assign, lock, reset.

Every change runs in one transaction and leaves an audit entry. An admin manages only accounts
whose organizations lie inside their own scope, and never locks or demotes themselves.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from dangvien.accounts.access import role_of
from dangvien.accounts.models import Role, User
from dangvien.accounts.selectors import scope_paths_for
from dangvien.audit.services import audit_record
from dangvien.orgs.models import Organization

_ALPHABET = "".join(ch for ch in string.ascii_lowercase + string.digits if ch not in "l1o0")


class AccountError(ValueError):
    """An account change that is not allowed; the message is Vietnamese and says why."""

    @property
    def message(self) -> str:
        return str(self.args[0])


def temporary_password() -> str:
    """Easy to read aloud on the phone (no l/1, o/0), random, valid for one login."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


def within(path: str, scope_paths: Sequence[str]) -> bool:
    return any(path.startswith(root) for root in scope_paths)


def can_manage(actor: Any, account: User) -> bool:
    """A commune admin manages the accounts whose every organization is inside their scope."""
    if role_of(actor) != Role.COMMUNE_ADMIN or account.is_superuser:
        return False
    paths = scope_paths_for(actor)
    account_paths = [org.path for org in account.scope.all()]
    return bool(account_paths) and all(within(path, paths) for path in account_paths)


def _check_scope(actor: Any, scope: Sequence[Organization]) -> None:
    if not scope:
        raise AccountError("Xin chọn ít nhất một tổ chức đảng cho tài khoản.")
    paths = scope_paths_for(actor)
    outside = [org.name for org in scope if not within(org.path, paths)]
    if outside:
        raise AccountError(
            "Không thể giao tổ chức ngoài phạm vi của đồng chí: " + ", ".join(outside) + "."
        )


def _check_manageable(actor: Any, account: User) -> None:
    if not can_manage(actor, account):
        raise AccountError("Đồng chí không quản lý tài khoản này.")


def _scope_names(scope: Sequence[Organization]) -> list[str]:
    return sorted(org.code for org in scope)


def account_create(
    *,
    actor: Any,
    username: str,
    full_name: str,
    phone: str,
    role: str,
    scope: Sequence[Organization],
) -> tuple[User, str]:
    """A new account with a temporary password (shown once), to be changed at the first login."""
    if role_of(actor) != Role.COMMUNE_ADMIN:
        raise AccountError("Chỉ Ban Xây dựng Đảng được tạo tài khoản.")
    if role not in Role.values:
        raise AccountError("Vai trò không hợp lệ.")
    _check_scope(actor, scope)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"Tên đăng nhập «{username}» đã có người dùng.")
    password = temporary_password()
    with transaction.atomic():
        account = User.objects.create_user(
            username=username,
            password=password,
            role=role,
            full_name=full_name.strip(),
            phone=phone.strip(),
            must_change_password=True,
        )
        account.scope.set(scope)
        audit_record(
            actor=actor,
            action="accounts.user.created",
            target=account,
            changes={
                "username": [None, username],
                "role": [None, role],
                "scope": [None, _scope_names(scope)],
                "password": [None, "***"],
            },
        )
    return account, password


def account_update(
    *,
    actor: Any,
    account: User,
    full_name: str,
    phone: str,
    role: str,
    scope: Sequence[Organization],
) -> dict[str, list[Any]]:
    """Change the name, phone, role and organizations of an account. Returns what changed."""
    _check_manageable(actor, account)
    if role not in Role.values:
        raise AccountError("Vai trò không hợp lệ.")
    _check_scope(actor, scope)
    old_scope = _scope_names(list(account.scope.all()))
    new_scope = _scope_names(scope)
    if account.pk == actor.pk and (role != account.role or old_scope != new_scope):
        raise AccountError(
            "Đồng chí không tự đổi vai trò hoặc phạm vi của chính mình; "
            "xin nhờ một quản trị khác của Đảng bộ."
        )
    changes: dict[str, list[Any]] = {}
    for field, value in (
        ("full_name", full_name.strip()),
        ("phone", phone.strip()),
        ("role", role),
    ):
        if getattr(account, field) != value:
            changes[field] = [getattr(account, field), value]
            setattr(account, field, value)
    if old_scope != new_scope:
        changes["scope"] = [old_scope, new_scope]
    if not changes:
        return {}
    with transaction.atomic():
        account.save(update_fields=["full_name", "phone", "role"])
        if "scope" in changes:
            account.scope.set(scope)
        audit_record(actor=actor, action="accounts.user.updated", target=account, changes=changes)
    return changes


def account_set_active(*, actor: Any, account: User, active: bool) -> None:
    """Lock (deactivate) or unlock an account; a locked account cannot log in."""
    _check_manageable(actor, account)
    if account.pk == actor.pk:
        raise AccountError("Đồng chí không thể tự khóa tài khoản của mình.")
    if account.is_active == active:
        return
    with transaction.atomic():
        account.is_active = active
        account.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="accounts.user.activated" if active else "accounts.user.deactivated",
            target=account,
            changes={"is_active": [not active, active]},
        )


def account_reset_password(*, actor: Any, account: User) -> str:
    """A new temporary password for someone who forgot theirs (shown once to the admin)."""
    _check_manageable(actor, account)
    if account.pk == actor.pk:
        raise AccountError("Đồng chí đổi mật khẩu của mình ở mục «Đổi mật khẩu».")
    password = temporary_password()
    with transaction.atomic():
        account.set_password(password)
        account.must_change_password = True
        account.save(update_fields=["password", "must_change_password"])
        audit_record(
            actor=actor,
            action="accounts.user.password_reset",
            target=account,
            changes={"password": ["***", "***"]},
        )
    return password


def account_change_own_password(*, user: User, new_password: str) -> None:
    """The person sets their own password (validated by the configured validators)."""
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(
            actor=user,
            action="accounts.user.password_changed",
            target=user,
            changes={"password": ["***", "***"]},
        )
