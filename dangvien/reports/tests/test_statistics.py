"""The statistics workbook: per organization, per dimension, progress, status, handbook; charts."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl

from dangvien.reports.exporters.render import render_xlsx
from dangvien.reports.exporters.statistics import statistics_datasets, statistics_meta
from dangvien.reports.figures import ProgressPoint
from dangvien.reports.tests.test_document import figures


def workbook(**overrides: object) -> tuple[openpyxl.Workbook, bytes]:
    fig = figures(**overrides)
    content = render_xlsx(statistics_datasets(fig), statistics_meta(fig))
    return openpyxl.load_workbook(io.BytesIO(content)), content


def rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[list[object]]:
    """The table under the header row, up to the first empty row (notes come after it)."""
    table = []
    for row in sheet.iter_rows(min_row=5):
        values = [cell.value for cell in row]
        if all(value is None for value in values):
            break
        table.append(values)
    return table


def test_the_workbook_has_one_sheet_per_view_of_the_campaign():
    book, _ = workbook()
    assert book.sheetnames == [
        "Theo tổ chức",
        "Theo tiêu chí",
        "Tổ chức × tiêu chí",
        "Tiến độ",
        "Tình trạng",
        "Sổ tay đảng viên",
    ]
    assert (
        book["Theo tổ chức"]["A2"].value
        == "Phạm vi: Đảng bộ xã Tam Lư · Số liệu đến ngày: 30/12/2025"
    )


def test_per_organization_rows_end_with_their_total():
    book, _ = workbook()
    data = rows(book["Theo tổ chức"])
    assert data[0][:4] == ["TL01", "Chi bộ bản Lốc", "Chi bộ cơ sở", 41]
    assert data[0][8] == 40 / 41  # share with a citizen id
    assert data[2][:4] == [None, "Tổng cộng", None, 70]
    assert data[2][13] == 6  # open errors


def test_per_dimension_rows_follow_the_six_quality_dimensions():
    book, _ = workbook()
    labels = [row[1] for row in rows(book["Theo tiêu chí"])]
    assert labels == ["Đúng", "Đủ", "Sạch", "Sống", "Thống nhất", "Dùng chung"]


def test_progress_lists_one_row_per_day_and_explains_when_there_is_none():
    points = (
        ProgressPoint(dt.date(2025, 12, 10), 120, 80, 10, 70, 40),
        ProgressPoint(dt.date(2025, 12, 11), 90, 70, 10, 70, 52),
    )
    book, _ = workbook(progress=points)
    assert [row[:3] for row in rows(book["Tiến độ"])] == [
        ["10/12/2025", 120, 80],
        ["11/12/2025", 90, 70],
    ]
    empty, _ = workbook(progress=())
    notes = [c.value for row in empty["Tiến độ"].iter_rows() for c in row if c.value]
    assert any("Chưa có số liệu tiến độ" in str(note) for note in notes)


def test_status_and_handbook_counters():
    book, _ = workbook()
    assert rows(book["Tình trạng"]) == [
        ["Chính thức", 67],
        ["Dự bị", 3],
        ["Đã ra khỏi danh sách: Từ trần", 4],
    ]
    handbook = {row[0]: row[1] for row in rows(book["Sổ tay đảng viên"])}
    assert handbook["Đảng viên thuộc diện sử dụng Sổ tay (trừ miễn sinh hoạt)"] == 68
    assert handbook["Đã cài đặt, sử dụng Sổ tay"] == 52
    assert handbook["Chưa cài đặt"] == 16


def test_the_workbook_has_charts():
    _, content = workbook(progress=(ProgressPoint(dt.date(2025, 12, 10), 1, 1, 0, 70, 69),))
    charts = [
        n
        for n in zipfile.ZipFile(io.BytesIO(content)).namelist()
        if n.startswith("xl/charts/chart")
    ]
    # two per organization, one per dimension, progress, status and handbook
    assert len(charts) == 6


def test_the_charts_by_organization_leave_out_the_total_row():
    _, content = workbook()
    archive = zipfile.ZipFile(io.BytesIO(content))
    xml = archive.read("xl/charts/chart1.xml").decode().replace("'", "")
    # Header on row 4, two organizations on rows 5-6, the total on row 7.
    assert "Theo tổ chức!$B$5:$B$6" in xml
    assert "$7" not in xml
