"""Every output goes through `export_build`: scoped, refused for the wrong role, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata

import docx
import openpyxl
import pypdf
import pytest
from django.utils import timezone

from dangvien.audit.models import AuditEntry
from dangvien.members.selectors import ScopeError
from dangvien.quality.dictionary import HANDBOOK_FIELDS
from dangvien.reports import services
from dangvien.reports.document import ReportText
from dangvien.reports.models import ReportDraft

pytestmark = pytest.mark.django_db


def build(user, kind: str, fmt: str, org, **options):
    request = services.ExportRequest(
        kind=kind, fmt=fmt, org=org, as_of=timezone.localdate(), **options
    )
    return services.export_build(user=user, request=request, channel="web", ip_address="10.0.0.7")


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_member_export_lists_every_member_in_scope_and_is_audited(commune, commune_admin):
    file = build(commune_admin, "members", "csv", commune["orgs"]["TL"])
    rows = csv_rows(file.content)
    assert sorted(row["Họ và tên"] for row in rows) == sorted(
        m.full_name for m in commune["members"].values()
    )
    assert file.filename.startswith("dang-vien-TL-")
    assert file.filename.endswith(".csv")
    entry = AuditEntry.objects.get(action="reports.members.exported")
    assert entry.actor == commune_admin
    assert entry.target_id == str(commune["orgs"]["TL"].pk)
    assert entry.changes["records"] == [None, 6]
    assert entry.changes["format"] == [None, "csv"]
    assert entry.changes["channel"] == [None, "web"]
    assert entry.ip_address == "10.0.0.7"


def test_a_cell_secretary_exports_only_their_cell_and_nothing_else(commune, cell_secretary):
    file = build(cell_secretary, "members", "json", commune["orgs"]["TL01"])
    names = {r["full_name"] for r in json.loads(file.content)["records"]}
    assert names == {"Lò Văn Ún", "Hà Thị Mai", "Lò Thị Miễn", "Vi Văn Mất"}
    with pytest.raises(ScopeError):
        build(cell_secretary, "members", "json", commune["orgs"]["TL02"])
    with pytest.raises(ScopeError):
        build(cell_secretary, "members", "json", commune["orgs"]["TL"])
    assert AuditEntry.objects.filter(action="reports.members.exported").count() == 1


@pytest.mark.parametrize(
    ("kind", "fmt"), [("members", "xlsx"), ("handbook", "csv"), ("sheets", "pdf")]
)
def test_aggregate_only_roles_get_no_personal_data(commune, province_viewer, kind, fmt):
    with pytest.raises(ScopeError):
        build(province_viewer, kind, fmt, commune["orgs"]["TL"])
    assert not AuditEntry.objects.filter(action__startswith="reports.").exists()


@pytest.mark.parametrize(
    ("kind", "fmt"), [("statistics", "xlsx"), ("report", "docx"), ("orgs", "csv")]
)
def test_aggregate_only_roles_get_the_figures(commune, province_viewer, kind, fmt):
    file = build(province_viewer, kind, fmt, commune["orgs"]["TL"])
    assert file.content
    assert (
        AuditEntry.objects.filter(actor=province_viewer, action=services.KINDS[kind].action).count()
        == 1
    )


def test_a_format_a_kind_does_not_have_is_refused_in_vietnamese(commune, commune_admin):
    with pytest.raises(services.ExportError, match="chỉ xuất được dạng: pdf"):
        build(commune_admin, "sheets", "csv", commune["orgs"]["TL"])


def test_the_handbook_export_has_nine_fields_and_leaves_out_exempt_exited_and_errors(
    commune, commune_admin
):
    file = build(commune_admin, "handbook", "xlsx", commune["orgs"]["TL"])
    sheet = openpyxl.load_workbook(io.BytesIO(file.content)).active
    header = [cell.value for cell in sheet[4]]
    assert len(header) == 9
    names = [row[0].value for row in sheet.iter_rows(min_row=5) if row[0].value]
    # Miễn is exempt, Mất deceased, Lỗi has an open error.
    assert sorted(names) == ["Hà Thị Mai", "Lò Văn Ún", "Phạm Bá Hùng"]
    assert [n for n in file.notes if "còn lỗi chưa xử lý" in n]
    entry = AuditEntry.objects.get(action="reports.handbook.exported")
    assert entry.changes["excluded_exempt"] == [None, 1]
    assert entry.changes["excluded_exited"] == [None, 1]
    assert entry.changes["with_open_errors"] == [None, 1]
    assert entry.changes["errors_confirmed"] == [None, False]
    assert set(HANDBOOK_FIELDS) == set(
        json.loads(build(commune_admin, "handbook", "json", commune["orgs"]["TL"]).content)[
            "records"
        ][0]
    )


def test_a_confirmed_handbook_export_includes_members_with_errors_and_says_so(
    commune, commune_admin
):
    file = build(commune_admin, "handbook", "csv", commune["orgs"]["TL"], include_errors=True)
    assert "Đinh Văn Lỗi" in {row["Họ và tên"] for row in csv_rows(file.content)}
    assert file.notes == ()
    entry = AuditEntry.objects.get(action="reports.handbook.exported")
    assert entry.changes["errors_confirmed"] == [None, True]


def test_verification_sheets_print_active_members_without_a_smartphone(commune, commune_admin):
    file = build(commune_admin, "sheets", "pdf", commune["orgs"]["TL"], only_no_smartphone=True)
    assert file.records == 2  # Mai and Lỗi; Mất is deceased
    assert file.content.startswith(b"%PDF")
    with_findings = build(
        commune_admin, "sheets", "pdf", commune["orgs"]["TL"], only_with_findings=True
    )
    assert with_findings.records == 2  # Lỗi (CCCD) and Mai (phone)


def test_verification_sheets_print_in_batches_per_cell_one_page_per_member(commune, commune_admin):
    def cells_of(file: services.ExportFile) -> list[str]:
        pages = pypdf.PdfReader(io.BytesIO(file.content)).pages
        text = [unicodedata.normalize("NFC", page.extract_text()) for page in pages]
        assert len(text) == file.records
        return ["LỐC" if "CHI BỘ BẢN LỐC" in page else "HẬU" for page in text]

    one_cell = build(commune_admin, "sheets", "pdf", commune["orgs"]["TL01"])
    assert cells_of(one_cell) == ["LỐC"] * 3  # Ún, Mai, Miễn; Mất is deceased
    whole = build(commune_admin, "sheets", "pdf", commune["orgs"]["TL"])
    assert cells_of(whole) == ["LỐC"] * 3 + ["HẬU"] * 2  # a cell's sheets come together
    entry = AuditEntry.objects.filter(action="reports.sheets.exported").latest("id")
    assert entry.changes["records"] == [None, 5]


def test_the_report_uses_the_saved_text_and_the_figures_of_the_date(commune, commune_admin):
    text = ReportText(
        superior_body="Đảng bộ tỉnh Thanh Hóa",
        issuer="Đảng ủy xã Tam Lư",
        issuer_abbreviation="ĐU",
        number="07",
        place="Tam Lư",
        summary="Kết quả rà soát",
        situation="Đoạn viết tay.",
        results="",
        difficulties="",
        proposals="Kiến nghị.",
        recipients=("Ban Tổ chức Tỉnh ủy (để báo cáo)", "Lưu VP"),
        signer_authority="T/M Ban Thường vụ",
        signer_title="Bí thư",
        signer_name="Chu Đình Trọng",
    )
    services.report_draft_save(org=commune["orgs"]["TL"], text=text, actor=commune_admin)
    file = build(commune_admin, "report", "docx", commune["orgs"]["TL"])
    document = docx.Document(io.BytesIO(file.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Đoạn viết tay." in paragraphs
    assert document.tables[0].rows[0].cells[0].paragraphs[3].text == "Số 07-BC/ĐU"
    assert file.records == 5
    assert AuditEntry.objects.filter(action="reports.report.generated").count() == 1


def test_saving_the_report_text_is_audited_with_what_changed(commune, commune_admin):
    org = commune["orgs"]["TL"]
    from dangvien.reports.selectors import report_text_for

    first = report_text_for(org)
    services.report_draft_save(org=org, text=first, actor=commune_admin)
    edited = ReportText(**{**first.__dict__, "number": "15", "proposals": "Mới."})
    services.report_draft_save(org=org, text=edited, actor=commune_admin)
    entries = AuditEntry.objects.filter(action="reports.draft.updated").order_by("id")
    assert entries.count() == 2
    assert entries[1].changes == {"number": ["", "15"], "proposals": [first.proposals, "Mới."]}
    assert ReportDraft.objects.get(org=org).updated_by == commune_admin


def test_only_editors_change_the_report_text(commune, leader, province_viewer):
    from dangvien.reports.selectors import report_text_for

    text = report_text_for(commune["orgs"]["TL"])
    for user in (leader, province_viewer):
        with pytest.raises(ScopeError):
            services.report_draft_save(org=commune["orgs"]["TL"], text=text, actor=user)


def test_the_statistics_workbook_reads_the_figures_of_the_date(commune, commune_admin):
    request = services.ExportRequest(
        kind="statistics", fmt="xlsx", org=commune["orgs"]["TL"], as_of=dt.date(2025, 5, 1)
    )
    file = services.export_build(user=commune_admin, request=request, channel="cli")
    sheet = openpyxl.load_workbook(io.BytesIO(file.content))["Theo tổ chức"]
    assert sheet["A2"].value.endswith("01/05/2025")
    assert [sheet.cell(row=5, column=c).value for c in (1, 4)] == ["TL01", 3]
