"""Text (sạch): legacy fonts, non-NFC Unicode, tone-mark style, spacing, name casing, length.

Intake already repaired every text value (`f`) and kept the cell as typed (`f__raw`), so these
rules compare the two: where they differ, `dangvien.vn.text.repair` says why (once per distinct
raw text) and the repaired value is the suggestion. Name casing is judged on the value itself.
"""

from __future__ import annotations

import unicodedata

import polars as pl

from dangvien.quality.dictionary import MEMBER_FIELDS, Kind
from dangvien.quality.rules.base import ENGINE, Context, Rule, map_distinct, per_field, raw
from dangvien.vn.legacy import Scheme, decode
from dangvien.vn.names import normalize_name
from dangvien.vn.syllables import ToneStyle
from dangvien.vn.text import repair
from dangvien.vn.tones import compare_key, to_style

TEXT_FIELDS: tuple[str, ...] = tuple(
    spec.name
    for spec in MEMBER_FIELDS
    if spec.kind in (Kind.NAME, Kind.TEXT, Kind.ADDRESS, Kind.CATALOG, Kind.ORG)
)
NAME_FIELDS: tuple[str, ...] = tuple(spec.name for spec in MEMBER_FIELDS if spec.kind is Kind.NAME)
# Intake collapses spaces in every text value, so stray spaces show as typed ≠ repaired; values
# built elsewhere (a web form) are checked directly on the fields used to match people.
VALUE_SPACING_FIELDS: tuple[str, ...] = (*NAME_FIELDS, "org")
_MAX_LENGTH = {spec.name: spec.max_length for spec in MEMBER_FIELDS}

LEGACY, CHARACTERS, PLACEMENT, TONES, SPACING = (
    "legacy",
    "characters",
    "placement",
    "tones",
    "spacing",
)
STYLE_NAMES: dict[ToneStyle, str] = {"new": "mới (hoà, thuỷ)", "old": "cũ (hòa, thủy)"}
# A syllable ending in oa/oe/uy whose tone sits on the first or second vowel: the two styles
# differ only there. Used to find candidates; `to_style` decides.
_STYLE_MARKS: dict[ToneStyle, str] = {
    "old": r"(?i)(?:[òóỏõọ][ae]|(?:^|[^q])[ùúủũụ]y)(?:$|[^\p{L}])",
    "new": r"(?i)(?:o[àáảãạèéẻẽẹ]|(?:^|[^q])u[ỳýỷỹỵ])(?:$|[^\p{L}])",
}
_CHARACTER_FIXES = frozenset(
    {
        "nfc",
        "zero-width",
        "fullwidth",
        "control-chars",
        "confusable-d",
        "confusable-letters",
        "replacement-char",
    }
)
_LEGACY_SCHEMES = ("tcvn3", "vni", "cp1258", "viqr", "utf8-mojibake")
# A word starting in lower case, or a capital next to lower-case letters inside a word
# ("nguyễn", "NGuyễn", "nGuyễn"); all-capital names are as the lý lịch writes them.
_MISCASED = r"(?:^|\s)\p{Ll}|\p{Lu}\p{Lu}\p{Ll}|\p{Ll}\p{Lu}"
_CLASS = pl.Struct({"kind": pl.Utf8, "detail": pl.Utf8})


def style_of(text: str) -> ToneStyle | None:
    """The tone style `text` is written in; None when both styles write it alike."""
    new, old = to_style(text, "new") == text, to_style(text, "old") == text
    if new == old:
        return None
    return "new" if new else "old"


def _collapse(text: str) -> str:
    return " ".join(text.split())


# How each legacy reading is named in messages.
_SCHEME_DETAILS: dict[str, str] = {
    "tcvn3": "chữ gõ bằng phông TCVN3 (ABC, .VnTime) nên hiện thành ký tự lạ.",
    "vni": "chữ gõ bằng phông VNI-Windows nên hiện thành ký tự lạ.",
    "viqr": "chữ gõ kiểu VIQR (dấu bằng ký hiệu như a' a` a?).",
    "cp1258": "chữ theo bảng mã Windows-1258 nên hiện thành ký tự lạ.",
    "utf8": "chữ Unicode (UTF-8) bị đọc nhầm theo bảng mã Windows-1252.",
}
# Table look-ups first; VIQR (a regular expression) last.
_LEGACY_SCHEMES_TRIED: tuple[Scheme, ...] = ("tcvn3", "vni", "cp1258", "viqr")


