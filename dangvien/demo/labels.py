"""Vietnamese column headers of the exported lists, as commune staff write them.

`FIELD_LABELS` is the one-row header (CSV, and the xlsx columns outside a group). In the xlsx the
fields of `HEADER_GROUPS` sit under a merged group cell with the shorter `sub-label`, like the
"Ngày tháng năm" / "Vào Đảng" | "Chính thức" header of a legacy export. Every label is one of the
header aliases of the project's data dictionary, so intake maps it to its field.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

STT: Final = "STT"

FIELD_LABELS: Final = MappingProxyType(
    {
        "full_name": "Họ và tên",
        "gender": "Giới tính",
        "birth_date": "Ngày sinh",
        "birth_place": "Nơi sinh",
        "hometown": "Quê quán",
        "permanent_address": "Nơi thường trú",
        "current_address": "Nơi ở hiện nay",
        "ethnicity": "Dân tộc",
        "religion": "Tôn giáo",
        "citizen_id": "Số CCCD",
        "legacy_id": "Số CMND",
        "phone": "Điện thoại",
        "org": "Chi bộ",
        "status": "Loại đảng viên",
        "join_date": "Ngày vào Đảng",
        "official_date": "Ngày chính thức",
        "card_number": "Số thẻ",
        "dossier_number": "Số lý lịch",
        "general_education": "Giáo dục phổ thông",
        "professional_level": "Chuyên môn",
        "political_theory": "Lý luận chính trị",
        "foreign_language": "Ngoại ngữ",
        "it_level": "Tin học",
        "occupation": "Nghề nghiệp",
        "party_position": "Chức vụ đảng",
        "exempt": "Miễn SH",
        "exit_kind": "Tình trạng",
        "exit_date": "Ngày ra khỏi",
        "note": "Ghi chú",
        "handbook_installed": "Đã cài Sổ tay",
        "no_smartphone": "Không có ĐTTM",
    }
)

# group label → (field, sub-label) in column order
HEADER_GROUPS: Final = MappingProxyType(
    {
        "Ngày tháng năm": (("join_date", "Vào Đảng"), ("official_date", "Chính thức")),
        "Trình độ": (
            ("general_education", "GDPT"),
            ("professional_level", "Chuyên môn"),
            ("political_theory", "LLCT"),
            ("foreign_language", "Ngoại ngữ"),
            ("it_level", "Tin học"),
        ),
        "Sổ tay đảng viên điện tử": (
            ("handbook_installed", "Đã cài Sổ tay"),
            ("no_smartphone", "Không có ĐTTM"),
        ),
    }
)

ORG_LABELS: Final = MappingProxyType(
    {
        "code": "Mã",
        "name": "Tên tổ chức",
        "kind": "Loại",
        "parent_code": "Trực thuộc",
        "area": "Loại hình",
        "active": "Đang hoạt động",
        "secretary": "Bí thư",
        "secretary_record": "STT bí thư",
    }
)
ORG_KIND_LABELS: Final = MappingProxyType(
    {
        "commune_committee": "Đảng bộ xã",
        "base_committee": "Đảng bộ cơ sở",
        "base_cell": "Chi bộ cơ sở",
        "sub_cell": "Chi bộ trực thuộc",
        "section_committee": "Đảng bộ bộ phận",
        "group": "Tổ đảng",
    }
)
ORG_AREA_LABELS: Final = MappingProxyType(
    {
        "residential": "Khu dân cư",
        "agency": "Cơ quan",
        "school": "Trường học",
        "health": "Y tế",
        "enterprise": "Doanh nghiệp",
        "armed_forces": "Lực lượng vũ trang",
        "other": "Khác",
    }
)


def group_of(field: str) -> tuple[str, str] | None:
    """(group label, sub-label) of a field shown under a merged group header, else None."""
    for group, members in HEADER_GROUPS.items():
        for name, sub_label in members:
            if name == field:
                return group, sub_label
    return None
