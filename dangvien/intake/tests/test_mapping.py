import json
from pathlib import Path

import pytest

from dangvien.intake.errors import IntakeError
from dangvien.intake.mapping import (
    ColumnMappings,
    FieldMatcher,
    HeaderCell,
    MappingTemplate,
    map_columns,
)
from dangvien.quality.dictionary import ORG_FIELDS
from dangvien.vn.legacy import encode

MATCHER = FieldMatcher()


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("Ho va ten", "full_name"),
        ("Ngày KN", "join_date"),
        ("Ngay KN", "join_date"),
        ("Số CCCD/ĐDCN", "citizen_id"),
        ("So CCCD/DDCN", "citizen_id"),
        ("SĐT", "phone"),
        ("CB", "org"),
        ("Chi bộ", "org"),
        ("Ngày, tháng, năm sinh", "birth_date"),
        ("1. Họ và tên (*)", "full_name"),
        ("Ngày sinh (dd/mm/yyyy)", "birth_date"),
        ("Số điện thoại di động", "phone"),
        ("Số CCCD hoặc CMND", "citizen_id"),
        ("Họ và tên khai sinh", "full_name"),
        ("full_name", "full_name"),
    ],
)
def test_headers_are_matched_with_and_without_diacritics_and_abbreviated(
    header: str, field: str
) -> None:
    found = MATCHER.match(header)
    assert found is not None
    assert found.field == field


def test_confidence_falls_from_exact_to_folded_to_contained() -> None:
    exact = MATCHER.match("Số thẻ đảng viên")
    folded = MATCHER.match("So the dang vien")
    contained = MATCHER.match("Số điện thoại di động")
    assert exact is not None
    assert folded is not None
    assert contained is not None
    assert exact.confidence > folded.confidence > contained.confidence


def test_a_header_written_in_a_legacy_font_is_decoded_before_matching() -> None:
    header = encode("Ngày vào Đảng", "tcvn3")
    assert header != "Ngày vào Đảng"
    found = MATCHER.match(header)
    assert found is not None
    assert found.field == "join_date"


def test_the_running_number_column_is_recognized_and_ignored() -> None:
    for header in ("STT", "TT", "Số TT", "Số thứ tự"):
        found = MATCHER.match(header)
        assert found is not None
        assert found.index
        assert found.field is None


def _map(headers: list[str], values: dict[int, list[str]]) -> ColumnMappings:
    cells = [HeaderCell(j, (header,)) for j, header in enumerate(headers)]
    return map_columns(MATCHER, cells, values)


def test_an_ambiguous_abbreviation_is_resolved_by_the_content_of_the_column() -> None:
    headers = ["Họ và tên", "ĐT", "DT"]
    values = {
        0: ["Lò Văn Ún", "Hà Thị Hoa"],
        1: ["0912345678", "0383456789", "0978123456"],
        2: ["Thái", "Kinh", "Mường"],
    }
    mapping = _map(headers, values)
    by_header = {c.header: c for c in mapping.columns}
    assert by_header["ĐT"].field == "phone"
    assert by_header["DT"].field == "ethnicity"
    assert "nội dung" in by_header["DT"].reason
    assert 0 < by_header["DT"].confidence < 1


def test_ns_is_a_birth_date_or_a_birth_place_depending_on_its_values() -> None:
    dates = _map(["Họ và tên", "NS"], {1: ["05/03/1970", "1968", "12/1959"]})
    places = _map(["Họ và tên", "NS"], {1: ["Tam Lư, Quan Sơn", "Xuân Lộc, Thanh Hóa"]})
    assert dates.columns[1].field == "birth_date"
    assert places.columns[1].field == "birth_place"


def test_an_ambiguous_header_with_unclear_content_keeps_the_dictionary_field_unsure() -> None:
    mapping = _map(["Họ và tên", "ĐT"], {1: ["?", "không rõ"]})
    assert mapping.columns[1].field == "phone"
    assert mapping.columns[1].confidence <= 0.5


def test_unrecognized_columns_are_kept_as_extra_with_a_content_suggestion() -> None:
    mapping = _map(
        ["Họ và tên", "Số nhà", "Mã định danh mới"],
        {1: ["12", "14"], 2: ["038070001234", "038168000123", "001090012345"]},
    )
    extras = mapping.extras()
    assert [c.header for c in extras] == ["Số nhà", "Mã định danh mới"]
    assert all(c.field is None and c.role == "extra" for c in extras)
    assert extras[1].suggestion == "citizen_id"
    assert extras[0].suggestion is None


def test_two_columns_for_one_field_keep_the_surest_and_the_other_goes_to_extra() -> None:
    mapping = _map(["Họ và tên", "Số CCCD", "CCCD/CMND (cũ)"], {})
    assert [c.field for c in mapping.columns] == ["full_name", "citizen_id", None]
    assert "trùng trường" in mapping.columns[2].reason
    assert mapping.columns[2].suggestion == "citizen_id"


def test_a_header_shared_by_two_organization_fields_is_decided_by_its_values() -> None:
    matcher = FieldMatcher(ORG_FIELDS, ambiguous={})
    cells = [HeaderCell(0, ("Mã",)), HeaderCell(1, ("Loại",)), HeaderCell(2, ("Loại hình",))]
    values = {1: ["Chi bộ cơ sở", "Đảng bộ xã"], 2: ["Khu dân cư", "Trường học", "Y tế"]}
    mapping = map_columns(matcher, cells, values)
    assert [c.field for c in mapping.columns] == ["code", "kind", "area"]


def test_a_template_maps_headers_the_dictionary_does_not_know_and_round_trips_as_json(
    tmp_path: Path,
) -> None:
    template = MappingTemplate("Phần mềm cũ", {"Họ tên ĐV": "full_name", "Cột X": None})
    path = tmp_path / "mau.json"
    template.save(path)
    loaded = MappingTemplate.load(path)
    assert loaded.name == "Phần mềm cũ"
    assert dict(loaded.columns) == {"Họ tên ĐV": "full_name", "Cột X": None}
    matcher = FieldMatcher(template=loaded)
    found = matcher.match("HO TEN DV")
    assert found is not None
    assert found.field == "full_name"
    assert "mẫu" in found.reason
    kept = matcher.match("Cột X")
    assert kept is not None
    assert kept.field is None
    assert not kept.index


def test_a_template_naming_an_unknown_field_is_refused_with_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "sai.json"
    path.write_text(json.dumps({"name": "x", "columns": {"Họ tên": "ho_ten"}}), encoding="utf-8")
    with pytest.raises(IntakeError, match="«ho_ten»") as raised:
        MappingTemplate.load(path)
    assert raised.value.message.startswith("Tệp «sai.json»")


def test_a_template_is_made_from_a_detected_mapping() -> None:
    mapping = _map(["STT", "Họ và tên", "Số nhà"], {})
    template = MappingTemplate.from_mapping("mẫu", mapping)
    assert dict(template.columns) == {"Họ và tên": "full_name", "Số nhà": None}
    assert mapping.to_json()[0] == {
        "column": "Họ và tên",
        "letter": "B",
        "field": "full_name",
        "confidence": 1.0,
        "reason": "trùng tên cột trong từ điển",
        "role": "field",
        "suggestion": None,
    }
