"""What a column's values look like, for headers that do not say enough.

"ĐT" is a phone number in one list and the ethnic group (dân tộc) in another; "NS" is a birth date
or a birth place. The header alone cannot decide: a sample of the column's values can. The same
tests suggest a field for a column whose header is not recognized (shown, never applied).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from dangvien.quality.dictionary import (
    ENUM_VALUE_ALIASES,
    FieldSpec,
    Kind,
    fold_header,
    member_field,
)
from dangvien.refdata.catalogs import ethnicity, religion
from dangvien.vn.dates import parse_date
from dangvien.vn.phones import normalize_phone

Predicate = Callable[[str], bool]

SAMPLE_SIZE = 200
DECIDING_SHARE = 0.6  # a candidate field wins when this share of the sample fits it
SUGGESTION_SHARE = 0.8

# An Excel date (or date-time) cell as calamine renders it in a text column.
DATE_CELL = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_DIGITS = re.compile(r"[\s.\-]")
_LANGUAGE = re.compile(
    r"^(?:tieng\s+)?(?:anh|nga|phap|trung|hoa|duc|nhat|han|lao|khmer|thai lan)\b"
    r"|^(?:a|b|c)[12]?$|^(?:a|b|c)[12]?\s|toeic|ielts|toefl|bac\s*[1-6]\b|chung chi\s+[abc]"
)
_HAS_LETTER = re.compile(r"[^\W\d_]")
TRUE_TICKS = frozenset(
    {"x", "co", "1", "v", "yes", "y", "true", "dung", "da cai", "roi", "ok", "mien", "+"}
)
FALSE_TICKS = frozenset({"0", "khong", "k", "no", "n", "false", "chua", "chua cai", "-"})
_CHECKMARKS = frozenset({"✓", "✔", "☑", "√", "☒"})


def is_tick(value: str) -> bool | None:
    """True for "x", "Có", "1", "✓"; False for "Không", "0"; None for anything else."""
    text = value.strip()
    if text in _CHECKMARKS:
        return True
    folded = fold_header(text)
    if folded in TRUE_TICKS or text == "+":
        return True
    if folded in FALSE_TICKS or text == "-":
        return False
    return None


_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def enum_keys(spec: FieldSpec) -> dict[str, str]:
    """Folded spelling → code for a closed field: codes, labels and the dictionary's aliases."""
    keys: dict[str, str] = {}
    for code, label in (spec.choices or {}).items():
        for text in (code, label, _PARENTHESES.sub("", label)):
            keys.setdefault(fold_header(text), code)
    for code, aliases in ENUM_VALUE_ALIASES.get(spec.name, {}).items():
        for alias in aliases:
            keys.setdefault(fold_header(alias), code)
    return keys


def _member_enum(name: str) -> frozenset[str]:
    return frozenset(enum_keys(member_field(name)))


_GENDER_KEYS = _member_enum("gender") - {"1", "0"}  # digits alone say nothing about a column
_STATUS_KEYS = _member_enum("status")
_EXIT_KEYS = _member_enum("exit_kind")


def _is_phone(value: str) -> bool:
    digits = _DIGITS.sub("", value).removeprefix("+")
    return digits.isdigit() and 9 <= len(digits) <= 12 and normalize_phone(value).valid


def _is_citizen_id(value: str) -> bool:
    digits = _DIGITS.sub("", value)
    return digits.isdigit() and len(digits) in (11, 12)


def _is_legacy_id(value: str) -> bool:
    digits = _DIGITS.sub("", value)
    return digits.isdigit() and len(digits) in (8, 9)


def _is_date(value: str) -> bool:
    return bool(DATE_CELL.match(value)) or parse_date(value).value is not None


def _is_place(value: str) -> bool:
    return bool(_HAS_LETTER.search(value)) and not _is_date(value) and len(value.split()) >= 2


def _is_language(value: str) -> bool:
    return bool(_LANGUAGE.search(fold_header(value)))


