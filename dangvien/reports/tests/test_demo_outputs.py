"""Acceptance on the demo commune (1,100 members with planted defects), loaded once per module.

- the report converts to PDF with LibreOffice and shows the header lines, the tables' figures
  and the signature block;
- exporting and running `dangvien check` on the export raises no finding that was not open in
  the app;
- the handbook export has exactly the nine fields and no exempt or exited member.
"""

from __future__ import annotations

import collections
import csv
import io
import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangvien.accounts.models import User
from dangvien.members.demo_load import demo_load
from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.quality.cli import check_main
from dangvien.quality.dictionary import HANDBOOK_FIELDS
from dangvien.reports import services
from dangvien.reports.document import REPORT_TITLE
from dangvien.reports.exporters.members import HANDBOOK_ORDER
from dangvien.reports.figures import DIMENSION_LABELS
from dangvien.review.models import Finding
from dangvien.review.refresh import findings_refresh
from dangvien.vn.tones import to_style

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """The demo commune with its findings refreshed today, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(accounts_file=tmp_path_factory.mktemp("demo") / "accounts.txt")
        commune = Organization.objects.get(parent__isnull=True)
        findings_refresh(org=commune, actor=None, as_of=timezone.localdate())
        yield {"commune": commune, "admin": User.objects.get(username="bxdd")}
        transaction.set_rollback(True)


def export(demo: Any, kind: str, fmt: str, **options: Any) -> services.ExportFile:
    request = services.ExportRequest(
        kind=kind, fmt=fmt, org=demo["commune"], as_of=timezone.localdate(), **options
    )
    return services.export_build(user=demo["admin"], request=request, channel="web")


def libreoffice() -> str | None:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("LibreOffice is required in CI (make browser installs it)")
    return found


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def test_the_demo_report_renders_in_libreoffice_with_header_figures_and_signature(demo, tmp_path):
    office = libreoffice()
    if office is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(export(demo, "report", "docx").content)
    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bao-cao.pdf"
    text = pdf_text(pdf)
    lines = [line.strip() for line in text.splitlines()]
    today = timezone.localdate()
    style = settings.DANGVIEN["TONE_STYLE"]

    # A4, in Times New Roman or its metric-compatible stand-in (what LibreOffice substitutes).
    reader = pypdf.PdfReader(str(pdf))
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts
    assert all(re.match(r"(LiberationSerif|TimesNewRoman)", name) for name in fonts), fonts

    # Header block (left: superior body, committee, "*", number; right: national title, place
    # and date), then the document type, its summary and the date of the figures.
    month = f"{today.month:02d}" if today.month <= 2 else str(today.month)
    assert lines[:10] == [
        to_style("ĐẢNG BỘ TỈNH THANH HÓA", style),
        to_style("ĐẢNG ỦY XÃ TAM LƯ", style),
        "*",
        lines[3],
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        f"Tam Lư, ngày {today.day:02d} tháng {month} năm {today.year}",
        "BÁO CÁO",
        to_style(REPORT_TITLE, style),
        f"(số liệu tính đến ngày {today:%d/%m/%Y})",
        "-----",
    ]
    assert re.fullmatch(r"Số\s+-BC/ĐU", lines[3]), lines[3]  # room for the registered number

    # Figures, counted here independently of the report's selectors.
    active = Member.objects.filter(exit_kind="").filter(
        Q(join_date__isnull=True) | Q(join_date__lte=today)
    )
    open_findings = Finding.objects.filter(state=Finding.State.OPEN)
    errors = open_findings.filter(severity="error").count()
    warnings = open_findings.filter(severity="warning").count()
    assert f"tổng số {active.count()} đảng viên" in text.replace("\n", " ")
    # Table 1, by organization: one cell's row and the total.
    loc = Organization.objects.get(name="Chi bộ bản Lốc")
    loc_members = active.filter(org=loc)
    loc_row = (
        f"Chi bộ bản Lốc {loc_members.count()} "
        f"{loc_members.exclude(citizen_id='').count()} "
        f"{loc_members.exclude(phone='').count()} 0 "
        f"{open_findings.filter(org=loc, severity='error').count()} / "
        f"{open_findings.filter(org=loc, severity='warning').count()} "
        f"{loc_members.filter(handbook_installed=True).count()} Chưa"
    )
    assert any(line.endswith(loc_row) for line in lines), loc_row
    total_row = (
        f"Tổng cộng {active.count()} {active.exclude(citizen_id='').count()} "
        f"{active.exclude(phone='').count()} 0 {errors} / {warnings} "
        f"{active.filter(handbook_installed=True).count()} 0/"
    )
    assert any(line.startswith(total_row) for line in lines), total_row
    # Table 2, by dimension: every one of the six rows and the total.
    for number, (code, label) in enumerate(DIMENSION_LABELS.items(), start=1):
        of_dimension = Finding.objects.filter(dimension=code)
        row = (
            f"{number} {label} {of_dimension.count()} 0 0 "
            f"{open_findings.filter(dimension=code, severity='error').count()} "
            f"{open_findings.filter(dimension=code, severity='warning').count()}"
        )
        assert row in lines, row
    assert f"Tổng cộng {Finding.objects.count()} 0 0 {errors} {warnings}" in lines

    # Sections in order, the closing mark, recipients and the signature block.
    order = [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "Bảng 1. Kết quả rà soát theo tổ chức đảng",
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
        "Nơi nhận:",
        to_style("- Ban Tổ chức Tỉnh ủy (để báo cáo),", style),
        to_style("- Lưu Văn phòng Đảng ủy.", style),
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        demo["commune"].secretary.full_name,
    ]
    for line in order:
        assert line in lines, line
    assert [lines.index(line) for line in order] == sorted(lines.index(line) for line in order)
    assert any(line.endswith("./.") for line in lines)
    assert lines[-1] == demo["commune"].secretary.full_name


def _row_ids(content: bytes, fmt: str) -> dict[int, int]:
    """Row number as a spreadsheet shows it → member id, from the "Mã hồ sơ" column."""
    if fmt == "csv":
        rows: Iterator[Any] = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        first_record = 2
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
        rows = sheet.iter_rows(min_row=1, values_only=True)
        first_record = 5  # title, scope line, blank line, header
    return {
        number: int(row[0])
        for number, row in enumerate(rows, start=1)
        if number >= first_record and row[0] not in (None, "")
    }


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_checking_the_export_finds_nothing_that_was_not_open_in_the_app(demo, tmp_path, fmt):
    members = export(demo, "members", fmt).content
    (tmp_path / f"dang-vien.{fmt}").write_bytes(members)
    (tmp_path / "to-chuc.xlsx").write_bytes(export(demo, "orgs", "xlsx").content)
    out = tmp_path / "kiem-tra.json"
    code = check_main(
        [
            str(tmp_path / f"dang-vien.{fmt}"),
            "--orgs",
            str(tmp_path / "to-chuc.xlsx"),
            "--as-of",
            timezone.localdate().isoformat(),
            "--format",
            "json",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    ids = _row_ids(members, fmt)
    assert report["records"] == len(ids) == Member.objects.count()

    # A finding is the same when the same rule fires on the same member and field, with the
    # same dimension and severity: the database table recomputes date flags from the text kept
    # as typed, so every rule reads the export as it read the original. Only the message may
    # differ, because it quotes the value: the app quotes the text as typed ("Thanh Hóa", "x")
    # and the export carries the stored, standardized value ("Thanh Hoá", "Có").
    def key(member: int, finding: dict[str, Any]) -> tuple[Any, ...]:
        return (
            member,
            finding["rule"],
            finding["field"],
            finding["dimension"],
            finding["severity"],
        )

    open_in_app = set(
        Finding.objects.filter(state=Finding.State.OPEN, member__isnull=False).values_list(
            "member_id", "rule", "field", "dimension", "severity"
        )
    )
    on_export = [f for f in report["findings"] if f["row"] is not None]
    new = [f for f in on_export if key(ids[f["row"]], f) not in open_in_app]
    assert on_export, "the demo has planted defects: the check must find some"
    assert new == []
    # What the check no longer sees is only what the export itself repaired: text typed in a
    # legacy font, decomposed Unicode, misplaced tones, stray spaces, casing (the X rules judge
    # the text as typed, and the export writes the repaired value).
    seen = {key(ids[f["row"]], f) for f in on_export}
    repaired = {rule for _, rule, *_ in open_in_app - seen}
    assert repaired <= {"X01", "X02", "X03", "X04", "X05"}, repaired


def test_the_demo_handbook_export_has_nine_fields_and_no_exempt_or_exited_member(demo):
    body = json.loads(export(demo, "handbook", "json", include_errors=True).content)
    # The order itself is pinned in test_members_exporter; here: the nine of the dictionary.
    assert [c["key"] for c in body["columns"]] == list(HANDBOOK_ORDER)
    assert len(HANDBOOK_ORDER) == 9
    assert set(body["records"][0]) == set(HANDBOOK_FIELDS)
    exported = collections.Counter((r["full_name"], r["citizen_id"]) for r in body["records"])
    eligible = collections.Counter(
        (name, cccd or None)
        for name, cccd in Member.objects.filter(exit_kind="", exempt=False).values_list(
            "full_name", "citizen_id"
        )
    )
    excluded = Member.objects.filter(Q(exempt=True) | ~Q(exit_kind=""))
    assert excluded.filter(exempt=True).exists()
    assert excluded.exclude(exit_kind="").exists()
    assert exported == eligible
    assert (
        body["meta"]["excluded_exempt"] == Member.objects.filter(exit_kind="", exempt=True).count()
    )


def test_without_confirmation_the_demo_handbook_leaves_out_members_with_open_errors(demo):
    body = json.loads(export(demo, "handbook", "json").content)
    with_errors = set(
        Finding.objects.filter(
            state=Finding.State.OPEN,
            severity="error",
            member__isnull=False,
            member__exit_kind="",
            member__exempt=False,
        ).values_list("member__citizen_id", flat=True)
    )
    assert with_errors
    assert body["meta"]["with_open_errors"] == len(
        set(
            Finding.objects.filter(
                state="open", severity="error", member__exit_kind="", member__exempt=False
            ).values_list("member_id", flat=True)
        )
    )
    assert not {r["citizen_id"] for r in body["records"]} & (with_errors - {""})
