import datetime as dt
import json
import struct
import tempfile
from pathlib import Path

import polars as pl
import pytest

from dangvien.intake import IntakeError, MappingTemplate, canonical_from_text_frame, read_members
from dangvien.intake.tests.builders import (
    LEGACY_MERGES,
    encrypted_xlsx,
    legacy_member_rows,
    workbook,
    xls,
)
from dangvien.quality.table import SCHEMA

MEMBERS = [
    ["Lò Văn Ún", "Nam", dt.date(1970, 3, 5), "12/12", "Sơ cấp", "038070001234", "Chi bộ bản Lốc"],
    ["Hà Thị Hoa", "Nữ", "1968", "9/12", None, "03816800123", "CB bản Lốc"],
    ["Vi Văn Nam", "Nam", "12/1959", "7/10", "Trung cấp", None, "Chi bộ bản Hẹ"],
]
ORGS = pl.DataFrame(
    {
        "code": ["TL", "TL01", "TL02"],
        "name": ["Đảng bộ xã Tam Lư", "Chi bộ bản Lốc", "Chi bộ bản Hẹ"],
        "kind": ["commune_committee", "base_cell", "base_cell"],
        "parent_code": [None, "TL", "TL"],
        "area": ["other", "residential", "residential"],
        "active": [True, True, True],
        "secretary": [None, None, None],
    }
)


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "danh_sach.xlsx",
        {"Danh sách": legacy_member_rows(MEMBERS)},
        merges={"Danh sách": LEGACY_MERGES},
    )


def test_a_legacy_list_reads_to_the_canonical_table_with_provenance(legacy: Path) -> None:
    result = read_members(legacy, orgs=ORGS)
    table = result.table
    assert table.schema == pl.Schema(SCHEMA)
    assert result.records == 3
    assert table["_record"].to_list() == [1, 2, 3]
    assert table["_file"].to_list() == ["danh_sach.xlsx"] * 3
    assert table["_sheet"].to_list() == ["Danh sách"] * 3
    assert table["_row"].to_list() == [8, 9, 10]
    assert table["full_name"].to_list() == ["Lò Văn Ún", "Hà Thị Hoa", "Vi Văn Nam"]
    assert table["general_education"].to_list() == ["12/12", "9/12", "7/10"]
    assert table["political_theory"].to_list() == ["Sơ cấp", None, "Trung cấp"]
    assert table["citizen_id"].to_list() == ["038070001234", "03816800123", None]
    assert table["org_code"].to_list() == ["TL01", "TL01", "TL02"]
    [detected] = result.tables
    assert detected.header_rows == (5, 6)
    assert (detected.first_row, detected.last_row) == (8, 10)
    headers = {c.header: c.field for c in detected.mapping.columns}
    assert headers["Trình độ / GDPT"] == "general_education"
    assert headers["Trình độ / LLCT"] == "political_theory"


def test_rows_that_are_not_members_are_skipped_with_their_reason(legacy: Path) -> None:
    skipped = {(s.row, s.reason) for s in read_members(legacy).skipped}
    assert skipped == {
        (7, "dòng đánh số cột"),
        (11, "dòng tổng cộng"),
        (13, "khối chữ ký, ghi chú cuối bảng"),
        (14, "khối chữ ký, ghi chú cuối bảng"),
        (15, "khối chữ ký, ghi chú cuối bảng"),
    }


def test_the_mapping_reports_each_column_as_written_in_the_file(legacy: Path) -> None:
    mapping = read_members(legacy).mapping
    assert {
        "sheet": "Danh sách",
        "column": "Trình độ / GDPT",
        "field": "general_education",
    }.items() <= mapping[3].items()
    assert all(entry["column"] != "STT" for entry in mapping)


def _sheet(members: list[list[object]]) -> list[list[object]]:
    return [
        ["DANH SÁCH ĐẢNG VIÊN"],
        ["STT", "Họ và tên", "Giới tính"],
        *[[i, *m] for i, m in enumerate(members, 1)],
    ]


