import codecs
import io
import zipfile
from pathlib import Path

import polars as pl
import pytest

from dangvien.intake.errors import IntakeError
from dangvien.intake.formats import decode_text, sniff
from dangvien.intake.tests.builders import encrypted_xlsx, workbook, xls
from dangvien.vn.legacy import encode_bytes

SAMPLE = "Họ và tên;Giới tính\nLò Văn Ún;Nam\nHà Thị Thuỷ;Nữ\nNguyễn Đức Hoà;Nam\n"


def _sniff(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return sniff(path, data, name=name).kind


def test_workbooks_parquet_and_text_are_recognized_by_their_bytes(tmp_path: Path) -> None:
    book = workbook(tmp_path / "a.xlsx", {"DS": [["Họ và tên"]]}).read_bytes()
    buffer = io.BytesIO()
    pl.DataFrame({"a": [1]}).write_parquet(buffer)
    assert _sniff(tmp_path, "a.xlsx", book) == "xlsx"
    assert _sniff(tmp_path, "a.xls", xls({"DS": [["Họ và tên"]]})) == "xls"
    assert _sniff(tmp_path, "a.parquet", buffer.getvalue()) == "parquet"
    assert _sniff(tmp_path, "a.csv", SAMPLE.encode()) == "csv"


def test_a_renamed_file_is_read_by_its_content_and_the_user_is_told(tmp_path: Path) -> None:
    book = workbook(tmp_path / "a.xlsx", {"DS": [["Họ và tên"]]}).read_bytes()
    path = tmp_path / "danh_sach.xls"
    path.write_bytes(book)
    sniffed = sniff(path, book, name=path.name)
    assert sniffed.kind == "xlsx"
    assert sniffed.note is not None
    assert "«.xls»" in sniffed.note


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("a.xlsx", encrypted_xlsx(), "password_protected", "mật khẩu"),
        ("a.xlsx", b"", "empty_file", "rỗng"),
        ("a.xls", b"<html><body><table><tr><td>x</td></tr></table>", "html_disguised", "HTML"),
        ("a.xlsx", b"%PDF-1.7 ...", "wrong_type", "PDF"),
        ("a.xlsx", b"PK\x03\x04 truncated", "corrupt", "hỏng"),
        ("a.docx", b"hello", "wrong_type", ".docx"),
        ("a.xlsx", b"\x00\x01\x02\x03" * 100, "corrupt", "hỏng"),
    ],
)
def test_unreadable_files_get_a_vietnamese_reason_naming_the_file(
    tmp_path: Path, name: str, data: bytes, code: str, words: str
) -> None:
    with pytest.raises(IntakeError) as raised:
        _sniff(tmp_path, name, data)
    assert raised.value.code == code
    assert raised.value.message.startswith(f"Tệp «{name}»")
    assert words in raised.value.message


def test_an_office_archive_that_is_not_a_workbook_is_the_wrong_type(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(IntakeError, match="Word") as raised:
        _sniff(tmp_path, "danh_sach.xlsx", buffer.getvalue())
    assert raised.value.code == "wrong_type"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (encode_bytes(SAMPLE, "cp1258"), "cp1258"),
    ],
)
def test_text_in_every_listed_encoding_decodes_to_the_same_unicode(
    data: bytes, encoding: str
) -> None:
    decoded = decode_text(data, name="x.csv")
    assert decoded.encoding == encoding
    assert decoded.text == SAMPLE


def test_legacy_font_bytes_are_read_as_windows_1252_for_per_value_decoding() -> None:
    data = encode_bytes(SAMPLE, "tcvn3")
    decoded = decode_text(data, name="x.csv")
    assert decoded.encoding == "cp1252"
    assert "Hä vµ tªn" in decoded.text  # TCVN3 seen through Windows-1252; decoded per cell later


def test_a_utf8_file_with_a_broken_byte_after_its_bom_is_reported_as_damaged() -> None:
    with pytest.raises(IntakeError, match="byte sai") as raised:
        decode_text(codecs.BOM_UTF8 + b"abc\xff\xfe", name="x.csv")
    assert raised.value.code == "encoding"
