"""Verification sheets: one printed page per member, Vietnamese text in embedded vendored fonts."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pypdf
from fontTools.ttLib import TTFont

from dangvien.reports.sheets import FONT_DIR, FONT_FILES, SheetFinding, SheetHeader, render_sheets

HEADER = SheetHeader("Đảng bộ xã Tam Lư", dt.date(2025, 12, 20))


def member(pk: int, name: str, **values: object) -> dict[str, object]:
    return {
        "id": pk,
        "full_name": name,
        "org_name": "Chi bộ bản Lốc",
        "gender": "female",
        "birth_date": dt.date(1948, 7, 2),
        "birth_date_precision": "day",
        "citizen_id": "03814800123",
        "status": "official",
        **values,
    }


def pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def test_each_member_gets_exactly_one_page_with_their_data_and_signature_lines():
    content = render_sheets(
        [member(1, "Lò Thị Hương"), member(2, "Hà Văn Bình", gender="male")], {}, HEADER
    )
    text = pages(content)
    assert len(text) == 2
    first = unicodedata.normalize("NFC", text[0])
    assert "PHIẾU RÀ SOÁT THÔNG TIN ĐẢNG VIÊN" in first
    assert "Họ và tên: Lò Thị Hương" in first
    assert "02/07/1948" in first
    assert "03814800123" in first
    assert "Nữ" in first
    assert "Thông tin đúng (ghi nếu cần sửa)" in first
    assert "XÁC NHẬN CỦA BÍ THƯ CHI BỘ" in first
    assert "ĐẢNG VIÊN" in first
    assert "(Ký, ghi rõ họ tên)" in first
    assert "Hà Văn Bình" in unicodedata.normalize("NFC", text[1])


def test_open_findings_are_printed_in_plain_words_errors_first():
    findings = {
        1: [
            SheetFinding("phone", "Số điện thoại", "Số điện thoại chưa có", "", "info"),
            SheetFinding(
                "citizen_id",
                "Số CCCD/định danh cá nhân",
                "Số CCCD có 11 chữ số, phải có 12 chữ số",
                "038148001234",
                "error",
            ),
        ]
    }
    text = unicodedata.normalize(
        "NFC", pages(render_sheets([member(1, "Lò Thị Hương")], findings, HEADER))[0]
    )
    assert "Những điểm cần kiểm tra:" in text
    error = text.index("Số CCCD có 11 chữ số, phải có 12 chữ số (đề xuất: 038148001234)")
    info = text.index("Số điện thoại chưa có")
    assert error < info


def test_too_many_findings_still_fit_on_the_page_and_say_how_many_were_left_out():
    many = [
        SheetFinding("note", "Ghi chú", f"Điểm cần kiểm tra số {i}", "", "warning")
        for i in range(40)
    ]
    text = pages(render_sheets([member(1, "Lò Thị Hương")], {1: many}, HEADER))
    assert len(text) == 1
    assert "điểm khác: xin hỏi bí thư chi bộ" in unicodedata.normalize("NFC", text[0])


def test_a_member_without_findings_is_asked_to_check_anyway():
    text = unicodedata.normalize("NFC", pages(render_sheets([member(1, "A")], {}, HEADER))[0])
    assert "Phần mềm không phát hiện điểm bất thường" in text


def test_the_fonts_are_the_vendored_ones_embedded_in_the_file():
    reader = pypdf.PdfReader(io.BytesIO(render_sheets([member(1, "Ngô Thị Ửng")], {}, HEADER)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert names
    assert all("LiberationSerif" in name for name in names)
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()  # embedded, not referenced


def test_the_vendored_fonts_cover_every_vietnamese_letter_and_carry_their_licence():
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    vowels = "aăâeêioôơuưy"
    wanted = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    wanted |= set(letters)
    wanted |= {c.upper() for c in wanted}
    for filename in FONT_FILES.values():
        cmap = TTFont(FONT_DIR / filename).getBestCmap()
        assert not [c for c in wanted if ord(c) not in cmap], filename
    licence = (FONT_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_an_empty_batch_prints_one_page_that_says_so():
    text = unicodedata.normalize("NFC", pages(render_sheets([], {}, HEADER))[0])
    assert "Không có đảng viên nào" in text


def test_a_value_that_could_not_be_read_is_printed_as_typed():
    record = member(1, "Lò Thị Hương", official_date=None, raw={"official_date": "32/01/2003"})
    text = unicodedata.normalize("NFC", pages(render_sheets([record], {}, HEADER))[0])
    assert "32/01/2003" in text


def test_a_batch_keeps_the_members_of_a_cell_together_in_the_order_given():
    records = [
        member(1, "Lò Thị Hương"),
        member(2, "Hà Văn Bình"),
        member(3, "Phạm Bá Hùng", org_name="Chi bộ bản Hậu"),
    ]
    content = render_sheets(records, {}, HEADER)
    text = [unicodedata.normalize("NFC", page) for page in pages(content)]
    assert len(text) == 3
    assert ["CHI BỘ BẢN LỐC" in page for page in text] == [True, True, False]
    assert "CHI BỘ BẢN HẬU" in text[2]
    assert "phiếu 3/3" in text[2]