_TONE_TABLE = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def _loose(text: str) -> str:
    """Without tone marks, case and extra spaces: cheap, for comparing readings."""
    return " ".join(unicodedata.normalize("NFD", text).translate(_TONE_TABLE).casefold().split())


def _legacy_scheme(raw_text: str, repaired: str) -> str | None:
    """The legacy encoding whose table decoding of `raw_text` gives `repaired`, if one does.

    Decoding with a known table is cheap, unlike detecting the encoding again (`repair`, the
    fallback for what this does not explain). Intake may also have moved tone marks to the
    configured style or guessed capitals, hence the second, looser comparison.
    """
    wanted = _loose(repaired)
    for scheme in _LEGACY_SCHEMES_TRIED:
        found = decode(raw_text, scheme)
        if found != raw_text and (found == repaired or _loose(found) == wanted):
            return scheme
    try:
        undone = raw_text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if undone == repaired or _loose(undone) == wanted:
        return "utf8"
    return None


def classify(raw_text: str, repaired: str) -> dict[str, str | None]:
    """Why intake's repaired value differs from the cell as typed (cheapest explanation first)."""
    loose = _loose(repaired)
    composed = unicodedata.normalize("NFC", raw_text)
    if composed != raw_text and _loose(composed) == loose:
        return {"kind": CHARACTERS, "detail": "chữ Unicode dạng tổ hợp (NFD), không phải NFC."}
    collapsed = _collapse(raw_text)
    if collapsed == repaired:
        return {"kind": SPACING, "detail": None}
    if _loose(collapsed) == loose and compare_key(collapsed) == compare_key(repaired):
        if collapsed != raw_text:
            return {"kind": SPACING, "detail": None}
        if style_of(collapsed) is None and to_style(collapsed, "new") != collapsed:
            return {"kind": PLACEMENT, "detail": None}
        return {"kind": TONES, "detail": style_of(repaired)}
    scheme = _legacy_scheme(raw_text, repaired)
    if scheme is not None:
        return {"kind": LEGACY, "detail": _SCHEME_DETAILS[scheme]}
    result = repair(raw_text)
    if result.detected.startswith(_LEGACY_SCHEMES):
        return {"kind": LEGACY, "detail": result.notes[0] if result.notes else result.detected}
    notes = [
        note
        for fix, note in zip(result.fixes, result.notes, strict=False)
        if fix in _CHARACTER_FIXES
    ]
    detail = " ".join(notes) if notes else "có ký tự lạ; giá trị đã được sửa khi đọc tệp."
    return {"kind": CHARACTERS, "detail": detail}


_PAIRS = {
    "field": pl.Utf8,
    "value": pl.Utf8,
    "suggestion": pl.Utf8,
    "kind": pl.Utf8,
    "detail": pl.Utf8,
    "count": pl.UInt32,
}


_TONE_MARKS = "[\u0300\u0301\u0303\u0309\u0323]"


def _untoned(text: pl.Expr) -> pl.Expr:
    return text.str.normalize("NFD").str.replace_all(_TONE_MARKS, "")


def word_kind(typed: str) -> str:
    """A typed word whose tone mark differs from the repaired one: other style or misplaced."""
    return TONES if style_of(typed) is not None else PLACEMENT


def _tone_kinds(pairs: pl.DataFrame) -> pl.DataFrame:
    """Kind of pairs that differ only by tone marks, decided word by word (few distinct words)."""
    words = (
        pairs.select(
            pl.int_range(pl.len()).alias("_pair"),
            pl.col("value").str.split(" ").alias("_typed"),
            pl.col("suggestion").str.split(" ").alias("_kept"),
        )
        .explode("_typed", "_kept")
        .filter(pl.col("_typed") != pl.col("_kept"))
    )
    distinct = words["_typed"].unique().to_list()
    kinds = {word: word_kind(word) for word in distinct}
    verdict = (
        words.with_columns(pl.col("_typed").replace_strict(kinds).alias("_kind"))
        .group_by("_pair")
        .agg((pl.col("_kind") == PLACEMENT).any().alias("_misplaced"))
    )
    return (
        pairs.with_row_index("_pair")
        .with_columns(pl.col("_pair").cast(pl.Int64))
        .join(verdict.with_columns(pl.col("_pair").cast(pl.Int64)), on="_pair", how="left")
        .select(
            pl.exclude("_pair", "_misplaced"),
            pl.when(pl.col("_misplaced").fill_null(False))
            .then(pl.lit(PLACEMENT))
            .otherwise(pl.lit(TONES))
            .alias("kind"),
        )
    )


