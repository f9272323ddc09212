"""Save a demo commune the way communes hand their lists around.

`write(commune, path)` writes the member list only, chosen by suffix (nothing is written beside it;
the organizations go to their own file with `write_orgs`, the ground truth with `write_truth`):

- `.parquet`: the `members` frame as is (canonical column names, all text but `record`).
- `.csv`: UTF-8 with BOM and CRLF line ends as Excel saves "CSV UTF-8", comma separated, one
  header row of Vietnamese labels (`labels.FIELD_LABELS`) after an "STT" column; empty cells for
  nulls; every value exactly as in the frame (leading zeros kept).
- `.xlsx`: a legacy export layout: title rows (ĐẢNG BỘ TỈNH THANH HÓA / ĐẢNG BỘ XÃ TAM LƯ /
  DANH SÁCH ĐẢNG VIÊN / (Tính đến ngày dd/mm/yyyy)), a blank row, a two-row header (rows 7–8)
  where the fields of `labels.HEADER_GROUPS` sit under merged group cells and the other columns
  are merged over both rows, the data from row 9 with STT as a number, a totals row
  ("Tổng số: 1.100 đảng viên" merged over the first columns, then the official/probationary
  counts) and a signature block (NGƯỜI LẬP BIỂU on the left, T/M ĐẢNG ỦY – BÍ THƯ on the right).
  Every value is a text cell, except: STT (number), and the dates of rows whose STT is a multiple
  of 4: birth_date, join_date, official_date and exit_date values that are full valid dd/mm/yyyy
  dates are real Excel dates formatted dd/mm/yyyy there (hand-kept lists mix both). CCCD, CMND,
  phone, card and dossier cells also carry the text number format "@".
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl
import xlsxwriter

from dangvien.demo import labels
from dangvien.demo import model as m

MEMBER_SUFFIXES = (".xlsx", ".csv", ".parquet")
TRUTH_SUFFIXES = (".csv", ".parquet")
DATE_FIELDS = ("birth_date", "join_date", "official_date", "exit_date")
TEXT_NUMBER_FIELDS = ("citizen_id", "legacy_id", "phone", "card_number", "dossier_number")
DATE_CELL_EVERY = 4  # rows whose STT is a multiple of this hold real Excel dates
TITLE_ROWS = 6  # rows above the two-row header
HEADER_ROWS = 2
_FULL_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_WIDTHS = {
    "full_name": 24, "birth_place": 36, "hometown": 36, "permanent_address": 36,
    "current_address": 36, "org": 30, "occupation": 18, "note": 26, "citizen_id": 15,
    "phone": 13, "legacy_id": 12,
}  # fmt: skip


class UnsupportedFormat(ValueError):
    """The file suffix is not one the writer knows (message in Vietnamese)."""


def write(commune: m.DemoCommune, path: str | Path) -> Path:
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".parquet":
        # zstd level 1: smaller than the default level and faster for a million rows.
        commune.members.write_parquet(target, compression="zstd", compression_level=1)
    elif suffix == ".csv":
        _write_csv(_labelled_members(commune.members), target)
    elif suffix == ".xlsx":
        _write_members_xlsx(commune, target)
    else:
        raise UnsupportedFormat(_suffix_message(target, MEMBER_SUFFIXES))
    return target


def write_orgs(commune: m.DemoCommune, path: str | Path) -> Path:
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".parquet":
        commune.orgs.write_parquet(target)
        return target
    frame = _labelled_orgs(commune)
    if suffix == ".csv":
        _write_csv(frame, target)
    elif suffix == ".xlsx":
        _write_plain_xlsx(frame, target, "Tổ chức đảng", commune.commune.as_of)
    else:
        raise UnsupportedFormat(_suffix_message(target, MEMBER_SUFFIXES))
    return target


def write_truth(commune: m.DemoCommune, path: str | Path) -> Path:
    """The ground truth with its canonical column names (plain UTF-8 CSV, or Parquet)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        commune.truth.write_csv(target)
    elif suffix == ".parquet":
        commune.truth.write_parquet(target)
    else:
        raise UnsupportedFormat(_suffix_message(target, TRUTH_SUFFIXES))
    return target


def _suffix_message(path: Path, allowed: tuple[str, ...]) -> str:
    return (
        f"Không ghi được tệp «{path.name}»: chỉ hỗ trợ đuôi {', '.join(allowed)} "
        f"(đuôi hiện tại: «{path.suffix or 'không có'}»)."
    )


def _labelled_members(members: pl.DataFrame) -> pl.DataFrame:
    return members.rename({"record": labels.STT, **labels.FIELD_LABELS}).with_columns(
        pl.col(labels.STT).cast(pl.String)
    )


