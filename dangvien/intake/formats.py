"""What a file really is (by its bytes, not its name) and how its text is encoded.

Communes rename files freely: a CSV saved as `.xls`, an HTML page that the old software exported
with an `.xls` name, a password-protected workbook that Excel wraps in an OLE container. Sniffing
the content first gives the clerk a precise message instead of a library's stack trace.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dangvien.intake.errors import IntakeError
from dangvien.vn.charsets import decode_table
from dangvien.vn.syllables import is_vietnamese_word

FileKind = Literal["xlsx", "xls", "ods", "csv", "parquet"]

EXCEL_KINDS: frozenset[str] = frozenset({"xlsx", "xls", "ods"})
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".tsv", ".tab"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | EXCEL_SUFFIXES | {".parquet", ".pq"}

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"
# Names of OLE streams, as stored in the container's directory (UTF-16LE).
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_HTML_START = re.compile(rb"^\s*<(?:!doctype\s+html|html|table|\?xml[^>]*>\s*<html)", re.IGNORECASE)
_BINARY_MAGICS: dict[bytes, str] = {
    b"%PDF": "tài liệu PDF",
    b"\x89PNG": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"Rar!": "tệp nén RAR",
    b"7z\xbc\xaf": "tệp nén 7z",
    b"\x1f\x8b": "tệp nén gzip",
}


@dataclass(frozen=True)
class Sniffed:
    kind: FileKind
    note: str | None = None  # said to the user when the name and the content disagree


def sniff(path: Path, data: bytes, *, name: str) -> Sniffed:
    """The kind of `data` (the whole file), or an IntakeError saying why it cannot be read."""
    suffix = path.suffix.lower()
    if not data:
        raise IntakeError("empty_file", "tệp rỗng (0 byte), không có dữ liệu để đọc.", file=name)
    if data.startswith(_CFB_MAGIC):
        if _ENCRYPTED_PACKAGE in data or _ENCRYPTION_INFO in data:
            raise IntakeError(
                "password_protected",
                "tệp Excel được đặt mật khẩu mở tệp. Hãy mở tệp bằng Excel, gỡ mật khẩu "
                "(Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu, xóa mật khẩu), "
                "lưu lại rồi đọc lại.",
                file=name,
            )
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return Sniffed("xls", _renamed_note(suffix, {".xls"}, "Excel 97-2003 (.xls)"))
        if suffix in EXCEL_SUFFIXES:
            raise IntakeError(
                "corrupt",
                "tệp Excel bị hỏng: không tìm thấy phần dữ liệu bảng tính bên trong. "
                "Hãy lấy lại bản gốc hoặc mở bằng Excel và lưu lại.",
                file=name,
            )
        raise IntakeError(
            "wrong_type",
            "tệp là tài liệu Office (Word hoặc định dạng cũ khác), không phải bảng tính Excel.",
            file=name,
        )
    if data.startswith(_ZIP_MAGIC):
        return _sniff_zip(path, data, name=name)
    if data.startswith(_PARQUET_MAGIC):
        if not data.endswith(_PARQUET_MAGIC):
            raise IntakeError(
                "corrupt", "tệp Parquet bị hỏng hoặc chưa ghi xong (thiếu phần cuối).", file=name
            )
        return Sniffed("parquet")
    for magic, what in _BINARY_MAGICS.items():
        if data.startswith(magic):
            raise IntakeError(
                "wrong_type",
                f"tệp là {what}, không phải bảng tính (.xlsx, .xls, .csv, .parquet).",
                file=name,
            )
    if suffix in EXCEL_SUFFIXES and data[:2] == b"PK":
        raise IntakeError("corrupt", "tệp Excel bị hỏng (không mở được phần nén).", file=name)
    head = data[:4096]
    if _HTML_START.match(head.lstrip(codecs.BOM_UTF8)):
        raise IntakeError(
            "html_disguised",
            "tệp thực chất là trang web (HTML) mang đuôi bảng tính, thường do phần mềm cũ xuất ra. "
            "Hãy mở tệp bằng Excel rồi «Lưu thành» Sổ làm việc Excel (.xlsx) và đọc lại.",
            file=name,
        )
    if _looks_binary(head):
        what = "tệp Excel bị hỏng" if suffix in EXCEL_SUFFIXES else "tệp nhị phân không rõ loại"
        raise IntakeError(
            "corrupt" if suffix in EXCEL_SUFFIXES else "wrong_type",
            f"{what}, không đọc được như bảng tính.",
            file=name,
        )
    if suffix not in TEXT_SUFFIXES and suffix in KNOWN_SUFFIXES:
        return Sniffed("csv", f"tệp mang đuôi «{suffix}» nhưng là văn bản (CSV); đã đọc như CSV.")
    if suffix not in KNOWN_SUFFIXES:
        raise IntakeError(
            "wrong_type",
            f"không đọc được tệp đuôi «{suffix or '(không có đuôi)'}»; chỉ nhận .xlsx, .xlsm, "
            ".xls, .csv, .txt và .parquet.",
            file=name,
        )
    return Sniffed("csv")


def _renamed_note(suffix: str, expected: set[str], what: str) -> str | None:
    if suffix in expected:
        return None
    return f"tệp mang đuôi «{suffix}» nhưng thực chất là {what}; đã đọc theo nội dung."


def _sniff_zip(path: Path, data: bytes, *, name: str) -> Sniffed:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as error:
        raise IntakeError(
            "corrupt",
            f"tệp bị hỏng, không mở được phần nén bên trong ({error}). Có thể tệp tải về chưa "
            "trọn: hãy lấy lại bản gốc.",
            file=name,
        ) from None
    suffix = path.suffix.lower()
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return Sniffed("xlsx", _renamed_note(suffix, {".xlsx", ".xlsm", ".xlsb"}, "tệp .xlsx"))
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return Sniffed("ods", _renamed_note(suffix, {".ods"}, "bảng tính OpenDocument (.ods)"))
    if any(entry.startswith("word/") for entry in names):
        what = "văn bản Word (.docx)"
    elif any(entry.startswith("ppt/") for entry in names):
        what = "bản trình chiếu PowerPoint (.pptx)"
    else:
        what = "tệp nén (.zip)"
    raise IntakeError(
        "wrong_type", f"tệp là {what}, không phải bảng tính. Hãy chọn tệp danh sách.", file=name
    )


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if _utf16_order(head) is not None:
        return False
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return controls > len(head) // 20


# --- text decoding ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1258" or "cp1252"

    @property
    def label(self) -> str:
        return _ENCODING_LABELS[self.encoding]


_ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 có BOM",
    "utf-16-le": "UTF-16 (LE)",
    "utf-16-be": "UTF-16 (BE)",
    "cp1258": "Windows-1258 (tiếng Việt)",
    "cp1252": "Windows-1252 (phông chữ cũ TCVN3/VNI được giải mã từng ô)",
}


def _utf16_order(head: bytes) -> str | None:
    """UTF-16 without a BOM: mostly ASCII text has a zero in every other byte."""
    sample = head[:400]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    if odd.count(0) > len(odd) * 0.6 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.6 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


@functools.cache
def _single_byte_table(page: str) -> str:
    return "".join(decode_table(page))


def decode_text(data: bytes, *, name: str) -> DecodedText:
    """Decode a text file: BOM, UTF-16 without BOM, strict UTF-8, then Windows-1258 or -1252.

    Windows-1258 writes tone marks as combining characters: it wins over Windows-1252 when reading
    it that way yields Vietnamese syllables. Otherwise the bytes are read as Windows-1252 (as Excel
    on a Western Windows would show them) so that TCVN3/VNI text is decoded per value later.
    """
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data[3:], "utf-8", name), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        marked = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return DecodedText(_strict(data[2:], marked, name), marked)
    order = _utf16_order(data[:400])
    if order is not None:
        return DecodedText(_strict(data, order, name), order)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    as_1258 = unicodedata.normalize(
        "NFC", codecs.charmap_decode(data, "strict", _single_byte_table("cp1258"))[0]
    )
    if _vietnamese_share(as_1258) >= 0.6:
        return DecodedText(as_1258, "cp1258")
    return DecodedText(
        codecs.charmap_decode(data, "strict", _single_byte_table("cp1252"))[0], "cp1252"
    )


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IntakeError(
            "encoding",
            f"tệp văn bản khai báo mã {encoding.upper()} nhưng có byte sai ở vị trí {error.start}; "
            "tệp có thể bị hỏng.",
            file=name,
        ) from None


_WORD = re.compile(r"[^\s,;\t\"]+")


def _vietnamese_share(text: str, sample: int = 20_000) -> float:
    """Share of non-ASCII words in the first part of `text` that are Vietnamese syllables."""
    words = [word for word in _WORD.findall(text[:sample]) if not word.isascii()]
    if not words:
        return 0.0
    return sum(1 for word in words if is_vietnamese_word(word)) / len(words)
