"""Organizations (cleaned first): names, kinds, tree, thresholds and secretaries (V18).

With an organization list (ORG_SCHEMA) every organization is judged, and member counts come from
the members matched to it (`org_code`). Without one, the organizations are the distinct `org`
values of the member list, of unknown kind: then only the rules that hold for any cell run
(fewer than 3 official members, no secretary, no cell committee from 9 official members).
Counts are of members on the active roster (official and probationary).
"""

from __future__ import annotations

import functools

import polars as pl

from dangvien.quality.dictionary import ORG_KINDS, fold_header
from dangvien.quality.rules.base import ENGINE, Context, Rule, state
from dangvien.quality.rules.status import (
    CELL_KINDS,
    COMMITTEE,
    COMMITTEE_KINDS,
    DEPUTY,
    SECRETARY,
    roles,
)
from dangvien.vn.syllables import ToneStyle
from dangvien.vn.text import repair
from dangvien.vn.tones import compare_key, to_style

MIN_OFFICIAL = 3
BASE_COMMITTEE_FROM = 30
CELL_COMMITTEE_FROM = 9

# Leading words of an organization name (folded) → canonical words and the kinds they fit.
_PREFIXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("chi bo", "Chi bộ", CELL_KINDS),
    ("c b", "Chi bộ", CELL_KINDS),
    ("cb", "Chi bộ", CELL_KINDS),
    ("dang bo bo phan", "Đảng bộ bộ phận", ("section_committee",)),
    ("dang bo", "Đảng bộ", COMMITTEE_KINDS),
    ("dang uy", "Đảng ủy", COMMITTEE_KINDS),
    ("db", "Đảng bộ", COMMITTEE_KINDS),
    ("to dang", "Tổ đảng", ("group",)),
)
_STANDARD_LOOKING = r"^(?:Chi bộ|Đảng bộ|Đảng ủy|Tổ đảng) \S"
_ORG_HITS = {"_org": pl.Utf8, "_org_name": pl.Utf8, "field": pl.Utf8, "value": pl.Utf8}


def split_prefix(name: str) -> tuple[str, tuple[str, ...], str] | None:
    """(canonical leading words, kinds they fit, rest of the name) or None."""
    words = name.split()
    tokens: list[str] = []
    typed: list[int] = []  # for each folded token, how many typed words it takes to reach it
    for index, word in enumerate(words[:4]):
        for token in fold_header(word).split():
            tokens.append(token)
            typed.append(index + 1)
    for prefix, canonical, kinds in _PREFIXES:
        size = len(prefix.split())
        if tokens[:size] != prefix.split():
            continue
        used = typed[size - 1]
        if size < len(typed) and typed[size] == used:
            return None  # the prefix ends inside a typed word ("Chi bộ-thôn")
        return canonical, kinds, " ".join(words[used:])
    return None


def standard_name(name: str) -> str:
    """Unicode repaired, single spaces, the kind words spelled as in documents ("Chi bộ …")."""
    style: ToneStyle = "old" if to_style(name, "old") == name else "new"
    text = " ".join(repair(name, tone_style=style).value.split())
    found = split_prefix(text)
    if found is None:
        return text
    canonical, _, rest = found
    return f"{canonical} {rest}".strip()


def _stats(ctx: Context, by: str) -> pl.DataFrame:
    """Active members per organization key: counts, officials, secretaries, committee members."""
    frame = (
        ctx.table.select("_record", by, "full_name", "_state")
        .with_columns(roles(ctx))
        .filter(
            state().is_in(["official", "probationary"]).fill_null(False) & pl.col(by).is_not_null()
        )
    )
    return frame.group_by(pl.col(by).alias("_key")).agg(
        pl.len().alias("members"),
        (state() == "official").sum().alias("officials"),
        (pl.col("_role") == SECRETARY).sum().alias("secretaries"),
        pl.col("_role").is_in([DEPUTY, COMMITTEE]).sum().alias("committee"),
        pl.col("full_name")
        .filter(pl.col("_role") == SECRETARY)
        .sort()
        .str.join(", ")
        .alias("secretary_names"),
    )


