"""The formal report (.docx) follows Hướng dẫn 36-HD/VPTW; built from hand-made figures."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.shared import Pt

from dangvien.reports.defaults import default_text, issuer_for
from dangvien.reports.document import ReportText, number_line, render_report, vn_date_line
from dangvien.reports.figures import (
    DIMENSION_LABELS,
    DifficultyItem,
    DimensionFigures,
    Figures,
    OrgFigures,
    percent_text,
    total_of,
)
from dangvien.vn.tones import to_style


def figures(**overrides: object) -> Figures:
    orgs = (
        OrgFigures(
            "TL01",
            "Chi bộ bản Lốc",
            "Chi bộ cơ sở",
            members=41,
            official=38,
            probationary=3,
            exempt=2,
            with_citizen_id=40,
            with_phone=37,
            handbook_installed=30,
            no_smartphone=5,
            members_with_errors=3,
            findings_found=57,
            findings_resolved=44,
            findings_accepted=4,
            open_errors=6,
            open_warnings=3,
            signed_off=True,
        ),
        OrgFigures(
            "TL02",
            "Chi bộ bản Hậu",
            "Chi bộ cơ sở",
            members=29,
            official=29,
            with_citizen_id=29,
            with_phone=20,
            handbook_installed=22,
            findings_found=18,
            findings_resolved=18,
        ),
    )
    values: dict[str, object] = {
        "as_of": dt.date(2025, 12, 30),
        "scope_name": "Đảng bộ xã Tam Lư",
        "orgs": orgs,
        "total": total_of(orgs, code="TL", name="Tổng cộng", kind=""),
        "dimensions": tuple(
            DimensionFigures(code, label, found=10 + i, resolved=7, accepted=1, open_errors=2)
            for i, (code, label) in enumerate(DIMENSION_LABELS.items())
        ),
        "org_kinds": {"Chi bộ cơ sở": 2},
        "exited": {"Từ trần": 4},
        "difficulties": (
            DifficultyItem(
                "Chi bộ bản Lốc",
                "Không tìm thấy hồ sơ gốc",
                "Hồ sơ bị mối xông",
                "Đã trả lời",
                "Đối chiếu sổ đảng viên",
                False,
                dt.date(2025, 12, 12),
            ),
        ),
    }
    values.update(overrides)
    return Figures(**values)  # type: ignore[arg-type]


TEXT = ReportText(
    superior_body="Đảng bộ tỉnh Thanh Hóa",
    issuer="Đảng ủy xã Tam Lư",
    issuer_abbreviation="ĐU",
    number="12",
    place="Tam Lư",
    summary="Kết quả rà soát, làm sạch, chuẩn hóa dữ liệu tổ chức đảng và đảng viên",
    situation="Ban Thường vụ Đảng ủy ban hành kế hoạch số 05-KH/ĐU.",
    results="Dữ liệu cơ bản đã đúng, đủ.",
    difficulties="Đường truyền chậm.",
    proposals="Đề nghị Ban Tổ chức Tỉnh ủy hỗ trợ kỹ thuật.",
    recipients=("Ban Tổ chức Tỉnh ủy (để báo cáo)", "Lưu Văn phòng Đảng ủy"),
    signer_authority="T/M Ban Thường vụ",
    signer_title="Bí thư",
    signer_name="Chu Đình Trọng",
)


def document(fig: Figures | None = None, text: ReportText = TEXT) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_report(fig or figures(), text)))


def all_text(doc: docx.document.Document) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 12, 30), "Tam Lư, ngày 30 tháng 12 năm 2025"),
        (dt.date(2026, 1, 5), "Tam Lư, ngày 05 tháng 01 năm 2026"),
        (dt.date(2026, 2, 10), "Tam Lư, ngày 10 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "Tam Lư, ngày 09 tháng 3 năm 2026"),
    ],
)
def test_the_date_line_writes_a_leading_zero_for_days_1_to_9_and_months_1_and_2(day, expected):
    assert vn_date_line("Tam Lư", day) == expected


def test_the_number_line_leaves_room_to_write_the_number_by_hand():
    assert number_line("12", "ĐU") == "Số 12-BC/ĐU"
    assert number_line("", "ĐU").startswith("Số ")
    assert number_line("", "ĐU").endswith("-BC/ĐU")


def test_the_page_is_a4_with_the_party_document_margins():
    section = document().sections[0]

    def mm(length: object) -> float:
        return round(length.mm, 1)  # type: ignore[attr-defined]

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    assert section.different_first_page_header_footer


def test_the_header_block_has_the_superior_body_the_issuer_in_bold_the_star_and_the_number():
    header = document().tables[0]
    left = [p for p in header.rows[0].cells[0].paragraphs if p.text]
    assert [p.text for p in left] == [
        "ĐẢNG BỘ TỈNH THANH HÓA",
        "ĐẢNG ỦY XÃ TAM LƯ",
        "*",
        "Số 12-BC/ĐU",
    ]
    assert not left[0].runs[0].bold
    assert left[1].runs[0].bold
    assert all(run.font.size == Pt(14) for p in left for run in p.runs)
    right = [p for p in header.rows[0].cells[1].paragraphs if p.text]
    assert right[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right[0].runs[0].bold
    assert right[0].runs[0].font.size == Pt(15)
    assert right[0]._p.pPr.find(docx.oxml.ns.qn("w:pBdr")) is not None  # the rule under it
    assert right[1].text == "Tam Lư, ngày 30 tháng 12 năm 2025"
    assert right[1].runs[0].italic


def test_the_body_is_times_new_roman_14_with_title_summary_and_four_sections():
    doc = document()
    texts = [p.text for p in doc.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == TEXT.summary
    sections = [t for t in texts if t[:3] in ("I. ", "II.", "III", "IV.")]
    assert sections == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. KHÓ KHĂN, VƯỚNG MẮC",
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    body = next(p for p in doc.paragraphs if p.text.startswith("Đảng bộ xã Tam Lư có"))
    assert body.runs[0].font.name == "Times New Roman"
    assert body.runs[0].font.size == Pt(14)
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_the_figures_fill_the_sentences_and_the_tables():
    doc = document()
    text = all_text(doc)
    assert "tổng số 70 đảng viên (chính thức 67, dự bị 3)" in text
    assert "đã có số định danh cá nhân 69/70 đảng viên (98,6%)" in text
    by_org = doc.tables[1]
    assert [c.text for c in by_org.rows[1].cells] == [
        "1",
        "Chi bộ bản Lốc",
        "41",
        "40",
        "37",
        "44",
        "6 / 3",
        "30",
        "Đã xác nhận",
    ]
    assert [c.text for c in by_org.rows[-1].cells][1:4] == ["Tổng cộng", "70", "69"]
    by_dimension = doc.tables[2]
    assert [c.text for c in by_dimension.rows[1].cells][1:3] == ["Đúng", "10"]
    assert by_dimension.rows[-1].cells[2].text == str(sum(10 + i for i in range(6)))


def test_difficulties_come_from_the_log_then_the_edited_text():
    text = all_text(document())
    assert "- Chi bộ bản Lốc: Không tìm thấy hồ sơ gốc. Hồ sơ bị mối xông." in text
    assert "Đã được hướng dẫn: Đối chiếu sổ đảng viên." in text
    assert "Đường truyền chậm." in text


def test_an_empty_log_says_there_was_no_difficulty():
    empty = TEXT.__class__(**{**TEXT.__dict__, "difficulties": ""})
    text = all_text(document(figures(difficulties=()), empty))
    assert "Không có khó khăn, vướng mắc nào được ghi nhận" in text


def test_the_body_ends_with_the_closing_mark_then_recipients_and_signature():
    doc = document()
    texts = [p.text for p in doc.paragraphs]
    assert "Đề nghị Ban Tổ chức Tỉnh ủy hỗ trợ kỹ thuật./." in texts
    closing = doc.tables[-1]
    left = [p.text for p in closing.rows[0].cells[0].paragraphs]
    assert left == ["Nơi nhận:", "- Ban Tổ chức Tỉnh ủy (để báo cáo),", "- Lưu Văn phòng Đảng ủy."]
    right = [p.text for p in closing.rows[0].cells[1].paragraphs if p.text]
    assert right == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Chu Đình Trọng"]


def test_percentages_use_a_decimal_comma_and_an_empty_whole_is_zero():
    assert percent_text(69, 70) == "98,6%"
    assert percent_text(0, 0) == "0,0%"


@pytest.mark.parametrize(
    ("style", "superior", "issuer", "first_recipient"),
    [
        ("old", "Đảng bộ tỉnh Thanh Hóa", "Đảng ủy xã Tam Lư", "Ban Tổ chức Tỉnh ủy (để báo cáo)"),
        ("new", "Đảng bộ tỉnh Thanh Hoá", "Đảng uỷ xã Tam Lư", "Ban Tổ chức Tỉnh uỷ (để báo cáo)"),
    ],
)
def test_the_first_draft_of_a_commune_report_comes_from_the_organization_tree(
    style, superior, issuer, first_recipient
):
    text = default_text(
        org_name="Đảng bộ xã Tam Lư", parent_name=None, signer_name="Chu Đình Trọng", style=style
    )
    assert (text.superior_body, text.issuer) == (superior, issuer)
    assert (text.issuer_abbreviation, text.place) == ("ĐU", "Tam Lư")
    assert text.signer_authority == "T/M Ban Thường vụ"
    assert text.signer_title == "Bí thư"
    assert text.recipients[0] == first_recipient
    assert text.recipients[-1].startswith("Lưu")


@pytest.mark.parametrize("style", ["old", "new"])
def test_every_line_of_the_draft_is_in_one_tone_style(style):
    # "THANH HOÁ" above "ĐẢNG ỦY" on one page is a mistake a reader sees at once.
    text = default_text(
        org_name="Đảng bộ xã Tam Lư", parent_name=None, signer_name="Hà Thị Thủy", style=style
    )
    lines = [value for value in text.__dict__.values() if isinstance(value, str)]
    lines += list(text.recipients)
    assert [line for line in lines if line != text.signer_name] == [
        to_style(line, style) for line in lines if line != text.signer_name
    ]
    assert text.signer_name == "Hà Thị Thủy"  # a person's name stays as the record spells it
    cell = issuer_for("Chi bộ bản Lốc", "Đảng bộ xã Tam Lư", style)
    assert cell.recipients == tuple(to_style(line, style) for line in cell.recipients)


def test_a_cell_reports_to_its_committee():
    issuer = issuer_for("Chi bộ bản Lốc", "Đảng bộ xã Tam Lư", "old")
    assert (issuer.superior_body, issuer.issuer, issuer.abbreviation) == (
        "Đảng bộ xã Tam Lư",
        "Chi bộ bản Lốc",
        "CB",
    )
    assert issuer.authority == "T/M Chi bộ"
    assert issuer.recipients[0] == "Ban Thường vụ Đảng ủy xã Tam Lư (để báo cáo)"


def test_an_unknown_commune_leaves_the_province_to_fill_in():
    assert issuer_for("Đảng bộ xã Không Có Thật", None).superior_body == "Đảng bộ tỉnh ……"
