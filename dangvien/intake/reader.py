"""Reading a member list (or an organizations file) into the canonical table.

    file bytes ─ sniff ─ grids (one per sheet) ─ header ─ mapping ─ rows ─ values ─ canonical table

A read either returns a result or raises `IntakeError`; it writes nothing anywhere (no temporary
file, no cache on disk), so a failed read leaves no trace.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from dangvien.intake import content
from dangvien.intake.csvfiles import SEPARATOR_NAMES, read_parquet_grid, read_text_table
from dangvien.intake.errors import IntakeError
from dangvien.intake.excel import read_workbook
from dangvien.intake.formats import EXCEL_KINDS, sniff
from dangvien.intake.grid import Grid, text_grid
from dangvien.intake.header import HEAD_ROWS, Layout, detect
from dangvien.intake.mapping import (
    ColumnMapping,
    ColumnMappings,
    FieldMatcher,
    HeaderCell,
    MappingTemplate,
    map_columns,
)
from dangvien.intake.orgs import OrgMatcher, normalize_org_name, org_table
from dangvien.intake.rows import ROW, SECTION, SkippedRow, is_org_title, plan_rows
from dangvien.intake.values import Converter, shown
from dangvien.quality.dictionary import MEMBER_FIELDS, ORG_FIELDS, member_field
from dangvien.quality.table import ORG_CODE, ORG_SCHEMA, conform, raw_column
from dangvien.vn.syllables import ToneStyle

SAMPLE_ROWS = 2000


@dataclass(frozen=True)
class DetectedTable:
    """One table found in a sheet: where it is and how its columns were read."""

    sheet: str
    header_rows: tuple[int, ...]  # Excel row numbers
    first_row: int | None  # first and last record rows (None when the table has no record)
    last_row: int | None
    mapping: ColumnMappings
    records: int
    skipped: int
    org_source: str | None = None  # "column", "section" (title rows), "sheet" (its name) or None
    hidden: bool = False


@dataclass(frozen=True)
class IntakeResult:
    file: str
    format: str  # xlsx, xls, ods, csv, parquet
    table: pl.DataFrame  # canonical (dangvien.quality.table.SCHEMA)
    tables: tuple[DetectedTable, ...]
    skipped: tuple[SkippedRow, ...]
    notes: tuple[str, ...] = ()  # file- and sheet-level remarks, Vietnamese
    encoding: str | None = None  # text files: the encoding that was detected
    separator: str | None = None

    @property
    def records(self) -> int:
        return self.table.height

    @property
    def mapping(self) -> list[dict[str, Any]]:
        """Column → field of every table, as `dangvien check` reports it."""
        out: list[dict[str, Any]] = []
        for table in self.tables:
            for entry in table.mapping.to_json():
                out.append({"sheet": table.sheet, **entry})
        return out


@dataclass
class _Loaded:
    kind: str
    grids: list[Grid]
    notes: list[str] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None


def _load(path: str | Path, name: str) -> _Loaded:
    target = Path(path)
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise IntakeError("not_found", "không tìm thấy tệp.", file=name) from None
    except IsADirectoryError:
        raise IntakeError("wrong_type", "đây là một thư mục, không phải tệp.", file=name) from None
    except OSError as error:
        raise IntakeError(
            "unreadable", f"không đọc được tệp ({error.strerror}).", file=name
        ) from None
    sniffed = sniff(target, data, name=name)
    notes = [sniffed.note] if sniffed.note else []
    if sniffed.kind in EXCEL_KINDS:
        grids, problems = read_workbook(data, name=name)
        notes.extend(f"Trang «{p.sheet}»: {p.message}" for p in problems)
        return _Loaded(sniffed.kind, grids, notes)
    if sniffed.kind == "parquet":
        return _Loaded("parquet", [read_parquet_grid(data, name=name)], notes)
    table = read_text_table(data, name=name)
    notes.append(
        f"Tệp văn bản mã {table.encoding.label}, phân cách bằng {SEPARATOR_NAMES[table.separator]}."
    )
    return _Loaded("csv", [table.grid], notes, table.encoding.encoding, table.separator)


def _nonempty(grid: Grid) -> bool:
    return grid.height > 0 and grid.frame.width > 0


def _prepare(grid: Grid, layout: Layout) -> tuple[list[HeaderCell], dict[int, list[str]]]:
    """Header cells of columns that have a header or data, and a content sample of each."""
    body = grid.frame.slice(layout.data_start)
    filled = (
        {
            position: body.height - nulls
            for position, nulls in zip(grid.columns, body.null_count().row(0), strict=True)
        }
        if body.width
        else {}
    )
    cells = [cell for cell in layout.cells if cell.parts or filled.get(cell.position, 0) > 0]
    head = body.head(SAMPLE_ROWS)
    samples = {
        position: content.sample(head.get_column(f"c{j}").to_list())
        for j, position in enumerate(grid.columns)
    }
    return cells, samples


def _names(grid: Grid) -> dict[int, str]:
    return {position: f"c{j}" for j, position in enumerate(grid.columns)}


def _extra_json(
    records: pl.DataFrame, extras: Sequence[ColumnMapping], names: dict[int, str]
) -> pl.Series:
    """Unmapped columns as a JSON object per row (header → text), null when all are empty."""
    if not extras:
        return pl.Series("_extra", [None] * records.height, dtype=pl.Utf8)
    keys: list[str] = []
    for column in extras:
        key = column.header if column.header not in keys else f"{column.header} [{column.letter}]"
        keys.append(key)
    texts = records.select(
        [shown(names[c.position]).alias(key) for c, key in zip(extras, keys, strict=True)]
    )
    return texts.select(
        pl.when(pl.any_horizontal(pl.all().is_not_null()))
        .then(pl.struct(pl.all()).struct.json_encode())
        .alias("_extra")
    ).to_series()


def _canonical(
    records: pl.DataFrame,
    mapping: ColumnMappings,
    names: dict[int, str],
    *,
    file: str,
    sheet: str,
    org_fallback: pl.Series | None,
    orgs: OrgMatcher | None,
    converter: Converter,
) -> pl.DataFrame:
    sources = {
        names[column.position]: member_field(name)
        for name, column in mapping.fields().items()
        if column.role == "field"
    }
    frame = converter.convert(records, sources)
    if frame.width == 0:
        frame = pl.DataFrame({"_row": records.get_column(ROW)})
    if org_fallback is not None and "org" not in frame.columns:
        distinct = org_fallback.drop_nulls().unique().to_list()
        names_ = [normalize_org_name(text, converter.tone_style) for text in distinct]
        value = (
            org_fallback.replace_strict(distinct, names_, default=None, return_dtype=pl.Utf8)
            if distinct
            else org_fallback
        )
        frame = frame.with_columns(value.alias("org"), org_fallback.alias(raw_column("org")))
    frame = frame.with_columns(
        pl.lit(file, pl.Utf8).alias("_file"),
        pl.lit(sheet, pl.Utf8).alias("_sheet"),
        records.get_column(ROW).cast(pl.Int64).alias("_row"),
        _extra_json(records, mapping.extras(), names),
    )
    if orgs is not None and "org" in frame.columns:
        frame = frame.with_columns(orgs.codes(frame.get_column("org")).alias(ORG_CODE))
    return conform(frame)


def _org_fallback(
    grid: Grid, records: pl.DataFrame, orgs: OrgMatcher | None
) -> tuple[pl.Series | None, str | None, str | None]:
    """Organization of rows when the table has no organization column: section rows, sheet name."""
    sections = records.get_column(SECTION)
    sheet_is_org = bool(grid.sheet) and (
        is_org_title(grid.sheet) or (orgs is not None and orgs.code_of(grid.sheet) is not None)
    )
    if sections.null_count() < len(sections):
        if sheet_is_org:
            sections = sections.fill_null(grid.sheet)
        return sections.alias("org_source"), "section", "dòng tiêu đề nhóm (tên chi bộ)"
    if sheet_is_org:
        return (
            pl.Series("org_source", [grid.sheet] * records.height, dtype=pl.Utf8),
            "sheet",
            f"tên trang «{grid.sheet}»",
        )
    return None, None, None


def _read_member_table(
    grid: Grid,
    layout: Layout,
    matcher: FieldMatcher,
    *,
    file: str,
    orgs: OrgMatcher | None,
    converter: Converter,
) -> tuple[pl.DataFrame, DetectedTable, tuple[SkippedRow, ...]]:
    cells, samples = _prepare(grid, layout)
    mapping = map_columns(matcher, cells, samples)
    plan = plan_rows(grid, layout, mapping)
    org_source = "column" if "org" in mapping.fields() else None
    fallback = None
    if org_source is None:
        fallback, org_source, header = _org_fallback(grid, plan.records, orgs)
        if fallback is not None and header is not None:
            derived = ColumnMapping(
                -1, header, "org", 0.9, "tổ chức đảng lấy theo " + header, "derived"
            )
            mapping = ColumnMappings((*mapping.columns, derived))
    frame = _canonical(
        plan.records,
        mapping,
        _names(grid),
        file=file,
        sheet=grid.sheet,
        org_fallback=fallback,
        orgs=orgs,
        converter=converter,
    )
    rows = plan.records.get_column(ROW)
    detected = DetectedTable(
        sheet=grid.sheet,
        header_rows=tuple(grid.row_number(i) for i in layout.header_rows),
        first_row=int(rows.min()) if len(rows) else None,  # type: ignore[arg-type]
        last_row=int(rows.max()) if len(rows) else None,  # type: ignore[arg-type]
        mapping=mapping,
        records=frame.height,
        skipped=len(plan.skipped),
        org_source=org_source,
        hidden=grid.hidden,
    )
    return frame, detected, plan.skipped


def _no_table_error(file: str, grids: Sequence[Grid]) -> IntakeError:
    filled = [grid for grid in grids if _nonempty(grid)]
    if not filled:
        if len(grids) == 1 and grids[0].sheet:
            return IntakeError(
                "empty_sheet",
                "trang tính trống, không có dữ liệu.",
                file=file,
                sheet=grids[0].sheet,
            )
        return IntakeError(
            "empty_file", "tệp không có dữ liệu (mọi trang tính đều trống).", file=file
        )
    looked = ", ".join(f"«{grid.sheet}»" for grid in filled if grid.sheet)
    detail = (
        f"không tìm thấy dòng tiêu đề của danh sách (đã xem {HEAD_ROWS} dòng đầu"
        + (f" của trang {looked}" if looked else "")
        + "). Dòng tiêu đề cần ít nhất hai cột nhận ra được, trong đó có «Họ và tên» hoặc "
        "«Số CCCD», «Ngày sinh», «Số thẻ đảng viên»; có thể lưu một mẫu ánh xạ cho tệp này."
    )
    sheet = filled[0].sheet if len(filled) == 1 and filled[0].sheet else None
    return IntakeError("no_header", detail, file=file, sheet=sheet)


def read_members(
    path: str | Path,
    *,
    orgs: pl.DataFrame | None = None,
    template: MappingTemplate | None = None,
    tone_style: ToneStyle = "new",
    source_name: str | None = None,
) -> IntakeResult:
    """Read a member list (xlsx, xlsm, xls, csv, txt, parquet) into the canonical table.

    `orgs` (ORG_SCHEMA) lets organization names be matched to codes; `source_name` is the name the
    user knows the file by when `path` is a temporary copy (web upload).
    """
    file = source_name or Path(path).name
    loaded = _load(path, file)
    matcher = FieldMatcher(MEMBER_FIELDS, template=template)
    org_matcher = OrgMatcher(orgs) if orgs is not None else None
    converter = Converter(tone_style)
    frames: list[pl.DataFrame] = []
    tables: list[DetectedTable] = []
    skipped: list[SkippedRow] = []
    notes = list(loaded.notes)
    for grid in loaded.grids:
        if not _nonempty(grid):
            notes.append(f"Trang «{grid.sheet}» trống." if grid.sheet else "Tệp trống.")
            continue
        layout = detect(grid, matcher)
        if layout is None:
            notes.append(
                f"Trang «{grid.sheet}»: không có bảng danh sách đảng viên "
                "(không thấy dòng tiêu đề)."
                if grid.sheet
                else "Không thấy dòng tiêu đề."
            )
            continue
        frame, detected, rows = _read_member_table(
            grid, layout, matcher, file=file, orgs=org_matcher, converter=converter
        )
        frames.append(frame)
        tables.append(detected)
        skipped.extend(rows)
    if not tables:
        raise _no_table_error(file, loaded.grids)
    table = pl.concat(frames) if len(frames) > 1 else frames[0]
    table = table.with_columns(pl.int_range(1, table.height + 1, dtype=pl.Int64).alias("_record"))
    return IntakeResult(
        file=file,
        format=loaded.kind,
        table=table,
        tables=tuple(tables),
        skipped=tuple(skipped),
        notes=tuple(notes),
        encoding=loaded.encoding,
        separator=loaded.separator,
    )


def canonical_from_text_frame(
    frame: pl.DataFrame,
    *,
    source: str,
    sheet: str = "",
    first_row: int = 2,
    orgs: pl.DataFrame | None = None,
    tone_style: ToneStyle = "new",
) -> pl.DataFrame:
    """A text frame whose column names are canonical field names or headers → canonical table.

    Every row is a record (no title, totals or section detection): the caller built the frame.
    Row `i` is reported as row `first_row + i` of `sheet` in `source`.
    """
    grid = text_grid(frame, sheet=sheet)
    cells = [HeaderCell(j, (str(name),)) for j, name in enumerate(frame.columns)]
    head = grid.frame.head(SAMPLE_ROWS)
    samples = {
        j: content.sample(head.get_column(f"c{j}").cast(pl.Utf8).to_list()) for j in grid.columns
    }
    mapping = map_columns(FieldMatcher(MEMBER_FIELDS), cells, samples)
    records = grid.frame.with_columns(
        (pl.int_range(pl.len(), dtype=pl.Int64) + first_row).alias(ROW)
    )
    table = _canonical(
        records,
        mapping,
        _names(grid),
        file=source,
        sheet=sheet,
        org_fallback=None,
        orgs=OrgMatcher(orgs) if orgs is not None else None,
        converter=Converter(tone_style),
    )
    return table.with_columns(pl.int_range(1, table.height + 1, dtype=pl.Int64).alias("_record"))


def read_orgs(
    path: str | Path, *, tone_style: ToneStyle = "new", source_name: str | None = None
) -> pl.DataFrame:
    """Read an organizations file (code, name, kind, parent, …) into ORG_SCHEMA rows."""
    file = source_name or Path(path).name
    loaded = _load(path, file)
    matcher = FieldMatcher(ORG_FIELDS, ambiguous={})
    frames: list[pl.DataFrame] = []
    for grid in loaded.grids:
        if not _nonempty(grid):
            continue
        layout = detect(grid, matcher)
        if layout is None:
            continue
        cells, samples = _prepare(grid, layout)
        mapping = map_columns(matcher, cells, samples)
        if "code" not in mapping.fields() or "name" not in mapping.fields():
            raise IntakeError(
                "no_header",
                "tệp tổ chức đảng cần cột «Mã tổ chức» và cột «Tên tổ chức đảng».",
                file=file,
                sheet=grid.sheet or None,
                row=grid.row_number(layout.header_rows[0]),
            )
        plan = plan_rows(grid, layout, mapping, sections=False)
        frames.append(org_table(plan.records, mapping, _names(grid), Converter(tone_style)))
    if not frames:
        raise _no_table_error(file, loaded.grids)
    return pl.concat(frames).select(
        [pl.col(name).cast(dtype) for name, dtype in ORG_SCHEMA.items()]
    )
