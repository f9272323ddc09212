"""The rule registry: every rule the engine runs, in catalog order.

Codes are stable and never reused; the first letter names the area:
C completeness (đủ) · I identity numbers · T dates · K catalogs and closed sets · X text ·
P phones · A addresses · S status and handbook · O organizations · D duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable

from dangvien.quality.rules import (
    addresses,
    catalogs,
    completeness,
    dates,
    identity,
    orgs,
    pairs,
    phones,
    status,
    text,
)
from dangvien.quality.rules.base import Rule, Scope

RULES: tuple[Rule, ...] = (
    *completeness.RULES,
    *identity.RULES,
    *dates.RULES,
    *catalogs.RULES,
    *text.RULES,
    *phones.RULES,
    *addresses.RULES,
    *status.RULES,
    *orgs.RULES,
    *pairs.RULES,
)
RECORD_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if rule.scope == "record")

_BY_CODE = {rule.code: rule for rule in RULES}
if len(_BY_CODE) != len(RULES):
    raise RuntimeError("two rules share a code")


def by_code(code: str) -> Rule:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}") from None


def select(
    codes: Iterable[str] | None = None, *, scopes: Iterable[Scope] | None = None
) -> tuple[Rule, ...]:
    """Rules by code and/or scope, in registry order."""
    wanted = set(codes) if codes is not None else None
    scope_set = set(scopes) if scopes is not None else None
    return tuple(
        rule
        for rule in RULES
        if (wanted is None or rule.code in wanted)
        and (scope_set is None or rule.scope in scope_set)
    )