def _labelled_orgs(commune: m.DemoCommune) -> pl.DataFrame:
    names = commune.members.select("record", "full_name")
    frame = commune.orgs.join(
        names.rename({"record": "secretary_record", "full_name": "secretary"}),
        on="secretary_record",
        how="left",
        maintain_order="left",
    )
    return frame.select(
        pl.col("code"),
        pl.col("name"),
        pl.col("kind").replace_strict(dict(labels.ORG_KIND_LABELS)),
        pl.col("parent_code"),
        pl.col("area").replace_strict(dict(labels.ORG_AREA_LABELS)),
        pl.when(pl.col("active")).then(pl.lit(m.TICK)).otherwise(None).alias("active"),
        pl.col("secretary"),
        pl.col("secretary_record").cast(pl.String),
    ).rename(dict(labels.ORG_LABELS))


def _write_csv(frame: pl.DataFrame, path: Path) -> None:
    frame.write_csv(path, include_bom=True, line_terminator="\r\n", separator=",")


def _excel_date(text: str) -> dt.datetime | None:
    match = _FULL_DATE.match(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.datetime(year, month, day)
    except ValueError:
        return None


def _vn_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _workbook(path: Path, title: str, as_of: dt.date) -> xlsxwriter.Workbook:
    # constant_memory streams each row to disk as it is finished (inline strings): several times
    # faster and lighter for 100,000s of rows, but every row must be written in order.
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    # A fixed creation time keeps the file identical for identical arguments.
    created = dt.datetime(as_of.year, as_of.month, as_of.day, 8, 0, 0)
    workbook.set_properties(
        {"title": title, "author": "Ban Xây dựng Đảng", "company": "Đảng ủy xã Tam Lư",
         "created": created}
    )  # fmt: skip
    return workbook


def _write_members_xlsx(commune: m.DemoCommune, path: Path) -> None:
    as_of = commune.commune.as_of
    workbook = _workbook(path, "Danh sách đảng viên", as_of)
    sheet = workbook.add_worksheet("Danh sách đảng viên")
    f = _formats(workbook)
    fields = list(m.MEMBER_FIELDS)
    last_col = len(fields)

    sheet.merge_range(0, 0, 0, 4, "ĐẢNG BỘ TỈNH THANH HÓA", f["title_left"])
    sheet.merge_range(0, last_col - 6, 0, last_col, "ĐẢNG CỘNG SẢN VIỆT NAM", f["title_bold"])
    sheet.merge_range(1, 0, 1, 4, commune.commune.name.upper(), f["title_bold"])
    sheet.merge_range(
        1, last_col - 6, 1, last_col,
        f"Tam Lư, ngày {as_of.day:02d} tháng {as_of.month:02d} năm {as_of.year}", f["italic"],
    )  # fmt: skip
    sheet.merge_range(2, 0, 2, 4, "*", f["center"])
    sheet.merge_range(3, 0, 3, last_col, "DANH SÁCH ĐẢNG VIÊN", f["heading"])
    sheet.merge_range(
        4, 0, 4, last_col, f"(Tính đến ngày {as_of.day:02d}/{as_of.month:02d}/{as_of.year})",
        f["italic"],
    )  # fmt: skip
    top, sub = TITLE_ROWS, TITLE_ROWS + 1
    sub_row = _header_top_row(sheet, f["header"], fields, top)
    for col, sub_label in sub_row.items():
        if sub_label is None:
            sheet.write_blank(sub, col, None, f["header"])
        else:
            sheet.write_string(sub, col, sub_label, f["header"])
    sheet.set_column(0, 0, 6)
    for index, field in enumerate(fields, start=1):
        sheet.set_column(index, index, _WIDTHS.get(field, 11))
    sheet.freeze_panes(sub + 1, 2)

    first_data = sub + 1
    columns = [commune.members.get_column(name).to_list() for name in fields]
    records = commune.members.get_column("record").to_list()
    text_cols = {fields.index(name) for name in TEXT_NUMBER_FIELDS}
    date_cols = {fields.index(name) for name in DATE_FIELDS}
    cell, text_cell, date_cell = f["cell"], f["text_cell"], f["date_cell"]
    write_string, write_blank = sheet.write_string, sheet.write_blank
    for offset, record in enumerate(records):
        row = first_data + offset
        sheet.write_number(row, 0, record, cell)
        dated = record % DATE_CELL_EVERY == 0
        for c, column in enumerate(columns):
            value = column[offset]
            if value is None:
                write_blank(row, c + 1, None, cell)
            elif dated and c in date_cols and (when := _excel_date(value)) is not None:
                sheet.write_datetime(row, c + 1, when, date_cell)
            else:
                write_string(row, c + 1, value, text_cell if c in text_cols else cell)

    totals = first_data + len(records)
    statuses = commune.members.get_column("status")
    official = int((statuses == m.OFFICIAL).sum())
    probationary = int((statuses == m.PROBATIONARY).sum())
    sheet.merge_range(
        totals, 0, totals, 4, f"Tổng số: {_vn_number(len(records))} đảng viên", f["total"]
    )
    sheet.merge_range(
        totals, 5, totals, 12,
        f"Trong đó: chính thức {_vn_number(official)}, dự bị {_vn_number(probationary)}",
        f["total_note"],
    )  # fmt: skip
    _signature(sheet, f, totals + 2, last_col, commune)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.repeat_rows(top, sub)
    workbook.close()


def _header_top_row(
    sheet: xlsxwriter.worksheet.Worksheet,
    header: xlsxwriter.format.Format,
    fields: list[str],
    top: int,
) -> dict[int, str | None]:
    """Write the first header row and its merges; return the second row (None under a merge).

    A column merged over both rows is merged without a format, so xlsxwriter does not touch the
    second row yet (constant_memory would then close the first one); its format and the second
    row's formatted blank are written afterwards, in row order.
    """
    sub_row: dict[int, str | None] = {}
    columns: list[tuple[int, str]] = [(0, labels.STT)]
    col = 1
    while col <= len(fields):
        group = labels.group_of(fields[col - 1])
        if group is None:
            columns.append((col, labels.FIELD_LABELS[fields[col - 1]]))
            col += 1
            continue
        members = labels.HEADER_GROUPS[group[0]]
        sheet.merge_range(top, col, top, col + len(members) - 1, group[0], header)
        for offset, (_, sub_label) in enumerate(members):
            sub_row[col + offset] = sub_label
        col += len(members)
    for col, label in columns:
        sheet.merge_range(top, col, top + 1, col, label)
        sheet.write_string(top, col, label, header)
        sub_row[col] = None
    return dict(sorted(sub_row.items()))


def _signature(
    sheet: xlsxwriter.worksheet.Worksheet,
    f: dict[str, xlsxwriter.format.Format],
    row: int,
    last_col: int,
    commune: m.DemoCommune,
) -> None:
    as_of = commune.commune.as_of
    secretary = commune.orgs.filter(pl.col("kind") == "commune_committee")["secretary_record"][0]
    name = None
    if secretary is not None:
        name = commune.members.filter(pl.col("record") == secretary)["full_name"][0]
    right = last_col - 6
    sheet.merge_range(
        row, right, row, last_col,
        f"Tam Lư, ngày {as_of.day:02d} tháng {as_of.month:02d} năm {as_of.year}", f["italic"],
    )  # fmt: skip
    sheet.merge_range(row + 1, 1, row + 1, 4, "NGƯỜI LẬP BIỂU", f["title_bold"])
    sheet.merge_range(row + 1, right, row + 1, last_col, "T/M ĐẢNG ỦY", f["title_bold"])
    sheet.merge_range(row + 2, 1, row + 2, 4, "(Ký, ghi rõ họ tên)", f["italic"])
    sheet.merge_range(row + 2, right, row + 2, last_col, "BÍ THƯ", f["title_bold"])
    if name:
        sheet.merge_range(row + 6, right, row + 6, last_col, name, f["title_bold"])


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, xlsxwriter.format.Format]:
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}

    def fmt(**extra: object) -> xlsxwriter.format.Format:
        return workbook.add_format({**base, **extra})

    return {
        "title_left": fmt(align="center"),
        "title_bold": fmt(align="center", bold=True),
        "center": fmt(align="center"),
        "italic": fmt(align="center", italic=True),
        "heading": fmt(align="center", bold=True, font_size=14),
        "header": fmt(align="center", bold=True, border=1, text_wrap=True, bg_color="#DDEBF7"),
        "cell": fmt(border=1, font_size=11),
        "text_cell": fmt(border=1, font_size=11, num_format="@"),
        "date_cell": fmt(border=1, font_size=11, num_format="dd/mm/yyyy"),
        "total": fmt(bold=True, border=1),
        "total_note": fmt(italic=True, border=1),
    }


def _write_plain_xlsx(frame: pl.DataFrame, path: Path, title: str, as_of: dt.date) -> None:
    """A simple one-header table (the organizations file)."""
    workbook = _workbook(path, title, as_of)
    sheet = workbook.add_worksheet(title)
    f = _formats(workbook)
    for col, name in enumerate(frame.columns):
        sheet.write_string(0, col, name, f["header"])
        sheet.set_column(col, col, 40 if col == 1 else 14)
    for row, values in enumerate(frame.iter_rows(), start=1):
        for col, value in enumerate(values):
            if value is None:
                sheet.write_blank(row, col, None, f["cell"])
            else:
                sheet.write_string(row, col, str(value), f["text_cell"])
    workbook.close()
