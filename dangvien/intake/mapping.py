"""Column headers → fields of the data dictionary, each with a confidence and a reason.

Matching goes from sure to unsure: a saved template, the dictionary's aliases as written, the same
without diacritics, the header without its decorations ("1. Họ và tên (*)"), an alias contained in
a longer header, and finally the column's content for abbreviations that mean two things ("ĐT",
"NS"). A column that matches nothing is kept in `_extra`, never dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from dangvien.intake import content
from dangvien.intake.errors import IntakeError
from dangvien.intake.grid import column_letter
from dangvien.quality.dictionary import MEMBER_FIELDS, FieldSpec, fold_header, header_aliases
from dangvien.vn.text import repair_text

Role = Literal["field", "extra", "index", "derived"]

# Headers of the running-number column (STT), ignored: the reader numbers records itself.
INDEX_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu", "record", "no"})

# Abbreviations that mean two fields; the dictionary's field is the default, content decides.
AMBIGUOUS_HEADERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "dt": ("phone", "ethnicity"),  # điện thoại / dân tộc
        "d t": ("phone", "ethnicity"),
        "ns": ("birth_date", "birth_place"),  # ngày (năm) sinh / nơi sinh
        "nn": ("foreign_language", "occupation"),  # ngoại ngữ / nghề nghiệp
    }
)

EXACT, FOLDED, UNDECORATED, TEMPLATE = 1.0, 0.95, 0.9, 1.0
CONTAINED_BASE, CONTAINED_SPAN = 0.6, 0.25
CONTENT_MAX = 0.85
DEFAULT_OF_AMBIGUOUS = 0.5

_NUMBERING = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[IVXivx]{1,4}[.)])\s*")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TRAILING = re.compile(r"[\s*:.]+$")
_VOWELS = frozenset("aeiouy")


def clean_header(text: str) -> str:
    """Header text as a person reads it: legacy fonts decoded, one line, single spaces."""
    repaired = repair_text(" ".join(text.split()))
    return " ".join(repaired.split())


def _undecorated(text: str) -> str:
    text = _NUMBERING.sub("", text)
    text = _PARENTHESES.sub(" ", text)
    return _TRAILING.sub("", " ".join(text.split()))


@dataclass(frozen=True)
class HeaderMatch:
    field: str | None
    confidence: float
    reason: str
    candidates: tuple[str, ...] = ()  # set when the content of the column must decide
    index: bool = False  # the STT column


@dataclass(frozen=True)
class MappingTemplate:
    """A named, reusable header → field mapping (field None: keep the column in `_extra`)."""

    name: str
    columns: Mapping[str, str | None]

    def lookup(self, header: str) -> tuple[bool, str | None]:
        key = fold_header(header)
        for written, target in self.columns.items():
            if fold_header(written) == key:
                return True, target
        return False, None

    def to_json(self) -> str:
        return json.dumps(
            {"name": self.name, "version": 1, "columns": dict(self.columns)},
            ensure_ascii=False,
            indent=2,
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(
        cls, path: str | Path, *, fields: Sequence[FieldSpec] = MEMBER_FIELDS
    ) -> MappingTemplate:
        name = Path(path).name
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise IntakeError(
                "template", f"không đọc được mẫu ánh xạ: {error}", file=name
            ) from None
        return cls.from_dict(data, source=name, fields=fields)

    @classmethod
    def from_dict(
        cls, data: Any, *, source: str = "mẫu", fields: Sequence[FieldSpec] = MEMBER_FIELDS
    ) -> MappingTemplate:
        if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
            raise IntakeError(
                "template", "mẫu ánh xạ phải có «name» và «columns» {tiêu đề: trường}.", file=source
            )
        known = {spec.name for spec in fields}
        columns: dict[str, str | None] = {}
        for header, target in data["columns"].items():
            if target is not None and target not in known:
                raise IntakeError(
                    "template",
                    f"mẫu ánh xạ gán cột «{header}» cho trường không có trong từ điển «{target}».",
                    file=source,
                )
            columns[str(header)] = target
        return cls(name=str(data.get("name") or source), columns=MappingProxyType(columns))

    @classmethod
    def from_mapping(cls, name: str, mapping: ColumnMappings) -> MappingTemplate:
        columns = {
            column.header: column.field
            for column in mapping.columns
            if column.role in ("field", "extra") and column.header
        }
        return cls(name=name, columns=MappingProxyType(columns))


class FieldMatcher:
    """Matches one header text against the dictionary (and a template, when given)."""

    def __init__(
        self,
        fields: Sequence[FieldSpec] = MEMBER_FIELDS,
        *,
        template: MappingTemplate | None = None,
        ambiguous: Mapping[str, tuple[str, ...]] = AMBIGUOUS_HEADERS,
    ) -> None:
        self.fields = tuple(fields)
        self.template = template
        names = {spec.name for spec in self.fields}
        self.ambiguous = {
            key: tuple(name for name in targets if name in names)
            for key, targets in ambiguous.items()
        }
        self._exact: dict[str, list[str]] = {}
        self._folded: dict[str, list[str]] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for spec in self.fields:
            for alias in (spec.name, spec.label, *spec.aliases):
                _add(self._exact, alias.casefold(), spec.name)
            for alias in header_aliases(spec):
                folded = fold_header(alias)
                _add(self._folded, folded, spec.name)
                tokens = tuple(folded.split())
                if len(tokens) >= 2 or (tokens and _abbreviation(tokens[0])):
                    self._phrases.setdefault(tokens[0], []).append((tokens, spec.name))
        self._labels = {spec.name: spec.label for spec in self.fields}
        self.predicates = {spec.name: content.predicate_for(spec) for spec in self.fields}
        self._cache: dict[str, HeaderMatch | None] = {}

    def label(self, name: str) -> str:
        return self._labels.get(name, name)

    def match(self, header: str) -> HeaderMatch | None:
        if header not in self._cache:
            self._cache[header] = self._match(header)
        return self._cache[header]

    def template_match(self, header: str) -> HeaderMatch | None:
        if self.template is None:
            return None
        found, target = self.template.lookup(header)
        if not found:
            return None
        reason = f"theo mẫu «{self.template.name}»"
        if target is None:
            return HeaderMatch(None, TEMPLATE, reason + ": giữ trong cột phụ")
        return HeaderMatch(target, TEMPLATE, reason)

    def _match(self, header: str) -> HeaderMatch | None:
        if not header.strip():
            return None
        from_template = self.template_match(header)
        if from_template is not None:
            return from_template
        # The header as written first: repairing a short upper-case abbreviation can misread it
        # as a legacy font; legacy-font headers ("Hä vµ tªn") only match once repaired.
        written = " ".join(header.split())
        found = self._match_text(written)
        if found is None:
            repaired = clean_header(header)
            if repaired != written:
                found = self._match_text(repaired)
        return found

    def _match_text(self, text: str) -> HeaderMatch | None:
        folded = fold_header(text)
        if folded in INDEX_HEADERS or fold_header(_undecorated(text)) in INDEX_HEADERS:
            return HeaderMatch(None, 1.0, "cột số thứ tự (bỏ qua)", index=True)
        if folded in self.ambiguous:
            candidates = self.ambiguous[folded]
            return HeaderMatch(
                candidates[0], DEFAULT_OF_AMBIGUOUS, "viết tắt nhiều nghĩa", candidates=candidates
            )
        if text.casefold() in self._exact:
            return _found(self._exact[text.casefold()], EXACT, "trùng tên cột trong từ điển")
        if folded in self._folded:
            return _found(self._folded[folded], FOLDED, "trùng tên cột khi bỏ dấu")
        bare = fold_header(_undecorated(text))
        if bare in self.ambiguous:
            candidates = self.ambiguous[bare]
            return HeaderMatch(
                candidates[0], DEFAULT_OF_AMBIGUOUS, "viết tắt nhiều nghĩa", candidates=candidates
            )
        if bare and bare in self._folded:
            return _found(
                self._folded[bare], UNDECORATED, "trùng tên cột khi bỏ số thứ tự, ghi chú"
            )
        return self._contained(bare or folded)

    def _contained(self, folded: str) -> HeaderMatch | None:
        tokens = tuple(folded.split())
        if not tokens:
            return None
        best: dict[str, int] = {}
        for start, token in enumerate(tokens):
            for phrase, name in self._phrases.get(token, ()):
                if tokens[start : start + len(phrase)] == phrase:
                    best[name] = max(best.get(name, 0), len(phrase))
        if not best:
            return None
        longest = max(best.values())
        winners = tuple(name for name, size in best.items() if size == longest)
        confidence = round(CONTAINED_BASE + CONTAINED_SPAN * longest / len(tokens), 2)
        if len(winners) > 1:
            return HeaderMatch(
                winners[0], DEFAULT_OF_AMBIGUOUS, "tiêu đề chứa tên của nhiều trường", winners
            )
        return HeaderMatch(winners[0], confidence, "tiêu đề chứa tên trường")


def _add(index: dict[str, list[str]], key: str, name: str) -> None:
    names = index.setdefault(key, [])
    if name not in names:
        names.append(name)


def _found(names: list[str], confidence: float, reason: str) -> HeaderMatch:
    if len(names) == 1:
        return HeaderMatch(names[0], confidence, reason)
    # One header for two fields of the dictionary ("Loại hình": kind or area): content decides.
    return HeaderMatch(
        names[0], DEFAULT_OF_AMBIGUOUS, "tên cột dùng cho nhiều trường", tuple(names)
    )


def _abbreviation(token: str) -> bool:
    """ "cccd", "llct", "sdt": distinctive enough to be found inside a longer header."""
    return len(token) >= 3 and not (set(token) & _VOWELS)


# --- the mapping of one table ----------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """How one column of the file is used. `position` is the sheet column (0 = A), -1 if derived."""

    position: int
    header: str  # as in the file; two header rows are joined with " / "
    field: str | None
    confidence: float
    reason: str
    role: Role
    suggestion: str | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.position) if self.position >= 0 else ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "column": self.header,
            "letter": self.letter or None,
            "field": self.field,
            "confidence": self.confidence,
            "reason": self.reason,
            "role": self.role,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class ColumnMappings:
    columns: tuple[ColumnMapping, ...] = field(default_factory=tuple)

    def fields(self) -> dict[str, ColumnMapping]:
        return {c.field: c for c in self.columns if c.role in ("field", "derived") and c.field}

    def extras(self) -> list[ColumnMapping]:
        return [c for c in self.columns if c.role == "extra"]

    def to_json(self) -> list[dict[str, Any]]:
        return [c.as_dict() for c in self.columns if c.role != "index"]


@dataclass(frozen=True)
class HeaderCell:
    position: int  # sheet column
    parts: tuple[str, ...]  # header texts, top row first (one or two)

    @property
    def text(self) -> str:
        return " / ".join(self.parts)


def match_cell(matcher: FieldMatcher, cell: HeaderCell) -> HeaderMatch | None:
    """A template entry for the whole header first; then the lower header row alone ("GDPT"
    under "Trình độ"), then both rows read together ("Ngày tháng năm" over "Vào Đảng")."""
    if not cell.parts:
        return None
    if matcher.template is not None and len(cell.parts) > 1:
        found = matcher.template_match(cell.text)
        if found is not None:
            return found
    found = matcher.match(cell.parts[-1])
    if found is None and len(cell.parts) > 1:
        found = matcher.match(" ".join(cell.parts))
    return found


def map_columns(
    matcher: FieldMatcher,
    cells: Sequence[HeaderCell],
    values: Mapping[int, Sequence[str]],
) -> ColumnMappings:
    """Mappings for the header cells; `values` holds a content sample per sheet column."""
    chosen: list[ColumnMapping] = []
    for cell in cells:
        found = match_cell(matcher, cell)
        sample = values.get(cell.position, ())
        if found is None:
            chosen.append(_extra(cell, "không nhận ra tiêu đề: giữ trong cột phụ"))
        elif found.index:
            chosen.append(ColumnMapping(cell.position, cell.text, None, 1.0, found.reason, "index"))
        elif found.field is None:
            chosen.append(_extra(cell, found.reason))
        elif found.candidates:
            chosen.append(_by_content(matcher, cell, found, sample))
        else:
            chosen.append(
                ColumnMapping(
                    cell.position, cell.text, found.field, found.confidence, found.reason, "field"
                )
            )
    return ColumnMappings(tuple(_suggest(_deduplicate(matcher, chosen), values)))


def _extra(cell: HeaderCell, reason: str) -> ColumnMapping:
    header = cell.text or f"Cột {column_letter(cell.position)}"
    return ColumnMapping(cell.position, header, None, 0.0, reason, "extra")


def _by_content(
    matcher: FieldMatcher, cell: HeaderCell, found: HeaderMatch, sample: Sequence[str]
) -> ColumnMapping:
    decided = content.decide(sample, found.candidates, matcher.predicates)
    names = ", ".join(matcher.label(name) for name in found.candidates)
    if decided is None:
        return ColumnMapping(
            cell.position,
            cell.text,
            found.field,
            found.confidence,
            f"{found.reason} ({names}); nội dung cột chưa đủ rõ, tạm hiểu là "
            f"«{matcher.label(found.field or '')}»",
            "field",
        )
    name, fit = decided
    return ColumnMapping(
        cell.position,
        cell.text,
        name,
        round(min(CONTENT_MAX, fit * CONTENT_MAX), 2),
        f"{found.reason} ({names}); nội dung cột cho thấy là «{matcher.label(name)}» "
        f"({fit:.0%} giá trị phù hợp)",
        "field",
    )


def _deduplicate(matcher: FieldMatcher, columns: list[ColumnMapping]) -> list[ColumnMapping]:
    """One column per field: the surest wins (the leftmost on a tie); the others go to `_extra`."""
    winners: dict[str, ColumnMapping] = {}
    for column in columns:
        if column.role != "field" or column.field is None:
            continue
        current = winners.get(column.field)
        if current is None or column.confidence > current.confidence:
            winners[column.field] = column
    out: list[ColumnMapping] = []
    for column in columns:
        if column.role == "field" and column.field and winners[column.field] is not column:
            kept = winners[column.field]
            out.append(
                ColumnMapping(
                    column.position,
                    column.header,
                    None,
                    0.0,
                    f"trùng trường «{matcher.label(column.field)}» với cột {kept.letter} "
                    f"«{kept.header}»: giữ trong cột phụ",
                    "extra",
                    suggestion=column.field,
                )
            )
        else:
            out.append(column)
    return out


def _suggest(
    columns: list[ColumnMapping], values: Mapping[int, Sequence[str]]
) -> Iterable[ColumnMapping]:
    mapped = {c.field for c in columns if c.role == "field" and c.field}
    for column in columns:
        if column.role == "extra" and column.suggestion is None:
            guess = content.suggest(values.get(column.position, ()), exclude=mapped)
            if guess is not None:
                yield ColumnMapping(
                    column.position,
                    column.header,
                    None,
                    0.0,
                    column.reason,
                    "extra",
                    suggestion=guess[0],
                )
                continue
        yield column
