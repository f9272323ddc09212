"""Small template helpers of the campaign slice: roles, Vietnamese numbers and day counts."""

from __future__ import annotations

from typing import Any

from django import template

from dangvien.accounts.access import role_of

register = template.Library()


@register.filter
def role(user: Any) -> str:
    """The effective role code of a user (a superuser acts as commune admin)."""
    return role_of(user)


@register.filter
def vn_int(value: Any) -> str:
    """12345 → "12.345" (Vietnamese thousands separator)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{number:,}".replace(",", ".")


@register.filter
def vn_percent(value: Any) -> str:
    """0.953 → "95,3%" ; None → "—"."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.1f}%".replace(".", ",")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
