"""Live validation of the member form: what the engine says about the record as typed.

Nothing is saved. The record rules that read a field the person changed run on the one-row
canonical table of the form (`typed.form_table`); for the other rules nothing changed since the
last check, so their persisted findings stand. Findings that match an accepted exception of the
member (same rule, field and fingerprint) are shown as such, quiet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.quality.engine import RECORD_RULES, check
from dangvien.review import selectors
from dangvien.review.models import AcceptedException, Finding
from dangvien.review.refresh import fingerprints
from dangvien.review.typed import VALUE_FIELDS, form_table


@dataclass
class LiveResult:
    by_field: dict[str, list[dict[str, Any]]]
    changed: list[str]
    total: int = 0  # findings still to look at (accepted exceptions not counted)
    errors: int = 0
    rules_run: tuple[str, ...] = field(default=())


def live_findings(
    user: Any, member: Member, texts: Mapping[str, str], org: Organization
) -> LiveResult:
    table, changed = form_table(member, texts, org)
    touched = set(changed) | ({"org"} if org.pk != member.org_id else set())
    rules = tuple(rule for rule in RECORD_RULES if touched & set(rule.fields))
    result = LiveResult(
        by_field={name: [] for name in ("org", *VALUE_FIELDS)},
        changed=changed,
        rules_run=tuple(rule.code for rule in rules),
    )
    rows: list[dict[str, Any]] = []
    if rules:
        found = check(table, rules=rules).findings
        if found.height:
            found = found.with_columns(fingerprints(found, table))
        else:
            found = found.with_columns(pl.lit(None, dtype=pl.Utf8).alias("fingerprint"))
        accepted = set(
            AcceptedException.objects.filter(member=member).values_list(
                "rule", "field", "fingerprint"
            )
        )
        for row in found.iter_rows(named=True):
            row["accepted"] = (row["rule"], row["field"], row["fingerprint"]) in accepted
            rows.append(row)
    rerun = set(result.rules_run)
    record_codes = {rule.code for rule in RECORD_RULES}
    for finding in selectors.member_findings(user, member):
        if finding.rule in record_codes and finding.rule not in rerun:
            rows.append(
                {
                    "field": finding.field,
                    "rule": finding.rule,
                    "severity": finding.severity,
                    "message": finding.message,
                    "suggestion": finding.suggestion,
                    "accepted": finding.state == Finding.State.ACCEPTED,
                }
            )
    for row in rows:
        result.by_field.setdefault(row["field"], []).append(row)
        if not row["accepted"]:
            result.total += 1
            result.errors += row["severity"] == "error"
    return result
