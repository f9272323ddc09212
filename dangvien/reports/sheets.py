"""Verification sheets (Phiếu rà soát thông tin đảng viên): one printed page per member. Pure.

For members without a smartphone, who cannot check their data in the handbook app: the cell
secretary prints the sheets of the cell, each member reads what the database holds, ticks what is
right, writes the correction in the empty box beside what is wrong and signs. The open findings
are printed in plain words, so the member knows what to look at first.

The font is the vendored Liberation Serif (metric-compatible with Times New Roman, every
Vietnamese letter), embedded as a subset: the PDF prints the same everywhere and nothing is read
from the system or downloaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dangvien.quality.dictionary import MEMBER_FIELDS, Kind
from dangvien.reports.exporters.members import unreadable_text
from dangvien.reports.exporters.values import date_display

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "LiberationSerif"
FONT_FILES = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
}

# The fields a member can confirm from memory or their own papers, in the order of the lý lịch.
SHEET_FIELDS: tuple[str, ...] = (
    "full_name",
    "gender",
    "birth_date",
    "birth_place",
    "hometown",
    "permanent_address",
    "current_address",
    "ethnicity",
    "religion",
    "citizen_id",
    "phone",
    "status",
    "join_date",
    "official_date",
    "card_number",
    "dossier_number",
    "general_education",
    "professional_level",
    "political_theory",
)
_SPECS = {spec.name: spec for spec in MEMBER_FIELDS}

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 14.0
WIDTHS = (10.0, 42.0, 62.0, 12.0, 56.0)  # STT, field, current value, "Đúng" box, correction
LINE = 4.4
FINDING_LINE = 4.8
SIGNATURE_TOP = PAGE_H - MARGIN - 30  # the signature block always sits at the foot of the page
OTHER_LINES_TOP = SIGNATURE_TOP - 15  # two dotted lines for anything else to correct


@dataclass(frozen=True)
class SheetFinding:
    field: str  # dictionary field name; "" for a finding about the record as a whole
    field_label: str
    message: str
    suggestion: str = ""
    severity: str = "warning"

    def sentence(self) -> str:
        text = f"{self.field_label}: {self.message.rstrip('.')}"
        if self.suggestion:
            text += f" (đề xuất: {self.suggestion})"
        return text + "."


@dataclass(frozen=True)
class SheetHeader:
    commune: str  # "Đảng bộ xã Tam Lư"
    as_of: dt.date


def field_text(name: str, record: Mapping[str, Any]) -> str:
    """The stored value as a member reads it; a value that could not be read, as it was typed
    (an empty box would tell the member the database holds nothing)."""
    spec = _SPECS[name]
    value = record.get(name)
    typed = unreadable_text(spec, record)
    if typed is not None:
        return typed
    if spec.kind is Kind.DATE:
        return date_display(value, record.get(f"{name}_precision")) or ""
    if spec.kind is Kind.ORG:
        return str(record.get("org_name") or "")
    if spec.choices and value:
        return spec.choices.get(value, value)
    return str(value or "")


class _Sheets(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, filename in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / filename))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=False)
        self.set_creator("dangvien")
        self.set_lang("vi-VN")


def _font(pdf: FPDF, size: float, style: str = "") -> None:
    pdf.set_font(FONT, style, size)


def _lines(pdf: FPDF, width: float, text: str) -> list[str]:
    if not text:
        return [""]
    lines = pdf.multi_cell(width, LINE, text, dry_run=True, output="LINES", padding=(0, 1))
    assert isinstance(lines, list)  # output="LINES" returns the lines
    return [str(line) for line in lines] or [""]


def _header(pdf: FPDF, header: SheetHeader, record: Mapping[str, Any]) -> None:
    top = pdf.get_y()
    _font(pdf, 12)
    pdf.set_xy(MARGIN, top)
    pdf.cell(85, 6, header.commune.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _font(pdf, 12, "B")
    pdf.cell(
        85,
        6,
        str(record.get("org_name") or "").upper(),
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.cell(85, 5, "*", align="C")
    _font(pdf, 13, "B")
    pdf.set_xy(PAGE_W - MARGIN - 90, top)
    pdf.cell(90, 6, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C")
    title_w = pdf.get_string_width("ĐẢNG CỘNG SẢN VIỆT NAM")
    middle = PAGE_W - MARGIN - 45
    pdf.line(middle - title_w / 2, top + 6.5, middle + title_w / 2, top + 6.5)
    pdf.set_xy(MARGIN, top + 19)
    _font(pdf, 15, "B")
    pdf.cell(
        0, 7, "PHIẾU RÀ SOÁT THÔNG TIN ĐẢNG VIÊN", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    _font(pdf, 11, "I")
    pdf.cell(
        0,
        5,
        f"(Dữ liệu trong Cơ sở dữ liệu đảng viên đến ngày {header.as_of:%d/%m/%Y})",
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(2)
    _font(pdf, 12)
    pdf.multi_cell(
        0,
        5.5,
        "Dòng nào đúng, đánh dấu X vào ô “Đúng”; sai hoặc còn thiếu, ghi thông "
        "tin đúng vào ô bên phải. Dòng in đậm có điểm cần kiểm tra (xem cuối phiếu).",
        align="J",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(1.5)


def _table(pdf: FPDF, record: Mapping[str, Any], flagged: frozenset[str]) -> None:
    headers = ("STT", "Thông tin", "Dữ liệu hiện có", "Đúng", "Thông tin đúng (ghi nếu cần sửa)")
    _font(pdf, 10.5, "B")
    pdf.set_fill_color(242, 220, 219)
    pdf.set_x(MARGIN)
    for width, text in zip(WIDTHS, headers, strict=True):
        pdf.cell(width, 7, text, border=1, align="C", fill=True)
    y = pdf.get_y() + 7
    _font(pdf, 10.5)
    for index, name in enumerate(SHEET_FIELDS, start=1):
        value = field_text(name, record)
        label_lines = _lines(pdf, WIDTHS[1], _SPECS[name].label)
        value_lines = _lines(pdf, WIDTHS[2], value)[:2]
        height = max(6.2, LINE * max(len(label_lines), len(value_lines)) + 1.8)
        cells = (str(index), "\n".join(label_lines), "\n".join(value_lines), "", "")
        x = MARGIN
        for position, (width, text) in enumerate(zip(WIDTHS, cells, strict=True)):
            pdf.rect(x, y, width, height)
            if text:
                _font(pdf, 10.5, "B" if position == 1 and name in flagged else "")
                pdf.set_xy(x, y + 0.9)
                pdf.multi_cell(
                    width,
                    LINE,
                    text,
                    align="C" if position == 0 else "L",
                    new_x=XPos.RIGHT,
                    new_y=YPos.TOP,
                    padding=(0, 1),
                )
            if position == 3:
                box = 4.0
                pdf.rect(x + (width - box) / 2, y + (height - box) / 2, box, box)
            x += width
        y += height
    pdf.set_xy(MARGIN, y + 2.5)


def _findings(pdf: FPDF, findings: Sequence[SheetFinding]) -> None:
    """Open findings in plain words, as many as fit above the signature block."""
    width = PAGE_W - 2 * MARGIN
    _font(pdf, 11.5, "B")
    pdf.cell(0, 6, "Những điểm cần kiểm tra:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _font(pdf, 11)
    if not findings:
        pdf.multi_cell(
            width,
            FINDING_LINE,
            "Phần mềm không phát hiện điểm bất thường. Đề nghị "
            "đồng chí vẫn đối chiếu từng dòng với giấy tờ của mình.",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        return
    ordered = sorted(findings, key=lambda f: {"error": 0, "warning": 1}.get(f.severity, 2))
    budget = int((OTHER_LINES_TOP - 1 - pdf.get_y()) // FINDING_LINE)
    used = 0
    for position, finding in enumerate(ordered):
        lines = _lines(pdf, width, "- " + finding.sentence())
        remaining = len(ordered) - position
        reserve = 1 if remaining > 1 else 0  # room to say how many were left out
        if used + len(lines) + reserve > budget:
            pdf.multi_cell(
                width,
                FINDING_LINE,
                f"(còn {remaining} điểm khác: xin hỏi bí thư chi bộ hoặc xem trên phần mềm)",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            break
        pdf.multi_cell(
            width,
            FINDING_LINE,
            "- " + finding.sentence(),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            padding=(0, 1),
        )
        used += len(lines)


def _signatures(pdf: FPDF) -> None:
    width = PAGE_W - 2 * MARGIN
    _font(pdf, 11)
    pdf.set_xy(MARGIN, OTHER_LINES_TOP)
    pdf.cell(0, 5, "Thông tin khác đề nghị bổ sung, điều chỉnh:")
    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.1)
    pdf.set_dash_pattern(dash=0.6, gap=0.9)
    for offset in (10.0, 15.0):
        pdf.line(
            MARGIN, OTHER_LINES_TOP + offset - 0.5, MARGIN + width, OTHER_LINES_TOP + offset - 0.5
        )
    pdf.set_dash_pattern()
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    half = width / 2
    top = SIGNATURE_TOP + 1
    _font(pdf, 11, "I")
    pdf.set_xy(MARGIN + half, top)
    pdf.cell(half, 5, "……………, ngày …… tháng …… năm 20……", align="C")
    for x, title in ((MARGIN, "XÁC NHẬN CỦA BÍ THƯ CHI BỘ"), (MARGIN + half, "ĐẢNG VIÊN")):
        _font(pdf, 11.5, "B")
        pdf.set_xy(x, top + 5.5)
        pdf.cell(half, 5.5, title, align="C")
        _font(pdf, 10.5, "I")
        pdf.set_xy(x, top + 11)
        pdf.cell(half, 5, "(Ký, ghi rõ họ tên)", align="C")


def _footer(
    pdf: FPDF, record: Mapping[str, Any], header: SheetHeader, page: int, pages: int
) -> None:
    _font(pdf, 8.5, "I")
    pdf.set_xy(MARGIN, PAGE_H - MARGIN + 3)
    pdf.cell(
        0,
        4,
        f"Mã hồ sơ {record['id']} · {record.get('org_name') or ''} · "
        f"{header.commune} · phiếu {page}/{pages}",
        align="C",
    )


def render_sheets(
    records: Iterable[Mapping[str, Any]],
    findings: Mapping[int, Sequence[SheetFinding]],
    header: SheetHeader,
) -> bytes:
    """One page per member, in the order given."""
    pdf = _Sheets()
    pdf.set_title("Phiếu rà soát thông tin đảng viên")
    pdf.set_author(header.commune)
    members = list(records)
    for page, record in enumerate(members, start=1):
        pdf.add_page()
        _header(pdf, header, record)
        _font(pdf, 12.5, "B")
        pdf.cell(
            0, 6, f"Họ và tên: {record.get('full_name') or ''}", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(1)
        found = findings.get(record["id"], ())
        _table(pdf, record, frozenset(finding.field for finding in found))
        _findings(pdf, found)
        _signatures(pdf)
        _footer(pdf, record, header, page, len(members))
    if not members:
        pdf.add_page()
        _font(pdf, 13)
        pdf.multi_cell(0, 7, "Không có đảng viên nào trong phạm vi đã chọn.")
    return bytes(pdf.output())
