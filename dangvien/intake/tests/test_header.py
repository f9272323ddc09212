import polars as pl

from dangvien.intake.grid import Grid, text_grid
from dangvien.intake.header import detect, header_cells
from dangvien.intake.mapping import FieldMatcher

MATCHER = FieldMatcher()


def _grid(rows: list[list[str | None]]) -> Grid:
    width = max(len(row) for row in rows)
    padded = [row + [None] * (width - len(row)) for row in rows]
    frame = pl.DataFrame(
        {f"c{j}": [row[j] for row in padded] for j in range(width)}, schema_overrides=None
    ).cast(pl.Utf8)
    return text_grid(frame)


TITLE = ["ĐẢNG BỘ XÃ TAM LƯ", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]


def test_a_one_row_header_below_title_rows_is_found() -> None:
    grid = _grid(
        [
            TITLE,
            ["DANH SÁCH ĐẢNG VIÊN"],
            [],
            ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chi bộ"],
            ["1", "Lò Văn Ún", "05/03/1970", "Nam", "Chi bộ bản Lốc"],
        ]
    )
    layout = detect(grid, MATCHER)
    assert layout is not None
    assert layout.header_rows == (3,)
    assert layout.fields == {"full_name", "birth_date", "gender", "org"}


def test_a_two_row_header_splits_merged_groups_into_their_columns() -> None:
    grid = _grid(
        [
            TITLE,
            ["STT", "Họ và tên", "Trình độ", None, "Ngày tháng năm", None],
            [None, None, "GDPT", "LLCT", "Vào Đảng", "Chính thức"],
            ["1", "Lò Văn Ún", "12/12", "Sơ cấp", "03/02/1990", "03/02/1991"],
        ]
    )
    layout = detect(grid, MATCHER)
    assert layout is not None
    assert layout.header_rows == (1, 2)
    assert [cell.text for cell in layout.cells] == [
        "STT",
        "Họ và tên",
        "Trình độ / GDPT",
        "Trình độ / LLCT",
        "Ngày tháng năm / Vào Đảng",
        "Ngày tháng năm / Chính thức",
    ]
    assert layout.fields == {
        "full_name",
        "general_education",
        "political_theory",
        "join_date",
        "official_date",
    }


def test_a_data_row_or_a_column_number_row_is_not_taken_for_a_second_header_row() -> None:
    for second in (
        ["1", "Lò Văn Ún", "Nam", "05/03/1970"],
        ["(1)", "(2)", "(3)", "(4)"],
    ):
        grid = _grid([["STT", "Họ và tên", "Giới tính", "Ngày sinh"], second])
        layout = detect(grid, MATCHER)
        assert layout is not None
        assert layout.header_rows == (0,)


def test_a_title_row_above_the_header_is_not_part_of_it() -> None:
    grid = _grid(
        [
            ["DANH SÁCH ĐẢNG VIÊN CHI BỘ BẢN LỐC", None, None, "Tính đến 10/12/2025"],
            ["STT", "Họ và tên", "Giới tính", "Số CCCD"],
            ["1", "Lò Văn Ún", "Nam", "038070001234"],
        ]
    )
    layout = detect(grid, MATCHER)
    assert layout is not None
    assert layout.header_rows == (1,)
    assert layout.cells[1].text == "Họ và tên"


def test_a_sheet_without_recognizable_header_has_no_layout() -> None:
    grid = _grid(
        [["Bảng chấm công tháng 12"], ["Ngày", "Giờ vào", "Giờ ra"], ["1", "7:30", "17:00"]]
    )
    assert detect(grid, MATCHER) is None


def test_a_header_needs_an_identifying_column_not_just_any_two() -> None:
    grid = _grid([["Giới tính", "Dân tộc", "Tôn giáo"], ["Nam", "Kinh", "Không"]])
    assert detect(grid, MATCHER) is None


def test_header_cells_of_two_rows_keep_vertical_merges_as_one_part() -> None:
    cells = header_cells([["Họ và tên", "Trình độ", None], [None, "GDPT", "LLCT"]], [0, 1, 2])
    assert [cell.parts for cell in cells] == [
        ("Họ và tên",),
        ("Trình độ", "GDPT"),
        ("Trình độ", "LLCT"),
    ]
