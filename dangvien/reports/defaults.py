"""The first draft of a report's text, derived from the organization it reports on. Pure.

"Đảng bộ xã Tam Lư" issues as "Đảng ủy xã Tam Lư" under "Đảng bộ tỉnh Thanh Hóa" (found in the
list of communes since 01/07/2025), dated at "Tam Lư". A cell reports to its committee as "Chi bộ
…" under the committee, signed "T/M CHI BỘ". Every line stays editable in the app.

The whole draft is written in the installation's tone style (`DANGVIEN_TONE_STYLE`), the one the
cleaned data uses: the province's name and the committee's prose must not disagree on one page
("THANH HOÁ" above "ĐẢNG ỦY").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

from dangvien.reports.document import REPORT_TITLE, ReportText
from dangvien.vn import units
from dangvien.vn.keys import fold
from dangvien.vn.syllables import ToneStyle
from dangvien.vn.tones import to_style

_COMMITTEE = re.compile(
    r"^\s*đảng\s+bộ\s+(?P<type>xã|phường|đặc\s+khu|thị\s+trấn)\s+(?P<name>.+)$", re.IGNORECASE
)
_CELL = re.compile(r"^\s*chi\s+bộ\s+(?P<name>.+)$", re.IGNORECASE)

DEFAULT_SITUATION = (
    "Thực hiện Kế hoạch của Ban Thường vụ Tỉnh ủy về triển khai làm sạch, chuẩn hóa Cơ sở dữ liệu "
    "đảng viên, Ban Thường vụ Đảng ủy đã ban hành kế hoạch, phân công Ban Xây dựng Đảng chủ trì, "
    "hướng dẫn các chi bộ rà soát, đối soát, làm sạch dữ liệu tổ chức đảng trước, dữ liệu "
    "đảng viên sau, bảo đảm yêu cầu “đúng - đủ - sạch - sống - thống nhất - dùng chung”."
)
DEFAULT_PROPOSALS = (
    "1. Đề nghị Ban Tổ chức Tỉnh ủy tiếp tục hướng dẫn, hỗ trợ kỹ thuật trong quá trình chuyển "
    "đổi dữ liệu sang Phần mềm Cơ sở dữ liệu đảng viên phiên bản 4.0.\n"
    "2. Đề nghị sớm đồng bộ dữ liệu đã làm sạch với ứng dụng Sổ tay đảng viên điện tử; hướng dẫn "
    "cách quản lý đối với đảng viên không có điện thoại thông minh."
)
COMMUNE_RECIPIENTS = (
    "Ban Tổ chức Tỉnh ủy (để báo cáo)",
    "Văn phòng Tỉnh ủy (để báo cáo)",
    "Ban Thường vụ Đảng ủy",
    "Ban Xây dựng Đảng Đảng ủy",
    "Lưu Văn phòng Đảng ủy",
)


@dataclass(frozen=True)
class Issuer:
    superior_body: str
    issuer: str
    abbreviation: str
    place: str
    authority: str
    recipients: tuple[str, ...]


def province_of_commune(unit_type: str, name: str) -> units.Province | None:
    """The province of a commune since 01/07/2025, when exactly one commune has this name."""
    key = fold(name)
    wanted_type = fold(unit_type)
    found = {
        commune.province_code
        for commune in units.communes_2025().values()
        if fold(commune.name) == key and fold(commune.unit_type) == wanted_type
    }
    if len(found) != 1:
        return None
    return units.provinces_2025().get(found.pop())


def commune_province(org_name: str) -> units.Province | None:
    """The province of a commune committee ("Đảng bộ xã Tam Lư" → Thanh Hóa), if known."""
    committee = _COMMITTEE.match(org_name)
    if not committee:
        return None
    return province_of_commune(" ".join(committee["type"].lower().split()), committee["name"])


def issuer_for(org_name: str, parent_name: str | None, style: ToneStyle = "new") -> Issuer:
    """Who issues the report of `org_name`, to whom, signed how; in the tone style `style`."""
    issuer = _issuer(org_name, parent_name)
    return Issuer(
        superior_body=to_style(issuer.superior_body, style),
        issuer=to_style(issuer.issuer, style),
        abbreviation=issuer.abbreviation,
        place=to_style(issuer.place, style),
        authority=to_style(issuer.authority, style),
        recipients=tuple(to_style(line, style) for line in issuer.recipients),
    )


def _issuer(org_name: str, parent_name: str | None) -> Issuer:
    committee = _COMMITTEE.match(org_name)
    if committee:
        unit_type = " ".join(committee["type"].lower().split())
        name = committee["name"].strip()
        province = province_of_commune(unit_type, name)
        superior = (
            f"Đảng bộ {province.full_name[:1].lower()}{province.full_name[1:]}"
            if province is not None
            else "Đảng bộ tỉnh ……"
        )
        return Issuer(
            superior_body=superior,
            issuer=f"Đảng ủy {unit_type} {name}",
            abbreviation="ĐU",
            place=name,
            authority="T/M Ban Thường vụ",
            recipients=COMMUNE_RECIPIENTS,
        )
    cell = _CELL.match(org_name)
    parent = parent_name or ""
    parent_committee = _COMMITTEE.match(parent)
    return Issuer(
        superior_body=parent or "Đảng bộ ……",
        issuer=org_name,
        abbreviation="CB" if cell else "ĐU",
        place=parent_committee["name"].strip() if parent_committee else "……",
        authority="T/M Chi bộ" if cell else "T/M Ban Thường vụ",
        recipients=(f"{_committee_of(parent)} (để báo cáo)", "Lưu Chi bộ")
        if cell
        else COMMUNE_RECIPIENTS,
    )


def _committee_of(committee_name: str) -> str:
    match = _COMMITTEE.match(committee_name)
    if not match:
        return committee_name or "Đảng ủy"
    return (
        f"Ban Thường vụ Đảng ủy {' '.join(match['type'].lower().split())} {match['name'].strip()}"
    )


def _styled(text: ReportText, style: ToneStyle) -> ReportText:
    """Every line of the draft with its tones placed in `style`; the signer's name stays as the
    record spells it."""
    changes: dict[str, Any] = {}
    for item in fields(text):
        value = getattr(text, item.name)
        if item.name == "signer_name":
            continue
        if isinstance(value, str):
            changes[item.name] = to_style(value, style)
        else:
            changes[item.name] = tuple(to_style(line, style) for line in value)
    return replace(text, **changes)


def default_text(
    *, org_name: str, parent_name: str | None, signer_name: str = "", style: ToneStyle = "new"
) -> ReportText:
    issuer = issuer_for(org_name, parent_name, style)
    draft = ReportText(
        superior_body=issuer.superior_body,
        issuer=issuer.issuer,
        issuer_abbreviation=issuer.abbreviation,
        number="",
        place=issuer.place,
        summary=REPORT_TITLE,
        situation=DEFAULT_SITUATION,
        results="",
        difficulties="",
        proposals=DEFAULT_PROPOSALS,
        recipients=issuer.recipients,
        signer_authority=issuer.authority,
        signer_title="Bí thư",
        signer_name=signer_name,
    )
    return _styled(draft, style)