def test_a_sheet_per_organization_gives_each_member_the_sheet_as_organization(
    tmp_path: Path,
) -> None:
    path = workbook(
        tmp_path / "theo_chi_bo.xlsx",
        {
            "Chi bộ bản Lốc": _sheet([["Lò Văn Ún", "Nam"], ["Hà Thị Hoa", "Nữ"]]),
            "Bản Hẹ": _sheet([["Vi Văn Nam", "Nam"]]),
            "Hướng dẫn": [["Điền danh sách theo mẫu"], ["Mỗi chi bộ một trang"]],
            "Trống": [],
        },
    )
    result = read_members(path, orgs=ORGS)
    table = result.table
    assert table["_sheet"].to_list() == ["Chi bộ bản Lốc", "Chi bộ bản Lốc", "Bản Hẹ"]
    assert table["_row"].to_list() == [3, 4, 3]
    assert table["_record"].to_list() == [1, 2, 3]
    assert table["org"].to_list() == ["Chi bộ bản Lốc", "Chi bộ bản Lốc", "Bản Hẹ"]
    assert table["org_code"].to_list() == ["TL01", "TL01", "TL02"]
    assert [t.org_source for t in result.tables] == ["sheet", "sheet"]
    assert any("«Hướng dẫn»" in note and "tiêu đề" in note for note in result.notes)
    assert "Trang «Trống» trống." in result.notes


def test_section_title_rows_give_the_organization_of_the_members_below(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh"],
        ["I. CHI BỘ BẢN LỐC"],
        [1, "Lò Văn Ún", "Nam", "1970"],
        [2, "Hà Thị Hoa", "Nữ", "1968"],
        ["Cộng: 2"],
        ["II. Chi bộ bản Hẹ"],
        [3, "Vi Văn Nam", "Nam", "1959"],
    ]
    result = read_members(workbook(tmp_path / "ds.xlsx", {"Sheet1": rows}), orgs=ORGS)
    assert result.table["org"].to_list() == ["CHI BỘ BẢN LỐC", "CHI BỘ BẢN LỐC", "Chi bộ bản Hẹ"]
    assert result.table["org__raw"].to_list() == ["I. CHI BỘ BẢN LỐC"] * 2 + ["II. Chi bộ bản Hẹ"]
    assert result.table["org_code"].to_list() == ["TL01", "TL01", "TL02"]
    assert [(s.row, s.reason) for s in result.skipped] == [
        (2, "dòng tiêu đề nhóm"),
        (5, "dòng tổng cộng"),
        (6, "dòng tiêu đề nhóm"),
    ]
    assert result.tables[0].org_source == "section"


def test_repeated_headers_blank_rows_and_notes_are_skipped(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh"],
        [1, "Lò Văn Ún", "Nam", "1970"],
        [],
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh"],
        [2, "Hà Thị Hoa", "Nữ", "1968"],
        [3],
        [4, "Vi Văn Nam", "Nam", "1959"],
        ["Ghi chú: danh sách chưa gồm đảng viên tạm vắng"],
    ]
    result = read_members(workbook(tmp_path / "ds.xlsx", {"DS": rows}))
    assert result.table["full_name"].to_list() == ["Lò Văn Ún", "Hà Thị Hoa", "Vi Văn Nam"]
    assert [(s.row, s.reason) for s in result.skipped] == [
        (3, "dòng trống"),
        (4, "dòng tiêu đề lặp lại (đầu trang in)"),
        (6, "dòng chỉ có số thứ tự, không có dữ liệu"),
        (8, "dòng ghi chú"),
    ]


def test_unmapped_columns_are_kept_in_extra_and_empty_columns_are_ignored(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Họ và tên", "Giới tính", "Số nhà", None, None, "Tổ"],
        ["Lò Văn Ún", "Nam", "12", None, "ghi thêm", None],
        ["Hà Thị Hoa", "Nữ", None, None, None, None],
    ]
    result = read_members(workbook(tmp_path / "ds.xlsx", {"DS": rows}))
    extras = [json.loads(e) if e else None for e in result.table["_extra"].to_list()]
    assert extras == [{"Số nhà": "12", "Cột E": "ghi thêm", "Tổ": None}, None]
    headers = [c.header for c in result.tables[0].mapping.columns]
    assert headers == ["Họ và tên", "Giới tính", "Số nhà", "Cột E", "Tổ"]  # column D is empty


