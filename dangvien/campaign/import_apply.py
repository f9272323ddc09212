"""Committing an import (inside the background job's transaction) and rolling it back."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dangvien.audit.services import audit_record
from dangvien.campaign.import_plan import VALUE_SPECS, RowPlan, Stored
from dangvien.campaign.imports import (
    ImportFailed,
    Prepared,
    prepare_run,
    require_staged,
    stored_path,
)
from dangvien.campaign.models import ImportChange
from dangvien.campaign.progress import progress_snapshot_take
from dangvien.intake.models import ImportRun
from dangvien.members.models import Member
from dangvien.members.services import members_create_from_table
from dangvien.orgs.models import Organization
from dangvien.quality.dictionary import Kind

Report = Callable[..., None]
_PROGRESS_EVERY = 50


def _no_report(done: int, total: int | None = None, message: str = "") -> None:
    return None


def _check_file(run: ImportRun) -> None:
    digest = hashlib.sha256()
    try:
        with stored_path(run).open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        raise ImportFailed("Không còn tệp đã tải lên trên máy chủ; xin tải tệp lên lại.") from None
    if digest.hexdigest() != run.file_sha256:
        raise ImportFailed(
            "Tệp lưu trên máy chủ không còn đúng như lúc tải lên (mã băm khác); xin tải lên lại."
        )


def _org_names(ids: set[int]) -> dict[int, str]:
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))


def _apply_update(
    *,
    run: ImportRun,
    actor: Any,
    member: Member,
    plan: RowPlan,
    row: Mapping[str, Any],
    org_names: Mapping[int, str],
) -> ImportChange:
    columns: dict[str, Any] = {}
    raw = dict(member.raw or {})
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    audited: dict[str, list[Any]] = {}
    for name, (old, new) in plan.changes.items():
        if name == "org":
            columns["org_id"] = new
            before["org"], after["org"] = old, new
            audited["org"] = [org_names.get(old), org_names.get(new)]
        elif name == "_extra":
            columns["extra"] = new
            before["_extra"], after["_extra"] = old, new
            audited["_extra"] = [sorted(old), sorted(new)]
        else:
            assert isinstance(old, Stored)
            assert isinstance(new, Stored)
            columns[name] = new.value
            if VALUE_SPECS[name].kind is Kind.DATE:
                columns[f"{name}_precision"] = new.precision
            if new.raw is None:
                raw.pop(name, None)
            else:
                raw[name] = new.raw
            before[name], after[name] = old.as_json(), new.as_json()
            audited[name] = [old.shown(name), new.shown(name)]
    before["_provenance"] = [member.import_run_id, member.source_sheet, member.source_row]
    after["_provenance"] = [run.pk, row.get("_sheet") or "", row.get("_row")]
    version = plan.version
    updated = Member.objects.filter(pk=member.pk, version=version).update(
        **columns,
        raw=raw,
        import_run=run,
        source_sheet=row.get("_sheet") or "",
        source_row=row.get("_row"),
        version=version + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise ImportFailed(
            f"Hồ sơ «{member}» vừa được sửa trong lúc ghi; xin chạy thử và ghi lại lần nữa."
        )
    audit_record(
        actor=actor,
        action="members.member.imported",
        target=member,
        changes={**audited, "_import_run": [None, run.pk]},
    )
    return ImportChange(
        run=run,
        member_id=member.pk,
        member_pk=member.pk,
        action=ImportChange.Action.UPDATED,
        before=before,
        after=after,
        version_after=version + 1,
    )


def _refresh_findings(run: ImportRun, actor: Any, report: Report) -> dict[str, Any]:
    """Judge the commune again so that the dashboards and worklists show the imported data."""
    from dangvien.review.refresh import findings_refresh

    if not Member.objects.filter(org__path__startswith=run.org.path).exists():
        # Nothing left to judge (the rollback of a first import): the removed members' findings
        # went with them. (The engine cannot yet check an empty list against organizations.)
        return {}
    summary = findings_refresh(org=run.org, actor=actor, as_of=timezone.localdate(), report=report)
    return summary.as_dict()


def _snapshot(run: ImportRun) -> None:
    from dangvien.campaign.models import Campaign

    for campaign in Campaign.objects.filter(commune=run.org):
        progress_snapshot_take(campaign=campaign)


def import_commit(*, run: ImportRun, actor: Any, report: Report = _no_report) -> dict[str, int]:
    """Write the run: create new members, update matched ones, record every change.

    Runs inside the caller's transaction (the job runner's): any failure undoes all of it.
    """
    require_staged(run, actor)
    report(0, None, "Đang kiểm tra tệp đã tải lên")
    _check_file(run)
    report(0, None, "Đang đọc tệp và đối chiếu với dữ liệu hiện có")
    prepared: Prepared = prepare_run(run)
    if prepared.blocking:
        raise ImportFailed(" ".join(prepared.blocking))
    plan = prepared.plan
    table = prepared.result.table
    total = len(plan.rows)
    report(0, total, "Đang ghi hồ sơ mới")
    with transaction.atomic():
        creates = [row.index for row in plan.rows if row.action == "create"]
        if creates:
            orgs = {
                org.code: org for org in Organization.objects.filter(path__startswith=run.org.path)
            }
            members_create_from_table(
                table=table[creates], orgs_by_code=orgs, actor=actor, import_run=run
            )
            created_ids = list(
                Member.objects.filter(import_run=run).order_by("pk").values_list("pk", flat=True)
            )
            ImportChange.objects.bulk_create(
                [
                    ImportChange(
                        run=run,
                        member_id=pk,
                        member_pk=pk,
                        action=ImportChange.Action.CREATED,
                        version_after=1,
                    )
                    for pk in created_ids
                ],
                batch_size=2000,
            )
        done = len(creates)
        report(done, total, f"Đã tạo {done} hồ sơ mới; đang cập nhật hồ sơ đã có")
        updates = [row for row in plan.rows if row.action == "update"]
        members = Member.objects.in_bulk([row.member_id for row in updates])
        org_ids = {
            value
            for row in updates
            for value in (row.changes.get("org") or ())
            if isinstance(value, int)
        }
        org_names = _org_names(org_ids)
        rows = table.select("_sheet", "_row").to_dicts()
        changes: list[ImportChange] = []
        for number, row_plan in enumerate(updates, start=1):
            changes.append(
                _apply_update(
                    run=run,
                    actor=actor,
                    member=members[row_plan.member_id],
                    plan=row_plan,
                    row=rows[row_plan.index],
                    org_names=org_names,
                )
            )
            if number % _PROGRESS_EVERY == 0:
                report(done + number, total, f"Đã cập nhật {number}/{len(updates)} hồ sơ")
        ImportChange.objects.bulk_create(changes, batch_size=2000)
        counts = {
            "created": len(creates),
            "updated": len(updates),
            "unchanged": plan.count("unchanged"),
        }
        run.state = ImportRun.State.COMMITTED
        run.created, run.updated, run.unchanged = (
            counts["created"],
            counts["updated"],
            counts["unchanged"],
        )
        run.committed_at = timezone.now()
        run.records = total
        run.save(
            update_fields=["state", "created", "updated", "unchanged", "committed_at", "records"]
        )
        audit_record(
            actor=actor,
            action="intake.import.committed",
            target=run,
            changes={name: [None, value] for name, value in counts.items()},
        )
        report(total, total, "Đang kiểm tra lại chất lượng dữ liệu của Đảng bộ")
        _refresh_findings(run, actor, _no_report)
        _snapshot(run)
    report(total, total, "Đã ghi xong")
    return counts


def _conflicts(run: ImportRun, changes: list[ImportChange]) -> list[int]:
    current = dict(
        Member.objects.filter(pk__in=[c.member_pk for c in changes]).values_list("pk", "version")
    )
    conflicts = []
    for change in changes:
        version = current.get(change.member_pk)
        if version is None:
            if change.action == ImportChange.Action.UPDATED:
                conflicts.append(change.member_pk)
        elif version != change.version_after:
            conflicts.append(change.member_pk)
    return conflicts


def _restore(change: ImportChange, member: Member) -> dict[str, list[Any]]:
    columns: dict[str, Any] = {}
    raw = dict(member.raw or {})
    audited: dict[str, list[Any]] = {}
    for name, data in change.before.items():
        if name == "org":
            columns["org_id"] = data
            audited["org"] = [change.after.get("org"), data]
        elif name == "_extra":
            columns["extra"] = data
            audited["_extra"] = [sorted(change.after.get("_extra") or {}), sorted(data or {})]
        elif name == "_provenance":
            columns["import_run_id"], columns["source_sheet"], columns["source_row"] = data
        else:
            stored = Stored.from_json(name, data)
            columns[name] = stored.value
            if VALUE_SPECS[name].kind is Kind.DATE:
                columns[f"{name}_precision"] = stored.precision
            if stored.raw is None:
                raw.pop(name, None)
            else:
                raw[name] = stored.raw
            audited[name] = [
                Stored.from_json(name, change.after[name]).shown(name),
                stored.shown(name),
            ]
    restored = Member.objects.filter(pk=member.pk, version=change.version_after).update(
        **columns, raw=raw, version=F("version") + 1, updated_at=timezone.now()
    )
    if not restored:
        raise ImportFailed(f"Hồ sơ «{member}» vừa được sửa; không hoàn tác được.")
    return audited


def import_rollback(*, run: ImportRun, actor: Any) -> dict[str, int]:
    """Undo a committed import: remove the members it created, put back what it updated.

    Refused when a touched record was edited (or merged) afterwards: undoing would erase that
    later work. Findings of the commune are checked again afterwards.
    """
    from dangvien.accounts.access import COMMUNE_ADMIN, role_of
    from dangvien.accounts.selectors import scope_paths_for
    from dangvien.campaign.selectors import in_scope

    if (
        role_of(actor) != COMMUNE_ADMIN
        or run.org is None
        or not in_scope(run.org.path, scope_paths_for(actor))
    ):
        raise ImportFailed("Đồng chí không được hoàn tác lần nhập này.")
    if run.state != ImportRun.State.COMMITTED:
        raise ImportFailed("Chỉ hoàn tác được lần nhập đã ghi.")
    with transaction.atomic():
        changes = list(ImportChange.objects.filter(run=run).order_by("pk"))
        conflicts = _conflicts(run, changes)
        if conflicts:
            names = list(
                Member.objects.filter(pk__in=conflicts[:5]).values_list("full_name", flat=True)
            )
            shown = ", ".join(names) + ("…" if len(conflicts) > len(names) else "")
            raise ImportFailed(
                f"Không hoàn tác được: {len(conflicts)} hồ sơ đã được sửa, gộp hoặc nhập lại sau "
                f"lần nhập này ({shown or 'hồ sơ đã bị xóa'}). Xin hoàn tác các thay đổi sau trước."
            )
        created = [c.member_pk for c in changes if c.action == ImportChange.Action.CREATED]
        if created:
            Member.objects.filter(pk__in=created).delete()
        updated = [c for c in changes if c.action == ImportChange.Action.UPDATED]
        members = Member.objects.in_bulk([c.member_pk for c in updated])
        for change in updated:
            member = members[change.member_pk]
            audited = _restore(change, member)
            # The record is again exactly as the import before this one left it: that import
            # stays undoable (undo in reverse order) with the record's new version.
            ImportChange.objects.filter(
                member_pk=member.pk,
                version_after=change.version_after - 1,
                run__state=ImportRun.State.COMMITTED,
            ).exclude(run=run).update(version_after=change.version_after + 1)
            audit_record(
                actor=actor,
                action="members.member.import_rolled_back",
                target=member,
                changes={**audited, "_import_run": [run.pk, None]},
            )
        run.state = ImportRun.State.ROLLED_BACK
        run.rolled_back_at = timezone.now()
        run.rolled_back_by = actor
        run.save(update_fields=["state", "rolled_back_at", "rolled_back_by"])
        counts = {"removed": len(created), "restored": len(updated)}
        audit_record(
            actor=actor,
            action="intake.import.rolled_back",
            target=run,
            changes={name: [None, value] for name, value in counts.items()},
        )
        _refresh_findings(run, actor, _no_report)
        _snapshot(run)
    return counts
