import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dangvien.demo.generator import generate
from dangvien.demo.writers import write, write_orgs
from dangvien.intake import read_members, read_orgs
from dangvien.quality import report_xlsx
from dangvien.quality.cli import check_main
from dangvien.quality.engine import check
from dangvien.quality.report_common import Source
from dangvien.quality.report_json import FINDING_KEYS

AS_OF = ["--as-of", "2025-12-10"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("check")
    commune = generate(300, seed=11)
    members, orgs = folder / "danh_sach.xlsx", folder / "to_chuc.xlsx"
    write(commune, members)
    write_orgs(commune, orgs)
    write(commune, folder / "danh_sach.csv")
    return {"members": members, "orgs": orgs, "csv": folder / "danh_sach.csv", "folder": folder}


def run_json(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> dict[str, object]:
    assert check_main([*args, *AS_OF]) == 0
    return json.loads(capsysbinary.readouterr().out.decode("utf-8"))


def test_json_report_follows_the_contract(
    files: dict[str, Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    report = run_json(capsysbinary, str(files["members"]), "--orgs", str(files["orgs"]))
    assert report["records"] >= 300  # second copies of duplicated people add rows
    assert {"column": "Họ và tên", "field": "full_name"}.items() <= report["mapping"][0].items()
    findings = report["findings"]
    assert findings
    assert all(tuple(finding) == FINDING_KEYS for finding in findings)
    first = findings[0]
    assert isinstance(first["row"], int)
    assert first["row"] > 1
    assert first["severity"] in ("error", "warning", "info")
    assert isinstance(first["related_rows"], list)
    paired = [f for f in findings if f["rule"] == "I06"]
    assert paired
    assert all(f["related_rows"] for f in paired)
    summary = report["summary"]
    assert summary["findings"] == len(findings)
    assert {"by_organization", "by_dimension", "by_severity", "by_rule"} <= set(summary)


def test_two_runs_give_identical_output(
    files: dict[str, Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    args = [str(files["members"]), "--orgs", str(files["orgs"]), *AS_OF]
    assert check_main(args) == 0
    first = capsysbinary.readouterr().out
    assert check_main(args) == 0
    assert capsysbinary.readouterr().out == first
    book_a, book_b = files["folder"] / "a.xlsx", files["folder"] / "b.xlsx"
    assert check_main([*args, "--format", "xlsx", "--out", str(book_a)]) == 0
    assert check_main([*args, "--format", "xlsx", "--out", str(book_b)]) == 0
    assert book_a.read_bytes() == book_b.read_bytes()
    for form in ("csv", "html"):
        one, two = files["folder"] / f"a.{form}", files["folder"] / f"b.{form}"
        assert check_main([*args, "--format", form, "--out", str(one)]) == 0
        assert check_main([*args, "--format", form, "--out", str(two)]) == 0
        assert one.read_bytes() == two.read_bytes(), form


def test_the_same_list_as_csv_or_xlsx_gives_the_same_findings(
    files: dict[str, Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    from_xlsx = run_json(capsysbinary, str(files["members"]))
    from_csv = run_json(capsysbinary, str(files["csv"]))
    keys = ("record", "rule", "field", "severity")
    assert [tuple(f[k] for k in keys) for f in from_xlsx["findings"]] == [
        tuple(f[k] for k in keys) for f in from_csv["findings"]
    ]


def test_unreadable_input_exits_non_zero_with_a_vietnamese_message(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_main([str(files["folder"] / "khong_co.xlsx")]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err
    broken = files["folder"] / "hong.xlsx"
    broken.write_bytes(b"not a workbook")
    assert check_main([str(broken)]) == 2
    assert capsys.readouterr().err.startswith("Lỗi:")


def test_a_bad_date_is_refused_in_vietnamese(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        check_main([str(files["members"]), "--as-of", "10/12/2025"])
    assert stop.value.code == 2
    assert "NĂM-THÁNG-NGÀY" in capsys.readouterr().err


def test_csv_report_is_for_people(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = files["folder"] / "kq.csv"
    assert check_main([str(files["members"]), *AS_OF, "--format", "csv", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Trang tính", "Dòng", "Chi bộ / tổ chức"]
    assert len(rows) > 10
    assert "Đã ghi" in capsys.readouterr().err


def test_workbook_colours_faulty_cells_and_bounds_comments(
    files: dict[str, Path], tmp_path: Path
) -> None:

    orgs = read_orgs(files["orgs"])
    intake = read_members(files["members"], orgs=orgs)
    result = check(intake.table, orgs=orgs, as_of=dt.date(2025, 12, 10))
    target = tmp_path / "kq.xlsx"
    report_xlsx.write(
        result, target, source=Source(intake.file, intake.mapping, intake.table), max_comments=5
    )
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Tổng hợp", "Phát hiện", "Danh sách"]
    data = book["Danh sách"]
    assert data.max_row == intake.table.height + 1
    comments = [cell for row in data.iter_rows() for cell in row if cell.comment]
    assert len(comments) == 5
    header_of = {entry["field"]: entry["column"] for entry in intake.mapping if entry["field"]}
    errors = result.findings.filter(
        (pl.col("severity") == "error")
        & pl.col("record").is_not_null()
        & pl.col("field").is_in(list(header_of))
    )
    first_error = errors.row(0, named=True)
    headers = [cell.value for cell in data[1]]
    row = next(r for r in data.iter_rows(min_row=2) if r[0].value == first_error["row"])
    cell = row[headers.index(header_of[first_error["field"]])]
    assert cell.fill.fgColor.rgb.endswith("F4B6B6")
    clean_row = next(
        r
        for r in data.iter_rows(min_row=2)
        if r[0].value not in set(result.findings["row"].drop_nulls().to_list())
    )
    assert all(c.fill.fgColor.rgb in (None, "00000000") for c in clean_row)
    findings = book["Phát hiện"]
    assert findings.auto_filter.ref is not None
    assert findings.max_row == result.findings.height + 1
    summary = book["Tổng hợp"]
    assert "Kết quả kiểm tra" in summary["A1"].value


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_workbook_opens_in_libreoffice(files: dict[str, Path], tmp_path: Path) -> None:
    book = tmp_path / "kq.xlsx"
    assert check_main([str(files["members"]), *AS_OF, "--format", "xlsx", "--out", str(book)]) == 0
    soffice = shutil.which("soffice")
    assert soffice is not None
    done = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "kq.csv"
    assert converted.exists(), done.stderr
    assert "Kết quả kiểm tra" in converted.read_text(encoding="utf-8")


def test_html_report_is_self_contained(files: dict[str, Path]) -> None:
    page = files["folder"] / "kq.html"
    args = [str(files["members"]), "--orgs", str(files["orgs"]), *AS_OF]
    assert check_main([*args, "--format", "html", "--out", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<svg" in text
    assert "<rect" in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in text
    assert "<script" not in text
    assert "<link" not in text
    assert "Chi bộ bản Lốc" in text
    assert "Phát hiện theo tổ chức đảng và chiều chất lượng" in text


def test_default_output_file_sits_next_to_the_input(files: dict[str, Path]) -> None:
    assert check_main([str(files["members"]), *AS_OF, "--format", "html"]) == 0
    assert (files["folder"] / "danh_sach_kiem_tra.html").exists()


def test_the_console_script_runs_check(files: dict[str, Path]) -> None:
    from dangvien.cli import main

    assert main(["check", str(files["members"]), *AS_OF, "--format", "csv", "--out", "-"]) == 0


def test_a_reference_file_is_reconciled(
    files: dict[str, Path], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    reference = files["folder"] / "doi_soat.csv"
    reference.write_text(
        "Họ và tên,Số CCCD,Ngày sinh\nNguyễn Văn Không Có,038099000001,01/01/1960\n",
        encoding="utf-8",
    )
    report = run_json(capsysbinary, str(files["members"]), "--reference", str(reference))
    rules = {finding["rule"] for finding in report["findings"]}
    assert {"R03", "R04"} <= rules
    theirs = next(f for f in report["findings"] if f["rule"] == "R04")
    assert theirs["record"] is None
    assert theirs["value"] == "038099000001"
