"""The import wizard: read, map, dry-run, commit as a job, re-import, roll back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangvien.audit.models import AuditEntry
from dangvien.campaign.import_apply import import_commit, import_rollback
from dangvien.campaign.imports import (
    ImportFailed,
    import_dry_run,
    import_stage,
    stored_path,
)
from dangvien.campaign.models import ImportChange, MappingTemplateRecord
from dangvien.campaign.tests.personas import member
from dangvien.intake.models import ImportRun
from dangvien.members.models import Member
from dangvien.review.models import Finding

pytestmark = pytest.mark.django_db

HEADER = (
    "STT,Họ và tên,Ngày sinh,Số CCCD,Chi bộ,Loại đảng viên,Ngày vào Đảng,Số điện thoại,"
    "Ghi chép riêng"
)
FIRST = [
    "1,Lò Văn Ún,12/03/1960,038060001234,Chi bộ bản Lốc,Chính thức,15/05/1985,0912345678,"
    "đã đối chiếu",
    "2,Hà Thị Mai,01/02/1990,,Chi bộ bản Lốc,Dự bị,10/10/2025,0987654321,",
    "3,Phạm Bá Hùng,20/11/1975,038075004321,Chi bộ bản Hậu,Chính thức,03/02/2000,,chuyển về 2019",
]


def csv(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


def stage(actor, org_tree, content: bytes, name: str = "danh-sach.csv") -> ImportRun:  # type: ignore[no-untyped-def]
    return import_stage(actor=actor, commune=org_tree["TL"], file_name=name, chunks=[content])


def commit(run: ImportRun, actor) -> dict[str, int]:  # type: ignore[no-untyped-def]
    import_dry_run(run=run, actor=actor)
    return import_commit(run=run, actor=actor)


def test_an_upload_is_kept_under_its_hash_and_read_once_into_a_staged_run(
    commune_admin, org_tree, tmp_path
) -> None:
    content = csv(*FIRST)
    run = stage(commune_admin, org_tree, content)
    assert run.state == "staged"
    assert run.records == 3
    assert len(run.file_sha256) == 64
    assert stored_path(run).read_bytes() == content
    assert stored_path(run).name == run.file_sha256 + ".csv"
    assert oct(stored_path(run).stat().st_mode & 0o777) == "0o600"
    detected = {entry["column"]: entry["field"] for entry in run.mapping}
    assert detected["Họ và tên"] == "full_name"
    assert detected["Số CCCD"] == "citizen_id"
    assert detected["Ghi chép riêng"] is None  # unmapped, kept aside
    assert not Member.objects.exists()


def test_a_file_that_cannot_be_read_leaves_no_run_and_no_file(
    commune_admin, org_tree, tmp_path
) -> None:
    with pytest.raises(ImportFailed, match="tài liệu PDF"):
        stage(commune_admin, org_tree, b"%PDF-1.4 not a list", "danh-sach.xlsx")
    assert not ImportRun.objects.exists()
    assert [p for p in (tmp_path / "uploads").iterdir() if not p.name.startswith(".")] == []


def test_the_upload_form_refuses_other_types_and_large_files_in_vietnamese(
    client, commune_admin, org_tree, settings
) -> None:
    client.force_login(commune_admin)
    url = reverse("campaign:imports")
    page = client.post(url, {"file": SimpleUploadedFile("anh.pdf", b"%PDF")}).content.decode()
    assert "Chỉ nhận tệp Excel" in page
    settings.DANGVIEN_UPLOAD_MAX_BYTES = 100
    page = client.post(url, {"file": SimpleUploadedFile("ds.csv", csv(*FIRST))}).content.decode()
    assert "giới hạn là 0 MB" in page or "Tệp quá lớn" in page
    assert not ImportRun.objects.exists()


def test_the_admin_corrects_the_mapping_saves_it_as_a_template_and_sees_the_dry_run(
    client, commune_admin, org_tree
) -> None:
    client.force_login(commune_admin)
    response = client.post(
        reverse("campaign:imports"), {"file": SimpleUploadedFile("ds.csv", csv(*FIRST))}
    )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("campaign:import_mapping", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Ghi chép riêng" in page
    assert "Lò Văn Ún" in page  # sample values help choosing
    columns = [e for e in run.mapping if e["role"] in ("field", "extra")]
    data = {f"col_{i}": (e["field"] or "") for i, e in enumerate(columns)}
    note = next(i for i, e in enumerate(columns) if e["column"] == "Ghi chép riêng")
    data[f"col_{note}"] = "note"
    data["save_as"] = "Danh sách chi bộ tự lập"
    response = client.post(reverse("campaign:import_mapping", args=[run.pk]), data, follow=True)
    page = response.content.decode()
    assert 'data-testid="dry-create">3<' in page
    template = MappingTemplateRecord.objects.get()
    assert template.name == "Danh sách chi bộ tự lập"
    assert template.columns["Ghi chép riêng"] == "note"
    run.refresh_from_db()
    assert run.template_name == "Danh sách chi bộ tự lập"
    assert run.summary["extra_columns"] == []


def test_two_columns_for_one_field_are_refused(client, commune_admin, org_tree) -> None:
    run = stage(commune_admin, org_tree, csv(*FIRST))
    client.force_login(commune_admin)
    columns = [e for e in run.mapping if e["role"] in ("field", "extra")]
    data = {f"col_{i}": "full_name" for i in range(len(columns))}
    page = client.post(reverse("campaign:import_mapping", args=[run.pk]), data).content.decode()
    assert "cùng gán cho một trường" in page


def test_the_dry_run_counts_findings_by_dimension_and_what_would_change(
    commune_admin, org_tree
) -> None:
    member(org_tree["TL01"], "Lò Văn Ún", citizen_id="038060001234", phone="0911111111")
    member(
        org_tree["TL01"],
        "Hà Thị Mai",
        status="probationary",
        birth_date=dt.date(1990, 2, 1),
        birth_date_precision="day",
        join_date=dt.date(2025, 10, 10),
        join_date_precision="day",
        phone="0900000001",
    )
    run = stage(commune_admin, org_tree, csv(*FIRST))
    summary = import_dry_run(run=run, actor=commune_admin)
    assert (summary["records"], summary["create"], summary["update"]) == (3, 1, 2)
    assert summary["blocking"] == []
    update = next(u for u in summary["updates_sample"] if u["name"] == "Lò Văn Ún")
    assert update["matched_by"] == "cccd"
    assert ["Số điện thoại", "0911111111", "0912345678"] in update["changes"]
    mai = next(u for u in summary["updates_sample"] if u["name"] == "Hà Thị Mai")
    assert mai["matched_by"] == "name"
    assert sum(sum(by.values()) for by in summary["by_dimension"].values()) == summary["findings"]
    assert set(summary["by_dimension"]) <= {
        "correct",
        "complete",
        "clean",
        "current",
        "consistent",
        "shareable",
    }
    assert Member.objects.count() == 2  # a dry run writes no member


def test_rows_of_an_unknown_cell_block_the_commit(commune_admin, org_tree) -> None:
    run = stage(
        commune_admin,
        org_tree,
        csv(FIRST[0], "2,Vi Văn Lạ,01/01/1970,038070009999,Chi bộ bản Không Có,Chính thức,,,"),
    )
    summary = import_dry_run(run=run, actor=commune_admin)
    assert "1 dòng không xác định được chi bộ" in summary["blocking"][0]
    with pytest.raises(ImportFailed, match="không xác định được chi bộ"):
        import_commit(run=run, actor=commune_admin)
    assert not Member.objects.exists()


def test_commit_creates_members_with_provenance_keeps_unmapped_columns_and_checks_them(
    commune_admin, org_tree
) -> None:
    run = stage(commune_admin, org_tree, csv(*FIRST))
    counts = commit(run, commune_admin)
    assert counts == {"created": 3, "updated": 0, "unchanged": 0}
    un = Member.objects.get(full_name="Lò Văn Ún")
    assert (un.import_run, un.source_row, un.org.code) == (run, 2, "TL01")
    assert un.extra == {"Ghi chép riêng": "đã đối chiếu"}
    run.refresh_from_db()
    assert (run.state, run.created) == ("committed", 3)
    assert ImportChange.objects.filter(run=run, action="created").count() == 3
    assert Finding.objects.filter(member__import_run=run).exists()  # findings refreshed
    assert AuditEntry.objects.filter(
        action="intake.import.committed", target_id=str(run.pk)
    ).exists()


def test_reimporting_updates_members_matched_by_cccd_or_name_instead_of_duplicating(
    commune_admin, org_tree
) -> None:
    commit(stage(commune_admin, org_tree, csv(*FIRST)), commune_admin)
    again = stage(commune_admin, org_tree, csv(*FIRST), "danh-sach-lan-2.csv")
    assert commit(again, commune_admin) == {"created": 0, "updated": 0, "unchanged": 3}
    changed = stage(
        commune_admin,
        org_tree,
        csv(
            FIRST[0].replace("0912345678", "0961234567"),
            FIRST[1].replace(",,Chi bộ", ",038190007777,Chi bộ"),  # Mai now has a CCCD
            FIRST[2].replace("Chi bộ bản Hậu", "Chi bộ bản Lốc").replace("chuyển về 2019", ""),
        ),
        "danh-sach-lan-3.csv",
    )
    assert commit(changed, commune_admin) == {"created": 0, "updated": 3, "unchanged": 0}
    assert Member.objects.count() == 3
    un = Member.objects.get(full_name="Lò Văn Ún")
    assert (un.phone, un.version, un.import_run) == ("0961234567", 2, changed)
    assert Member.objects.get(full_name="Hà Thị Mai").citizen_id == "038190007777"
    hung = Member.objects.get(full_name="Phạm Bá Hùng")
    assert hung.org.code == "TL01"
    assert hung.extra == {"Ghi chép riêng": "chuyển về 2019"}  # an empty cell erases nothing
    entry = AuditEntry.objects.get(action="members.member.imported", target_id=str(un.pk))
    assert entry.changes["phone"] == ["0912345678", "0961234567"]


def _records() -> dict[int, tuple]:
    return {
        m.pk: (m.phone, m.org_id, m.raw, m.extra, m.import_run_id, m.source_sheet, m.source_row)
        for m in Member.objects.all()
    }


def test_a_rollback_puts_every_record_back_exactly(commune_admin, org_tree) -> None:
    first = stage(commune_admin, org_tree, csv(*FIRST))
    commit(first, commune_admin)
    before = _records()
    second = stage(
        commune_admin,
        org_tree,
        csv(
            FIRST[0].replace("0912345678", "091234567"),  # a bad phone kept as typed
            FIRST[2].replace("Chi bộ bản Hậu", "Chi bộ bản Lốc").replace("2019", "2020"),
            "4,Lò Thị Mới,05/05/1995,038195001111,Chi bộ bản Hậu,Dự bị,01/09/2025,,",
        ),
        "lan-2.csv",
    )
    assert commit(second, commune_admin) == {"created": 1, "updated": 2, "unchanged": 0}
    assert _records() != before
    assert import_rollback(run=second, actor=commune_admin) == {"removed": 1, "restored": 2}
    assert _records() == before
    # Restored records get a new version, so a form opened on the imported values is refused.
    assert Member.objects.get(full_name="Lò Văn Ún").version == 3
    assert Member.objects.get(full_name="Hà Thị Mai").version == 1
    second.refresh_from_db()
    assert (second.state, second.rolled_back_by) == ("rolled_back", commune_admin)
    assert AuditEntry.objects.filter(action="members.member.import_rolled_back").count() == 2
    assert import_rollback(run=first, actor=commune_admin) == {"removed": 3, "restored": 0}
    assert not Member.objects.exists()
    with pytest.raises(ImportFailed, match="Chỉ hoàn tác được lần nhập đã ghi"):
        import_rollback(run=first, actor=commune_admin)


def test_a_rollback_is_refused_when_a_record_was_edited_since(commune_admin, org_tree) -> None:
    run = stage(commune_admin, org_tree, csv(*FIRST))
    commit(run, commune_admin)
    Member.objects.filter(full_name="Hà Thị Mai").update(phone="0900000000", version=2)
    with pytest.raises(ImportFailed, match="1 hồ sơ đã được sửa"):
        import_rollback(run=run, actor=commune_admin)
    assert Member.objects.count() == 3
    run.refresh_from_db()
    assert run.state == "committed"


def test_only_a_commune_admin_of_the_commune_imports(cell_secretary, leader, org_tree) -> None:
    for persona in (cell_secretary, leader):
        with pytest.raises(ImportFailed, match="Chỉ Ban Xây dựng Đảng"):
            stage(persona, org_tree, csv(*FIRST))
    assert not ImportRun.objects.exists()
