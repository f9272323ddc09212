"""Organizations: matching names as written in lists to the commune's tree, and the tree's own file.

A list says "Chi bộ bản Lốc", "CB bản Lốc", "CHI BỘ BẢN LỐC" or just "Bản Lốc"; the tree has one
organization with code TL01. Matching uses accent-free keys with and without the kind words
("chi bộ", "đảng bộ"), and codes; a key that two organizations share matches neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from dangvien.intake.mapping import ColumnMappings
from dangvien.intake.rows import section_title
from dangvien.intake.values import Converter
from dangvien.quality.dictionary import ORG_FIELDS, ORG_KINDS, fold_header
from dangvien.quality.table import ORG_SCHEMA
from dangvien.vn.syllables import ToneStyle
from dangvien.vn.text import repair_text

_ABBREVIATIONS = (
    (re.compile(r"^cb\b"), "chi bo"),
    (re.compile(r"^db\b"), "dang bo"),
    (re.compile(r"^td\b"), "to dang"),
)
_KIND_WORDS = re.compile(
    r"^(?:chi bo(?: co so| truc thuoc)?|dang bo(?: co so| bo phan)?|to dang|dang uy)\s+"
)
_COMMUNE_WORDS = re.compile(r"^dang bo (?:xa|phuong|thi tran|dac khu)\b")


def org_key(text: str) -> str:
    key = fold_header(section_title(text))
    for pattern, expansion in _ABBREVIATIONS:
        key = pattern.sub(expansion, key)
    return key


def _short_key(key: str) -> str:
    return _KIND_WORDS.sub("", key)


def normalize_org_name(text: str, tone_style: ToneStyle = "new") -> str:
    """An organization name as written, decoded and without list numbering ("I. ", trailing ":")."""
    return " ".join(section_title(repair_text(text, tone_style=tone_style)).split())


class OrgMatcher:
    """Name or code as written → code of the commune's organization (ORG_SCHEMA frame)."""

    def __init__(self, orgs: pl.DataFrame) -> None:
        self._codes: dict[str, str] = {}
        full: dict[str, set[str]] = {}
        short: dict[str, set[str]] = {}
        for code, name in orgs.select("code", "name").iter_rows():
            if not code:
                continue
            self._codes[str(code).strip().casefold()] = str(code)
            if name:
                key = org_key(str(name))
                full.setdefault(key, set()).add(str(code))
                short.setdefault(_short_key(key), set()).add(str(code))
        self._full = {key: next(iter(codes)) for key, codes in full.items() if len(codes) == 1}
        self._short = {key: next(iter(codes)) for key, codes in short.items() if len(codes) == 1}

    def code_of(self, text: str | None) -> str | None:
        if not text or not text.strip():
            return None
        code = self._codes.get(text.strip().casefold())
        if code is not None:
            return code
        key = org_key(repair_text(text))
        return self._full.get(key) or self._short.get(_short_key(key)) or self._short.get(key)

    def codes(self, names: pl.Series) -> pl.Series:
        distinct = names.drop_nulls().unique().to_list()
        if not distinct:
            return pl.Series("org_code", [None] * len(names), dtype=pl.Utf8)
        found = [self.code_of(name) for name in distinct]
        return names.replace_strict(distinct, found, default=None, return_dtype=pl.Utf8).alias(
            "org_code"
        )


def infer_kind(name: str | None, parent_kind: str | None) -> str | None:
    """The kind a name states ("Chi bộ …" under a commune committee is a base cell)."""
    if not name:
        return None
    key = org_key(name)
    for code, label in ORG_KINDS.items():
        if key.startswith(fold_header(label)):
            return code
    if _COMMUNE_WORDS.match(key):
        return "commune_committee"
    if key.startswith("dang bo"):
        return "base_committee"
    if key.startswith("to dang"):
        return "group"
    if key.startswith("chi bo"):
        if parent_kind in ("base_committee", "section_committee"):
            return "sub_cell"
        return "base_cell"
    return None


def org_table(
    records: pl.DataFrame, mapping: ColumnMappings, names: dict[int, str], converter: Converter
) -> pl.DataFrame:
    """ORG_SCHEMA rows from the record rows of an organizations file."""
    by_field = mapping.fields()
    height = records.height
    sources = {
        names[by_field[spec.name].position]: spec
        for spec in ORG_FIELDS
        if spec.name in by_field and by_field[spec.name].role == "field"
    }
    converted = converter.convert(records, sources)
    columns = {spec.name: converted.get_column(spec.name) for spec in sources.values()}

    def get(name: str, dtype: pl.DataType) -> pl.Series:
        if name in columns:
            return columns[name]
        return pl.Series(name, [None] * height, dtype=dtype)

    code = get("code", pl.Utf8())
    name = get("name", pl.Utf8())
    parent = _parent_codes(code.to_list(), name.to_list(), get("parent", pl.Utf8()).to_list())
    kind = get("kind", pl.Utf8()).to_list()
    kinds_by_code = dict(zip(code.to_list(), kind, strict=True))
    kind = [
        value or infer_kind(org_name, kinds_by_code.get(parent_code))
        for value, org_name, parent_code in zip(kind, name.to_list(), parent, strict=True)
    ]
    dissolved = get("dissolved_on", pl.Date())
    active = get("active", pl.Boolean())
    active = pl.Series(
        "active",
        [
            flag if flag is not None else ended is None
            for flag, ended in zip(active.to_list(), dissolved.to_list(), strict=True)
        ],
        dtype=pl.Boolean,
    )
    frame = pl.DataFrame(
        {
            "code": code,
            "name": name,
            "kind": pl.Series("kind", kind, dtype=pl.Utf8),
            "parent_code": pl.Series("parent_code", parent, dtype=pl.Utf8),
            "area": get("area", pl.Utf8()),
            "active": active,
            "secretary": get("secretary", pl.Utf8()),
        }
    )
    return frame.select([pl.col(name).cast(dtype) for name, dtype in ORG_SCHEMA.items()])


def _parent_codes(
    codes: list[str | None], names: list[str | None], parents: Iterable[str | None]
) -> list[str | None]:
    """A parent written as a code of the file, or as the name of one of its organizations."""
    tree = pl.DataFrame({"code": codes, "name": names}, schema={"code": pl.Utf8, "name": pl.Utf8})
    matcher = OrgMatcher(tree)
    out: list[str | None] = []
    for parent in parents:
        if parent is None or not parent.strip():
            out.append(None)
        else:
            out.append(matcher.code_of(parent) or parent.strip())
    return out
