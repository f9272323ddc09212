from pathlib import Path

import polars as pl
import pytest

from dangvien.intake import IntakeError, read_orgs
from dangvien.intake.orgs import OrgMatcher, infer_kind, normalize_org_name
from dangvien.intake.tests.builders import workbook
from dangvien.quality.table import ORG_SCHEMA
from dangvien.vn.legacy import encode

TREE = pl.DataFrame(
    {
        "code": ["TL", "TL01", "TL02", "TL03"],
        "name": [
            "Đảng bộ xã Tam Lư",
            "Chi bộ bản Lốc",
            "Chi bộ bản Hẹ",
            "Chi bộ Trường THCS Tam Lư",
        ],
    }
)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Chi bộ bản Lốc", "TL01"),
        ("CHI BỘ BẢN LỐC", "TL01"),
        ("CB bản Lốc", "TL01"),
        ("chi bo ban loc", "TL01"),
        ("Bản Lốc", "TL01"),
        ("I. Chi bộ bản Hẹ:", "TL02"),
        ("tl02", "TL02"),
        ("Chi bộ trường THCS Tam Lư", "TL03"),
        (encode("Chi bộ bản Hẹ", "tcvn3"), "TL02"),
        ("Chi bộ bản Mới", None),
        ("", None),
    ],
)
def test_organization_names_as_written_are_matched_to_the_commune_tree(
    written: str, code: str | None
) -> None:
    assert OrgMatcher(TREE).code_of(written) == code


def test_a_name_two_organizations_could_have_matches_neither() -> None:
    tree = pl.DataFrame({"code": ["A", "B"], "name": ["Chi bộ bản Lốc", "Tổ đảng bản Lốc"]})
    matcher = OrgMatcher(tree)
    assert matcher.code_of("Bản Lốc") is None
    assert matcher.code_of("Tổ đảng bản Lốc") == "B"


def test_organization_names_are_normalized_without_list_numbering() -> None:
    assert normalize_org_name("II.  Chi bộ  bản Hẹ :") == "Chi bộ bản Hẹ"
    assert normalize_org_name(encode("1. Chi bộ bản Lốc", "tcvn3")) == "Chi bộ bản Lốc"


def test_the_kind_is_inferred_from_the_name_only_when_the_file_does_not_say_it() -> None:
    assert infer_kind("Đảng bộ xã Tam Lư", None) == "commune_committee"
    assert infer_kind("Chi bộ bản Lốc", "commune_committee") == "base_cell"
    assert infer_kind("Chi bộ Trạm y tế", "base_committee") == "sub_cell"
    assert infer_kind("Tổ đảng số 1", "base_cell") == "group"
    assert infer_kind("Ban Tuyên giáo", None) is None


def test_an_organizations_file_reads_to_org_schema(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["DANH SÁCH TỔ CHỨC ĐẢNG"],
        ["Mã", "Tên tổ chức", "Loại", "Trực thuộc", "Loại hình", "Bí thư", "Ngày giải thể"],
        ["TL", "Đảng bộ xã Tam Lư", "Đảng bộ xã", None, "Khác", "Hà Văn Tiệp", None],
        ["TL01", "Chi bộ bản Lốc", "Chi bộ trực thuộc", "TL", "Khu dân cư", None, None],
        ["TL02", "Chi bộ bản Hẹ", None, "Đảng bộ xã Tam Lư", "Khu dân cư", "Lò Văn Phiên", None],
        ["TL09", "Chi bộ bản Cũ", "Chi bộ trực thuộc", "TL", "Khu dân cư", None, "01/07/2025"],
    ]
    orgs = read_orgs(workbook(tmp_path / "to_chuc.xlsx", {"Tổ chức": rows}))
    assert orgs.schema == pl.Schema(ORG_SCHEMA)
    assert orgs.rows() == [
        ("TL", "Đảng bộ xã Tam Lư", "commune_committee", None, "other", True, "Hà Văn Tiệp"),
        ("TL01", "Chi bộ bản Lốc", "sub_cell", "TL", "residential", True, None),
        ("TL02", "Chi bộ bản Hẹ", "base_cell", "TL", "residential", True, "Lò Văn Phiên"),
        ("TL09", "Chi bộ bản Cũ", "sub_cell", "TL", "residential", False, None),
    ]


def test_an_organizations_csv_is_read_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "to_chuc.csv"
    path.write_text(
        "Mã;Tên tổ chức;Trực thuộc\nTL;Đảng bộ xã Tam Lư;\nTL01;Chi bộ bản Lốc;TL\n",
        encoding="utf-8",
    )
    orgs = read_orgs(path)
    assert orgs["kind"].to_list() == ["commune_committee", "base_cell"]
    assert orgs["active"].to_list() == [True, True]


def test_an_organizations_file_without_codes_is_refused_naming_the_header_row(
    tmp_path: Path,
) -> None:
    rows: list[list[object]] = [
        ["Tên tổ chức", "Trực thuộc", "Bí thư"],
        ["Chi bộ bản Lốc", "TL", "A"],
    ]
    with pytest.raises(IntakeError, match="Mã tổ chức") as raised:
        read_orgs(workbook(tmp_path / "to_chuc.xlsx", {"TC": rows}))
    assert raised.value.row == 1
    assert raised.value.sheet == "TC"