def _pairs(ctx: Context) -> pl.DataFrame:
    """Each distinct (typed, repaired) pair of every text field, classified, with its count.

    Spacing and tone-mark differences (the bulk: a list in the other tone style) are recognized
    with string expressions and a word-level look-up; only the rest goes through `classify`.
    """

    def build() -> pl.DataFrame:
        parts = []
        for name in TEXT_FIELDS:
            # The repaired text is a function of the typed text: grouping on it alone is enough.
            parts.append(
                ctx.table.lazy()
                .filter(raw(name) != pl.col(name))
                .group_by(raw(name).alias("value"))
                .agg(pl.col(name).first().alias("suggestion"), pl.len().alias("count"))
                .select(pl.lit(name).alias("field"), "value", "suggestion", "count")
                .collect(engine=ENGINE)
            )
        pairs = pl.concat(parts).sort("field", "value")
        value, kept = pl.col("value"), pl.col("suggestion")
        collapsed = value.str.replace_all(r"\s+", " ").str.strip_chars()
        # Stray spaces, possibly with tone marks restyled by intake as well.
        spacing = (collapsed == kept) | (
            (collapsed != value)
            & (collapsed.str.len_chars() == kept.str.len_chars())
            & (_untoned(collapsed) == _untoned(kept))
        )
        tones = (
            (value.str.normalize("NFC") == value)
            & (value.str.len_chars() == kept.str.len_chars())
            & (_untoned(value) == _untoned(kept))
        )
        pairs = pairs.with_columns(spacing.alias("_spacing"), (tones & ~spacing).alias("_tones"))
        spaced = pairs.filter("_spacing").select(
            pl.exclude("_spacing", "_tones"), pl.lit(SPACING).alias("kind")
        )
        toned = _tone_kinds(pairs.filter("_tones").drop("_spacing", "_tones"))
        style = None
        if toned.height:
            style = style_of(str(toned.filter(pl.col("kind") == TONES)["suggestion"].first() or ""))
        toned = toned.with_columns(
            pl.when(pl.col("kind") == TONES).then(pl.lit(style)).alias("detail")
        )
        rest = []
        for field, text, repaired, count in (
            pairs.filter(~pl.col("_spacing") & ~pl.col("_tones"))
            .select("field", "value", "suggestion", "count")
            .iter_rows()
        ):
            verdict = classify(text, repaired)
            rest.append((field, text, repaired, verdict["kind"], verdict["detail"], count))
        others = pl.DataFrame(rest, schema=_PAIRS, orient="row")
        return pl.concat(
            [
                frame.select(list(_PAIRS)).cast(pl.Schema(_PAIRS))
                for frame in (
                    spaced.with_columns(pl.lit(None, pl.Utf8).alias("detail")),
                    toned,
                    others,
                )
            ]
        )

    found = ctx.cached("text_pairs", build)
    assert isinstance(found, pl.DataFrame)
    return found


def _rows(ctx: Context, kind: str) -> pl.DataFrame:
    """The cells whose (typed, repaired) pair is of `kind`."""
    pairs = _pairs(ctx).filter(pl.col("kind") == kind)
    parts = []
    for name in pairs["field"].unique().sort().to_list():
        wanted = pairs.filter(pl.col("field") == name).drop("count", "kind", "suggestion")
        parts.append(
            ctx.table.lazy()
            .filter(raw(name) != pl.col(name))
            .select("_record", raw(name).alias("value"), pl.col(name).alias("suggestion"))
            .join(wanted.lazy(), on="value")
            .collect(engine=ENGINE)
        )
    if not parts:
        return pl.DataFrame(
            schema={
                "_record": pl.Int64,
                "value": pl.Utf8,
                "suggestion": pl.Utf8,
                "field": pl.Utf8,
                "detail": pl.Utf8,
            }
        )
    return pl.concat(parts)


def _legacy(ctx: Context) -> pl.DataFrame:
    return _rows(ctx, LEGACY)


def _characters(ctx: Context) -> pl.DataFrame:
    return _rows(ctx, CHARACTERS)


def _placement(ctx: Context) -> pl.DataFrame:
    return _rows(ctx, PLACEMENT)


