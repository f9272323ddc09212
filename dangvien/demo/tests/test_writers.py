import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dangvien.demo import DemoCommune, generate
from dangvien.demo.labels import FIELD_LABELS, HEADER_GROUPS
from dangvien.demo.model import MEMBER_FIELDS
from dangvien.demo.writers import UnsupportedFormat, write, write_orgs, write_truth


@pytest.fixture(scope="module")
def small() -> DemoCommune:
    return generate(300, seed=9)


def test_csv_is_utf8_with_bom_and_keeps_every_value_as_typed(
    small: DemoCommune, tmp_path: Path
) -> None:
    path = write(small, tmp_path / "ds.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    header = raw[3:].split(b"\r\n")[0].decode("utf-8")
    assert header.split(",")[:4] == ["STT", "Họ và tên", "Giới tính", "Ngày sinh"]
    back = pl.read_csv(path, infer_schema=False, encoding="utf8")
    assert back.columns == ["STT", *(FIELD_LABELS[f] for f in MEMBER_FIELDS)]
    # empty and null cannot be told apart in CSV; the generator never writes "".
    expected = small.members.with_columns(pl.col("record").cast(pl.String))
    assert back.rows() == expected.rows()
    zeros = back["Số CCCD"].str.starts_with("0").sum()
    assert zeros == small.members["citizen_id"].str.starts_with("0").sum() > 0


def test_parquet_holds_the_members_frame_as_is(small: DemoCommune, tmp_path: Path) -> None:
    path = write(small, tmp_path / "ds.parquet")
    assert pl.read_parquet(path).equals(small.members)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_the_same_commune_gives_byte_identical_files(suffix: str, tmp_path: Path) -> None:
    first = write(generate(200, seed=1), tmp_path / f"a{suffix}").read_bytes()
    second = write(generate(200, seed=1), tmp_path / f"b{suffix}").read_bytes()
    assert first == second


def xlsx_cells(path: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return list(book.active.iter_rows(values_only=True))


def test_xlsx_looks_like_a_legacy_export(small: DemoCommune, tmp_path: Path) -> None:
    path = write(small, tmp_path / "ds.xlsx")
    sheet = openpyxl.load_workbook(path).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "ĐẢNG BỘ XÃ TAM LƯ"
    assert sheet["A4"].value == "DANH SÁCH ĐẢNG VIÊN"
    assert sheet["A5"].value == "(Tính đến ngày 10/12/2025)"
    assert sheet["A7"].value == "STT"
    assert "A7:A8" in merged
    header = [sheet.cell(7, c).value for c in range(1, sheet.max_column + 1)]
    sub = [sheet.cell(8, c).value for c in range(1, sheet.max_column + 1)]
    for group, members in HEADER_GROUPS.items():
        start = header.index(group) + 1
        assert sub[start - 1 : start - 1 + len(members)] == [label for _, label in members]
        letter = openpyxl.utils.get_column_letter
        assert f"{letter(start)}7:{letter(start + len(members) - 1)}7" in merged
    height = small.members.height
    total = sheet.cell(9 + height, 1).value
    assert total == f"Tổng số: {height} đảng viên"
    texts = [str(cell.value) for row in sheet.iter_rows(min_row=9 + height) for cell in row]
    assert "NGƯỜI LẬP BIỂU" in texts
    assert "BÍ THƯ" in texts


def test_xlsx_totals_use_the_vietnamese_thousands_separator(tmp_path: Path) -> None:
    commune = generate(1100, seed=2)
    path = write(commune, tmp_path / "ds.xlsx")
    rows = xlsx_cells(path)
    assert (
        rows[8 + commune.members.height][0]
        == f"Tổng số: 1.{commune.members.height - 1000:03d} đảng viên"
    )


def test_xlsx_cells_read_back_to_the_frame_values(small: DemoCommune, tmp_path: Path) -> None:
    path = write(small, tmp_path / "ds.xlsx")
    rows = xlsx_cells(path)[8 : 8 + small.members.height]
    date_cells = 0
    for expected, row in zip(small.members.iter_rows(), rows, strict=True):
        assert row[0] == expected[0]
        for value, cell in zip(expected[1:], row[1:], strict=True):
            if isinstance(cell, dt.datetime):
                date_cells += 1
                assert expected[0] % 4 == 0
                assert cell.strftime("%d/%m/%Y") == value
            else:
                assert cell == value
    assert date_cells > 0


def test_identifiers_are_text_cells_in_xlsx(small: DemoCommune, tmp_path: Path) -> None:
    path = write(small, tmp_path / "ds.xlsx")
    sheet = openpyxl.load_workbook(path).active
    column = 1 + 1 + MEMBER_FIELDS.index("citizen_id")
    cells = [sheet.cell(row, column) for row in range(9, 9 + small.members.height)]
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    assert any(str(cell.value).startswith("0") for cell in cells)


def test_orgs_and_truth_files(small: DemoCommune, tmp_path: Path) -> None:
    orgs = pl.read_csv(write_orgs(small, tmp_path / "o.csv"), infer_schema=False)
    assert orgs.columns[:5] == ["Mã", "Tên tổ chức", "Loại", "Trực thuộc", "Loại hình"]
    assert orgs.row(0)[:3] == ("TL", "Đảng bộ xã Tam Lư", "Đảng bộ xã")
    assert "Chi bộ trực thuộc" in orgs["Loại"].to_list()
    sheet = openpyxl.load_workbook(write_orgs(small, tmp_path / "o.xlsx")).active
    assert sheet["A1"].value == "Mã"
    assert sheet["B2"].value == "Đảng bộ xã Tam Lư"
    truth_path = write_truth(small, tmp_path / "t.csv")
    assert not truth_path.read_bytes().startswith(b"\xef\xbb\xbf")
    truth = pl.read_csv(truth_path, schema=small.truth.schema)
    assert truth.equals(small.truth)


@pytest.mark.parametrize("name", ["ds.txt", "ds", "ds.xls"])
def test_unknown_suffixes_are_refused_with_a_vietnamese_message(
    name: str, small: DemoCommune, tmp_path: Path
) -> None:
    with pytest.raises(UnsupportedFormat, match="chỉ hỗ trợ đuôi"):
        write(small, tmp_path / name)
    with pytest.raises(UnsupportedFormat):
        write_truth(small, tmp_path / "t.xlsx")
