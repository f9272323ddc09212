"""Versions of the reference catalogs vendored in ``dangvien/vn/data`` (for the catalog registry).

Each constant says where a catalog comes from, which version, and from when it is in force, so a
report can state which catalog a finding was judged against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "CATALOGS",
    "CCCD_CENTURY_DIGIT",
    "CCCD_PROVINCE_CODES",
    "LEGACY_CHARSETS",
    "MOBILE_PREFIXES_CURRENT",
    "MOBILE_RENUMBERING_2018",
    "UNITS_2025",
    "UNITS_PRE2025",
    "UNIT_SUCCESSION_2025",
    "CatalogInfo",
]


@dataclass(frozen=True, slots=True)
class CatalogInfo:
    """Provenance of one vendored catalog."""

    key: str
    title: str  # Vietnamese, for reports
    source: str
    version: str
    effective_date: dt.date | None  # when the content is in force (None: not dated)
    licence: str
    files: tuple[str, ...]  # under dangvien/vn/data
    notes: str = ""


UNITS_2025 = CatalogInfo(
    key="vn.units.2025",
    title="Danh mục đơn vị hành chính 34 tỉnh, 3.321 xã (sau 01/07/2025)",
    source="thanglequoc/vietnamese-provinces-database (QĐ 19/2025/QĐ-TTg; NQ 30/2026/QH16; "
    "NQ 237/NQ-UBTVQH16)",
    version="v4.2.0 (cd58063299585146ded3981f2272946ef19ced54), 2 mã sửa theo CV 1027/CTK-CSCL",
    effective_date=dt.date(2025, 7, 1),
    licence="MIT",
    files=("thanglequoc/provinces_2025.csv", "thanglequoc/communes_2025.csv"),
    notes="Hệ thống 34 tỉnh/3.321 xã có hiệu lực từ 01/07/2025; tên và loại đơn vị theo bản "
    "v4.2.0 (cập nhật đến 30/04/2026). Chưa gồm thay đổi từ 01/09/2026 (Quảng Ninh, Bắc Ninh).",
)
UNITS_PRE2025 = CatalogInfo(
    key="vn.units.pre2025",
    title="Danh mục đơn vị hành chính 63 tỉnh, 696 huyện, 10.035 xã (trước 01/07/2025)",
    source="thanglequoc/vietnamese-provinces-database",
    version="v2.4.1 (fc33b7411ec4e3697817fab8118718a8d39ef090)",
    effective_date=None,
    licence="MIT",
    files=(
        "thanglequoc/provinces_pre2025.csv",
        "thanglequoc/districts_pre2025.csv",
        "thanglequoc/wards_pre2025.csv",
        "dvhcvn/extra_old_wards.csv",
    ),
    notes="Trạng thái cuối cùng trước sắp xếp (hết hiệu lực 30/06/2025).",
)
UNIT_SUCCESSION_2025 = CatalogInfo(
    key="vn.units.succession.2025",
    title="Bảng chuyển đổi đơn vị hành chính cũ → mới (01/07/2025)",
    source="dvhcvn/20250701 (NQ 1654–1687/NQ-UBTVQH15)",
    version="dd94887ce32324380bc5bb0a76fe39867dafc73b",
    effective_date=dt.date(2025, 7, 1),
    licence="MIT",
    files=(
        "dvhcvn/old_ward_to_new.csv",
        "dvhcvn/old_district_without_wards_to_new.csv",
        "dvhcvn/old_province_to_new.csv",
    ),
    notes="Lập bằng máy đọc nghị quyết rồi kiểm tra; xã cũ bị chia luôn để người chọn.",
)
CCCD_PROVINCE_CODES = CatalogInfo(
    key="vn.cccd.provinces",
    title="Mã tỉnh nơi đăng ký khai sinh trong số định danh (63 mã)",
    source="Thông tư 07/2016/TT-BCA, Phụ lục I (qua hungnguyen18/vietnamese-name-generator)",
    version="8d9839b1410ff705ccc53380120f2a058d5cdd96",
    effective_date=None,
    licence="facts (government code list)",
    files=("cccd-and-mobile-prefix/cccd_province_codes_63.csv",),
)
CCCD_CENTURY_DIGIT = CatalogInfo(
    key="vn.cccd.century",
    title="Mã thế kỷ và giới tính (chữ số thứ 4 của số định danh)",
    source="Thông tư 07/2016/TT-BCA, Điều 7",
    version="Thông tư 07/2016/TT-BCA",
    effective_date=None,
    licence="facts (regulation)",
    files=("cccd-and-mobile-prefix/cccd_century_gender_digit.csv",),
)
MOBILE_RENUMBERING_2018 = CatalogInfo(
    key="vn.phone.renumbering.2018",
    title="Chuyển đầu số di động 11 số sang 10 số (2018)",
    source="Bộ TT&TT (qua KingDarkness/phone11to10)",
    version="ddaecd6e69901b3d0253a1b6502d3a65266ad2bf",
    effective_date=dt.date(2018, 9, 15),
    licence="facts (numbering decision)",
    files=("cccd-and-mobile-prefix/mobile_prefix_2018_11_to_10.csv",),
)
MOBILE_PREFIXES_CURRENT = CatalogInfo(
    key="vn.phone.prefixes",
    title="Đầu số di động 10 số đang dùng và nhà mạng",
    source="docs/domain.md §5.4 (bản đồ nhà mạng trong mã nguồn công khai)",
    version="2026-11-22",
    effective_date=None,
    licence="facts",
    files=("cccd-and-mobile-prefix/mobile_prefixes_current.csv",),
    notes="Nhà mạng là nhà mạng được cấp đầu số; số đã chuyển mạng giữ số có thể khác.",
)
LEGACY_CHARSETS = CatalogInfo(
    key="vn.charsets.legacy",
    title="Bảng mã TCVN3 (ABC), VNI-Windows, VIQR, Windows-1258",
    source="Unikey (fcitx/fcitx5-unikey unikey/data.cpp); glibc iconv TCVN5712-1",
    version="fcitx5-unikey 6ea3b37637f59ad4ab7804eb1f97afdaee921cd7; glibc 2.36",
    effective_date=None,
    licence="GPL-2.0-or-later tables (values only); LGPL-2.1 glibc (values only)",
    files=(
        "unikey/vietnamese_charset_table.csv",
        "glibc-tcvn5712/tcvn5712_vn1_extra_bytes.csv",
    ),
)

CATALOGS: tuple[CatalogInfo, ...] = (
    UNITS_2025,
    UNITS_PRE2025,
    UNIT_SUCCESSION_2025,
    CCCD_PROVINCE_CODES,
    CCCD_CENTURY_DIGIT,
    MOBILE_RENUMBERING_2018,
    MOBILE_PREFIXES_CURRENT,
    LEGACY_CHARSETS,
)
