"""`dangvien export` and `dangvien report`: the same exporters from the command line."""

from __future__ import annotations

import csv
import io
import json

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from dangvien.audit.models import AuditEntry
from dangvien.cli import main

pytestmark = pytest.mark.django_db


def test_export_writes_the_format_of_the_file_name_and_records_the_cli_channel(commune, tmp_path):
    out = tmp_path / "dang-vien.json"
    stdout = io.StringIO()
    call_command("export", "members", "--org", "TL02", "--out", str(out), stdout=stdout)
    records = json.loads(out.read_text(encoding="utf-8"))["records"]
    assert {r["full_name"] for r in records} == {"Phạm Bá Hùng", "Đinh Văn Lỗi"}
    assert "2 bản ghi" in stdout.getvalue()
    entry = AuditEntry.objects.get(action="reports.members.exported")
    assert entry.actor is None
    assert entry.changes["channel"] == [None, "cli"]


def test_the_dangvien_script_dispatches_export_to_the_command(commune, tmp_path):
    out = tmp_path / "to-chuc.csv"
    assert main(["export", "orgs", "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [row["Mã tổ chức"] for row in rows] == ["TL", "TL01", "TL02"]


def test_the_command_line_and_the_web_page_write_the_same_file(
    commune, commune_admin, client, tmp_path
):
    out = tmp_path / "so-tay.csv"
    call_command("export", "handbook", "--org", "TL", "--out", str(out), stdout=io.StringIO())
    client.force_login(commune_admin)
    response = client.post(
        reverse("reports:export", args=["so-tay"]),
        {"org": "TL", "as_of": timezone.localdate().isoformat(), "fmt": "csv"},
    )
    assert response.status_code == 200
    assert out.read_bytes() == response.content
    channels = AuditEntry.objects.filter(action="reports.handbook.exported").values_list(
        "changes__channel", flat=True
    )
    assert sorted(channel[1] for channel in channels) == ["cli", "web"]


def test_the_dangvien_script_dispatches_report_to_the_command(commune, tmp_path):
    out = tmp_path / "bao-cao.docx"
    assert main(["report", "--as-of", "2025-12-30", "--out", str(out)]) == 0
    document = docx.Document(str(out))
    assert "(số liệu tính đến ngày 30/12/2025)" in [p.text for p in document.paragraphs]
    # (The management command closes the database connection when it ends: the audit entry of
    # the command-line channel is checked with call_command below.)


def test_export_as_a_user_is_held_to_that_users_scope(commune, cell_secretary, tmp_path):
    out = tmp_path / "x.csv"
    call_command("export", "members", "--user", cell_secretary.username, "--out", str(out))
    assert "Phạm Bá Hùng" not in out.read_text(encoding="utf-8-sig")
    with pytest.raises(CommandError, match="không thuộc phạm vi"):
        call_command(
            "export",
            "members",
            "--user",
            cell_secretary.username,
            "--org",
            "TL02",
            "--out",
            str(out),
        )


def test_export_refuses_a_format_the_kind_cannot_have_and_unknown_organizations(commune, tmp_path):
    with pytest.raises(CommandError, match="xuất được dạng: pdf"):
        call_command("export", "sheets", "--out", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="Không có tổ chức đảng mã"):
        call_command("export", "members", "--org", "XX", "--out", str(tmp_path / "x.csv"))


def test_export_refuses_personal_data_to_an_aggregate_only_user(commune, province_viewer, tmp_path):
    with pytest.raises(CommandError, match="Không được phép"):
        call_command(
            "export",
            "handbook",
            "--user",
            province_viewer.username,
            "--out",
            str(tmp_path / "h.csv"),
        )


def test_the_handbook_export_can_include_members_with_errors_when_asked(commune, tmp_path):
    out = tmp_path / "so-tay.csv"
    stderr = io.StringIO()
    call_command("export", "handbook", "--out", str(out), stderr=stderr)
    assert "Đinh Văn Lỗi" not in out.read_text(encoding="utf-8-sig")
    assert "còn lỗi chưa xử lý" in stderr.getvalue()
    call_command("export", "handbook", "--include-errors", "--out", str(out))
    assert "Đinh Văn Lỗi" in out.read_text(encoding="utf-8-sig")


def test_report_writes_the_docx_for_the_date(commune, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command("report", "--as-of", "30/12/2025", "--out", str(out))
    document = docx.Document(str(out))
    header = document.tables[0].rows[0].cells[1].paragraphs
    assert "Tam Lư, ngày 30 tháng 12 năm 2025" in [p.text for p in header]
    entry = AuditEntry.objects.get(action="reports.report.generated")
    assert entry.changes["as_of"] == [None, "2025-12-30"]
    assert entry.changes["channel"] == [None, "cli"]


def test_report_refuses_a_malformed_date(commune, tmp_path):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("report", "--as-of", "30-12-2025", "--out", str(tmp_path / "r.docx"))
