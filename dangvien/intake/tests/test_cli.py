import json
from pathlib import Path

import pytest

from dangvien.cli import main as dangvien_main
from dangvien.intake.cli import inspect_main
from dangvien.intake.mapping import MappingTemplate
from dangvien.intake.tests.builders import LEGACY_MERGES, legacy_member_rows, workbook

MEMBERS: list[list[object]] = [
    ["Lò Văn Ún", "Nam", "05/03/1970", "12/12", "Sơ cấp", "038070001234", "Chi bộ bản Lốc"],
    ["Hà Thị Hoa", "Nữ", "1968", "9/12", None, "038168000123", "Chi bộ bản Lốc"],
]


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "danh_sach.xlsx",
        {"Danh sách": legacy_member_rows(MEMBERS)},
        merges={"Danh sách": LEGACY_MERGES},
    )


def test_inspect_prints_tables_header_rows_mapping_counts_and_skipped_rows(
    legacy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert inspect_main([str(legacy)]) == 0
    out = capsys.readouterr().out
    assert "Bảng 1 — trang «Danh sách»" in out
    assert "Dòng tiêu đề: 5–6; dữ liệu: dòng 8–9; 2 bản ghi; 5 dòng bỏ qua" in out
    assert "Trình độ / LLCT" in out
    assert "political_theory (Lý luận chính trị)" in out
    assert "100%" in out
    assert "dòng đánh số cột: 1 (trang «Danh sách», dòng 7)" in out
    assert "dòng tổng cộng: 1 (trang «Danh sách», dòng 10)" in out
    assert "Tổng cộng: 2 bản ghi đảng viên, 5 dòng bỏ qua." in out


def test_inspect_is_reachable_as_a_dangvien_command(
    legacy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert dangvien_main(["inspect", str(legacy), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == 2
    assert report["tables"][0]["header_rows"] == [5, 6]
    columns = {m["column"]: m["field"] for m in report["tables"][0]["mapping"]}
    assert columns["Số CCCD"] == "citizen_id"
    assert {"row": 10, "reason": "dòng tổng cộng"}.items() <= report["skipped"][1].items()


def test_inspect_saves_the_mapping_as_a_template_that_reads_the_file_again(
    legacy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mau.json"
    assert inspect_main([str(legacy), "--luu-mau", str(target), "--ten-mau", "Mẫu xã"]) == 0
    template = MappingTemplate.load(target)
    assert template.name == "Mẫu xã"
    assert template.columns["Trình độ / GDPT"] == "general_education"
    capsys.readouterr()
    assert inspect_main([str(legacy), "--mau", str(target)]) == 0
    assert "theo mẫu «Mẫu xã»" in capsys.readouterr().out


def test_inspect_reports_an_unreadable_file_in_vietnamese_with_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not a zip")
    assert inspect_main([str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Lỗi: Tệp «hong.xlsx»: ")
