"""What a user may see. Every read of personal data starts from `scope_paths_for`."""

from __future__ import annotations

from typing import Any


def scope_paths_for(user: Any) -> list[str]:
    """Materialized paths of the subtrees the user may read; empty for anonymous users."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return ["/"]
    paths: list[str] = user.scope_paths()
    return paths
