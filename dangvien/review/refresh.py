"""Keeping persisted findings in step with the quality engine.

The engine is pure and stateless; people need state: which findings are still open, which were
fixed, which were judged not to be errors. A refresh runs the engine over an organization's subtree
and reconciles its output with the `Finding` rows:

- a finding the engine reports for the first time is created open;
- one it no longer reports is resolved (someone fixed the data);
- one that comes back after being resolved is opened again;
- one that matches an accepted exception (same record, rule, field and fingerprint) stays accepted:
  quiet until the values the rule read change, when it opens again.

A finding's identity is (record, rule, field, ordinal) for members and (organization, rule, field,
ordinal) for organization findings; the ordinal tells apart several findings of one rule on one
field. Its fingerprint is a hash of the values of the fields the rule reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangvien.audit.services import audit_record
from dangvien.members.models import Member
from dangvien.members.table import members_table
from dangvien.orgs.models import Organization
from dangvien.quality.engine import RECORD_RULES, RULES, Rule, by_code, check
from dangvien.quality.table import ORG_SCHEMA, raw_column
from dangvien.review.models import AcceptedException, DuplicateDecision, Finding

Report = Callable[..., None]
Key = tuple[int, int, str, str, int]  # (member id or 0, org id for org findings or 0, rule, ...)

_SEPARATOR = "\x1f"
_NULL = "\x00"
_BATCH = 2000
_PAIR_RULE_PREFIX = "D"  # person-matching pairs: quiet once judged "not the same person"
_SECOND_SOURCE_PREFIX = "R"


@dataclass(frozen=True)
class RefreshSummary:
    members: int
    findings: int  # what the engine reported
    opened: int
    reopened: int
    resolved: int
    accepted: int  # reported but quiet: an accepted exception still holds
    open_after: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _no_report(done: int, total: int | None = None, message: str = "") -> None:
    return None


def _short(text: str | None, length: int = 500) -> str:
    return (text or "")[:length]


def orgs_frame(orgs: Iterable[Organization]) -> pl.DataFrame:
    """Organizations as the engine reads them (ORG_SCHEMA)."""
    rows = [
        {
            "code": org.code,
            "name": org.name,
            "kind": org.kind,
            "parent_code": org.parent.code if org.parent_id and org.parent else None,
            "area": org.area or None,
            "active": org.active,
            "secretary": getattr(org.secretary, "full_name", None) if org.secretary_id else None,
        }
        for org in orgs
    ]
    return pl.DataFrame(rows, schema=dict(ORG_SCHEMA))


def rules_for(org: Organization) -> tuple[Rule, ...]:
    """All rules for a commune (a root); below it, rules that need no other organization's
    members, since a duplicate's partner may sit in a cell outside the subtree.

    Reconciliation rules (R…) need a second source that a refresh does not have: their findings
    belong to the reconciliation run that made them and are left alone here.
    """
    rules = tuple(rule for rule in RULES if not rule.code.startswith(_SECOND_SOURCE_PREFIX))
    if org.parent_id is None:
        return rules
    return tuple(rule for rule in rules if rule.scope != "cross_record")


def fingerprints(findings: pl.DataFrame, table: pl.DataFrame) -> pl.Series:
    """Hash of the values (typed and as typed) of the fields each finding's rule reads.

    Organization findings hash their own value and message: what the rule saw of the organization.
    """
    result: list[str | None] = [None] * findings.height
    positions = findings.with_row_index("_position")
    for (code,), part in positions.group_by(["rule"]):
        rule = by_code(str(code))
        columns = [
            name
            for field in rule.fields
            for name in (field, raw_column(field))
            if name in table.columns
        ]
        values = table.select(
            pl.col("_record").alias("record"),
            pl.concat_str(
                [pl.col(name).cast(pl.Utf8).fill_null(_NULL) for name in columns] or [pl.lit("")],
                separator=_SEPARATOR,
            ).alias("_values"),
        )
        joined = part.join(values, on="record", how="left", maintain_order="left")
        seen = joined.select(
            "_position",
            pl.when(pl.col("record").is_null())
            .then(
                pl.concat_str(
                    [_text_or_null("value"), _text_or_null("message")], separator=_SEPARATOR
                )
            )
            .otherwise(pl.col("_values"))
            .alias("_values"),
        )
        for position, text in seen.iter_rows():
            result[position] = hashlib.sha256(f"{code}{_SEPARATOR}{text}".encode()).hexdigest()
    return pl.Series("fingerprint", result, dtype=pl.Utf8)


def _text_or_null(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.Utf8).fill_null(_NULL)


def prepare(
    found: pl.DataFrame, table: pl.DataFrame, org_ids: Mapping[str, int]
) -> list[dict[str, Any]]:
    """Engine findings as rows ready to persist: ids, ordinal and fingerprint added."""
    if found.height == 0:
        return []
    frame = found.with_columns(fingerprints(found, table))
    frame = frame.with_columns(
        pl.int_range(pl.len())
        .over(["record", "org_code", "rule", "field"])
        .cast(pl.Int64)
        .alias("ordinal"),
        pl.col("related_records").list.first().alias("related"),
    )
    rows: list[dict[str, Any]] = []
    for row in frame.iter_rows(named=True):
        org_id = org_ids.get(row["org_code"] or "")
        if org_id is None:
            continue  # an organization outside the tree (a typo in a file): nothing to attach to
        rows.append(
            {
                "member_id": row["record"],
                "org_id": org_id,
                "related_member_id": row["related"],
                "field": _short(row["field"], 40),
                "rule": row["rule"],
                "dimension": row["dimension"],
                "severity": row["severity"],
                "message": _short(row["message"]),
                "value": _short(row["value"]),
                "suggestion": _short(row["suggestion"]),
                "fingerprint": row["fingerprint"],
                "ordinal": min(int(row["ordinal"]), 32767),
            }
        )
    return rows


def _key(member_id: int | None, org_id: int, rule: str, field: str, ordinal: int) -> Key:
    return (member_id or 0, 0 if member_id else org_id, rule, field, ordinal)


_UPDATABLE = (
    "org_id",
    "related_member_id",
    "dimension",
    "severity",
    "message",
    "value",
    "suggestion",
    "fingerprint",
)


def reconcile(
    *,
    rows: list[dict[str, Any]],
    existing: QuerySet[Finding],
    exceptions: QuerySet[AcceptedException],
    actor: Any,
    report: Report = _no_report,
) -> dict[str, int]:
    """Bring `existing` (the findings the run was entitled to judge) in line with `rows`."""
    now = timezone.now()
    accepted_keys = {
        (member_id or 0, 0 if member_id else org_id, rule, field, fingerprint)
        for member_id, org_id, rule, field, fingerprint in exceptions.values_list(
            "member_id", "org_id", "rule", "field", "fingerprint"
        )
    }
    different_pairs: set[tuple[int, int]] = set()
    if any(row["rule"].startswith(_PAIR_RULE_PREFIX) and row["related_member_id"] for row in rows):
        different_pairs = set(
            DuplicateDecision.objects.filter(
                verdict=DuplicateDecision.Verdict.DIFFERENT
            ).values_list("record_low", "record_high")
        )

    def quiet(row: dict[str, Any]) -> bool:
        member_id, org_id = row["member_id"], row["org_id"]
        if (
            member_id or 0,
            0 if member_id else org_id,
            row["rule"],
            row["field"],
            row["fingerprint"],
        ) in accepted_keys:
            return True
        related = row["related_member_id"]
        if member_id and related and row["rule"].startswith(_PAIR_RULE_PREFIX):
            return (min(member_id, related), max(member_id, related)) in different_pairs
        return False

    current: dict[Key, dict[str, Any]] = {
        _key(f["member_id"], f["org_id"], f["rule"], f["field"], f["ordinal"]): f
        for f in existing.values(
            "id", "member_id", "state", *_UPDATABLE, "rule", "field", "ordinal"
        )
    }
    report(0, len(rows), "Đang đối chiếu kết quả kiểm tra")
    to_create: list[Finding] = []
    to_update: list[Finding] = []
    counts = {"opened": 0, "reopened": 0, "resolved": 0, "accepted": 0}
    seen: set[Key] = set()
    for index, row in enumerate(rows):
        key = _key(row["member_id"], row["org_id"], row["rule"], row["field"], row["ordinal"])
        if key in seen:
            continue
        seen.add(key)
        state = Finding.State.ACCEPTED if quiet(row) else Finding.State.OPEN
        if state == Finding.State.ACCEPTED:
            counts["accepted"] += 1
        old = current.get(key)
        if old is None:
            to_create.append(Finding(**row, state=state))
            if state == Finding.State.OPEN:
                counts["opened"] += 1
        else:
            changed = any(old[name] != row[name] for name in _UPDATABLE) or old["state"] != state
            if changed:
                finding = Finding(id=old["id"], **row, state=state)
                if state == Finding.State.OPEN:
                    finding.resolved_at, finding.resolved_by_id = None, None
                    if old["state"] == Finding.State.RESOLVED:
                        counts["reopened"] += 1
                elif state == Finding.State.ACCEPTED and old["state"] != state:
                    finding.resolved_at, finding.resolved_by_id = now, getattr(actor, "pk", None)
                to_update.append(finding)
        if index % 5000 == 0:
            report(index, len(rows), "Đang đối chiếu kết quả kiểm tra")
    vanished = [
        value["id"]
        for key, value in current.items()
        if key not in seen and value["state"] != Finding.State.RESOLVED
    ]
    counts["resolved"] = len(vanished)
    Finding.objects.bulk_create(to_create, batch_size=_BATCH)
    Finding.objects.bulk_update(
        to_update,
        [
            *(name.removesuffix("_id") for name in _UPDATABLE),
            "state",
            "resolved_at",
            "resolved_by",
        ],
        batch_size=500,
    )
    for start in range(0, len(vanished), _BATCH):
        Finding.objects.filter(pk__in=vanished[start : start + _BATCH]).update(
            state=Finding.State.RESOLVED, resolved_at=now, resolved_by=getattr(actor, "pk", None)
        )
    report(len(rows), len(rows), "Đã cập nhật danh sách lỗi")
    return counts


def _subtree(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(path__startswith=org.path)


def findings_refresh(
    *,
    org: Organization,
    actor: Any,
    as_of: dt.date | None = None,
    report: Report = _no_report,
) -> RefreshSummary:
    """Run the engine over the members and organizations under `org`; update their findings."""
    report(0, None, "Đang đọc dữ liệu đảng viên")
    orgs = list(_subtree(org).select_related("parent", "secretary"))
    org_ids = {o.code: o.pk for o in orgs}
    members = Member.objects.filter(org__path__startswith=org.path)
    table = members_table(members)
    rules = rules_for(org)
    report(0, None, f"Đang kiểm tra {table.height} đảng viên")
    result = check(table, orgs=orgs_frame(orgs), as_of=as_of, rules=rules)
    rows = prepare(result.findings, table, org_ids)
    codes = [rule.code for rule in rules]
    with transaction.atomic():
        counts = reconcile(
            rows=rows,
            existing=Finding.objects.filter(org__path__startswith=org.path, rule__in=codes),
            exceptions=AcceptedException.objects.filter(
                Q(member__org__path__startswith=org.path)
                | Q(member__isnull=True, org__path__startswith=org.path)
            ),
            actor=actor,
            report=report,
        )
        summary = RefreshSummary(
            members=table.height,
            findings=result.findings.height,
            open_after=Finding.objects.filter(
                org__path__startswith=org.path, state=Finding.State.OPEN
            ).count(),
            **counts,
        )
        audit_record(
            actor=actor,
            action="review.findings.refreshed",
            target=org,
            changes={name: [None, value] for name, value in summary.as_dict().items()},
        )
    return summary


def members_recheck(
    *, member_ids: Iterable[int], actor: Any, as_of: dt.date | None = None
) -> dict[str, int]:
    """Judge members again with the record rules (after an edit) and update their findings.

    Findings that need other records (duplicates, shared numbers) wait for the next full refresh.
    """
    ids = sorted(set(member_ids))
    if not ids:
        return {"opened": 0, "reopened": 0, "resolved": 0, "accepted": 0}
    members = Member.objects.filter(pk__in=ids)
    table = members_table(members)
    codes_in_table = [code for code in table["org_code"].unique().to_list() if code]
    org_ids = dict(Organization.objects.filter(code__in=codes_in_table).values_list("code", "pk"))
    result = check(table, as_of=as_of, rules=RECORD_RULES)
    rows = prepare(result.findings, table, org_ids)
    codes = [rule.code for rule in RECORD_RULES]
    return reconcile(
        rows=rows,
        existing=Finding.objects.filter(member_id__in=ids, rule__in=codes),
        exceptions=AcceptedException.objects.filter(member_id__in=ids),
        actor=actor,
    )