def organizations(ctx: Context) -> pl.DataFrame:
    """One row per organization with its member counts (see module docstring)."""

    def build() -> pl.DataFrame:
        if ctx.orgs is not None:
            stats = _stats(ctx, "org_code")
            frame = ctx.orgs.select(
                pl.col("code").alias("_org"),
                pl.col("name").alias("_org_name"),
                "kind",
                "parent_code",
                "active",
                "secretary",
            ).join(stats, left_on="_org", right_on="_key", how="left")
        else:
            stats = _stats(ctx, "org")
            frame = stats.select(
                pl.lit(None, dtype=pl.Utf8).alias("_org"),
                pl.col("_key").alias("_org_name"),
                pl.lit(None, dtype=pl.Utf8).alias("kind"),
                pl.lit(None, dtype=pl.Utf8).alias("parent_code"),
                pl.lit(True).alias("active"),
                pl.lit(None, dtype=pl.Utf8).alias("secretary"),
                pl.exclude("_key"),
            )
        counts = ["members", "officials", "secretaries", "committee"]
        # Names that already read "Chi bộ …", "Đảng bộ …" with single spaces need no work.
        plain = pl.col("_org_name").str.contains(_STANDARD_LOOKING) & ~pl.col(
            "_org_name"
        ).str.contains("  ", literal=True)
        names = frame.filter(~plain)["_org_name"].drop_nulls().unique().to_list()
        standard = {name: standard_name(name) for name in names}
        return frame.with_columns(
            pl.col(counts).fill_null(0),
            pl.col("_org_name")
            .replace_strict(standard, default=pl.col("_org_name"))
            .alias("_standard"),
        ).sort("_org", "_org_name", nulls_last=True)

    found = ctx.cached("organizations", build)
    assert isinstance(found, pl.DataFrame)
    return found


def _is_cell() -> pl.Expr:
    """A cell, or an organization of unknown kind (derived from the member list)."""
    return pl.col("kind").is_null() | pl.col("kind").is_in(list(CELL_KINDS))


def _live() -> pl.Expr:
    return pl.col("active").fill_null(True)


def _org_hits(frame: pl.DataFrame, field: str, value: pl.Expr, **columns: pl.Expr) -> pl.DataFrame:
    return frame.select(
        "_org",
        "_org_name",
        pl.lit(field).alias("field"),
        value.cast(pl.Utf8).alias("value"),
        *(expr.alias(name) for name, expr in columns.items()),
    )


def _needs_list(ctx: Context) -> bool:
    return ctx.orgs is not None


def _name(ctx: Context) -> pl.DataFrame:
    frame = organizations(ctx).filter(pl.col("_org_name").is_not_null())
    if not _needs_list(ctx) or frame.height == 0:
        return pl.DataFrame(schema=_ORG_HITS)
    frame = frame.filter(pl.col("_standard") != pl.col("_org_name"))
    return _org_hits(frame, "name", pl.col("_org_name"), suggestion=pl.col("_standard"))


def _kind_missing(ctx: Context) -> pl.DataFrame:
    if not _needs_list(ctx):
        return pl.DataFrame(schema=_ORG_HITS)
    kind = pl.col("kind")
    frame = organizations(ctx).filter(kind.is_null() | ~kind.is_in(list(ORG_KINDS)))
    return _org_hits(frame, "kind", pl.col("kind"), allowed=pl.lit(", ".join(ORG_KINDS.values())))


# Canonical leading words → the organization kinds they fit (from `_PREFIXES`).
_WORDS_KINDS: dict[str, tuple[str, ...]] = {canonical: kinds for _, canonical, kinds in _PREFIXES}


def _kind_mismatch(ctx: Context) -> pl.DataFrame:
    if not _needs_list(ctx):
        return pl.DataFrame(schema=_ORG_HITS)
    standard = pl.col("_standard")
    words = pl.lit(None, dtype=pl.Utf8)
    # Longest words first ("Đảng bộ bộ phận" before "Đảng bộ").
    for canonical in sorted(_WORDS_KINDS, key=len):
        words = (
            pl.when(standard.str.starts_with(canonical + " "))
            .then(pl.lit(canonical))
            .otherwise(words)
        )
    frame = (
        organizations(ctx)
        .filter(pl.col("kind").is_in(list(ORG_KINDS)))
        .with_columns(words.alias("words"))
    )
    fits = pl.lit(False)
    for canonical, kinds in _WORDS_KINDS.items():
        fits = fits | ((pl.col("words") == canonical) & pl.col("kind").is_in(list(kinds)))
    mismatched = frame.filter(pl.col("words").is_not_null() & ~fits)
    return _org_hits(
        mismatched,
        "kind",
        pl.col("kind").replace_strict(dict(ORG_KINDS)),
        words=pl.col("words"),
    )


def _few_officials(ctx: Context) -> pl.DataFrame:
    # A cell without anyone in the list is O14's business.
    frame = organizations(ctx).filter(
        _is_cell() & _live() & (pl.col("members") > 0) & (pl.col("officials") < MIN_OFFICIAL)
    )
    return _org_hits(frame, "org", pl.col("_org_name"), officials=pl.col("officials"))


