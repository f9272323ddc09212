"""Building every output and recording it: the one path taken by the web pages, the CLI and the API.

`export_build` reads through the scoped selectors, hands plain records to the pure exporters and
renderers, and writes one audit entry per file (`reports.<kind>.exported`, or
`reports.report.generated` for the formal report) with what was exported, for whom, how many
records and through which channel. A CLI run without `--user` acts as the server operator: the
whole tree, recorded with no actor and channel "cli".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangvien.audit.services import audit_record
from dangvien.members.models import Member
from dangvien.members.selectors import ScopeError
from dangvien.orgs.models import Organization
from dangvien.reports import selectors
from dangvien.reports.defaults import commune_province
from dangvien.reports.document import ReportText, render_report
from dangvien.reports.exporters.base import Dataset, MetaItem
from dangvien.reports.exporters.members import (
    HandbookSelection,
    handbook_dataset,
    handbook_selection,
    members_dataset,
)
from dangvien.reports.exporters.orgs import orgs_dataset
from dangvien.reports.exporters.render import CONTENT_TYPES, render
from dangvien.reports.exporters.statistics import statistics_datasets, statistics_meta
from dangvien.reports.models import ReportDraft
from dangvien.reports.sheets import SheetHeader, render_sheets

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ExportKind:
    key: str  # identifier in code, the CLI and audit codes
    slug: str  # in URLs
    title: str
    description: str
    formats: tuple[str, ...]
    personal: bool  # holds personal data: not for aggregate-only roles

    @property
    def action(self) -> str:
        return (
            "reports.report.generated" if self.key == "report" else f"reports.{self.key}.exported"
        )


KINDS: Mapping[str, ExportKind] = {
    kind.key: kind
    for kind in (
        ExportKind(
            "members",
            "dang-vien",
            "Danh sách đảng viên đã chuẩn hóa",
            "Mọi trường của từ điển dữ liệu, kèm mã danh mục (dân tộc, tôn giáo, trình độ), mã đơn "
            "vị hành chính từ 01/7/2025, ngày theo dd/mm/yyyy và ISO 8601.",
            ("xlsx", "csv", "json"),
            True,
        ),
        ExportKind(
            "handbook",
            "so-tay",
            "Dữ liệu đồng bộ Sổ tay đảng viên điện tử",
            "Đúng 9 trường thông tin tóm tắt; không gồm đảng viên miễn sinh hoạt và đảng viên đã "
            "ra khỏi danh sách.",
            ("xlsx", "csv", "json"),
            True,
        ),
        ExportKind(
            "orgs",
            "to-chuc",
            "Danh mục tổ chức đảng",
            "Cây tổ chức với mã, loại, cấp trên, bí thư và số đảng viên.",
            ("xlsx", "csv", "json"),
            False,
        ),
        ExportKind(
            "statistics",
            "thong-ke",
            "Sổ thống kê kết quả rà soát",
            "Theo tổ chức, theo tiêu chí, tiến độ theo ngày, tình trạng đảng viên, Sổ tay; có "
            "biểu đồ.",
            ("xlsx", "json"),
            False,
        ),
        ExportKind(
            "sheets",
            "phieu-ra-soat",
            "Phiếu rà soát thông tin đảng viên",
            "Mỗi đảng viên một trang: dữ liệu hiện có, điểm cần kiểm tra, ô ghi sửa, chữ ký.",
            ("pdf",),
            True,
        ),
        ExportKind(
            "report",
            "bao-cao",
            "Báo cáo kết quả rà soát, làm sạch, chuẩn hóa dữ liệu",
            "Văn bản theo Hướng dẫn 36-HD/VPTW, số liệu đến ngày đã chọn.",
            ("docx",),
            False,
        ),
    )
}


class ExportError(ValueError):
    """A request that cannot be served as asked (unknown kind or format); message in Vietnamese."""


@dataclass(frozen=True)
class ExportRequest:
    kind: str
    fmt: str
    org: Organization
    as_of: dt.date
    include_errors: bool = False  # handbook: include members with open errors (confirmed)
    only_no_smartphone: bool = False  # sheets: only members who cannot use the handbook app
    only_with_findings: bool = False  # sheets: only members with something to check


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes
    records: int
    notes: tuple[str, ...] = ()
    handbook: HandbookSelection | None = field(default=None, repr=False)


def _members(user: Any, org: Organization) -> QuerySet[Member]:
    if user is None:  # the server operator on the command line
        return Member.objects.filter(org__path__startswith=org.path)
    return selectors.members_in(user, org)


def _personal(user: Any) -> bool:
    """Whether the output may hold personal data (the operator on the command line may)."""
    return user is None or selectors.sees_personal_data(user)


def _province_hint(org: Organization) -> str | None:
    """The province of the commune, so that bare commune names in addresses resolve."""
    root = org
    while root.parent_id:
        root = root.parent  # type: ignore[assignment]
    province = commune_province(root.name)
    return province.code if province is not None else None


def _meta(org: Organization, as_of: dt.date, records: int) -> list[MetaItem]:
    return [
        MetaItem("scope", "Phạm vi", f"{org.name} ({org.code})"),
        MetaItem("as_of", "Dữ liệu đến ngày", as_of.isoformat()),
        MetaItem(
            "generated_at",
            "Thời điểm xuất",
            timezone.localtime().replace(microsecond=0).isoformat(),
        ),
        MetaItem("records", "Số bản ghi", records),
    ]


def _filename(kind: ExportKind, org: Organization, as_of: dt.date, fmt: str) -> str:
    code = re.sub(r"[^A-Za-z0-9_-]", "", org.code) or str(org.pk)
    return f"{kind.slug}-{code}-{as_of:%Y%m%d}.{fmt}"


def _tabular(datasets: list[Dataset], fmt: str, meta: list[MetaItem]) -> bytes:
    return render(datasets, fmt, meta)  # type: ignore[arg-type]


def _build(
    user: Any, kind: ExportKind, request: ExportRequest
) -> tuple[bytes, int, tuple[str, ...], HandbookSelection | None]:
    org, as_of, fmt = request.org, request.as_of, request.fmt
    if kind.key == "members":
        records = list(selectors.member_records(_members(user, org)))
        dataset = members_dataset(records, province_hint=_province_hint(org)).materialize()
        return _tabular([dataset], fmt, _meta(org, as_of, len(records))), len(records), (), None
    if kind.key == "handbook":
        members = _members(user, org)
        selection = handbook_selection(
            selectors.member_records(members),
            open_error_ids=selectors.open_error_member_ids(members),
            include_errors=request.include_errors,
        )
        meta = [
            *_meta(org, as_of, len(selection.included)),
            MetaItem("excluded_exempt", "Không đưa vào: miễn sinh hoạt", selection.exempt),
            MetaItem("excluded_exited", "Không đưa vào: đã ra khỏi danh sách", selection.exited),
            MetaItem("with_open_errors", "Còn lỗi chưa xử lý", len(selection.with_errors)),
            MetaItem(
                "with_open_errors_included",
                "Vẫn xuất dù còn lỗi (đã xác nhận)",
                selection.errors_confirmed,
            ),
        ]
        content = _tabular([handbook_dataset(selection).materialize()], fmt, meta)
        notes = ()
        if selection.refused:
            notes = (
                f"{len(selection.refused)} đảng viên còn lỗi chưa xử lý không được đưa vào "
                "tệp; xử lý lỗi hoặc xác nhận xuất cả những đảng viên này.",
            )
        return content, len(selection.included), notes, selection
    if kind.key == "orgs":
        records = selectors.org_records(org)
        dataset = orgs_dataset(records).materialize()
        return _tabular([dataset], fmt, _meta(org, as_of, len(records))), len(records), (), None
    if kind.key == "statistics":
        figures = selectors.figures_as_of(org, as_of, personal=_personal(user))
        content = _tabular(statistics_datasets(figures), fmt, statistics_meta(figures))
        return content, len(figures.orgs), (), None
    if kind.key == "sheets":
        members = _members(user, org).filter(exit_kind="")
        if request.only_no_smartphone:
            members = members.filter(no_smartphone=True)
        findings = selectors.open_findings_by_member(members)
        records = [
            record
            for record in selectors.member_records(members)
            if not request.only_with_findings or record["id"] in findings
        ]
        root = (
            org
            if not org.parent_id
            else Organization.objects.get(path="/" + org.path.strip("/").split("/")[0] + "/")
        )
        content = render_sheets(records, findings, SheetHeader(root.name, as_of))
        return content, len(records), (), None
    if kind.key == "report":
        figures = selectors.figures_as_of(org, as_of, personal=_personal(user))
        content = render_report(figures, selectors.report_text_for(org))
        return content, figures.total.members, (), None
    raise ExportError(f"Không có loại dữ liệu “{kind.key}”.")


def export_build(
    *, user: Any, request: ExportRequest, channel: str, ip_address: str | None = None
) -> ExportFile:
    """Build one output for `user` (None: the server operator) and record it in the audit log."""
    kind = KINDS.get(request.kind)
    if kind is None:
        raise ExportError(f"Không có loại dữ liệu “{request.kind}”.")
    if request.fmt not in kind.formats:
        raise ExportError(f"{kind.title} chỉ xuất được dạng: {', '.join(kind.formats)}.")
    if user is not None:
        if not selectors.orgs_for(user).filter(pk=request.org.pk).exists():
            raise ScopeError("organization outside the user's scope")
        if kind.personal and not selectors.sees_personal_data(user):
            raise ScopeError("this role sees aggregates only")
    content, records, notes, handbook = _build(user, kind, request)
    changes: dict[str, list[Any]] = {
        "format": [None, request.fmt],
        "org": [None, request.org.code],
        "as_of": [None, request.as_of.isoformat()],
        "records": [None, records],
        "channel": [None, channel],
    }
    if handbook is not None:
        changes["excluded_exempt"] = [None, handbook.exempt]
        changes["excluded_exited"] = [None, handbook.exited]
        changes["with_open_errors"] = [None, len(handbook.with_errors)]
        changes["errors_confirmed"] = [None, handbook.errors_confirmed]
    if request.only_no_smartphone:
        changes["only_no_smartphone"] = [None, True]
    audit_record(
        actor=user, action=kind.action, target=request.org, changes=changes, ip_address=ip_address
    )
    content_type = {"pdf": "application/pdf", "docx": DOCX}.get(request.fmt) or CONTENT_TYPES[
        request.fmt
    ]
    return ExportFile(
        filename=_filename(kind, request.org, request.as_of, request.fmt),
        content_type=content_type,
        content=content,
        records=records,
        notes=notes,
        handbook=handbook,
    )


def report_draft_save(*, org: Organization, text: ReportText, actor: Any) -> ReportDraft:
    """Save the editable text of the organization's report; the audit keeps what changed."""
    if actor is not None and not selectors.can_edit_report(actor):
        raise ScopeError("this role may not edit reports")
    if actor is not None and not selectors.orgs_for(actor).filter(pk=org.pk).exists():
        raise ScopeError("organization outside the user's scope")
    values = {
        "superior_body": text.superior_body,
        "issuer": text.issuer,
        "issuer_abbreviation": text.issuer_abbreviation,
        "number": text.number,
        "place": text.place,
        "summary": text.summary,
        "situation": text.situation,
        "results": text.results,
        "difficulties": text.difficulties,
        "proposals": text.proposals,
        "recipients": "\n".join(text.recipients),
        "signer_authority": text.signer_authority,
        "signer_title": text.signer_title,
        "signer_name": text.signer_name,
    }
    with transaction.atomic():
        draft = ReportDraft.objects.select_for_update().filter(org=org).first()
        before = {name: getattr(draft, name) for name in values} if draft else {}
        if draft is None:
            draft = ReportDraft(org=org)
        for name, value in values.items():
            setattr(draft, name, value)
        draft.updated_by = actor if getattr(actor, "pk", None) else None
        draft.save()
        changed = {
            name: [before.get(name), value]
            for name, value in values.items()
            if before.get(name) != value
        }
        audit_record(actor=actor, action="reports.draft.updated", target=draft, changes=changed)
    return draft
