import codecs
from pathlib import Path

import pytest

from dangvien.intake import read_members
from dangvien.intake.csvfiles import detect_separator, read_text_table
from dangvien.vn.legacy import encode_bytes

ROWS = [
    ["STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Địa chỉ"],
    ["1", "Lò Văn Ún", "05/03/1970", "038070001234", "Bản Lốc, xã Tam Lư"],
    ["2", "Hà Thị Thuỷ", "1968", "03806800123", "Bản Hẹ, xã Tam Lư"],
]


def _text(separator: str, rows: list[list[str]] = ROWS) -> str:
    def quote(cell: str) -> str:
        return f'"{cell}"' if separator in cell or "," in cell else cell

    return "\r\n".join(separator.join(quote(cell) for cell in row) for row in rows) + "\r\n"


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_the_one_that_splits_lines_consistently(separator: str) -> None:
    assert detect_separator(_text(separator)) == separator


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1258", b""),
    ],
)
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_a_csv_in_every_listed_encoding_and_separator_reads_the_same_members(
    tmp_path: Path, encoding: str, prefix: bytes, separator: str
) -> None:
    text = _text(separator)
    data = prefix + (
        encode_bytes(text, "cp1258") if encoding == "cp1258" else text.encode(encoding)
    )
    path = tmp_path / "danh_sach.csv"
    path.write_bytes(data)
    table = read_members(path).table
    assert table["full_name"].to_list() == ["Lò Văn Ún", "Hà Thị Thuỷ"]
    assert table["citizen_id"].to_list() == ["038070001234", "03806800123"]  # 11 digits stay 11
    assert table["current_address"].to_list() == ["Bản Lốc, xã Tam Lư", "Bản Hẹ, xã Tam Lư"]
    assert table["_row"].to_list() == [2, 3]


def test_a_tcvn3_csv_is_decoded_per_cell_and_keeps_the_bytes_as_seen(tmp_path: Path) -> None:
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(encode_bytes(_text(";"), "tcvn3"))
    result = read_members(path)
    assert result.encoding == "cp1252"
    assert result.table["full_name"].to_list() == ["Lò Văn Ún", "Hà Thị Thuỷ"]
    assert result.table["full_name__raw"][0] != "Lò Văn Ún"  # the legacy text as it stood


def test_title_lines_quoted_line_breaks_and_blank_lines_keep_excel_row_numbers(
    tmp_path: Path,
) -> None:
    text = (
        'DANH SÁCH ĐẢNG VIÊN\n\nSTT;Họ và tên;Ghi chú\n1;Lò Văn Ún;"hai\ndòng"\n\n2;Hà Thị Hoa;\n'
    )
    path = tmp_path / "ds.csv"
    path.write_text(text, encoding="utf-8")
    result = read_members(path)
    assert result.table["_row"].to_list() == [4, 6]
    assert result.table["note"].to_list() == ["hai dòng", None]
    assert result.table["note__raw"][0] == "hai\ndòng"
    assert [(s.row, s.reason) for s in result.skipped] == [(5, "dòng trống")]


def test_excel_sep_directive_sets_the_separator_and_is_not_a_row(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("sep=|\nHọ và tên|Giới tính\nLò Văn Ún|Nam\n", encoding="utf-8")
    table = read_text_table(path.read_bytes(), name=path.name)
    assert table.separator == "|"
    assert read_members(path).table["gender"].to_list() == ["male"]
