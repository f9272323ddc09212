"""The data dictionary: every member and organization field, defined once.

Models, import mapping, rules, exports and the user documentation are all derived from these
definitions, so a field is added or renamed here and nowhere else. Canonical names follow the
glossary; labels and header aliases are what commune staff see and type (domain.md §1.6).

Required-ness depends on the member's state: an official member must have a card number, a
probationary one must not; an exited member needs an exit date. `required_for` lists the states in
which an empty value is a completeness finding, and `completeness_severity` how serious it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from dangvien.vn.keys import fold


class Kind(StrEnum):
    TEXT = "text"  # free text kept as typed (after text repair)
    NAME = "name"  # a person's name: casing and spacing rules apply
    DATE = "date"  # may be partial (year or month precision) for old records
    ENUM = "enum"  # a closed set of codes with Vietnamese labels
    CATALOG = "catalog"  # a value from a reference catalog (ethnicity, religion, levels)
    CODE = "code"  # an identifier kept as text: leading zeros matter
    PHONE = "phone"
    ADDRESS = "address"
    BOOL = "bool"  # a tick in a column ("x", "Có")
    ORG = "org"  # reference to an organization of the commune's tree


MemberState = Literal["official", "probationary", "exited"]
ACTIVE: frozenset[MemberState] = frozenset({"official", "probationary"})
ALL_STATES: frozenset[MemberState] = frozenset({"official", "probationary", "exited"})
Severity = Literal["error", "warning", "info"]


def _labels(pairs: Iterable[tuple[str, str]]) -> Mapping[str, str]:
    return MappingProxyType(dict(pairs))


GENDERS = _labels([("male", "Nam"), ("female", "Nữ")])
STATUSES = _labels([("official", "Chính thức"), ("probationary", "Dự bị")])
EXIT_KINDS = _labels(
    [
        ("deceased", "Từ trần"),
        ("transferred_out", "Chuyển đi"),
        ("struck_off", "Xóa tên"),
        ("expelled", "Khai trừ"),
        ("left", "Ra khỏi Đảng"),
    ]
)
ORG_KINDS = _labels(
    [
        ("commune_committee", "Đảng bộ xã"),
        ("base_committee", "Đảng bộ cơ sở"),
        ("base_cell", "Chi bộ cơ sở"),
        ("sub_cell", "Chi bộ trực thuộc"),
        ("section_committee", "Đảng bộ bộ phận"),
        ("group", "Tổ đảng"),
    ]
)
ORG_AREAS = _labels(
    [
        ("residential", "Khu dân cư (thôn, bản, tổ dân phố)"),
        ("agency", "Cơ quan"),
        ("school", "Trường học"),
        ("health", "Y tế"),
        ("enterprise", "Doanh nghiệp"),
        ("armed_forces", "Lực lượng vũ trang"),
        ("other", "Khác"),
    ]
)
PARTY_POSITIONS = _labels(
    [
        ("secretary", "Bí thư"),
        ("deputy_secretary", "Phó Bí thư"),
        ("standing_member", "Ủy viên Ban Thường vụ"),
        ("committee_member", "Cấp ủy viên"),
        ("group_leader", "Tổ trưởng tổ đảng"),
        ("member", "Đảng viên"),
    ]
)

# Value aliases for closed sets, as typed in real lists (folded comparison happens in intake).
ENUM_VALUE_ALIASES: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "gender": {"male": ("Nam", "M", "1"), "female": ("Nữ", "Nu", "F", "0")},
        "status": {
            "official": ("Chính thức", "CT", "ĐVCT", "Đảng viên chính thức"),
            "probationary": ("Dự bị", "DB", "ĐVDB", "Đảng viên dự bị"),
        },
        "exit_kind": {
            "deceased": ("Từ trần", "Đã mất", "Chết", "Qua đời"),
            "transferred_out": ("Chuyển đi", "Chuyển sinh hoạt đi"),
            "struck_off": ("Xóa tên", "Xoá tên"),
            "expelled": ("Khai trừ",),
            "left": ("Ra khỏi Đảng", "Xin ra khỏi Đảng"),
        },
    }
)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    entity: Literal["member", "org"]
    aliases: tuple[str, ...] = ()
    catalog: str | None = None
    choices: Mapping[str, str] | None = None
    required_for: frozenset[MemberState] = frozenset()
    required_when: str | None = None  # required whenever this other field has a value
    completeness_severity: Severity = "warning"
    max_length: int = 255
    handbook: bool = False  # one of the nine summary fields of the Sổ tay đảng viên (QĐ 339)
    personal: bool = True  # personal data: exports and bulk views are audited
    description: str = ""

    def is_required(self, state: MemberState) -> bool:
        return state in self.required_for


def _member(name: str, label: str, kind: Kind, **kwargs: object) -> FieldSpec:
    return FieldSpec(name=name, label=label, kind=kind, entity="member", **kwargs)  # type: ignore[arg-type]


# fmt: off
MEMBER_FIELDS: tuple[FieldSpec, ...] = (
    _member(
        "full_name",
        "Họ và tên",
        Kind.NAME,
        aliases=("Họ và tên", "Họ tên", "Họ, tên", "Họ tên đảng viên", "Tên đảng viên",
                 "Họ và tên đang dùng", "Ho va ten", "Ho ten", "HoTen", "Tên"),
        required_for=ALL_STATES,
        completeness_severity="error",
        max_length=120,
        handbook=True,
        description="Họ và tên đang dùng, đúng như trên thẻ căn cước (lý lịch mục 01).",
    ),
    _member(
        "gender",
        "Giới tính",
        Kind.ENUM,
        aliases=("Giới tính", "Gioi tinh", "Nam/Nữ", "Nam, nữ", "GT", "Phái"),
        choices=GENDERS,
        required_for=ACTIVE,
        completeness_severity="error",
        max_length=10,
        handbook=True,
    ),
    _member(
        "birth_date",
        "Ngày sinh",
        Kind.DATE,
        aliases=("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày",
                 "Năm sinh", "NS", "Ngay sinh", "Ngay thang nam sinh"),
        required_for=ALL_STATES,
        completeness_severity="error",
        handbook=True,
        description="Theo lý lịch đảng viên khi kết nạp; không tự sửa theo CCCD (TB 13-TB/TW).",
    ),
    _member(
        "birth_place",
        "Nơi sinh",
        Kind.ADDRESS,
        aliases=("Nơi sinh", "Noi sinh", "Nơi đăng ký khai sinh"),
        required_for=ACTIVE,
    ),
    _member(
        "hometown",
        "Quê quán",
        Kind.ADDRESS,
        aliases=("Quê quán", "Que quan", "Nguyên quán", "QQ"),
        required_for=ACTIVE,
        description="Ghi theo giấy khai sinh; đơn vị đã đổi tên thì giữ tên cũ và ghi tên mới.",
    ),
    _member(
        "permanent_address",
        "Nơi thường trú",
        Kind.ADDRESS,
        aliases=("Nơi thường trú", "Thường trú", "Hộ khẩu thường trú", "HKTT", "Noi thuong tru",
                 "Địa chỉ thường trú"),
        required_for=ACTIVE,
        description="Theo đơn vị hành chính sau 01/7/2025: xã/phường/đặc khu, tỉnh/thành phố.",
    ),
    _member(
        "current_address",
        "Nơi ở hiện nay",
        Kind.ADDRESS,
        aliases=("Nơi ở hiện nay", "Chỗ ở hiện nay", "Nơi ở hiện tại", "Tạm trú", "Nơi tạm trú",
                 "Địa chỉ", "Noi o hien nay", "Dia chi"),
    ),
    _member(
        "ethnicity",
        "Dân tộc",
        Kind.CATALOG,
        aliases=("Dân tộc", "Dan toc"),
        catalog="ethnicity",
        required_for=ACTIVE,
        completeness_severity="warning",
        max_length=60,
    ),
    _member(
        "religion",
        "Tôn giáo",
        Kind.CATALOG,
        aliases=("Tôn giáo", "Ton giao", "TG"),
        catalog="religion",
        required_for=ACTIVE,
        max_length=80,
    ),
    _member(
        "citizen_id",
        "Số CCCD/định danh cá nhân",
        Kind.CODE,
        aliases=("Số CCCD", "CCCD", "Số căn cước", "Số căn cước công dân", "Số định danh",
                 "Số định danh cá nhân", "Số CCCD/ĐDCN", "CCCD/ĐDCN", "Số CC", "So CCCD",
                 "Căn cước công dân", "CCCD/CMND", "Số CCCD/CMND"),
        required_for=ACTIVE,
        completeness_severity="error",
        max_length=20,
        handbook=True,
        description="12 chữ số, giữ nguyên số 0 đầu (V01, V02).",
    ),
    _member(
        "legacy_id",
        "Số CMND cũ",
        Kind.CODE,
        aliases=("Số CMND", "CMND", "CMND cũ", "Số chứng minh nhân dân", "So CMND", "CMT"),
        max_length=20,
    ),
    _member(
        "phone",
        "Số điện thoại",
        Kind.PHONE,
        aliases=("Số điện thoại", "Điện thoại", "SĐT", "ĐT", "Số ĐT", "Di động",
                 "Điện thoại di động", "So dien thoai", "Dien thoai", "SDT", "DT"),
        required_for=ACTIVE,
        completeness_severity="info",
        max_length=20,
        handbook=True,
    ),
    _member(
        "org",
        "Chi bộ",
        Kind.ORG,
        aliases=("Chi bộ", "Tổ chức đảng", "Chi bộ sinh hoạt", "Chi, đảng bộ", "Đơn vị", "CB",
                 "Chi bo", "Nơi sinh hoạt", "Chi bộ đang sinh hoạt", "Tên chi bộ"),
        required_for=ALL_STATES,
        completeness_severity="error",
        handbook=True,
        personal=False,
    ),
    _member(
        "status",
        "Loại đảng viên",
        Kind.ENUM,
        aliases=("Loại đảng viên", "Loại ĐV", "Chính thức/Dự bị", "ĐVCT/ĐVDB", "Loai dang vien",
                 "Đảng viên", "Loại"),
        choices=STATUSES,
        required_for=ALL_STATES,
        completeness_severity="error",
        max_length=20,
        personal=False,
    ),
    _member(
        "join_date",
        "Ngày vào Đảng",
        Kind.DATE,
        aliases=("Ngày vào Đảng", "Ngày kết nạp", "Ngày KN", "Vào Đảng", "Ngay vao Dang",
                 "Ngày vào đảng", "Kết nạp"),
        required_for=ALL_STATES,
        completeness_severity="error",
        handbook=True,
        description="Ngày lễ kết nạp; bắt đầu 12 tháng dự bị.",
    ),
    _member(
        "official_date",
        "Ngày chính thức",
        Kind.DATE,
        aliases=("Ngày chính thức", "Ngày CT", "Chính thức", "Ngày công nhận chính thức",
                 "Ngay chinh thuc"),
        required_for=frozenset({"official"}),
        completeness_severity="error",
        handbook=True,
    ),
    _member(
        "card_number",
        "Số thẻ đảng viên",
        Kind.CODE,
        aliases=("Số thẻ", "Số thẻ đảng viên", "Số thẻ ĐV", "Số TĐV", "So the", "Thẻ đảng"),
        required_for=frozenset({"official"}),
        completeness_severity="warning",
        max_length=20,
        handbook=True,
    ),
    _member(
        "dossier_number",
        "Số lý lịch đảng viên",
        Kind.CODE,
        aliases=("Số lý lịch", "Số LL", "Số lý lịch đảng viên", "So ly lich", "Số LLĐV"),
        required_for=ACTIVE,
        max_length=20,
    ),
    _member(
        "general_education",
        "Giáo dục phổ thông",
        Kind.CATALOG,
        aliases=("Giáo dục phổ thông", "GDPT", "Văn hóa", "Trình độ văn hóa", "TĐVH", "Học vấn",
                 "Giao duc pho thong"),
        catalog="general_education",
        required_for=ACTIVE,
        max_length=40,
    ),
    _member(
        "professional_level",
        "Chuyên môn, nghiệp vụ",
        Kind.CATALOG,
        aliases=("Chuyên môn", "Chuyên môn nghiệp vụ", "Trình độ chuyên môn", "CMNV", "TĐCM",
                 "Chuyen mon"),
        catalog="professional_level",
        max_length=120,
    ),
    _member(
        "political_theory",
        "Lý luận chính trị",
        Kind.CATALOG,
        aliases=("Lý luận chính trị", "LLCT", "Chính trị", "Trình độ LLCT", "Ly luan chinh tri"),
        catalog="political_theory",
        max_length=40,
    ),
    _member(
        "foreign_language",
        "Ngoại ngữ",
        Kind.TEXT,
        aliases=("Ngoại ngữ", "NN", "Trình độ ngoại ngữ", "Ngoai ngu"),
        max_length=80,
    ),
    _member(
        "it_level",
        "Tin học",
        Kind.TEXT,
        aliases=("Tin học", "TH", "Trình độ tin học", "Tin hoc"),
        max_length=80,
    ),
    _member(
        "occupation",
        "Nghề nghiệp",
        Kind.TEXT,
        aliases=("Nghề nghiệp", "Nghề nghiệp hiện nay", "Công việc", "Nghe nghiep",
                 "Chức vụ chính quyền", "Chức vụ, đơn vị công tác"),
        max_length=160,
    ),
    _member(
        "party_position",
        "Chức vụ đảng",
        Kind.TEXT,
        aliases=("Chức vụ đảng", "Chức vụ Đảng", "Chức vụ", "CV Đảng", "Chuc vu dang"),
        max_length=80,
        personal=False,
    ),
    _member(
        "exempt",
        "Miễn sinh hoạt",
        Kind.BOOL,
        aliases=("Miễn SH", "Miễn sinh hoạt", "Miễn sinh hoạt đảng",
                 "Miễn công tác và sinh hoạt", "Mien SH", "MSH"),
        max_length=10,
        personal=False,
        description="Đảng viên miễn công tác và sinh hoạt đảng không đưa vào Sổ tay đảng viên.",
    ),
    _member(
        "exit_kind",
        "Tình trạng ra khỏi",
        Kind.ENUM,
        aliases=("Tình trạng", "Lý do ra khỏi", "Biến động", "Tinh trang", "Ra khỏi Đảng"),
        choices=EXIT_KINDS,
        max_length=30,
        personal=False,
    ),
    _member(
        "exit_date",
        "Ngày ra khỏi",
        Kind.DATE,
        aliases=("Ngày ra khỏi", "Ngày từ trần", "Ngày chuyển đi", "Ngày biến động",
                 "Ngay ra khoi"),
        required_for=frozenset({"exited"}),
        required_when="exit_kind",
        completeness_severity="error",
    ),
    _member(
        "handbook_installed",
        "Đã cài Sổ tay đảng viên",
        Kind.BOOL,
        aliases=("Đã cài Sổ tay", "Cài Sổ tay", "Sổ tay ĐV", "Đã cài app", "Da cai so tay"),
        max_length=10,
        personal=False,
        description="Chỉ tiêu chiến dịch: đảng viên đã cài và đăng nhập Sổ tay đảng viên điện tử.",
    ),
    _member(
        "no_smartphone",
        "Không có điện thoại thông minh",
        Kind.BOOL,
        aliases=("Không có ĐTTM", "Không có điện thoại thông minh", "Không dùng smartphone",
                 "Khong co DTTM"),
        max_length=10,
        personal=False,
        description="Đảng viên cần phiếu rà soát giấy thay cho Sổ tay đảng viên điện tử.",
    ),
    _member(
        "note",
        "Ghi chú",
        Kind.TEXT,
        aliases=("Ghi chú", "Ghi chu", "GC", "Chú thích"),
        max_length=500,
        personal=False,
    ),
)


def _org(name: str, label: str, kind: Kind, **kwargs: object) -> FieldSpec:
    return FieldSpec(name=name, label=label, kind=kind, entity="org", personal=False, **kwargs)  # type: ignore[arg-type]


ORG_FIELDS: tuple[FieldSpec, ...] = (
    _org(
        "code",
        "Mã tổ chức",
        Kind.CODE,
        aliases=("Mã", "Mã tổ chức", "Mã TCĐ", "Ma"),
        completeness_severity="error",
        max_length=32,
    ),
    _org(
        "name",
        "Tên tổ chức đảng",
        Kind.TEXT,
        aliases=("Tên tổ chức", "Tên tổ chức đảng", "Tên", "Tên chi bộ", "Ten to chuc"),
        completeness_severity="error",
        max_length=200,
    ),
    _org(
        "kind",
        "Loại tổ chức",
        Kind.ENUM,
        aliases=("Loại", "Loại tổ chức", "Loại TCĐ", "Loai"),
        choices=ORG_KINDS,
        completeness_severity="error",
        max_length=30,
    ),
    _org(
        "parent",
        "Trực thuộc",
        Kind.ORG,
        aliases=("Trực thuộc", "Cấp trên", "Tổ chức cấp trên", "Mã cấp trên", "Truc thuoc"),
    ),
    _org(
        "area",
        "Loại hình",
        Kind.ENUM,
        aliases=("Loại hình", "Lĩnh vực", "Khối"),
        choices=ORG_AREAS,
        max_length=30,
    ),
    _org(
        "active",
        "Đang hoạt động",
        Kind.BOOL,
        aliases=("Đang hoạt động", "Hoạt động"),
        max_length=10,
    ),
    _org("dissolved_on", "Ngày giải thể", Kind.DATE, aliases=("Ngày giải thể", "Giải thể")),
    _org(
        "secretary",
        "Bí thư",
        Kind.NAME,
        aliases=("Bí thư", "Họ tên bí thư", "Bi thu"),
        max_length=120,
    ),
)
# fmt: on

MEMBER_FIELD_NAMES: tuple[str, ...] = tuple(spec.name for spec in MEMBER_FIELDS)
ORG_FIELD_NAMES: tuple[str, ...] = tuple(spec.name for spec in ORG_FIELDS)
HANDBOOK_FIELDS: tuple[str, ...] = tuple(spec.name for spec in MEMBER_FIELDS if spec.handbook)

_BY_NAME: Mapping[tuple[str, str], FieldSpec] = MappingProxyType(
    {(spec.entity, spec.name): spec for spec in (*MEMBER_FIELDS, *ORG_FIELDS)}
)


def member_field(name: str) -> FieldSpec:
    try:
        return _BY_NAME[("member", name)]
    except KeyError:
        raise KeyError(f"unknown member field {name!r}") from None


def org_field(name: str) -> FieldSpec:
    try:
        return _BY_NAME[("org", name)]
    except KeyError:
        raise KeyError(f"unknown organization field {name!r}") from None


def fold_header(text: str) -> str:
    """Accent-free, lower-case, single-spaced form without punctuation, to compare headers."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def header_aliases(spec: FieldSpec) -> tuple[str, ...]:
    """Every header form of a field (name, label, aliases), with and without diacritics."""
    forms: dict[str, None] = {}
    for text in (spec.name, spec.label, *spec.aliases):
        forms[text] = None
        forms[fold_header(text)] = None
    return tuple(forms)


def state_of(status: str | None, exit_kind: str | None) -> MemberState | None:
    """The state that decides required-ness, from canonical codes."""
    if exit_kind:
        return "exited"
    if status in ("official", "probationary"):
        return status  # type: ignore[return-value]
    return None
