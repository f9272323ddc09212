"""The formal result report (.docx) in the Party document format of Hướng dẫn 36-HD/VPTW. Pure.

Layout (domain.md §9): A4, margins 20/20/30/15 mm, Times New Roman. Top left the superior body
(caps 14), the issuing committee (caps 14 bold), "*" and "Số …-BC/ĐU"; top right "ĐẢNG CỘNG SẢN
VIỆT NAM" (caps 15 bold) over a rule of its own length, then the place and date in italics. Then
"BÁO CÁO" with its summary line, the body in sections I–IV, and at the bottom "Nơi nhận" on the
left beside the signature block "T/M BAN THƯỜNG VỤ / BÍ THƯ" on the right. Page numbers from page 2,
centred in the top margin.

Figures come from `Figures` (the database as of the chosen date); the prose comes from
`ReportText`, which people edit in the app before generating.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from dangvien.reports.figures import Figures, percent_text

FONT = "Times New Roman"
_TITLE_INDENT_MM = 6.5  # (90 mm cell − 2 × 1.9 mm cell margins − 73 mm title) / 2
REPORT_TITLE = "Kết quả rà soát, làm sạch, chuẩn hóa dữ liệu tổ chức đảng và đảng viên"


@dataclass(frozen=True)
class ReportText:
    """Everything in the report that people write rather than count."""

    superior_body: str  # "ĐẢNG BỘ TỈNH THANH HÓA"
    issuer: str  # "ĐẢNG ỦY XÃ TAM LƯ"
    issuer_abbreviation: str  # "ĐU"
    number: str  # "12", or "" to fill by hand after registration
    place: str  # "Tam Lư"
    summary: str  # trích yếu
    situation: str  # I. prose after the figures
    results: str  # II. assessment after the tables
    difficulties: str  # III. prose after the difficulties from the log
    proposals: str  # IV.
    recipients: tuple[str, ...]
    signer_authority: str  # "T/M BAN THƯỜNG VỤ"
    signer_title: str  # "BÍ THƯ"
    signer_name: str


def vn_date_line(place: str, day: dt.date) -> str:
    """ "Tam Lư, ngày 05 tháng 01 năm 2026": day 1–9 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(number: str, abbreviation: str) -> str:
    """ "Số 12-BC/ĐU"; without a number, room to write it by hand once registered."""
    return f"Số {number.strip() or '     '}-BC/{abbreviation.strip() or 'ĐU'}"


# -- low-level helpers ----------------------------------------------------------------------------