def test_an_old_xls_workbook_is_read_with_its_date_cells(tmp_path: Path) -> None:
    path = tmp_path / "cu.xls"
    path.write_bytes(
        xls(
            {
                "DS": [
                    ["DANH SÁCH ĐẢNG VIÊN"],
                    [],
                    ["STT", "Họ và tên", "Ngày vào Đảng"],
                    [1, "Lò Văn Ún", dt.date(1990, 2, 3)],
                    [2, "Hà Thị Hoa", "03/02/1991"],
                ]
            }
        )
    )
    result = read_members(path)
    assert result.format == "xls"
    assert result.table["_row"].to_list() == [4, 5]
    assert result.table["join_date"].to_list() == [dt.date(1990, 2, 3), dt.date(1991, 2, 3)]
    assert result.table["join_date__raw"].to_list() == ["03/02/1990", "03/02/1991"]
    assert result.table["join_date__ambiguous"].to_list() == [False, True]


def test_a_parquet_file_uses_its_column_names_as_header(tmp_path: Path) -> None:
    path = tmp_path / "ds.parquet"
    pl.DataFrame(
        {
            "record": [1, 2],
            "full_name": ["Lò Văn Ún", "Hà Thị Hoa"],
            "Ngày sinh": [dt.date(1970, 3, 5), None],
        }
    ).write_parquet(path)
    result = read_members(path)
    assert result.table["_row"].to_list() == [2, 3]
    assert result.table["full_name"].to_list() == ["Lò Văn Ún", "Hà Thị Hoa"]
    assert result.table["birth_date"].to_list() == [dt.date(1970, 3, 5), None]
    assert result.table["birth_date__ambiguous"].to_list() == [False, None]


def test_the_web_import_can_name_the_file_as_the_user_knows_it(legacy: Path) -> None:
    result = read_members(legacy, source_name="DS chi bộ.xlsx")
    assert result.file == "DS chi bộ.xlsx"
    assert set(result.table["_file"].to_list()) == {"DS chi bộ.xlsx"}


def test_a_text_frame_with_canonical_names_or_headers_becomes_the_canonical_table() -> None:
    frame = pl.DataFrame(
        {
            "record": ["1", "2"],
            "full_name": ["Lò Văn Ún", "Hà Thị Hoa"],
            "Ngày sinh": ["05/03/1970", None],
            "org": ["Chi bộ bản Lốc", "Chi bộ bản Hẹ"],
            "Số nhà": ["12", None],
        }
    )
    table = canonical_from_text_frame(
        frame, source="demo", sheet="Danh sách", first_row=9, orgs=ORGS
    )
    assert table.schema == pl.Schema(SCHEMA)
    assert table["_row"].to_list() == [9, 10]
    assert table["_sheet"].to_list() == ["Danh sách"] * 2
    assert table["birth_date"].to_list() == [dt.date(1970, 3, 5), None]
    assert table["org_code"].to_list() == ["TL01", "TL02"]
    assert [json.loads(e) if e else None for e in table["_extra"].to_list()] == [
        {"Số nhà": "12"},
        None,
    ]


# --- failures -----------------------------------------------------------------------------------


def _xls_with_a_lying_directory() -> bytes:
    """A compound file whose stream size points into the mini stream it does not have."""
    data = bytearray(xls({"DS": [["Họ và tên", "Giới tính"], ["A", "Nam"]]}))
    name = "Workbook".encode("utf-16-le")
    entry = data.index(name)
    struct.pack_into("<Q", data, entry + 120, 100)
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "content", "code", "sheet"),
    [
        ("mat_khau.xlsx", encrypted_xlsx(), "password_protected", None),
        ("hong.xls", _xls_with_a_lying_directory(), "corrupt", None),
        ("tai_lieu.pdf", b"%PDF-1.4\n...", "wrong_type", None),
        ("rong.csv", b"", "empty_file", None),
    ],
)
def test_a_failed_read_says_why_in_vietnamese_and_writes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    code: str,
    sheet: str | None,
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / name
    path.write_bytes(content)
    with pytest.raises(IntakeError) as raised:
        read_members(path)
    assert raised.value.code == code
    assert raised.value.message.startswith(f"Tệp «{name}»")
    assert sorted(p.name for p in folder.iterdir()) == [name]
    assert list(scratch.iterdir()) == []