def _is_text(value: str) -> bool:
    return bool(_HAS_LETTER.search(value)) and not _is_language(value) and not _is_date(value)


def _is_name(value: str) -> bool:
    words = value.split()
    return 2 <= len(words) <= 6 and all(word[:1].isupper() and word.isalpha() for word in words)


def _in_catalog(lookup: Callable[[str], object]) -> Predicate:
    def test(value: str) -> bool:
        match = lookup(value)
        return getattr(match, "entry", None) is not None or bool(getattr(match, "ambiguous", False))

    return test


PREDICATES: dict[str, Predicate] = {
    "full_name": _is_name,
    "gender": lambda value: fold_header(value) in _GENDER_KEYS,
    "status": lambda value: fold_header(value) in _STATUS_KEYS,
    "exit_kind": lambda value: fold_header(value) in _EXIT_KEYS,
    "phone": _is_phone,
    "citizen_id": _is_citizen_id,
    "legacy_id": _is_legacy_id,
    "birth_date": _is_date,
    "join_date": _is_date,
    "official_date": _is_date,
    "exit_date": _is_date,
    "birth_place": _is_place,
    "hometown": _is_place,
    "ethnicity": _in_catalog(lambda value: ethnicity().lookup(value)),
    "religion": _in_catalog(lambda value: religion().lookup(value)),
    "foreign_language": _is_language,
    "occupation": _is_text,
    "exempt": lambda value: is_tick(value) is not None,
}
# Fields a column of unknown header may be suggested as: values that identify themselves.
_SUGGESTABLE = ("citizen_id", "phone", "birth_date", "gender", "status", "ethnicity", "full_name")


def sample(values: Iterable[str | None], size: int = SAMPLE_SIZE) -> list[str]:
    """Up to `size` distinct non-blank values, in order of appearance."""
    seen: dict[str, None] = {}
    for value in values:
        if value is None:
            continue
        text = value.strip()
        if text and text not in seen:
            seen[text] = None
            if len(seen) >= size:
                break
    return list(seen)


def predicate_for(spec: FieldSpec) -> Predicate | None:
    """How to recognize a value of `spec` (member fields by name, any closed field by its codes)."""
    if spec.entity == "member" and spec.name in PREDICATES:
        return PREDICATES[spec.name]
    if spec.kind is Kind.ENUM:
        keys = frozenset(enum_keys(spec))
        return lambda value: fold_header(value) in keys
    if spec.kind is Kind.DATE:
        return _is_date
    if spec.kind is Kind.BOOL:
        return lambda value: is_tick(value) is not None
    return None


def share(values: Sequence[str], field: str, predicate: Predicate | None = None) -> float:
    predicate = predicate or PREDICATES.get(field)
    if predicate is None or not values:
        return 0.0
    return sum(1 for value in values if predicate(value)) / len(values)


def decide(
    values: Sequence[str],
    candidates: Sequence[str],
    predicates: Mapping[str, Predicate | None] | None = None,
) -> tuple[str, float] | None:
    """The candidate field the values fit best, with its share, when it fits well enough."""
    known = predicates or {}
    scored = sorted(
        (
            (share(values, field, known.get(field)), -index, field)
            for index, field in enumerate(candidates)
        ),
        reverse=True,
    )
    if not scored:
        return None
    best, _, field = scored[0]
    if best < DECIDING_SHARE:
        return None
    if len(scored) > 1 and scored[1][0] == best:
        return None
    return field, best


def suggest(values: Sequence[str], exclude: Iterable[str] = ()) -> tuple[str, float] | None:
    """A field an unrecognized column seems to hold (for the clerk to confirm in a template)."""
    taken = set(exclude)
    if len(values) < 3:
        return None
    for field in _SUGGESTABLE:
        if field in taken:
            continue
        fit = share(values, field)
        if fit >= SUGGESTION_SHARE:
            return field, fit
    return None