def _style_pairs(style: ToneStyle) -> list[str]:
    """Vowel pairs that carry the tone where only `style` puts it ("oà" new, "òa" old)."""
    tones = "\u0300\u0301\u0309\u0303\u0323"
    pairs = []
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in tones:
            pair = first + second + tone if style == "new" else first + tone + second
            pair = unicodedata.normalize("NFC", pair)
            pairs += [pair, pair.capitalize(), pair.upper()]
    return pairs


def _written_in(ctx: Context, fields: list[str], style: ToneStyle) -> pl.DataFrame:
    """Cells typed in `style` that intake kept as typed (raw equals value)."""
    parts = []
    for name in fields:
        # Three steps, each on what the previous one kept (filters in one query are merged).
        kept = (
            ctx.table.lazy()
            .filter(raw(name) == pl.col(name))
            .select("_record", raw(name))
            .collect(engine=ENGINE)
        )
        marked = kept.filter(raw(name).str.contains_any(_style_pairs(style)))
        candidates = (
            marked.lazy()
            .filter(raw(name).str.contains(_STYLE_MARKS[style]))
            .select("_record", pl.lit(name).alias("field"), raw(name).alias("value"))
            .collect(engine=ENGINE)
        )
        parts.append(candidates)
    frame = pl.concat(parts)
    lookup = map_distinct(frame["value"], lambda text: style_of(text) == style, pl.Boolean)
    return frame.join(lookup, left_on="value", right_on="key").filter("result").drop("result")


def _mixed_styles(ctx: Context) -> pl.DataFrame:
    """Values in the style fewer cells of the list use (ties: the style intake did not keep)."""
    rewritten = _pairs(ctx).filter((pl.col("kind") == TONES) & pl.col("detail").is_not_null())
    if rewritten.height == 0:
        return pl.DataFrame(schema={"_record": pl.Int64, "field": pl.Utf8})
    kept: ToneStyle = rewritten["detail"][0]
    other: ToneStyle = "old" if kept == "new" else "new"
    fields = rewritten["field"].unique().sort().to_list()
    as_kept = _written_in(ctx, fields, kept)
    if int(rewritten["count"].sum()) <= as_kept.height:
        return _rows(ctx, TONES).select(
            "_record",
            "field",
            "value",
            "suggestion",
            pl.lit(STYLE_NAMES[other]).alias("style"),
            pl.lit(STYLE_NAMES[kept]).alias("dominant"),
        )
    return as_kept.select(
        "_record",
        "field",
        "value",
        pl.col("value")
        .map_elements(lambda text: to_style(text, other), return_dtype=pl.Utf8)
        .alias("suggestion"),
        pl.lit(STYLE_NAMES[kept]).alias("style"),
        pl.lit(STYLE_NAMES[other]).alias("dominant"),
    )


def _spacing(ctx: Context) -> pl.DataFrame:
    in_raw = _rows(ctx, SPACING).select("_record", "field", "value", "suggestion")
    in_value = per_field(
        ctx.table,
        VALUE_SPACING_FIELDS,
        lambda name: (
            pl.col(name).str.contains("  ", literal=True)
            | pl.col(name).str.starts_with(" ")
            | pl.col(name).str.ends_with(" ")
        ).fill_null(False),
        value=lambda name: pl.coalesce(raw(name), pl.col(name)),
        suggestion=lambda name: pl.col(name).str.replace_all(r"\s+", " ").str.strip_chars(),
    )
    both = pl.concat([in_raw, in_value], how="vertical_relaxed")
    return both.unique(subset=["_record", "field"], keep="first", maintain_order=True)


def _name_style(text: str) -> ToneStyle:
    return "old" if to_style(text, "old") == text else "new"


def _casing(ctx: Context) -> pl.DataFrame:
    parts = []
    for name in NAME_FIELDS:
        value = pl.col(name).str.replace_all(r"\s+", " ").str.strip_chars()
        suspicious = pl.col(name).str.contains(_MISCASED)
        candidates = (
            ctx.table.lazy()
            .filter(suspicious.fill_null(False))
            .select("_record", value.alias("key"), raw(name).alias("value"))
            .collect(engine=ENGINE)
        )
        lookup = map_distinct(
            candidates["key"],
            lambda text: normalize_name(text, tone_style=_name_style(text)),
            pl.Utf8,
        )
        part = (
            candidates.join(lookup, on="key", how="left")
            .filter(pl.col("result") != pl.col("key"))
            .select(
                "_record",
                pl.lit(name).alias("field"),
                "value",
                pl.col("result").alias("suggestion"),
            )
        )
        parts.append(part)
    return pl.concat(parts, how="vertical_relaxed")