def test_a_truncated_workbook_is_reported_as_corrupt(tmp_path: Path, legacy: Path) -> None:
    path = tmp_path / "cat.xlsx"
    path.write_bytes(legacy.read_bytes()[:2000])
    with pytest.raises(IntakeError, match="hỏng") as raised:
        read_members(path)
    assert raised.value.code == "corrupt"


def test_a_workbook_whose_only_sheet_is_empty_names_the_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "trong.xlsx", {"Danh sách": []})
    with pytest.raises(IntakeError) as raised:
        read_members(path)
    assert raised.value.code == "empty_sheet"
    assert raised.value.message.startswith("Tệp «trong.xlsx», trang «Danh sách»: ")


def test_a_sheet_without_a_recognizable_header_is_named_in_the_message(tmp_path: Path) -> None:
    path = workbook(tmp_path / "la.xlsx", {"Bảng lương": [["Tháng", "Số tiền"], ["12", "1.000"]]})
    with pytest.raises(IntakeError) as raised:
        read_members(path)
    assert raised.value.code == "no_header"
    assert raised.value.sheet == "Bảng lương"
    assert "trang «Bảng lương»" in raised.value.message
    assert "dòng tiêu đề" in raised.value.message


def test_a_missing_file_is_reported_not_raised_as_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(IntakeError, match="không tìm thấy tệp") as raised:
        read_members(tmp_path / "khong_co.xlsx")
    assert raised.value.code == "not_found"


def test_a_template_lets_a_list_with_unknown_headers_be_read(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Tên ĐV", "Năm sinh ĐV", "Cột rác"], ["Lò Văn Ún", "1970", "z"]]
    path = workbook(tmp_path / "la.xlsx", {"DS": rows})
    with pytest.raises(IntakeError):
        read_members(path)
    template = MappingTemplate(
        "Mẫu bản Lốc", {"Tên ĐV": "full_name", "Năm sinh ĐV": "birth_date", "Cột rác": None}
    )
    result = read_members(path, template=template)
    assert result.table["full_name"].to_list() == ["Lò Văn Ún"]
    assert result.table["birth_date__precision"].to_list() == ["year"]
    assert json.loads(result.table["_extra"][0]) == {"Cột rác": "z"}
    assert {c.reason for c in result.tables[0].mapping.columns} == {
        "theo mẫu «Mẫu bản Lốc»",
        "theo mẫu «Mẫu bản Lốc»: giữ trong cột phụ",
    }


def test_hidden_sheets_and_macro_workbooks_are_read_too(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Họ và tên", "Giới tính"], ["Lò Văn Ún", "Nam"]]
    path = workbook(tmp_path / "ds.xlsm", {"Hiện": rows, "Ẩn": rows}, hidden=["Ẩn"])
    result = read_members(path)
    assert result.format == "xlsx"
    assert [(t.sheet, t.hidden) for t in result.tables] == [("Hiện", False), ("Ẩn", True)]
    assert result.records == 2


def test_a_list_with_a_header_and_no_member_reads_to_an_empty_table(tmp_path: Path) -> None:
    rows: list[list[object]] = [["STT", "Họ và tên", "Ngày sinh"], ["Tổng số: 0 đảng viên"]]
    result = read_members(workbook(tmp_path / "ds.xlsx", {"DS": rows}))
    assert result.records == 0
    assert result.table.schema == pl.Schema(SCHEMA)
    assert (result.tables[0].first_row, result.tables[0].last_row) == (None, None)
    assert [(s.row, s.reason) for s in result.skipped] == [(2, "dòng tổng cộng")]


def test_a_name_that_starts_like_a_total_is_still_a_member(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Ho va ten", "Gioi tinh"],
        ["Tong Van Minh", "Nam"],
        ["Cộng Thị Lan", "Nữ"],
        ["Tổng số: 2"],
    ]
    result = read_members(workbook(tmp_path / "ds.xlsx", {"DS": rows}))
    assert result.table["full_name"].to_list() == ["Tong Van Minh", "Cộng Thị Lan"]
    assert [(s.row, s.reason) for s in result.skipped] == [(4, "dòng tổng cộng")]
