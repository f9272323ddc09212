"""Status (sống, dùng chung): who is on the active roster, who goes to the Sổ tay, Party age.

The member list judged is an active roster: a record with an exit (deceased, transferred out,
struck off, expelled, left) should have left it (V16). Exempt members are not synchronised to the
Sổ tay đảng viên điện tử (V17). Party age is counted from the admission date in completed months
(the admission-decision date is not in the list; domain.md §2.4).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from dangvien.quality.dictionary import EXIT_KINDS, ORG_KINDS, fold_header
from dangvien.quality.rules.base import (
    ENGINE,
    STATE,
    Context,
    Rule,
    add_months,
    earliest,
    full_months,
    hits,
    is_active,
    latest,
    raw,
    state,
    vn_date,
)
from dangvien.quality.rules.identity import duplicates, shared_citizen_ids

BADGE_YEARS: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
BADGE_WINDOW_MONTHS = 12
DUES_EXEMPT_YEARS = 50
DUES_EXEMPT_FROM = dt.date(2026, 2, 1)
CELL_KINDS = ("base_cell", "sub_cell")
COMMITTEE_KINDS = ("commune_committee", "base_committee", "section_committee")

# Party positions as typed, folded (no diacritics, lower case) → role.
SECRETARY, COMMUNE_SECRETARY, DEPUTY, COMMITTEE, MEMBER = (
    "secretary",
    "commune_secretary",
    "deputy",
    "committee",
    "member",
)


def position_role(text: str | None) -> str | None:
    """The role a typed party position names; None when empty or not recognized."""
    if text is None:
        return None
    folded = fold_header(text)
    if not folded:
        return None
    if folded.startswith("pho bi thu"):
        return DEPUTY
    if folded.startswith(("bi thu dang uy", "bi thu dang bo")):
        return COMMUNE_SECRETARY
    if folded in ("bi thu", "bi thu chi bo") or folded.startswith("bi thu chi bo"):
        return SECRETARY
    if "uy vien" in folded or folded in ("chi uy", "cap uy"):
        return COMMITTEE
    if folded in ("dang vien", "dv"):
        return MEMBER
    return None


def roles(ctx: Context) -> pl.Series:
    def build() -> pl.Series:
        positions = ctx.table.get_column("party_position")
        distinct = positions.drop_nulls().unique().to_list()
        mapping = {text: position_role(text) for text in distinct}
        return positions.replace_strict(mapping, default=None, return_dtype=pl.Utf8).alias("_role")

    found = ctx.cached("roles", build)
    assert isinstance(found, pl.Series)
    return found


def _exited_on_roster(ctx: Context) -> pl.DataFrame:
    kind_label = pl.col("exit_kind").replace_strict(dict(EXIT_KINDS), default="Đã ra khỏi")
    when = (
        pl.when(pl.col("exit_date").is_not_null())
        .then(pl.concat_str(pl.lit(" từ "), vn_date(pl.col("exit_date"))))
        .otherwise(pl.lit(""))
    )
    return hits(
        ctx.table,
        pl.col("exit_kind").is_not_null(),
        value=raw("exit_kind"),
        kind=pl.concat_str(kind_label, when),
    )


def _exempt_in_handbook(ctx: Context) -> pl.DataFrame:
    mask = pl.col("exempt").fill_null(False) & pl.col("handbook_installed").fill_null(False)
    return hits(ctx.table, mask, value=raw("handbook_installed"))


def _no_phone_but_handbook(ctx: Context) -> pl.DataFrame:
    mask = pl.col("no_smartphone").fill_null(False) & pl.col("handbook_installed").fill_null(False)
    return hits(ctx.table, mask, value=raw("handbook_installed"))


def _exempt_with_position(ctx: Context) -> pl.DataFrame:
    exempt = ctx.table.select("_record", "exempt", raw("party_position")).with_columns(roles(ctx))
    mask = pl.col("exempt").fill_null(False) & pl.col("_role").is_in(
        [SECRETARY, COMMUNE_SECRETARY, DEPUTY, COMMITTEE]
    )
    return hits(exempt, mask.fill_null(False), value=raw("party_position"))


def _dues_exempt(ctx: Context) -> pl.DataFrame:
    years = full_months(latest("join_date"), pl.lit(ctx.as_of)) // 12
    long_ago = (ctx.as_of.year - pl.col("join_date").dt.year()) >= DUES_EXEMPT_YEARS
    return hits(
        ctx.table,
        ((state() == "official") & long_ago).fill_null(False),
        refine=(years >= DUES_EXEMPT_YEARS).fill_null(False),
        value=raw("join_date"),
        years=years,
        since=pl.lit(DUES_EXEMPT_FROM.strftime("%d/%m/%Y")),
    )


def _badge(ctx: Context) -> pl.DataFrame:
    """The next milestone after the check day, when it falls within the coming 12 months."""
    start = earliest("join_date")
    months = full_months(start, pl.lit(ctx.as_of))
    following = pl.lit(None, dtype=pl.Int32)
    for years in reversed(BADGE_YEARS):
        following = (
            pl.when(months < years * 12).then(pl.lit(years, dtype=pl.Int32)).otherwise(following)
        )
    window = BADGE_WINDOW_MONTHS
    # A milestone in the coming 12 months falls in this calendar year or the next one.
    gaps = sorted({years - step for years in BADGE_YEARS for step in (0, 1)})
    near = (ctx.as_of.year - pl.col("join_date").dt.year()).is_in(gaps)
    candidates = ctx.table.lazy().filter((state() == "official") & near.fill_null(False))
    frame = candidates.select(
        "_record",
        raw("join_date").alias("value"),
        following.alias("years"),
        start.alias("_start"),
    ).collect(engine=ENGINE)
    day = pl.col("_start").dt.offset_by(pl.format("{}mo", pl.col("years") * 12))
    day = (
        pl.when(day.dt.day() < pl.col("_start").dt.day())
        .then(day.dt.offset_by("1d"))
        .otherwise(day)
    )
    window_end = add_months(pl.lit(ctx.as_of), window)
    return (
        frame.with_columns(day.alias("on"))
        .filter((pl.col("on") > pl.lit(ctx.as_of)) & (pl.col("on") <= window_end))
        .drop("_start")
    )


def _unknown_org(ctx: Context) -> pl.DataFrame:
    if ctx.orgs is None:
        return pl.DataFrame(schema={"_record": pl.Int64})
    codes = ctx.orgs.get_column("code").drop_nulls()
    mask = pl.col("org").is_not_null() & (
        pl.col("org_code").is_null() | ~pl.col("org_code").is_in(codes.implode())
    )
    return hits(ctx.table, mask.fill_null(False), value=raw("org"))


def _members_of(ctx: Context, orgs: pl.DataFrame) -> pl.DataFrame:
    """Members of the organizations in `orgs` (a few codes), with their name and kind."""
    index = orgs.select(
        pl.col("code").alias("org_code"),
        pl.col("name").alias("_org_name"),
        pl.col("kind").alias("_org_kind"),
    )
    return (
        ctx.table.lazy()
        .filter(pl.col("org_code").is_in(index["org_code"].implode()))
        .select("_record", "org_code", raw("org"), STATE)
        .collect(engine=ENGINE)
        .join(index, on="org_code", how="left", maintain_order="left")
    )


def _inactive_org(ctx: Context) -> pl.DataFrame:
    if ctx.orgs is None:
        return pl.DataFrame(schema={"_record": pl.Int64})
    closed = ctx.orgs.filter(pl.col("active") == False)  # noqa: E712 - null means unknown
    frame = _members_of(ctx, closed)
    return hits(frame, is_active(), value=raw("org"), org_name=pl.col("_org_name"))


def _not_in_cell(ctx: Context) -> pl.DataFrame:
    if ctx.orgs is None:
        return pl.DataFrame(schema={"_record": pl.Int64})
    committees = ctx.orgs.filter(pl.col("kind").is_in(list(COMMITTEE_KINDS)))
    frame = _members_of(ctx, committees)
    return hits(
        frame,
        pl.lit(True),
        value=raw("org"),
        org_name=pl.col("_org_name"),
        kind=pl.col("_org_kind").replace_strict(dict(ORG_KINDS), default=None),
    )


def _two_orgs(ctx: Context) -> pl.DataFrame:
    """The same CCCD on the active roster of two organizations (V15)."""
    repeated = shared_citizen_ids(ctx)
    if repeated.height == 0:
        return pl.DataFrame(schema={"_record": pl.Int64})
    members = (
        ctx.table.lazy()
        .filter(pl.col("_record").is_in(repeated["_record"].implode()))
        .select("_record", pl.coalesce("org_code", "org").alias("_org_key"), pl.col("org"), STATE)
        .collect(engine=ENGINE)
    )
    keyed = repeated.join(members, on="_record").filter(
        is_active() & pl.col("_org_key").is_not_null()
    )
    spread = keyed.group_by("_key").agg(pl.col("_org_key").n_unique().alias("_orgs"))
    keyed = keyed.join(spread.filter(pl.col("_orgs") > 1), on="_key", how="semi")
    found = duplicates(ctx, keyed.select("_record", "_key"), "citizen_id")
    if found.height == 0:
        return pl.DataFrame(schema={"_record": pl.Int64})
    names = keyed.select(pl.col("_record").alias("_related"), pl.col("org").alias("_org_text"))
    others = (
        found.select("_record", "_related")
        .explode("_related")
        .join(names, on="_related", how="left")
        .group_by("_record", maintain_order=True)
        .agg(pl.col("_org_text").unique(maintain_order=True).str.join(", ").alias("others"))
    )
    return found.drop("others").join(others, on="_record", how="left")


_ROSTER = "Danh sách đảng viên đang sinh hoạt (domain.md §2.8, §8.2)"
RULES: tuple[Rule, ...] = (
    Rule(
        code="S01",
        dimension="current",
        severity="error",
        fields=("exit_kind", "exit_date"),
        title="Đã ra khỏi Đảng nhưng còn trong danh sách",
        message="{kind} nhưng vẫn còn trong danh sách đảng viên đang sinh hoạt.",
        check=_exited_on_roster,
        basis=_ROSTER,
        implements=("V16",),
    ),
    Rule(
        code="S02",
        dimension="shareable",
        severity="error",
        fields=("exempt", "handbook_installed"),
        title="Đảng viên miễn sinh hoạt được đưa vào Sổ tay",
        message=(
            "Đảng viên miễn công tác và sinh hoạt đảng không đưa vào Sổ tay đảng viên điện tử "
            "(ô Sổ tay ghi «{value}»)."
        ),
        check=_exempt_in_handbook,
        basis="QĐ 339-QĐ/TW: Sổ tay dành cho đảng viên trừ người miễn sinh hoạt (domain.md §1.5)",
        implements=("V17",),
        target="handbook_installed",
    ),
    Rule(
        code="S03",
        dimension="consistent",
        severity="warning",
        fields=("no_smartphone", "handbook_installed"),
        title="Không có điện thoại thông minh nhưng đã cài Sổ tay",
        message="Ghi không có điện thoại thông minh nhưng lại đã cài Sổ tay («{value}»).",
        check=_no_phone_but_handbook,
        basis="Chỉ tiêu chiến dịch Sổ tay đảng viên điện tử",
        target="handbook_installed",
    ),
    Rule(
        code="S04",
        dimension="consistent",
        severity="warning",
        fields=("exempt", "party_position"),
        title="Đảng viên miễn sinh hoạt giữ chức vụ đảng",
        message="Đảng viên miễn công tác và sinh hoạt đảng nhưng ghi chức vụ «{value}».",
        check=_exempt_with_position,
        basis="Miễn công tác và sinh hoạt đảng (HD 27-HD/BTCTW, domain.md §2.7)",
        target="party_position",
    ),
    Rule(
        code="S05",
        dimension="current",
        severity="info",
        fields=("join_date", "status"),
        title="Đủ 50 năm tuổi Đảng: miễn đảng phí",
        message=(
            "Vào Đảng «{value}», đã {years} năm tuổi Đảng: được miễn đảng phí từ {since} "
            "(Quy định 01-QĐ/TW)."
        ),
        check=_dues_exempt,
        basis="Quy định 01-QĐ/TW (2026): miễn đảng phí khi đủ 50 năm tuổi Đảng (domain.md §3.2)",
        implements=("V20",),
        target="join_date",
    ),
    Rule(
        code="S06",
        dimension="current",
        severity="info",
        fields=("join_date", "status"),
        title="Sắp đến mốc Huy hiệu Đảng",
        message="Đủ {years} năm tuổi Đảng vào {on}: chuẩn bị hồ sơ xét tặng Huy hiệu Đảng.",
        check=_badge,
        basis="HD 01-HD/TW mục 18: Huy hiệu 30, 40, 45, … 90 năm tuổi Đảng (domain.md §2.6)",
        implements=("V21",),
        target="join_date",
    ),
    Rule(
        code="S07",
        dimension="consistent",
        severity="warning",
        fields=("org",),
        title="Chi bộ không có trong danh sách tổ chức",
        message="Chi bộ «{value}» không khớp tổ chức nào trong danh sách tổ chức đảng của xã.",
        check=_unknown_org,
        basis="Làm sạch dữ liệu tổ chức đảng trước, đảng viên sau (Kế hoạch của Đảng ủy xã)",
        implements=("V15",),
    ),
    Rule(
        code="S08",
        dimension="current",
        severity="error",
        fields=("org",),
        title="Sinh hoạt trong tổ chức đã giải thể",
        message="Đảng viên thuộc «{org_name}», tổ chức đã thôi hoạt động hoặc giải thể.",
        check=_inactive_org,
        basis="Sắp xếp tổ chức đảng sau 01/7/2025 (domain.md §2.1, §8.2)",
    ),
    Rule(
        code="S09",
        dimension="consistent",
        severity="warning",
        fields=("org",),
        title="Đảng viên gắn trực tiếp vào đảng bộ, không vào chi bộ",
        message=(
            "Đảng viên gắn vào «{org_name}» ({kind}); đảng viên sinh hoạt ở chi bộ, "
            "cần ghi chi bộ cụ thể."
        ),
        check=_not_in_cell,
        basis="Điều lệ Đảng: đảng viên sinh hoạt ở chi bộ (domain.md §2.1)",
    ),
    Rule(
        code="S10",
        dimension="consistent",
        severity="error",
        fields=("citizen_id", "org"),
        title="Một người sinh hoạt ở hai tổ chức",
        message="Cùng số CCCD, đảng viên còn có tên ở: {others}.",
        check=_two_orgs,
        scope="cross_record",
        basis="Mỗi đảng viên sinh hoạt chính thức ở một tổ chức (domain.md §2.1)",
        implements=("V15",),
        target="org",
    ),
)
