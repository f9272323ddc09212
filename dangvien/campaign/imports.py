"""The import wizard's services: stage an upload, map its columns, dry-run it, commit, roll back.

    upload ─ stored under VAR_DIR/uploads with its SHA-256 ─ read (mapping detected) ─ staged run
    mapping edited (optionally saved as a template) ─ dry run: findings by dimension, what would
    be created or updated ─ commit as one background job ─ roll back from the recorded changes

Reading never writes; the commit runs inside the job runner's single transaction, so a failure
leaves the database as it was. Every member the commit touches is recorded (ImportChange) with
its values before and after, so that the rollback restores them exactly.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dangvien.accounts.access import COMMUNE_ADMIN, role_of
from dangvien.accounts.selectors import scope_paths_for
from dangvien.audit.services import audit_record
from dangvien.campaign.import_plan import (
    LABELS,
    ImportPlan,
    fetch_existing,
    import_plan,
)
from dangvien.campaign.models import MappingTemplateRecord
from dangvien.campaign.selectors import in_scope
from dangvien.intake import IntakeError, IntakeResult, MappingTemplate, read_members
from dangvien.intake.models import ImportRun
from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.quality.dictionary import MEMBER_FIELDS
from dangvien.quality.engine import check
from dangvien.quality.table import ORG_CODE, ORG_SCHEMA

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SAMPLE_SIZE = 30  # rows of each kind shown in the dry run
FIELD_LABELS = {spec.name: spec.label for spec in MEMBER_FIELDS}

Progress = Callable[..., None]


class ImportFailed(Exception):
    """The import cannot go on; `message` tells the commune admin why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def max_upload_bytes() -> int:
    return int(getattr(settings, "DANGVIEN_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def upload_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def stored_path(run: ImportRun) -> Path:
    return upload_dir() / run.stored_name


def _store(chunks: Iterable[bytes], suffix: str) -> tuple[str, str, int]:
    """Write the upload under its SHA-256 name (never under the name the user gave it)."""
    folder = upload_dir()
    digest = hashlib.sha256()
    size = 0
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        name = digest.hexdigest() + suffix
        os.chmod(temporary, 0o600)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest.hexdigest(), name, size


def orgs_frame(commune: Organization) -> pl.DataFrame:
    """The commune's organizations in ORG_SCHEMA, to match organization names to codes."""
    rows = list(
        Organization.objects.filter(path__startswith=commune.path)
        .order_by("path")
        .values("code", "name", "kind", "parent__code", "area", "active", "secretary__full_name")
    )
    return pl.DataFrame(
        {
            "code": [r["code"] for r in rows],
            "name": [r["name"] for r in rows],
            "kind": [r["kind"] for r in rows],
            "parent_code": [r["parent__code"] for r in rows],
            "area": [r["area"] or None for r in rows],
            "active": [r["active"] for r in rows],
            "secretary": [r["secretary__full_name"] or None for r in rows],
        },
        schema=dict(ORG_SCHEMA),
    )


def template_of(columns: Mapping[str, str | None], name: str = "ánh xạ đã chọn") -> MappingTemplate:
    """A mapping template from header → field; a two-row header also answers to its lower part
    ("Trình độ / GDPT" → "GDPT"), which is what the reader matches first."""
    full: dict[str, str | None] = {}
    for header, target in columns.items():
        full[header] = target
        if " / " in header:
            full.setdefault(header.rsplit(" / ", 1)[1], target)
    return MappingTemplate.from_dict({"name": name, "columns": full})


def run_columns(run: ImportRun) -> dict[str, str | None]:
    return {
        entry["column"]: entry.get("field")
        for entry in run.mapping
        if entry.get("role") in ("field", "extra")
    }


def _read(run: ImportRun, *, use_mapping: bool) -> IntakeResult:
    template = template_of(run_columns(run), run.template_name or "ánh xạ") if use_mapping else None
    try:
        return read_members(
            stored_path(run), orgs=orgs_frame(run.org), template=template, source_name=run.file_name
        )
    except IntakeError as error:
        raise ImportFailed(error.message) from None


def _samples(result: IntakeResult) -> dict[str, list[str]]:
    """Three values of each column, for the person choosing what the column means."""
    import json

    head = result.table.head(200)
    samples: dict[str, list[str]] = {}
    for name in FIELD_LABELS:
        column = f"{name}__raw"
        if column in head.columns:
            samples[name] = [
                str(v) for v in head[column].drop_nulls().unique(maintain_order=True).head(3)
            ]
    extras: dict[str, list[str]] = {}
    for text in head["_extra"].drop_nulls().to_list():
        for key, value in json.loads(text).items():
            if value is not None and len(extras.setdefault(key, [])) < 3:
                extras[key].append(str(value))
    return {**samples, **{f"extra:{key}": values for key, values in extras.items()}}


def _mapping_entries(result: IntakeResult) -> list[dict[str, Any]]:
    samples = _samples(result)
    entries = []
    for entry in result.mapping:
        if entry.get("role") == "field" and entry.get("field"):
            entry["samples"] = samples.get(entry["field"], [])
        elif entry.get("role") == "extra":
            entry["samples"] = samples.get(f"extra:{entry['column']}", [])
        else:
            entry["samples"] = []
        entries.append(entry)
    return entries


def import_stage(
    *,
    actor: Any,
    commune: Organization,
    file_name: str,
    chunks: Iterable[bytes],
    source: str = "",
    template: MappingTemplateRecord | None = None,
) -> ImportRun:
    """Keep the uploaded file and read it once: a file that cannot be read leaves no run."""
    if role_of(actor) != COMMUNE_ADMIN:
        raise ImportFailed("Chỉ Ban Xây dựng Đảng được nhập dữ liệu.")
    if not in_scope(commune.path, scope_paths_for(actor)):
        raise ImportFailed(f"{commune.name} không thuộc phạm vi của đồng chí.")
    suffix = Path(file_name).suffix.lower()
    digest, name, size = _store(chunks, suffix)
    run = ImportRun(
        file_name=Path(file_name).name[:255],
        file_sha256=digest,
        stored_name=name,
        size=size,
        org=commune,
        source=source.strip()[:300],
        actor=actor,
        template_name=template.name if template else "",
    )
    if template is not None:
        run.mapping = [
            {"column": header, "field": target, "role": "field" if target else "extra"}
            for header, target in template.columns.items()
        ]
    try:
        result = _read(run, use_mapping=template is not None)
    except ImportFailed:
        if not ImportRun.objects.filter(stored_name=name).exists():
            (upload_dir() / name).unlink(missing_ok=True)
        raise
    run.mapping = _mapping_entries(result)
    run.records = result.records
    with transaction.atomic():
        run.save()
        audit_record(
            actor=actor,
            action="intake.import.staged",
            target=run,
            changes={
                "file": [None, run.file_name],
                "sha256": [None, digest],
                "records": [None, run.records],
            },
        )
    return run


def import_set_mapping(
    *, run: ImportRun, actor: Any, columns: Mapping[str, str | None], save_as: str = ""
) -> MappingTemplateRecord | None:
    """Store the mapping the admin chose (and save it as a named template when asked)."""
    require_staged(run, actor)
    known = set(FIELD_LABELS)
    for header, target in columns.items():
        if target is not None and target not in known:
            raise ImportFailed(f"Cột «{header}» được gán cho trường không có: {target}.")
    saved: MappingTemplateRecord | None = None
    with transaction.atomic():
        entries = []
        for entry in run.mapping:
            if entry["column"] in columns:
                target = columns[entry["column"]]
                if target != entry.get("field"):
                    entry = {
                        **entry,
                        "field": target,
                        "reason": "do người nhập chọn",
                        "confidence": 1.0,
                        "role": "field" if target else "extra",
                    }
            entries.append(entry)
        run.mapping = entries
        run.summary = {}
        if save_as.strip():
            saved, _ = MappingTemplateRecord.objects.update_or_create(
                name=save_as.strip()[:120],
                defaults={"columns": dict(columns), "created_by": actor},
            )
            run.template_name = saved.name
        run.save(update_fields=["mapping", "summary", "template_name"])
        audit_record(
            actor=actor,
            action="intake.import.mapped",
            target=run,
            changes={
                "mapping": [None, dict(columns)],
                "template": [None, saved.name if saved else None],
            },
        )
    return saved


def require_staged(run: ImportRun, actor: Any) -> None:
    if (
        role_of(actor) != COMMUNE_ADMIN
        or run.org is None
        or not in_scope(run.org.path, scope_paths_for(actor))
    ):
        raise ImportFailed("Đồng chí không được thao tác trên lần nhập này.")
    if run.state != ImportRun.State.STAGED:
        raise ImportFailed("Lần nhập này đã được ghi hoặc đã hủy.")


@dataclass
class Prepared:
    result: IntakeResult
    plan: ImportPlan
    org_ids: dict[str, int]
    blocking: list[str]


def prepare_run(run: ImportRun) -> Prepared:
    result = _read(run, use_mapping=True)
    table = result.table
    org_ids = dict(
        Organization.objects.filter(path__startswith=run.org.path).values_list("code", "id")
    )
    mapped = {entry["field"] for entry in result.mapping if entry.get("field")}
    plan = import_plan(table, existing=fetch_existing(run.org.path), mapped=mapped, org_ids=org_ids)
    blocking: list[str] = []
    if "full_name" not in mapped:
        blocking.append("Chưa có cột «Họ và tên»: xin chọn cột chứa họ tên đảng viên.")
    unknown = table.filter(pl.col(ORG_CODE).is_null())
    if unknown.height:
        names = unknown["org"].fill_null("(trống)").unique(maintain_order=True).head(5).to_list()
        rows = ", ".join(str(r) for r in unknown["_row"].head(5).to_list())
        blocking.append(
            f"{unknown.height} dòng không xác định được chi bộ trong Đảng bộ "
            f"(ví dụ: {', '.join('«' + n + '»' for n in names)}; dòng {rows}). "
            "Xin sửa tên chi bộ trong tệp cho đúng tên tổ chức đảng, hoặc thêm tổ chức trước."
        )
    return Prepared(result, plan, org_ids, blocking)


def _name(row: Mapping[str, Any]) -> str:
    return str(row.get("full_name") or row.get("full_name__raw") or "(không có tên)")


def _summary(run: ImportRun, prepared: Prepared, as_of: Any) -> dict[str, Any]:
    result, plan = prepared.result, prepared.plan
    table = result.table
    checked = check(table, orgs=orgs_frame(run.org), as_of=as_of)
    rows = table.select("_sheet", "_row", "full_name", "full_name__raw", "org", ORG_CODE).to_dicts()
    names = dict(
        Member.objects.filter(
            pk__in=[r.member_id for r in plan.rows if r.action == "update"][:SAMPLE_SIZE]
        ).values_list("pk", "full_name")
    )
    updates, creates = [], []
    by_org: dict[str, dict[str, Any]] = {}
    for row_plan in plan.rows:
        row = rows[row_plan.index]
        org = by_org.setdefault(
            row[ORG_CODE] or "",
            {
                "org": row["org"] or "(không rõ)",
                "records": 0,
                "create": 0,
                "update": 0,
                "unchanged": 0,
            },
        )
        org["records"] += 1
        org[row_plan.action] += 1
        if row_plan.action == "update" and len(updates) < SAMPLE_SIZE:
            changes = []
            for name, (old, new) in row_plan.changes.items():
                if name == "org":
                    changes.append([LABELS["org"], "(chi bộ cũ)", row["org"]])
                elif name == "_extra":
                    changes.append([LABELS["_extra"], "", ", ".join(sorted(new))])
                else:
                    changes.append([LABELS[name], old.shown(name), new.shown(name)])
            updates.append(
                {
                    "sheet": row["_sheet"],
                    "row": row["_row"],
                    "name": _name(row),
                    "member": names.get(row_plan.member_id, ""),
                    "matched_by": row_plan.matched_by,
                    "changes": changes,
                }
            )
        elif row_plan.action == "create" and len(creates) < SAMPLE_SIZE:
            creates.append(
                {
                    "sheet": row["_sheet"],
                    "row": row["_row"],
                    "name": _name(row),
                    "org": row["org"] or "",
                }
            )
    findings = checked.findings
    by_dimension: dict[str, dict[str, int]] = {}
    for dimension, severity, count in findings.group_by("dimension", "severity").len().iter_rows():
        by_dimension.setdefault(dimension, {})[severity] = int(count)
    sample = [
        {
            "sheet": f["sheet"],
            "row": f["row"],
            "field": FIELD_LABELS.get(f["field"] or "", f["field"]),
            "severity": f["severity"],
            "dimension": f["dimension"],
            "message": f["message"],
        }
        for f in findings.filter(pl.col("severity") == "error").head(SAMPLE_SIZE).to_dicts()
    ]
    previous = (
        ImportRun.objects.filter(file_sha256=run.file_sha256, org=run.org, state="committed")
        .exclude(pk=run.pk)
        .order_by("-created_at")
        .first()
    )
    return {
        "as_of": str(as_of),
        "records": table.height,
        "create": plan.count("create"),
        "update": plan.count("update"),
        "unchanged": plan.count("unchanged"),
        "blocking": prepared.blocking,
        "notes": list(result.notes),
        "skipped": len(result.skipped),
        "skipped_sample": [
            {"sheet": s.sheet, "row": s.row, "reason": s.reason, "text": s.text}
            for s in result.skipped[:10]
        ],
        "findings": findings.height,
        "by_severity": checked.summary["by_severity"],
        "by_dimension": by_dimension,
        "fields_changed": {LABELS.get(k, k): v for k, v in plan.fields_changed().items()},
        "by_org": sorted(by_org.values(), key=lambda o: str(o["org"])),
        "updates_sample": updates,
        "creates_sample": creates,
        "errors_sample": sample,
        "extra_columns": [e["column"] for e in result.mapping if e.get("role") == "extra"],
        "already_imported": (
            {
                "pk": previous.pk,
                "at": timezone.localtime(previous.created_at).strftime("%d/%m/%Y %H:%M"),
            }
            if previous
            else None
        ),
    }


def import_dry_run(*, run: ImportRun, actor: Any) -> dict[str, Any]:
    """Read with the chosen mapping, check, plan; keep the summary on the run. Writes no member."""
    require_staged(run, actor)
    as_of = timezone.localdate()
    summary = _summary(run, prepare_run(run), as_of)
    with transaction.atomic():
        run.summary = summary
        run.records = summary["records"]
        run.save(update_fields=["summary", "records"])
    return summary


def import_commit_enqueue(*, run: ImportRun, actor: Any) -> Any:
    """Queue the commit as one background job (its progress bar survives a page reload)."""
    from dangvien.jobs.models import Job
    from dangvien.jobs.services import job_enqueue

    require_staged(run, actor)
    if not run.summary:
        raise ImportFailed("Xin chạy thử trước khi ghi.")
    if run.summary.get("blocking"):
        raise ImportFailed(
            "Còn vấn đề phải sửa trước khi ghi: " + " ".join(run.summary["blocking"])
        )
    if run.job_id:
        job = Job.objects.filter(pk=run.job_id).first()
        if job is not None and job.state in (Job.State.QUEUED, Job.State.RUNNING):
            return job
    job = job_enqueue(
        kind="campaign.import_commit", params={"run_id": run.pk, "actor_id": actor.pk}, actor=actor
    )
    with transaction.atomic():
        run.job_id = job.pk
        run.save(update_fields=["job_id"])
        audit_record(
            actor=actor,
            action="intake.import.commit_requested",
            target=run,
            changes={"job": [None, job.pk]},
        )
    return job


def mapping_template_delete(*, template: MappingTemplateRecord, actor: Any) -> None:
    if role_of(actor) != COMMUNE_ADMIN:
        raise ImportFailed("Chỉ Ban Xây dựng Đảng được xóa mẫu ánh xạ.")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="intake.template.deleted",
            target=template,
            changes={"columns": [dict(template.columns), None]},
        )
        template.delete()