def _should_be_committee(ctx: Context) -> pl.DataFrame:
    frame = organizations(ctx).filter(
        (pl.col("kind") == "base_cell") & _live() & (pl.col("members") >= BASE_COMMITTEE_FROM)
    )
    return _org_hits(frame, "kind", pl.col("_org_name"), members=pl.col("members"))


def _no_cell_committee(ctx: Context) -> pl.DataFrame:
    frame = organizations(ctx).filter(
        _is_cell()
        & _live()
        & (pl.col("officials") >= CELL_COMMITTEE_FROM)
        & (pl.col("committee") == 0)
    )
    return _org_hits(frame, "org", pl.col("_org_name"), officials=pl.col("officials"))


def _no_secretary(ctx: Context) -> pl.DataFrame:
    frame = organizations(ctx).filter(
        _is_cell()
        & _live()
        & (pl.col("members") > 0)
        & (pl.col("secretaries") == 0)
        & pl.col("secretary").is_null()
    )
    return _org_hits(frame, "secretary", pl.col("_org_name"))


def _many_secretaries(ctx: Context) -> pl.DataFrame:
    frame = organizations(ctx).filter(_is_cell() & _live() & (pl.col("secretaries") > 1))
    return _org_hits(
        frame,
        "secretary",
        pl.col("_org_name"),
        count=pl.col("secretaries"),
        names=pl.col("secretary_names"),
    )


def _secretary_not_member(ctx: Context) -> pl.DataFrame:
    if not _needs_list(ctx):
        return pl.DataFrame(schema=_ORG_HITS)
    named = organizations(ctx).filter(
        _live() & pl.col("secretary").is_not_null() & (pl.col("members") > 0)
    )
    if named.height == 0:
        return pl.DataFrame(schema=_ORG_HITS)
    members = (
        ctx.table.lazy()
        .filter(pl.col("full_name").is_in(named["secretary"].implode()))
        .select(pl.col("org_code").alias("_org"), pl.col("full_name").alias("secretary"))
    )
    # Exact spelling first; the case-, space- and tone-style-insensitive comparison only for the
    # few organizations left.
    unmatched = (
        named.lazy().join(members, on=["_org", "secretary"], how="anti").collect(engine=ENGINE)
    )
    rows = []
    names_of = (
        ctx.table.lazy()
        .filter(pl.col("org_code").is_in(unmatched["_org"].implode()))
        .group_by("org_code")
        .agg(pl.col("full_name").drop_nulls().unique())
        .collect(engine=ENGINE)
    )
    by_org = dict(names_of.iter_rows())
    for code, name, secretary in unmatched.select("_org", "_org_name", "secretary").iter_rows():
        names = pl.Series(by_org.get(code, []), dtype=pl.Utf8)
        keys = {compare_key(member) for member in names.unique().to_list()}
        if compare_key(secretary) not in keys:
            rows.append((code, name, "secretary", secretary))
    return pl.DataFrame(rows, schema=_ORG_HITS, orient="row")


def _tree(ctx: Context) -> pl.DataFrame:
    """Organizations with their parent's kind and state (left join on the parent's code)."""
    frame = organizations(ctx)
    parents = frame.select(
        pl.col("_org").alias("parent_code"),
        pl.col("kind").alias("_parent_kind"),
        pl.col("active").alias("_parent_active"),
        pl.lit(True).alias("_parent_found"),
    )
    return frame.join(parents, on="parent_code", how="left").with_columns(
        pl.col("_parent_found").fill_null(False)
    )


def _bad_parent(ctx: Context) -> pl.DataFrame:
    if not _needs_list(ctx):
        return pl.DataFrame(schema=_ORG_HITS)
    frame = _tree(ctx)
    missing = pl.col("parent_code").is_null() & (pl.col("kind") != "commune_committee").fill_null(
        True
    )
    unknown = pl.col("parent_code").is_not_null() & ~pl.col("_parent_found")
    frame = frame.filter(missing | unknown)
    return _org_hits(
        frame,
        "parent",
        pl.col("parent_code"),
        problem=pl.when(pl.col("parent_code").is_null())
        .then(pl.lit("chưa ghi tổ chức cấp trên"))
        .otherwise(pl.concat_str(pl.lit("mã cấp trên «"), "parent_code", pl.lit("» không có"))),
    )


def _inactive_parent(ctx: Context) -> pl.DataFrame:
    if not _needs_list(ctx):
        return pl.DataFrame(schema=_ORG_HITS)
    frame = _tree(ctx).filter(_live() & (pl.col("_parent_active") == False))  # noqa: E712
    return _org_hits(frame, "parent", pl.col("parent_code"))


_ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    "sub_cell": ("base_committee", "section_committee", "commune_committee"),
    "base_cell": ("commune_committee",),
    "base_committee": ("commune_committee",),
    "section_committee": ("base_committee", "commune_committee"),
    "group": ("base_cell", "sub_cell"),
}


def _wrong_parent_kind(ctx: Context) -> pl.DataFrame:
    if not _needs_list(ctx):
        return pl.DataFrame(schema=_ORG_HITS)
    rows = []
    for code, name, kind, parent_kind, parent in (
        _tree(ctx)
        .filter(pl.col("_parent_found") & pl.col("kind").is_in(list(_ALLOWED_PARENTS)))
        .select("_org", "_org_name", "kind", "_parent_kind", "parent_code")
        .iter_rows()
    ):
        if parent_kind not in _ALLOWED_PARENTS[kind]:
            rows.append(
                (
                    code,
                    name,
                    "parent",
                    parent,
                    ORG_KINDS[kind],
                    ORG_KINDS.get(parent_kind or "", "?"),
                )
            )
    return pl.DataFrame(
        rows, schema={**_ORG_HITS, "kind_label": pl.Utf8, "parent_label": pl.Utf8}, orient="row"
    )


def _duplicate_orgs(ctx: Context) -> pl.DataFrame:
    if not _needs_list(ctx):
        return pl.DataFrame(schema=_ORG_HITS)
    frame = organizations(ctx)
    by_code = frame.filter(pl.col("_org").is_not_null() & pl.col("_org").is_duplicated())
    # Names equal without tone marks and case are candidates; the tone-style-insensitive key
    # (which keeps "Hoà" ≠ "Hoa") decides.
    rough = (
        pl.col("_standard")
        .str.to_lowercase()
        .str.normalize("NFD")
        .str.replace_all("[\u0300\u0301\u0303\u0309\u0323]", "")
    )
    candidates = frame.filter(pl.col("_standard").is_not_null() & rough.is_duplicated())
    keys = {name: compare_key(name) for name in candidates["_standard"].unique().to_list()}
    by_name = candidates.with_columns(
        pl.col("_standard").replace_strict(keys, default=None).alias("_name_key")
    ).filter(pl.col("_name_key").is_duplicated())
    codes = _org_hits(by_code, "code", pl.col("_org"), what=pl.lit("mã"))
    names = _org_hits(by_name, "name", pl.col("_org_name"), what=pl.lit("tên"))
    return pl.concat([codes, names], how="vertical_relaxed")


def _empty(ctx: Context) -> pl.DataFrame:
    if not _needs_list(ctx):
        return pl.DataFrame(schema=_ORG_HITS)
    frame = organizations(ctx).filter(_is_cell() & _live() & (pl.col("members") == 0))
    return _org_hits(frame, "org", pl.col("_org_name"))


_THRESHOLDS = "Điều lệ Đảng Điều 21, 24; QĐ 294-QĐ/TW (domain.md §2.1)"
_TREE = "Sơ đồ tổ chức đảng sau 01/7/2025: đảng bộ xã → chi bộ (domain.md §2.1)"


_org_rule = functools.partial(Rule, scope="org")


