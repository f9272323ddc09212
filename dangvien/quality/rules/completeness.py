"""Completeness (đủ): one rule per field that the data dictionary requires in some member state.

Required-ness and severity come from the dictionary (`required_for`, `required_when`,
`completeness_severity`); only the stable codes are kept here, so that adding a required field to
the dictionary without giving it a code fails a test instead of silently shifting codes.
A record whose state is unknown (no recognizable status, no exit) is judged like an active member
for the fields every active member needs.
"""

from __future__ import annotations

import polars as pl

from dangvien.quality.dictionary import ACTIVE, MEMBER_FIELDS, FieldSpec
from dangvien.quality.rules.base import Context, Rule, blank, hits, lower_first, state

CODES: dict[str, str] = {
    "full_name": "C01",
    "gender": "C02",
    "birth_date": "C03",
    "birth_place": "C04",
    "hometown": "C05",
    "permanent_address": "C06",
    "ethnicity": "C07",
    "religion": "C08",
    "citizen_id": "C09",
    "phone": "C10",
    "org": "C11",
    "status": "C12",
    "join_date": "C13",
    "official_date": "C14",
    "card_number": "C15",
    "dossier_number": "C16",
    "general_education": "C17",
    "exit_date": "C18",
}

_STATE_WORDS = {
    "official": "đảng viên chính thức",
    "probationary": "đảng viên dự bị",
    "exited": "đảng viên đã ra khỏi danh sách",
}
_BASIS = {
    "citizen_id": (
        "Chiến dịch làm sạch dữ liệu 2025: 100% đảng viên có số định danh (domain.md §8.1)"
    ),
    "card_number": "Thẻ đảng viên chỉ cấp cho đảng viên chính thức (domain.md §2.5)",
    "official_date": "Ngày chính thức = ngày vào Đảng + 12 tháng (domain.md §2.3)",
    "exit_date": "Tình trạng ra khỏi Đảng cần ngày (domain.md §2.8)",
    "phone": "Trường tóm tắt của Sổ tay đảng viên điện tử (QĐ 339-QĐ/TW, domain.md §1.5)",
}


def required_fields() -> tuple[FieldSpec, ...]:
    return tuple(spec for spec in MEMBER_FIELDS if spec.required_for or spec.required_when)


def _who(spec: FieldSpec) -> str:
    states = [s for s in ("official", "probationary", "exited") if s in spec.required_for]
    if set(states) == {"official", "probationary", "exited"}:
        who = "mọi đảng viên"
    elif set(states) == set(ACTIVE):
        who = "đảng viên đang sinh hoạt"
    else:
        who = ", ".join(_STATE_WORDS[s] for s in states)
    if spec.required_when:
        when = "khi có tình trạng ra khỏi Đảng"
        who = f"{who}, {when}" if states else when
    return who


def _required_mask(spec: FieldSpec) -> pl.Expr:
    states = sorted(spec.required_for)
    mask = state().is_in(states).fill_null(False) if states else pl.lit(False)
    if spec.required_for >= ACTIVE:
        mask = mask | state().is_null()
    if spec.required_when:
        mask = mask | pl.col(spec.required_when).is_not_null()
    return mask


def _rule(spec: FieldSpec) -> Rule:
    mask = _required_mask(spec) & pl.col(spec.name).is_null()

    def check(ctx: Context) -> pl.DataFrame:
        return hits(ctx.table, mask, refine=blank(spec.name), value=pl.lit(None, dtype=pl.Utf8))

    fields = tuple(
        dict.fromkeys((spec.name, "status", "exit_kind", spec.required_when or "status"))
    )
    return Rule(
        code=CODES[spec.name],
        dimension="complete",
        severity=spec.completeness_severity,
        fields=fields,
        title=f"Thiếu {lower_first(spec.label)}",
        message=f"Chưa có {lower_first(spec.label)} (bắt buộc với {_who(spec)}).",
        check=check,
        basis=_BASIS.get(spec.name, "Từ điển dữ liệu: trường bắt buộc theo tình trạng đảng viên"),
        implements=("V01",) if spec.name == "citizen_id" else (),
        target=spec.name,
    )


RULES: tuple[Rule, ...] = tuple(_rule(spec) for spec in required_fields())