def _too_long(ctx: Context) -> pl.DataFrame:
    return per_field(
        ctx.table,
        TEXT_FIELDS,
        lambda name: (pl.col(name).str.len_bytes() > _MAX_LENGTH[name]).fill_null(False),
        refine=lambda name: pl.col(name).str.len_chars() > _MAX_LENGTH[name],
        value=lambda name: pl.col(name),
        length=lambda name: pl.col(name).str.len_chars(),
        limit=lambda name: pl.lit(_MAX_LENGTH[name]),
    )


_TEXT_BASIS = "Văn bản Unicode dựng sẵn TCVN 6909:2001 (domain.md §9.2); phông cũ TCVN3/VNI"
RULES: tuple[Rule, ...] = (
    Rule(
        code="X01",
        dimension="clean",
        severity="warning",
        fields=TEXT_FIELDS,
        title="Chữ gõ bằng phông cũ hoặc lỗi mã",
        message="{label} «{value}» bị lỗi phông chữ: {detail}",
        check=_legacy,
        suggestion="giá trị đã chuyển sang Unicode",
        basis=_TEXT_BASIS,
    ),
    Rule(
        code="X02",
        dimension="clean",
        severity="warning",
        fields=TEXT_FIELDS,
        title="Chữ Unicode không chuẩn (tổ hợp, ký tự lạ)",
        message="{label} «{value}»: {detail}",
        check=_characters,
        suggestion="giá trị Unicode dựng sẵn (NFC), bỏ ký tự lạ",
        basis=_TEXT_BASIS,
    ),
    Rule(
        code="X03",
        dimension="clean",
        severity="warning",
        fields=TEXT_FIELDS,
        title="Dấu thanh đặt sai vị trí",
        message="{label} «{value}» đặt dấu thanh sai vị trí; đề xuất «{suggestion}».",
        check=_placement,
        suggestion="đặt lại dấu thanh đúng nguyên âm",
        basis="Quy tắc đặt dấu thanh tiếng Việt (ví dụ «Qúy» → «Quý»)",
    ),
    Rule(
        code="X04",
        dimension="clean",
        severity="info",
        fields=TEXT_FIELDS,
        title="Thừa khoảng trắng",
        message="{label} «{value}» có khoảng trắng thừa ở đầu, cuối hoặc giữa các từ.",
        check=_spacing,
        suggestion="bỏ khoảng trắng thừa",
        basis="Chuẩn hóa dữ liệu: một dấu cách giữa các từ",
    ),
    Rule(
        code="X05",
        dimension="clean",
        severity="warning",
        fields=NAME_FIELDS,
        title="Họ tên viết hoa, thường chưa đúng",
        message="{label} «{value}» viết hoa chưa đúng; đề xuất «{suggestion}».",
        check=_casing,
        suggestion="viết hoa chữ cái đầu mỗi tiếng",
        basis="Lý lịch mục 01: họ tên đúng như giấy tờ tùy thân (domain.md §1.2)",
    ),
    Rule(
        code="X06",
        dimension="clean",
        severity="info",
        fields=TEXT_FIELDS,
        title="Giá trị dài quá mức cho phép",
        message="{label} dài {length} ký tự, quá {limit} ký tự cho phép; rút gọn hoặc tách cột.",
        check=_too_long,
        basis="Từ điển dữ liệu: độ dài tối đa của trường",
    ),
    Rule(
        code="X07",
        dimension="consistent",
        severity="info",
        fields=TEXT_FIELDS,
        title="Danh sách dùng lẫn hai kiểu đặt dấu thanh",
        message=(
            "{label} «{value}» đặt dấu kiểu {style}, khác kiểu {dominant} mà phần lớn danh sách "
            "dùng; thống nhất một kiểu để tìm kiếm, đối soát."
        ),
        check=_mixed_styles,
        suggestion="viết theo kiểu đặt dấu phần lớn danh sách dùng",
        scope="cross_record",
        basis="Hai kiểu đặt dấu (hòa/hoà) đều đúng; một danh sách cần thống nhất một kiểu",
    ),
)