RULES: tuple[Rule, ...] = (
    _org_rule(
        code="O01",
        dimension="clean",
        severity="warning",
        fields=("name",),
        title="Tên tổ chức đảng chưa chuẩn",
        message="Tên «{value}» chưa chuẩn; đề xuất «{suggestion}».",
        check=_name,
        suggestion="Unicode chuẩn, một dấu cách, viết đúng «Chi bộ», «Đảng bộ» ở đầu tên",
        basis="HD 36-HD/VPTW: tên cơ quan viết đầy đủ, đúng chính tả (domain.md §9)",
    ),
    _org_rule(
        code="O02",
        dimension="complete",
        severity="error",
        fields=("kind",),
        title="Thiếu hoặc sai loại tổ chức",
        message="Tổ chức «{value}» chưa ghi loại hợp lệ ({allowed}).",
        check=_kind_missing,
        basis="Các loại tổ chức đảng (domain.md §2.1; bảng thuật ngữ)",
    ),
    _org_rule(
        code="O03",
        dimension="consistent",
        severity="warning",
        fields=("kind", "name"),
        title="Loại tổ chức không khớp tên",
        message="Tên bắt đầu bằng «{words}» nhưng loại tổ chức ghi là «{value}».",
        check=_kind_mismatch,
        basis=_THRESHOLDS,
    ),
    _org_rule(
        code="O04",
        dimension="correct",
        severity="warning",
        fields=("org", "status"),
        title="Chi bộ dưới 3 đảng viên chính thức",
        message=(
            "«{value}» chỉ có {officials} đảng viên chính thức; cần ít nhất 3, "
            "nếu không cấp ủy cấp trên giới thiệu đảng viên sinh hoạt ở tổ chức phù hợp."
        ),
        check=_few_officials,
        basis=_THRESHOLDS,
        implements=("V18",),
    ),
    _org_rule(
        code="O05",
        dimension="correct",
        severity="warning",
        fields=("kind", "org", "status"),
        title="Chi bộ cơ sở từ 30 đảng viên",
        message=(
            "«{value}» là chi bộ cơ sở, có {members} đảng viên; từ 30 đảng viên lập đảng bộ cơ sở "
            "(trừ khi cấp trên đồng ý)."
        ),
        check=_should_be_committee,
        basis=_THRESHOLDS,
        implements=("V18",),
    ),
    _org_rule(
        code="O06",
        dimension="complete",
        severity="warning",
        fields=("org", "status", "party_position"),
        title="Chi bộ từ 9 đảng viên chính thức chưa có chi ủy",
        message=(
            "«{value}» có {officials} đảng viên chính thức nhưng không ai ghi là phó bí "
            "thư hay chi ủy viên; từ 9 đảng viên chính thức bầu chi ủy."
        ),
        check=_no_cell_committee,
        basis=_THRESHOLDS,
        implements=("V18",),
    ),
    _org_rule(
        code="O07",
        dimension="complete",
        severity="warning",
        fields=("org", "party_position", "secretary"),
        title="Chi bộ chưa có bí thư",
        message="«{value}» chưa có ai ghi chức vụ bí thư.",
        check=_no_secretary,
        basis=_THRESHOLDS,
    ),
    _org_rule(
        code="O08",
        dimension="consistent",
        severity="warning",
        fields=("org", "party_position"),
        title="Chi bộ có nhiều bí thư",
        message="«{value}» có {count} người ghi chức vụ bí thư: {names}.",
        check=_many_secretaries,
        basis=_THRESHOLDS,
    ),
    _org_rule(
        code="O09",
        dimension="consistent",
        severity="warning",
        fields=("secretary", "full_name"),
        title="Bí thư không có trong danh sách đảng viên của chi bộ",
        message="Bí thư «{value}» ghi trong danh sách tổ chức không có trong đảng viên của chi bộ.",
        check=_secretary_not_member,
        basis=_THRESHOLDS,
    ),
    _org_rule(
        code="O10",
        dimension="consistent",
        severity="error",
        fields=("parent",),
        title="Tổ chức không gắn được vào cây tổ chức",
        message="Tổ chức {problem} trong danh sách.",
        check=_bad_parent,
        basis=_TREE,
    ),
    _org_rule(
        code="O11",
        dimension="current",
        severity="warning",
        fields=("parent", "active"),
        title="Tổ chức trực thuộc tổ chức đã giải thể",
        message=(
            "Tổ chức còn hoạt động nhưng trực thuộc «{value}» đã thôi hoạt động "
            "(ví dụ huyện ủy cũ); chuyển về tổ chức cấp trên hiện nay."
        ),
        check=_inactive_parent,
        basis="Bỏ cấp huyện từ 01/7/2025 (domain.md §2.1, §8.2)",
    ),
    _org_rule(
        code="O12",
        dimension="consistent",
        severity="warning",
        fields=("kind", "parent"),
        title="Loại tổ chức không hợp với cấp trên",
        message="{kind_label} không thể trực thuộc «{value}» ({parent_label}).",
        check=_wrong_parent_kind,
        basis=_TREE,
    ),
    _org_rule(
        code="O13",
        dimension="consistent",
        severity="error",
        fields=("code", "name"),
        title="Tổ chức trùng mã hoặc trùng tên",
        message="Hai tổ chức cùng {what} «{value}».",
        check=_duplicate_orgs,
        basis="Danh mục tổ chức đảng không trùng lặp (Nghệ An, domain.md §1.5)",
    ),
    _org_rule(
        code="O14",
        dimension="current",
        severity="info",
        fields=("org", "active"),
        title="Chi bộ không có đảng viên trong danh sách",
        message="«{value}» đang hoạt động nhưng không có đảng viên nào trong danh sách.",
        check=_empty,
        basis="Đối chiếu danh sách tổ chức với danh sách đảng viên",
    ),
)