def _set_run_font(
    run: Run, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:
    font = run.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.underline = underline
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _para(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent_mm: float = 0,
    before: float = 0,
    after: float = 6,
    first: bool = False,
) -> Paragraph:
    """A paragraph in `container` (document or cell); `first` reuses a cell's empty paragraph."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.1
    if indent_mm:
        fmt.first_line_indent = Mm(indent_mm)
    if text:
        _set_run_font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _bottom_rule(paragraph: Paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths, written where both Word (cells) and LibreOffice (grid) read them."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def _cell_text(
    cell: _Cell,
    text: str,
    *,
    size: float = 12,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
) -> None:
    _para(cell, text, size=size, bold=bold, align=align, after=0, first=True)


def _page_number_header(document: DocxDocument) -> None:
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# -- the document ---------------------------------------------------------------------------------


def _header_block(document: DocxDocument, text: ReportText, day: dt.date) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (75, 90))
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(left, text.superior_body.upper(), size=14, align=center, after=0, first=True)
    _para(left, text.issuer.upper(), size=14, bold=True, align=center, after=0)
    _para(left, "*", size=14, align=center, after=0)
    _para(left, number_line(text.number, text.issuer_abbreviation), size=14, align=center, after=0)
    title = _para(
        right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, align=center, after=0, first=True
    )
    # The rule under the national title is as long as the title (73 mm in Times New Roman bold
    # 15 pt, measured on the metric-compatible vendored Liberation Serif): indent its border.
    title.paragraph_format.left_indent = Mm(_TITLE_INDENT_MM)
    title.paragraph_format.right_indent = Mm(_TITLE_INDENT_MM)
    _bottom_rule(title)
    _para(right, "", size=8, after=0)
    _para(right, vn_date_line(text.place, day), size=14, italic=True, align=center, after=0)


def _title(document: DocxDocument, text: ReportText, figures: Figures) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(document, "BÁO CÁO", size=16, bold=True, align=center, before=18, after=0)
    _para(document, text.summary, size=14, bold=True, align=center, after=0)
    _para(
        document,
        f"(số liệu tính đến ngày {figures.as_of:%d/%m/%Y})",
        size=14,
        italic=True,
        align=center,
        after=0,
    )
    _para(document, "-----", size=14, align=center, after=12)


def _heading(document: DocxDocument, text: str) -> None:
    _para(document, text, size=14, bold=True, indent_mm=10, before=6, after=6)


def _body(document: DocxDocument, text: str) -> None:
    for line in text.splitlines():
        if line.strip():
            _para(document, line.strip(), size=14, indent_mm=10)


def _situation(figures: Figures) -> list[str]:
    total = figures.total
    kinds = ", ".join(f"{count} {label.lower()}" for label, count in figures.org_kinds.items())
    lines = [
        f"{figures.scope_name} có {len(figures.orgs)} tổ chức đảng trực thuộc"
        + (f" ({kinds})" if kinds else "")
        + f"; tổng số {total.members} đảng viên (chính thức {total.official}, dự bị "
        f"{total.probationary}), trong đó {total.exempt} đảng viên được miễn công tác và sinh "
        "hoạt đảng.",
    ]
    if figures.campaign is not None:
        campaign = figures.campaign
        lines.append(
            f"Đợt rà soát “{campaign.name}” thực hiện từ ngày {campaign.start_date:%d/%m/%Y}, "
            f"hạn hoàn thành ngày {campaign.deadline:%d/%m/%Y}."
        )
    return lines


def _results_summary(figures: Figures) -> list[str]:
    total = figures.total
    handbook_share = percent_text(total.handbook_installed, total.handbook_users)
    lines = [
        f"1. Dữ liệu tổ chức đảng: {figures.orgs_signed_off}/{len(figures.orgs)} tổ chức đảng đã "
        "xác nhận hoàn thành rà soát dữ liệu đảng viên."
        + (
            f" Dữ liệu tổ chức đảng được chốt ngày {figures.campaign.orgs_signed_off_on:%d/%m/%Y}."
            if figures.campaign and figures.campaign.orgs_signed_off_on
            else ""
        ),
        f"2. Dữ liệu đảng viên: đã có số định danh cá nhân {total.with_citizen_id}/{total.members} "
        f"đảng viên ({percent_text(total.with_citizen_id, total.members)}); có số điện thoại "
        f"{total.with_phone}/{total.members} ({percent_text(total.with_phone, total.members)}); "
        f"{total.members_without_error}/{total.members} đảng viên không còn lỗi "
        f"({percent_text(total.members_without_error, total.members)}).",
        f"Tổng số phát hiện qua rà soát: {total.findings_found}; đã xử lý "
        f"{total.findings_resolved}; chấp nhận ngoại lệ có giải trình {total.findings_accepted}; "
        f"còn lại {total.open_errors} lỗi, {total.open_warnings} cảnh báo và "
        f"{total.open_infos} thông tin cần lưu ý."
        + (
            f" Đã gộp {figures.duplicates_merged} hồ sơ trùng lặp."
            if figures.duplicates_merged
            else ""
        ),
        f"3. Sổ tay đảng viên điện tử: {total.handbook_installed}/{total.handbook_users} đảng viên "
        f"thuộc diện sử dụng đã cài đặt ({handbook_share}); {total.no_smartphone} đảng viên không "
        "có điện thoại thông minh được rà soát bằng phiếu.",
    ]
    return lines


def _grid(
    document: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    bold_last: bool = False,
) -> None:
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, size=11, bold=True, align=center)
    for index, values in enumerate(rows, start=1):
        bold = bold_last and index == len(rows)
        for position, (cell, value) in enumerate(zip(table.rows[index].cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if position == 1 else center
            _cell_text(cell, value, size=11, bold=bold, align=align)
    _widths(table, widths_mm)
    _para(document, "", size=6, after=0)


def _org_table(document: DocxDocument, figures: Figures) -> None:
    headers = (
        "STT",
        "Tổ chức đảng",
        "Đảng viên",
        "Có số định danh",
        "Có số điện thoại",
        "Đã xử lý",
        "Lỗi, cảnh báo còn lại",
        "Đã cài Sổ tay",
        "Xác nhận hoàn thành",
    )
    rows = [
        (
            str(index),
            org.name,
            str(org.members),
            str(org.with_citizen_id),
            str(org.with_phone),
            str(org.findings_resolved),
            f"{org.open_errors} / {org.open_warnings}",
            str(org.handbook_installed),
            "Đã xác nhận" if org.signed_off else "Chưa",
        )
        for index, org in enumerate(figures.orgs, start=1)
    ]
    total = figures.total
    rows.append(
        (
            "",
            "Tổng cộng",
            str(total.members),
            str(total.with_citizen_id),
            str(total.with_phone),
            str(total.findings_resolved),
            f"{total.open_errors} / {total.open_warnings}",
            str(total.handbook_installed),
            f"{figures.orgs_signed_off}/{len(figures.orgs)}",
        )
    )
    _grid(document, headers, rows, (12, 38, 15, 17, 17, 16, 18, 15, 17), bold_last=True)


def _dimension_table(document: DocxDocument, figures: Figures) -> None:
    headers = (
        "STT",
        "Tiêu chí",
        "Phát hiện",
        "Đã xử lý",
        "Chấp nhận ngoại lệ",
        "Lỗi còn lại",
        "Cảnh báo còn lại",
    )
    rows = [
        (
            str(index),
            d.label,
            str(d.found),
            str(d.resolved),
            str(d.accepted),
            str(d.open_errors),
            str(d.open_warnings),
        )
        for index, d in enumerate(figures.dimensions, start=1)
    ]
    total = figures.total
    rows.append(
        (
            "",
            "Tổng cộng",
            str(total.findings_found),
            str(total.findings_resolved),
            str(total.findings_accepted),
            str(total.open_errors),
            str(total.open_warnings),
        )
    )
    _grid(document, headers, rows, (12, 38, 23, 23, 23, 23, 23), bold_last=True)


def _difficulties(document: DocxDocument, figures: Figures, text: ReportText) -> None:
    for item in figures.difficulties:
        line = f"- {item.org}: {item.title}."
        if item.body.strip():
            line += f" {item.body.strip().rstrip('.')}."
        if item.answer.strip():
            line += f" Đã được hướng dẫn: {item.answer.strip().rstrip('.')}."
        else:
            line += f" ({item.state.lower()})"
        _para(document, line, size=14, indent_mm=10)
    if not figures.difficulties and not text.difficulties.strip():
        _para(
            document,
            "Không có khó khăn, vướng mắc nào được ghi nhận trong quá trình thực hiện.",
            size=14,
            indent_mm=10,
        )
    _body(document, text.difficulties)


def _closed(text: str) -> str:
    """The body of a Party document ends with "./."."""
    stripped = text.rstrip()
    if not stripped or stripped.endswith("./."):
        return stripped
    return stripped.rstrip(".") + "./."


def _closing(document: DocxDocument, text: ReportText) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (85, 80))
    left, right = table.rows[0].cells
    left_align = WD_ALIGN_PARAGRAPH.LEFT
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(left, "Nơi nhận:", size=14, underline=True, align=left_align, after=0, first=True)
    for index, line in enumerate(text.recipients):
        ending = "." if index == len(text.recipients) - 1 else ","
        clean = line.strip().lstrip("-").strip().rstrip(",.")
        _para(left, f"- {clean}{ending}", size=12, align=left_align, after=0)
    _para(
        right, text.signer_authority.upper(), size=14, bold=True, align=center, after=0, first=True
    )
    _para(right, text.signer_title.upper(), size=14, bold=True, align=center, after=0)
    for _ in range(4):
        _para(right, "", size=14, after=0)
    _para(right, text.signer_name, size=14, bold=True, align=center, after=0)


def render_report(figures: Figures, text: ReportText) -> bytes:
    """The report as .docx bytes."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    document.core_properties.title = f"Báo cáo {text.summary[:1].lower()}{text.summary[1:]}"
    document.core_properties.author = text.issuer
    document.core_properties.language = "vi-VN"
    _page_number_header(document)

    _header_block(document, text, figures.as_of)
    _title(document, text, figures)

    _heading(document, "I. ĐẶC ĐIỂM TÌNH HÌNH")
    for line in _situation(figures):
        _para(document, line, size=14, indent_mm=10)
    _body(document, text.situation)

    _heading(document, "II. KẾT QUẢ THỰC HIỆN")
    for line in _results_summary(figures):
        _para(document, line, size=14, indent_mm=10)
    _para(
        document,
        "Bảng 1. Kết quả rà soát theo tổ chức đảng",
        size=13,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=6,
    )
    _org_table(document, figures)
    _para(
        document,
        "Bảng 2. Kết quả theo tiêu chí “đúng – đủ – sạch – sống – thống nhất – dùng chung”",
        size=13,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=6,
    )
    _dimension_table(document, figures)
    _body(document, text.results)

    _heading(document, "III. KHÓ KHĂN, VƯỚNG MẮC")
    _difficulties(document, figures, text)

    _heading(document, "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    _body(document, _closed(text.proposals))
    _para(document, "", size=14, after=6)
    _closing(document, text)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
