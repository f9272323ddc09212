"""Dates (ngày tháng): readable, possible, in order, and the Party's age and probation rules.

Ages and probation are counted in completed months (domain.md §2.2–2.3; `base.full_months`).
A date known only to its month or year is judged on its whole range: an admission is flagged as
under 18 only when it is under 18 even for the earliest possible birthday.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from dangvien.quality.dictionary import MEMBER_FIELDS, Kind
from dangvien.quality.rules.base import (
    ENGINE,
    Context,
    Rule,
    add_months,
    ambiguous,
    anniversary,
    earliest,
    exact_day,
    full_months,
    hits,
    impossible,
    is_active,
    latest,
    per_field,
    precision,
    present,
    raw,
    state,
    vn_date,
    year_gap,
)

DATE_FIELDS: tuple[str, ...] = tuple(spec.name for spec in MEMBER_FIELDS if spec.kind is Kind.DATE)
MIN_AGE_MONTHS = 18 * 12
MAX_AGE_MONTHS = 60 * 12
PROBATION_MONTHS = 12
RECOGNITION_WORKING_DAYS = 30
# The 12-month probation for every admission dates from the 1976 Charter (IV Congress); earlier
# Charters set 2 months to 2 years by social class (HD 12/2022 Phụ lục 1). The exact cut-off is an
# open question (domain.md, open question 7) [L]: older admissions are not held to 12 months.
UNIFORM_PROBATION_FROM = dt.date(1977, 1, 1)
MAX_PLAUSIBLE_AGE_YEARS = 100

_PRECISION_WORDS = pl.col("_precision").replace_strict(
    {"month": "tháng/năm", "year": "năm"}, default="ngày"
)


def _impossible(ctx: Context) -> pl.DataFrame:
    return per_field(ctx.table, DATE_FIELDS, impossible, value=lambda name: raw(name))


def _unreadable(ctx: Context) -> pl.DataFrame:
    return per_field(
        ctx.table,
        DATE_FIELDS,
        lambda name: pl.col(name).is_null() & raw(name).is_not_null() & ~impossible(name),
        refine=present,
        value=lambda name: raw(name),
    )


# Evidence of the order a column is written in: a first part above 12 is a day, a second part
# above 12 means the month came first.
_DAY_FIRST = r"^\s*(?:1[3-9]|2\d|3[01])\s*[-/.]"
_MONTH_FIRST = r"^\s*\d{1,2}\s*[-/.]\s*(?:1[3-9]|2\d|3[01])\s*[-/.]"


def _sheets_with(ctx: Context, name: str, pattern: str) -> pl.DataFrame:
    return (
        ctx.table.lazy()
        .filter(raw(name).str.contains(pattern).fill_null(False))
        .select("_file", "_sheet")
        .unique()
        .collect(engine=ENGINE)
    )


def _ambiguous(ctx: Context) -> pl.DataFrame:
    """Day and month both ≤ 12 in a column where both orders occur: the reading is a guess."""
    parts = []
    for name in DATE_FIELDS:
        if not ctx.table.select(ambiguous(name).any()).item():
            continue
        month_first = _sheets_with(ctx, name, _MONTH_FIRST)
        if month_first.height == 0:
            continue
        mixed = month_first.join(
            _sheets_with(ctx, name, _DAY_FIRST), on=["_file", "_sheet"], nulls_equal=True
        )
        if mixed.height == 0:
            continue
        parts.append(
            ctx.table.lazy()
            .filter(ambiguous(name) & pl.col(name).is_not_null())
            .join(mixed.lazy(), on=["_file", "_sheet"], how="semi", nulls_equal=True)
            .select(
                "_record",
                pl.lit(name).alias("field"),
                raw(name).alias("value"),
                vn_date(pl.col(name)).alias("read"),
            )
            .collect(engine=ENGINE)
        )
    if not parts:
        return pl.DataFrame(schema={"_record": pl.Int64})
    return pl.concat(parts)


def _partial(ctx: Context) -> pl.DataFrame:
    frame = per_field(
        ctx.table,
        DATE_FIELDS,
        lambda name: pl.col(name).is_not_null() & (precision(name) != "day"),
        value=lambda name: raw(name),
        _precision=precision,
    )
    return frame.with_columns(_PRECISION_WORDS.alias("known"))


def _future(ctx: Context) -> pl.DataFrame:
    return per_field(
        ctx.table,
        DATE_FIELDS,
        lambda name: (pl.col(name) > pl.lit(ctx.as_of)).fill_null(False),
        refine=lambda name: earliest(name) > pl.lit(ctx.as_of),
        value=lambda name: raw(name),
        as_of=lambda name: vn_date(pl.lit(ctx.as_of)),
    )


def _join_before_birth(ctx: Context) -> pl.DataFrame:
    mask = latest("join_date") <= earliest("birth_date")
    return hits(
        ctx.table,
        (year_gap(pl.col("birth_date"), pl.col("join_date")) <= 0).fill_null(False),
        refine=mask.fill_null(False),
        value=raw("join_date"),
        birth=raw("birth_date"),
    )


def _official_before_join(ctx: Context) -> pl.DataFrame:
    mask = latest("official_date") < earliest("join_date")
    return hits(
        ctx.table,
        (year_gap(pl.col("join_date"), pl.col("official_date")) <= 0).fill_null(False),
        refine=mask.fill_null(False),
        value=raw("official_date"),
        join=raw("join_date"),
    )


def _age_at_join() -> tuple[pl.Expr, pl.Expr]:
    """(youngest, oldest) possible age in completed months on the admission day."""
    youngest = full_months(latest("birth_date"), earliest("join_date"))
    oldest = full_months(earliest("birth_date"), latest("join_date"))
    return youngest, oldest


def _under_18(ctx: Context) -> pl.DataFrame:
    _, oldest = _age_at_join()
    after_birth = latest("join_date") > earliest("birth_date")
    mask = (oldest < MIN_AGE_MONTHS) & after_birth
    return hits(
        ctx.table,
        (year_gap(pl.col("birth_date"), pl.col("join_date")) <= 18).fill_null(False),
        refine=mask.fill_null(False),
        value=raw("join_date"),
        age=_years_months(oldest),
        birthday=vn_date(anniversary(earliest("birth_date"), MIN_AGE_MONTHS)),
    )


def _over_60(ctx: Context) -> pl.DataFrame:
    youngest, _ = _age_at_join()
    return hits(
        ctx.table,
        (year_gap(pl.col("birth_date"), pl.col("join_date")) >= 60).fill_null(False),
        refine=(youngest > MAX_AGE_MONTHS).fill_null(False),
        value=raw("join_date"),
        age=_years_months(youngest),
    )


def _years_months(months: pl.Expr) -> pl.Expr:
    return pl.format("{} tuổi {} tháng", months // 12, months % 12)


def _probation_off(ctx: Context) -> pl.DataFrame:
    """Records whose official date is not the admission date + 12 months (either era)."""

    def build() -> pl.DataFrame:
        expected = add_months(pl.col("join_date"), PROBATION_MONTHS)
        join, official = pl.col("join_date"), pl.col("official_date")
        months = (official.dt.year().cast(pl.Int32) * 12 + official.dt.month().cast(pl.Int32)) - (
            join.dt.year().cast(pl.Int32) * 12 + join.dt.month().cast(pl.Int32)
        )
        maybe = (months != PROBATION_MONTHS) | (official.dt.day() != join.dt.day())
        exact = (
            exact_day("join_date")
            & exact_day("official_date")
            & (official >= join)
            & (official != expected)
        )
        return hits(
            ctx.table,
            maybe.fill_null(False),
            refine=exact.fill_null(False),
            value=raw("official_date"),
            join=raw("join_date"),
            expected=vn_date(expected),
            suggestion=vn_date(expected),
            _modern=join >= pl.lit(UNIFORM_PROBATION_FROM),
        )

    found = ctx.cached("probation_off", build)
    assert isinstance(found, pl.DataFrame)
    return found


def _probation_length(ctx: Context, *, modern: bool) -> pl.DataFrame:
    era = pl.col("_modern")
    return _probation_off(ctx).filter(era if modern else ~era).drop("_modern")


def _modern_probation(ctx: Context) -> pl.DataFrame:
    return _probation_length(ctx, modern=True)


def _historic_probation(ctx: Context) -> pl.DataFrame:
    return _probation_length(ctx, modern=False)


def _probation_end() -> pl.Expr:
    return add_months(latest("join_date"), PROBATION_MONTHS)


def _overdue(ctx: Context) -> pl.DataFrame:
    deadline = _probation_end().dt.add_business_days(RECOGNITION_WORKING_DAYS, roll="forward")
    mask = deadline < pl.lit(ctx.as_of)
    return hits(
        ctx.table,
        (state() == "probationary").fill_null(False),
        refine=mask.fill_null(False),
        value=raw("join_date"),
        end=vn_date(_probation_end()),
        deadline=vn_date(deadline),
    )


def _official_too_early(ctx: Context) -> pl.DataFrame:
    mask = add_months(earliest("join_date"), 12) > pl.lit(ctx.as_of)
    recent = pl.col("join_date").dt.year() >= ctx.as_of.year - 1
    return hits(
        ctx.table,
        ((state() == "official") & recent).fill_null(False),
        refine=mask.fill_null(False),
        value=raw("join_date"),
        end=vn_date(add_months(earliest("join_date"), PROBATION_MONTHS)),
    )


def _probationer_with_official_date(ctx: Context) -> pl.DataFrame:
    mask = (state() == "probationary") & pl.col("official_date").is_not_null()
    return hits(ctx.table, mask.fill_null(False), value=raw("official_date"))


def _exit_before_join(ctx: Context) -> pl.DataFrame:
    mask = latest("exit_date") < earliest("join_date")
    return hits(
        ctx.table,
        pl.col("exit_date").is_not_null(),
        refine=mask.fill_null(False),
        value=raw("exit_date"),
        join=raw("join_date"),
    )


def _too_old(ctx: Context) -> pl.DataFrame:
    age = full_months(latest("birth_date"), pl.lit(ctx.as_of))
    old = (ctx.as_of.year - pl.col("birth_date").dt.year()) >= MAX_PLAUSIBLE_AGE_YEARS
    return hits(
        ctx.table,
        (is_active() & old).fill_null(False),
        refine=(age >= MAX_PLAUSIBLE_AGE_YEARS * 12).fill_null(False),
        value=raw("birth_date"),
        age=age // 12,
    )


_DATES = ("birth_date", "join_date", "official_date")
RULES: tuple[Rule, ...] = (
    Rule(
        code="T01",
        dimension="correct",
        severity="error",
        fields=DATE_FIELDS,
        title="Ngày không tồn tại",
        message="{label} «{value}» không có trên lịch.",
        check=_impossible,
        basis="Lịch dương",
        implements=("V12",),
    ),
    Rule(
        code="T02",
        dimension="correct",
        severity="error",
        fields=DATE_FIELDS,
        title="Không đọc được ngày",
        message="Không đọc được {label} «{value}»; ghi theo dạng ngày/tháng/năm.",
        check=_unreadable,
        basis="Định dạng ngày dd/mm/yyyy (domain.md §1.6)",
    ),
    Rule(
        code="T03",
        dimension="correct",
        severity="warning",
        fields=DATE_FIELDS,
        title="Ngày có thể hiểu hai cách",
        message=(
            "{label} «{value}»: cột này lẫn kiểu ngày/tháng và tháng/ngày, giá trị này hiểu "
            "được cả hai cách; đã hiểu là {read}, cần đối chiếu hồ sơ."
        ),
        check=_ambiguous,
        scope="cross_record",
        basis="Tệp Excel lẫn kiểu ngày Mỹ (tháng/ngày) và Việt Nam (ngày/tháng)",
    ),
    Rule(
        code="T04",
        dimension="complete",
        severity="info",
        fields=DATE_FIELDS,
        title="Ngày chỉ có tháng hoặc năm",
        message="{label} «{value}» chỉ ghi đến {known}; bổ sung ngày đầy đủ nếu hồ sơ có.",
        check=_partial,
        basis="Hồ sơ cũ có thể chỉ ghi năm (domain.md §1.6)",
    ),
    Rule(
        code="T05",
        dimension="correct",
        severity="error",
        fields=DATE_FIELDS,
        title="Ngày ở tương lai",
        message="{label} «{value}» sau ngày kiểm tra {as_of}.",
        check=_future,
        basis="Ngày đã xảy ra không thể ở tương lai",
        implements=("V12",),
    ),
    Rule(
        code="T06",
        dimension="consistent",
        severity="error",
        fields=("join_date", "birth_date"),
        title="Vào Đảng trước ngày sinh",
        message="Ngày vào Đảng «{value}» không sau ngày sinh «{birth}».",
        check=_join_before_birth,
        basis="Thứ tự ngày sinh < ngày vào Đảng ≤ ngày chính thức",
        implements=("V12",),
    ),
    Rule(
        code="T07",
        dimension="consistent",
        severity="error",
        fields=("official_date", "join_date"),
        title="Chính thức trước khi vào Đảng",
        message="Ngày chính thức «{value}» trước ngày vào Đảng «{join}».",
        check=_official_before_join,
        basis="Thứ tự ngày sinh < ngày vào Đảng ≤ ngày chính thức",
        implements=("V12",),
    ),
    Rule(
        code="T08",
        dimension="correct",
        severity="error",
        fields=("join_date", "birth_date"),
        title="Vào Đảng khi chưa đủ 18 tuổi",
        message=(
            "Vào Đảng ngày «{value}» khi mới {age}; đủ 18 tuổi từ {birthday} "
            "(tuổi đời tính theo tháng)."
        ),
        check=_under_18,
        basis="Điều lệ Đảng Điều 1; QĐ 294-QĐ/TW: từ đủ 18 tuổi (domain.md §2.2)",
        implements=("V06",),
    ),
    Rule(
        code="T09",
        dimension="correct",
        severity="warning",
        fields=("join_date", "birth_date"),
        title="Vào Đảng khi đã quá 60 tuổi",
        message=(
            "Vào Đảng ngày «{value}» khi đã {age}; trên 60 tuổi cần ý kiến của cấp ủy trực thuộc "
            "Trung ương, kiểm tra hồ sơ."
        ),
        check=_over_60,
        basis="QĐ 294-QĐ/TW: đến đủ 60 tuổi, tính theo tháng (domain.md §2.2)",
        implements=("V07",),
    ),
    Rule(
        code="T10",
        dimension="consistent",
        severity="warning",
        fields=("official_date", "join_date"),
        title="Ngày chính thức khác ngày vào Đảng + 12 tháng",
        message=(
            "Ngày chính thức «{value}» khác {expected} (đủ 12 tháng dự bị kể từ ngày vào Đảng "
            "«{join}»)."
        ),
        check=_modern_probation,
        suggestion="ngày vào Đảng cộng 12 tháng",
        basis="Điều lệ Đảng Điều 5: công nhận chính thức khi hết 12 tháng dự bị (domain.md §2.3)",
        implements=("V08",),
    ),
    Rule(
        code="T11",
        dimension="current",
        severity="warning",
        fields=("status", "join_date"),
        title="Dự bị quá hạn xét chính thức",
        message=(
            "Đảng viên dự bị từ «{value}»: hết 12 tháng dự bị ngày {end}, quá hạn xét công nhận "
            "chính thức ({deadline})."
        ),
        check=_overdue,
        basis="Trong 30 ngày làm việc sau khi hết dự bị, chi bộ xét công nhận (domain.md §2.3)",
        implements=("V09",),
        target="status",
    ),
    Rule(
        code="T12",
        dimension="consistent",
        severity="error",
        fields=("status", "join_date"),
        title="Chính thức khi chưa hết dự bị",
        message="Ghi là chính thức nhưng vào Đảng «{value}», đến {end} mới hết 12 tháng dự bị.",
        check=_official_too_early,
        basis="Điều lệ Đảng Điều 5 (domain.md §2.3)",
        implements=("V08",),
        target="status",
    ),
    Rule(
        code="T13",
        dimension="consistent",
        severity="warning",
        fields=("official_date", "status"),
        title="Dự bị nhưng có ngày chính thức",
        message="Đảng viên dự bị nhưng đã ghi ngày chính thức «{value}».",
        check=_probationer_with_official_date,
        basis="Loại đảng viên và ngày chính thức phải khớp (domain.md §2.3)",
    ),
    Rule(
        code="T14",
        dimension="consistent",
        severity="error",
        fields=("exit_date", "join_date"),
        title="Ra khỏi danh sách trước khi vào Đảng",
        message="Ngày ra khỏi «{value}» trước ngày vào Đảng «{join}».",
        check=_exit_before_join,
        basis="Thứ tự các ngày trong hồ sơ",
    ),
    Rule(
        code="T15",
        dimension="current",
        severity="warning",
        fields=("birth_date", "status"),
        title="Đảng viên đang sinh hoạt trên 100 tuổi",
        message="Ngày sinh «{value}»: đã {age} tuổi mà vẫn đang sinh hoạt; xác minh lại.",
        check=_too_old,
        basis="Dữ liệu sống: người đã mất vẫn còn trong danh sách (domain.md §8.2)",
    ),
    Rule(
        code="T16",
        dimension="consistent",
        severity="info",
        fields=("official_date", "join_date"),
        title="Thời gian dự bị khác 12 tháng (kết nạp trước năm 1977)",
        message=(
            "Ngày chính thức «{value}» khác {expected} (ngày vào Đảng «{join}» + 12 tháng); "
            "trước Điều lệ 1976 thời gian dự bị có thể khác, đối chiếu hồ sơ gốc."
        ),
        check=_historic_probation,
        suggestion="ngày vào Đảng cộng 12 tháng, nếu hồ sơ gốc xác nhận",
        basis="HD 12-HD/BTCTW Phụ lục 1: thời gian dự bị theo các Điều lệ trước (domain.md §2.3)",
        implements=("V08",),
    ),
)
