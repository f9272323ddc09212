import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from dangvien.intake import read_members, values
from dangvien.intake.tests.builders import workbook
from dangvien.intake.values import Converter, shown
from dangvien.quality.dictionary import member_field
from dangvien.vn.dates import DateResult, parse_date
from dangvien.vn.legacy import encode
from dangvien.vn.text import Repair, repair

D = dt.date


def _read(tmp_path: Path, header: list[str], rows: list[list[object]]) -> pl.DataFrame:
    path = workbook(tmp_path / "ds.xlsx", {"DS": [header, *rows]})  # type: ignore[list-item]
    return read_members(path).table


def test_mixed_date_forms_parse_with_precision_and_flags_and_keep_their_raw_text(
    tmp_path: Path,
) -> None:
    cells: list[object] = [
        D(1970, 3, 5),  # an Excel date cell
        25000,  # an Excel serial in a General cell
        "05/03/1970",  # typed text: day and month could be swapped
        "25/12/1965",
        "1968",  # year only
        "03/1959",  # month and year
        "31/02/1980",  # cannot exist
        "không rõ",
        None,
    ]
    table = _read(
        tmp_path, ["Họ và tên", "Ngày sinh"], [[f"Người {i}", c] for i, c in enumerate(cells)]
    )
    assert table["birth_date"].to_list() == [
        D(1970, 3, 5),
        D(1968, 6, 11),
        D(1970, 3, 5),
        D(1965, 12, 25),
        D(1968, 1, 1),
        D(1959, 3, 1),
        None,
        None,
        None,
    ]
    assert table["birth_date__precision"].to_list() == [
        "day", "day", "day", "day", "year", "month", "day", None, None,
    ]  # fmt: skip
    assert table["birth_date__ambiguous"].to_list() == [
        False, False, True, False, False, False, False, False, None,
    ]  # fmt: skip
    assert table["birth_date__impossible"].to_list() == [
        False, False, False, False, False, False, True, False, None,
    ]  # fmt: skip
    assert table["birth_date__raw"].to_list() == [
        "05/03/1970", "25000", "05/03/1970", "25/12/1965", "1968", "03/1959", "31/02/1980",
        "không rõ", None,
    ]  # fmt: skip


def test_legacy_font_columns_are_decoded_and_the_raw_text_is_kept(tmp_path: Path) -> None:
    names = ["Nguyễn Văn Hùng", "Hà Thị Thuỷ", "Đinh Đức Lượng"]
    table = _read(
        tmp_path,
        ["Họ và tên", "Nơi sinh"],
        [[encode(name, "tcvn3"), encode("Xã Tam Lư, huyện Quan Sơn", "tcvn3")] for name in names],
    )
    assert table["full_name"].to_list() == names
    assert table["full_name__raw"].to_list() == [encode(name, "tcvn3") for name in names]
    assert table["birth_place"].to_list() == ["Xã Tam Lư, huyện Quan Sơn"] * 3


def test_text_is_normalized_to_nfc_and_the_configured_tone_style(tmp_path: Path) -> None:
    rows = [["Họ và tên", "Giới tính"], ["Hà Thị Thủy", "Nữ"], ["Lê Văn Hòa", "Nam"]]
    path = workbook(tmp_path / "ds.xlsx", {"DS": rows})
    assert read_members(path).table["full_name"].to_list() == ["Hà Thị Thuỷ", "Lê Văn Hoà"]
    old = read_members(path, tone_style="old").table["full_name"].to_list()
    assert old == ["Hà Thị Thủy", "Lê Văn Hòa"]


def test_closed_fields_become_codes_from_their_vietnamese_spellings(tmp_path: Path) -> None:
    table = _read(
        tmp_path,
        ["Họ và tên", "Giới tính", "Loại ĐV", "Tình trạng"],
        [
            ["A", "Nam", "Chính thức", None],
            ["B", "NỮ", "ĐVDB", "Đã mất"],
            ["C", "nu", "dự bị", "Chuyển sinh hoạt đi"],
            ["D", "?", "CT", "Khai trừ"],
        ],
    )
    assert table["gender"].to_list() == ["male", "female", "female", None]
    assert table["gender__raw"].to_list() == ["Nam", "NỮ", "nu", "?"]
    assert table["status"].to_list() == ["official", "probationary", "probationary", "official"]
    assert table["exit_kind"].to_list() == [None, "deceased", "transferred_out", "expelled"]


def test_ticks_become_booleans(tmp_path: Path) -> None:
    table = _read(
        tmp_path,
        ["Họ và tên", "Miễn SH", "Đã cài Sổ tay"],
        [["A", "x", "Có"], ["B", None, "1"], ["C", "Không", "✓"], ["D", "?", "0"]],
    )
    assert table["exempt"].to_list() == [True, None, False, None]
    assert table["handbook_installed"].to_list() == [True, True, True, False]


def test_identity_numbers_are_kept_as_read_never_restored(tmp_path: Path) -> None:
    table = _read(
        tmp_path,
        ["Họ và tên", "Số CCCD", "SĐT", "Số thẻ"],
        [
            ["A", 38070001234, 912345678, "00123456"],  # numbers: Excel ate the leading zeros
            ["B", "038070001234", "0912 345 678", " 12345678 "],
        ],
    )
    assert table["citizen_id"].to_list() == ["38070001234", "038070001234"]
    assert table["phone"].to_list() == ["912345678", "0912 345 678"]
    assert table["card_number"].to_list() == ["00123456", "12345678"]
    assert table["card_number__raw"].to_list() == ["00123456", " 12345678 "]


def test_excel_date_cells_are_shown_as_the_clerk_sees_them_in_any_column() -> None:
    frame = pl.DataFrame(
        {"v": ["1970-03-05 00:00:00", "1970-03-05 08:30:00", "1899-12-30 07:15:00", "12/12", None]}
    )
    assert frame.select(shown("v")).to_series().to_list() == [
        "05/03/1970",
        "05/03/1970 08:30",
        "07:15",
        "12/12",
        None,
    ]


def test_each_distinct_text_is_converted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    repaired: list[str] = []
    parsed: list[object] = []

    def counting_repair(text: str, **kwargs: object) -> Repair:
        repaired.append(text)
        return repair(text, **kwargs)  # type: ignore[arg-type]

    def counting_parse(text: object) -> DateResult:
        parsed.append(text)
        return parse_date(text)  # type: ignore[arg-type]

    monkeypatch.setattr(values, "repair", counting_repair)
    monkeypatch.setattr(values, "parse_date", counting_parse)
    frame = pl.DataFrame(
        {
            "a": ["Nam"] * 3 + [None],
            "b": ["05/03/1970", "1968", None, "1968"],
            "c": ["1968", "1970-03-05 00:00:00", None, None],
        }
    )
    sources = {
        "a": member_field("gender"),
        "b": member_field("join_date"),
        "c": member_field("birth_date"),
    }
    out = Converter().convert(frame, sources)
    assert out["gender"].to_list() == ["male"] * 3 + [None]
    assert out["join_date"].to_list() == [D(1970, 3, 5), D(1968, 1, 1), None, D(1968, 1, 1)]
    assert out["birth_date"].to_list() == [D(1968, 1, 1), D(1970, 3, 5), None, None]
    assert repaired == ["Nam"]
    assert sorted(parsed) == ["05/03/1970", "1968"]  # date cells need no parsing
