"""One renderer per format, for every dataset: CSV, XLSX and JSON show the same rows."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import openpyxl
import pytest

from dangvien.reports.exporters.base import Chart, Column, Dataset, MetaItem, neutralize
from dangvien.reports.exporters.render import render, render_csv, render_json, render_xlsx

COLUMNS = (
    Column("name", "Họ và tên"),
    Column("card", "Số thẻ", "code"),
    Column("members", "Đảng viên", "number"),
    Column("exempt", "Miễn sinh hoạt", "bool"),
)
ROWS = [
    ["Lò Văn Ún", "00123456", 12, False],
    ['=HYPERLINK("http://x")', "+84912345678", 3, True],
    ["-1+2", "@SUM(A1)", 0, False],
    [None, None, 7, True],
]


def dataset(rows: list[list[object]] | None = None, **kwargs: object) -> Dataset:
    return Dataset("bang", "Bảng thử", COLUMNS, list(rows or ROWS), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+84912", "'+84912"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_prefixed_with_an_apostrophe(text, expected):
    assert neutralize(text) == expected


def test_numbers_and_empty_values_are_never_touched_by_neutralization():
    assert neutralize(-5) == -5
    assert neutralize(None) is None


def test_csv_has_a_byte_order_mark_labels_as_headers_and_neutralized_formulas():
    content = render_csv(dataset())
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Họ và tên", "Số thẻ", "Đảng viên", "Miễn sinh hoạt"]
    assert rows[1] == ["Lò Văn Ún", "00123456", "12", "Không"]
    assert rows[2][0] == '\'=HYPERLINK("http://x")'
    assert rows[2][1] == "'+84912345678"
    assert rows[3][:2] == ["'-1+2", "'@SUM(A1)"]
    assert rows[4] == ["", "", "7", "Có"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_xlsx_keeps_formula_like_text_as_text_with_excels_quote_prefix():
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx([dataset()])))
    sheet = book["bang"]
    assert sheet["A1"].value == "Bảng thử"
    header = [cell.value for cell in sheet[4]]
    assert header == ["Họ và tên", "Số thẻ", "Đảng viên", "Miễn sinh hoạt"]
    formula_cell = sheet["A6"]
    assert formula_cell.value == '=HYPERLINK("http://x")'
    assert formula_cell.data_type == "s"
    assert formula_cell.quotePrefix
    assert sheet["B6"].value == "+84912345678"
    assert sheet["B6"].quotePrefix
    assert sheet["A5"].quotePrefix is False
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            assert cell.data_type != "f"


def test_xlsx_quotes_formula_like_text_outside_the_data_rows_too():
    # Titles, meta lines, headers and notes carry organization names and labels: the same rule.
    columns = (Column("name", "=Họ và tên"), Column("card", "Số thẻ", "code"))
    data = Dataset("bang", "=Bảng thử", columns, [["@x", "-1"]], notes=("+ghi chú",))
    content = render_xlsx([data], [MetaItem("scope", "", "x")])
    sheet = openpyxl.load_workbook(io.BytesIO(content))["bang"]
    cells = [sheet["A1"], sheet["A4"], sheet["A5"], sheet["B5"], sheet["A7"]]
    assert [cell.value for cell in cells] == ["=Bảng thử", "=Họ và tên", "@x", "-1", "+ghi chú"]
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix, cell.coordinate
    assert sheet["B5"].number_format == "@"
    assert sheet["B4"].quotePrefix is False
    assert sheet["A1"].font.b  # the quoted title keeps its bold
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_writes_codes_as_text_numbers_as_numbers_and_freezes_the_header():
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx([dataset()])))
    sheet = book["bang"]
    assert sheet["B5"].value == "00123456"
    assert sheet["B5"].number_format == "@"
    assert sheet["C5"].value == 12
    assert sheet["D5"].value == "Không"
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:D8"


def test_xlsx_draws_the_charts_a_dataset_asks_for():
    chart = Chart("column", "Đảng viên", "name", ("members",))
    content = render_xlsx([dataset(charts=(chart,)), Dataset("khac", "Khác", COLUMNS, ROWS)])
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert [name for name in names if name.startswith("xl/charts/")] == ["xl/charts/chart1.xml"]
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/charts/chart1.xml").decode()
    assert "bang!$C$5:$C$8" in xml.replace("'", "")


def test_xlsx_writes_the_meta_line_and_the_notes():
    meta = [MetaItem("scope", "Phạm vi", "Chi bộ bản Lốc"), MetaItem("empty", "Trống", "")]
    book = openpyxl.load_workbook(
        io.BytesIO(render_xlsx([dataset(notes=("Ghi chú cuối bảng",))], meta))
    )
    sheet = book["bang"]
    assert sheet["A2"].value == "Phạm vi: Chi bộ bản Lốc"
    assert sheet["A10"].value == "Ghi chú cuối bảng"


def test_json_uses_keys_and_keeps_types_without_neutralizing():
    body = json.loads(render_json([dataset()], [MetaItem("as_of", "Ngày", "2025-12-30")]))
    assert body["meta"] == {"as_of": "2025-12-30"}
    assert [column["key"] for column in body["columns"]] == ["name", "card", "members", "exempt"]
    assert body["records"][0] == {
        "name": "Lò Văn Ún",
        "card": "00123456",
        "members": 12,
        "exempt": False,
    }
    assert body["records"][1]["name"] == '=HYPERLINK("http://x")'
    assert body["records"][3]["name"] is None


def test_json_of_several_datasets_lists_them_by_name():
    other = Dataset("khac", "Khác", COLUMNS, ROWS[:1])
    body = json.loads(render_json([dataset(), other]))
    assert [item["name"] for item in body["datasets"]] == ["bang", "khac"]


def test_rows_are_produced_once_even_from_a_generator():
    produced: list[int] = []

    def rows():
        for row in ROWS:
            produced.append(1)
            yield row

    data = Dataset("bang", "Bảng", COLUMNS, rows()).materialize()
    render_xlsx([data])
    render_json([data])
    render_csv(data)
    assert len(produced) == len(ROWS)


def test_a_csv_holds_exactly_one_table_and_unknown_formats_are_refused():
    with pytest.raises(ValueError, match="exactly one"):
        render([dataset(), dataset()], "csv")
    with pytest.raises(ValueError, match="unknown format"):
        render([dataset()], "ods")  # type: ignore[arg-type]


def test_a_dataset_refuses_duplicate_keys_and_sheet_names_excel_cannot_hold():
    with pytest.raises(ValueError, match="duplicate"):
        Dataset("x", "x", (Column("a", "A"), Column("a", "B")), [])
    with pytest.raises(ValueError, match="sheet name"):
        Dataset("x" * 32, "x", COLUMNS, [])
