"""The catalog of planted defects and the planting driver.

Each class has a stable snake_case code (the `defect` column of the truth file), a Vietnamese
description, the field its truth rows usually name (`variants` list every field a class may name:
legacy fonts also hit hometown and birth place, missing values several fields…), a relative
weight and the rule it breaks (domain.md §8.2 and §10).

`generate()` plants `round(defect_rate × members)` record-level defects, shared among the classes
by weight (every class at least once when there are enough), on records drawn at random; about a
third of them land on a record that already has one, so faulty records carry one or two defects.
Two defects never touch the same field of a record, nor a field the other one reads, so each
truth row stays unambiguous.

Some defects change a companion field as well, listed in `DefectClass.also_changes` (for example
`join_before_18` moves the official date with the admission date so that only the age rule is
broken). Pair defects (`cccd_duplicate`, `card_duplicate`, `duplicate_person_two_cells`) write a
truth row for both records, each pointing at the other in `related_record`; the row of the record
left untouched has `planted_value == clean_value`. The second copy of a duplicated person is an
added record: its `org` row has the person's real cell as `clean_value`, and the variation typed
into the copy has its own row under the matching class (legacy font, missing CCCD, day and month
swapped in the birth date); a copy that only differs by tone-mark placement ("Hòa"/"Hoà") has no
extra row, since both placements are correct.

Organization defects (`org_under_3_official`, `org_no_secretary`) have `record` null, `field`
"org" and the cell's code in `org`; `planted_value` is the number of official members for the
first, null for the second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from dangvien.demo import model as m
from dangvien.demo import plant_dates as dates
from dangvien.demo import plant_identity as ident
from dangvien.demo import plant_text as text
from dangvien.demo.orgs import OrgPlan
from dangvien.demo.people import People
from dangvien.demo.plant_base import Context, Eligibility, Planter, Variant, everyone, present
from dangvien.demo.plant_duplicates import ORIGINAL_TOUCHES, duplicate_person
from dangvien.demo.rand import BoolArray, choice_index, stream


@dataclass(frozen=True)
class DefectClass:
    code: str
    description: str  # Vietnamese, for reports and the data guide
    field: str  # the field truth rows of this class name ("org" for organization defects)
    weight: float  # relative frequency among record-level defects (0 for organization defects)
    rule: str  # where the rule is described
    also_changes: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()


def _f(*names: str) -> frozenset[str]:
    return frozenset(names)


def _official(ctx: Context) -> BoolArray:
    return ctx.people.official


def _probationer(ctx: Context) -> BoolArray:
    return ~ctx.people.official


def _plain_member(ctx: Context) -> BoolArray:
    plain: BoolArray = ctx.people.position == 3
    return plain


def _exact_birth(ctx: Context) -> BoolArray:
    return ~ctx.people.year_only


def _both(*checks: Eligibility) -> Eligibility:
    def eligible(ctx: Context) -> BoolArray:
        result = np.ones(ctx.size, dtype=bool)
        for check in checks:
            result &= check(ctx)
        return result

    return eligible


def _young_joiners(ctx: Context) -> BoolArray:
    return ctx.people.join_age_months < 21 * 12


def _old_enough_for_60(ctx: Context) -> BoolArray:
    """Born early enough that a join at 60y2m–62y7m, plus 12 months, is before as_of."""
    by, bm, _ = ctx.people.birth
    birth_index = by * 12 + bm - 1
    return birth_index + 62 * 12 + 8 + 12 <= ctx.now_index


def _without_note(ctx: Context) -> BoolArray:
    return ~present(ctx, "note")


def _elderly(ctx: Context) -> BoolArray:
    return ctx.people.age_now_months >= 60 * 12


def _exempt(ctx: Context) -> BoolArray:
    return ctx.people.exempt


_DATES = _f("birth_date", "join_date", "official_date", "status")
# Fields the data dictionary requires only of members on the active roster (`required_for` =
# official and probationary): emptied on a record that also gets an exit (`deceased_active`,
# `transferred_active`), they would no longer be missing a required value, so the variants that
# empty them also claim `exit_kind`, which the completeness rules read.
_ACTIVE_ONLY = frozenset({"citizen_id", "gender", "ethnicity"})


def _missing_touches(name: str) -> frozenset[str]:
    return _f(name, "exit_kind") if name in _ACTIVE_ONLY else _f(name)


# code, Vietnamese description, field named by the truth, weight, rule, companion fields
_TABLE: tuple[tuple[str, str, str, float, str, tuple[str, ...]], ...] = (
    ("duplicate_person_two_cells", "Một người có tên ở hai chi bộ", "org", 2.5, "V15 §8.2", ()),
    ("cccd_duplicate", "Số CCCD trùng với đảng viên khác", "citizen_id", 2, "V04 §5.1", ()),
    ("card_duplicate", "Số thẻ đảng viên trùng với đảng viên khác", "card_number", 1, "V11", ()),
    ("legacy_font_tcvn3", "Chữ gõ phông TCVN3 (.VnTime) bị đọc sai mã", "full_name", 5, "§8.2", ()),
    ("legacy_font_vni", "Chữ gõ phông VNI-Windows bị đọc sai mã", "full_name", 3, "§8.2", ()),
    ("nfd_text", "Chữ Unicode tổ hợp (NFD) thay vì dựng sẵn (NFC)", "full_name", 4, "§8.2", ()),
    ("name_casing_spacing", "Họ tên sai chữ hoa/thường, thừa dấu cách", "full_name", 5, "§1.6", ()),
    ("cccd_missing", "Thiếu số CCCD", "citizen_id", 8, "V01", ()),
    ("cccd_lost_leading_zero", "Số CCCD mất số 0 đầu (Excel đổi thành số)", "citizen_id", 6,
     "V02 §5.1", ()),
    ("cccd_wrong_gender_digit", "Chữ số giới tính/thế kỷ của CCCD không khớp giới tính",
     "citizen_id", 3, "V03 §5.1", ()),
    ("cccd_wrong_birth_year", "Hai chữ số năm sinh của CCCD không khớp năm sinh", "citizen_id",
     3, "V03 §5.1", ()),
    ("cccd_bad_province", "Mã tỉnh của CCCD không thuộc 63 mã tỉnh", "citizen_id", 2,
     "V02 §5.2", ()),
    ("phone_11_digit", "Số di động 11 số cũ (trước năm 2018)", "phone", 4, "V05 §5.3", ()),
    ("phone_invalid", "Số điện thoại không hợp lệ (máy bàn, sai đầu số, thiếu số)", "phone", 3,
     "V05 §5.4", ()),
    ("phone_intl_format", "Số điện thoại ghi dạng quốc tế (+84)", "phone", 2, "V05 §5.4", ()),
    ("date_impossible", "Ngày không có thật (31/02, 31/04…)", "birth_date", 3, "V12", ()),
    ("date_swapped_day_month", "Ngày và tháng bị đảo chỗ", "join_date", 2, "V08 V12", ()),
    ("date_future", "Ngày sau thời điểm báo cáo", "official_date", 1, "V12", ()),
    ("join_before_18", "Vào Đảng khi chưa đủ 18 tuổi", "join_date", 2, "V06 §2.2",
     ("official_date",)),
    ("join_after_60", "Vào Đảng khi đã quá 60 tuổi", "join_date", 1, "V07 §2.2",
     ("official_date",)),
    ("official_not_12_months", "Ngày chính thức không đúng 12 tháng sau ngày vào Đảng",
     "official_date", 4, "V08 §2.3", ()),
    ("official_before_join", "Ngày chính thức trước ngày vào Đảng", "official_date", 1, "V12",
     ()),
    ("probation_overdue", "Dự bị quá 12 tháng chưa được công nhận chính thức", "status", 1.5,
     "V09 §2.3", ("official_date", "card_number")),
    ("missing_required", "Thiếu thông tin bắt buộc (ngày sinh, dân tộc, giới tính, ngày vào "
     "Đảng)", "birth_date", 4, "§1.6", ()),
    ("probationary_with_card", "Đảng viên dự bị đã có số thẻ", "card_number", 1.5, "V10 §2.5",
     ()),
    ("official_without_card", "Đảng viên chính thức chưa có số thẻ", "card_number", 3, "§2.5",
     ()),
    ("card_bad_format", "Số thẻ đảng viên sai định dạng 8 chữ số", "card_number", 2, "V11 §2.5",
     ()),
    ("deceased_active", "Đảng viên đã từ trần vẫn trong danh sách sinh hoạt", "exit_kind", 1.5,
     "V16 §2.8", ("exit_date",)),
    ("transferred_active", "Đảng viên đã chuyển sinh hoạt đi vẫn trong danh sách", "exit_kind",
     1, "V16 §2.8", ("exit_date",)),
    ("exempt_in_handbook", "Đảng viên miễn sinh hoạt vẫn được đưa vào Sổ tay",
     "handbook_installed", 1, "V17 §2.7", ()),
    ("ethnicity_variant", "Dân tộc ghi tên gọi khác (Mèo, H'Mông, Thái Đen…)", "ethnicity", 4,
     "V13 §6.1", ()),
    ("ethnicity_unknown", "Dân tộc không có trong danh mục", "ethnicity", 1, "V13 §6.1", ()),
    ("religion_variant", "Tôn giáo ghi tên gọi khác (Thiên chúa, Đạo Phật, Không tôn giáo…)",
     "religion", 2, "V13 §6.2", ()),
    ("education_variant", "Trình độ ghi không theo danh mục (12, Lớp 12, TC LLCT, ĐH…)",
     "general_education", 4, "§1.6", ()),
    ("address_pre2025", "Nơi thường trú/nơi ở ghi theo địa giới trước 01/7/2025",
     "permanent_address", 5, "V14 §7", ()),
    ("address_split_commune", "Địa chỉ cũ thuộc xã/thị trấn đã chia cho nhiều xã mới",
     "permanent_address", 2, "V14 §7.2", ()),
    ("org_under_3_official", "Chi bộ có dưới 3 đảng viên chính thức", "org", 0, "V18 §2.1", ()),
    ("org_no_secretary", "Chi bộ chưa có bí thư", "org", 0, "§2.1", ()),
)  # fmt: skip

Shares = tuple[tuple[str, float], ...]


def present_of(name: str) -> Eligibility:
    return lambda ctx: present(ctx, name)


def _anyone(_: str) -> Eligibility:
    return everyone


def _fields(
    planter: Callable[[str], Planter],
    shares: Shares,
    eligible: Callable[[str], Eligibility] = _anyone,
    touches: frozenset[str] | None = None,
) -> tuple[Variant, ...]:
    """One variant per field, each touching that field only (or `touches`)."""
    return tuple(
        Variant(name, touches or _f(name), eligible(name), planter(name), weight)
        for name, weight in shares
    )


def _one(
    name: str, touches: frozenset[str], eligible: Eligibility, planter: Planter
) -> tuple[Variant, ...]:
    return (Variant(name, touches, eligible, planter),)


def _variants() -> dict[str, tuple[Variant, ...]]:
    cccd = _f("citizen_id", "gender", "birth_date")
    card = _f("card_number", "status")
    gone = _f("exit_kind", "exit_date", "status", "org")
    names = (("full_name", 0.75), ("hometown", 0.15), ("birth_place", 0.10))
    old_places = (("permanent_address", 0.7), ("current_address", 0.3))
    split_places = (("permanent_address", 0.6), ("current_address", 0.4))
    has_cccd = present_of("citizen_id")
    return {
        "duplicate_person_two_cells": _one(
            "org", ORIGINAL_TOUCHES, _both(_official, _plain_member),
            duplicate_person("duplicate_person_two_cells"),
        ),
        "cccd_duplicate": _one(
            "citizen_id", cccd, has_cccd, ident.cccd_duplicate("cccd_duplicate")
        ),
        "card_duplicate": _one(
            "card_number", card, _official, ident.card_duplicate("card_duplicate")
        ),
        "legacy_font_tcvn3": _fields(
            lambda f: text.legacy_font("legacy_font_tcvn3", "tcvn3", f), names
        ),
        "legacy_font_vni": _fields(
            lambda f: text.legacy_font("legacy_font_vni", "vni", f),
            (("full_name", 0.75), ("hometown", 0.25)),
        ),
        "nfd_text": _fields(
            lambda f: text.nfd("nfd_text", f),
            (("full_name", 0.6), ("permanent_address", 0.2), ("hometown", 0.2)),
            present_of,
        ),
        "name_casing_spacing": _one(
            "full_name", _f("full_name"), everyone, text.name_casing("name_casing_spacing")
        ),
        "cccd_missing": _one("citizen_id", _missing_touches("citizen_id"), has_cccd,
                             ident.cccd_missing("cccd_missing")),
        "cccd_lost_leading_zero": _one(
            "citizen_id", _f("citizen_id"), has_cccd, ident.cccd_lost_zero("cccd_lost_leading_zero")
        ),
        "cccd_wrong_gender_digit": _one(
            "citizen_id", cccd, has_cccd, ident.cccd_gender_digit("cccd_wrong_gender_digit")
        ),
        "cccd_wrong_birth_year": _one(
            "citizen_id", cccd, has_cccd, ident.cccd_birth_year("cccd_wrong_birth_year")
        ),
        "cccd_bad_province": _one(
            "citizen_id", _f("citizen_id", "birth_place"), has_cccd,
            ident.cccd_bad_province("cccd_bad_province"),
        ),
        "phone_11_digit": _one(
            "phone", _f("phone"), ident.has_old_prefix, ident.phone_11_digit("phone_11_digit")
        ),
        "phone_invalid": _one(
            "phone", _f("phone"), ident.has_phone, ident.phone_invalid("phone_invalid")
        ),
        "phone_intl_format": _one(
            "phone", _f("phone"), ident.has_phone, ident.phone_international("phone_intl_format")
        ),
        "date_impossible": (
            Variant("birth_date", _f("birth_date"), _exact_birth,
                    dates.date_impossible("date_impossible", "birth_date"), 0.6),
            Variant("join_date", _DATES, everyone,
                    dates.date_impossible("date_impossible", "join_date"), 0.2),
            Variant("official_date", _DATES, _official,
                    dates.date_impossible("date_impossible", "official_date"), 0.2),
        ),
        "date_swapped_day_month": _fields(
            lambda f: dates.date_swapped("date_swapped_day_month", f),
            (("join_date", 0.5), ("official_date", 0.5)),
            lambda _: _both(_official, _exact_birth),
            _DATES,
        ),
        "date_future": _one(
            "official_date", _DATES, _probationer, dates.date_future("date_future")
        ),
        "join_before_18": _one(
            "join_date", _DATES | {"note"}, _both(_official, _exact_birth, _young_joiners),
            dates.join_before_18("join_before_18"),
        ),
        "join_after_60": _one(
            "join_date", _DATES | {"note"},
            _both(_official, _exact_birth, _old_enough_for_60, _without_note),
            dates.join_after_60("join_after_60"),
        ),
        "official_not_12_months": _one(
            "official_date", _DATES, _official,
            dates.official_not_12_months("official_not_12_months"),
        ),
        "official_before_join": _one(
            "official_date", _DATES, _official, dates.official_before_join("official_before_join")
        ),
        "probation_overdue": _one(
            "status", _DATES | {"card_number", "exit_kind"}, dates.overdue_candidates,
            dates.probation_overdue("probation_overdue"),
        ),
        "missing_required": (
            *(
                Variant(name, _missing_touches(name), everyone,
                        dates.missing("missing_required", name), weight)
                for name, weight in (("birth_date", 0.35), ("ethnicity", 0.3), ("gender", 0.15))
            ),
            Variant("join_date", _DATES, everyone, dates.missing("missing_required", "join_date"),
                    0.2),
        ),
        "probationary_with_card": _one(
            "card_number", card, _probationer, ident.card_for_probationer("probationary_with_card")
        ),
        "official_without_card": _one(
            "card_number", card, _official, ident.card_missing("official_without_card")
        ),
        "card_bad_format": _one(
            "card_number", card, _official, ident.card_bad_format("card_bad_format")
        ),
        "deceased_active": _one(
            "exit_kind", gone, _both(_official, _plain_member, _elderly),
            dates.still_active("deceased_active", m.DECEASED, 30),
        ),
        "transferred_active": _one(
            "exit_kind", gone, _plain_member,
            dates.still_active("transferred_active", m.TRANSFERRED_OUT, 20),
        ),
        "exempt_in_handbook": _one(
            "handbook_installed", _f("handbook_installed", "exempt"), _exempt,
            dates.exempt_in_handbook("exempt_in_handbook"),
        ),
        "ethnicity_variant": _one(
            "ethnicity", _f("ethnicity"),
            text.has_value_in("ethnicity", list(text.ETHNICITY_VARIANTS)),
            text.catalog_variant("ethnicity_variant", "ethnicity", text.ETHNICITY_VARIANTS),
        ),
        "ethnicity_unknown": _one(
            "ethnicity", _f("ethnicity"), present_of("ethnicity"),
            text.unknown_ethnicity("ethnicity_unknown"),
        ),
        "religion_variant": _one(
            "religion", _f("religion"), everyone,
            text.catalog_variant("religion_variant", "religion", text.RELIGION_VARIANTS),
        ),
        "education_variant": tuple(
            Variant(name, _f(name), text.has_value_in(name, list(options)),
                    text.catalog_variant("education_variant", name, options), weight)
            for (name, options), weight in zip(
                text.EDUCATION_VARIANTS.items(), (0.6, 0.3, 0.1), strict=True
            )
        ),
        "address_pre2025": tuple(
            Variant(name, _f(name), text.old_address_eligible(name, split=False),
                    text.old_address("address_pre2025", name), weight)
            for name, weight in old_places
        ),
        "address_split_commune": tuple(
            Variant(name, _f(name), text.old_address_eligible(name, split=True),
                    text.old_address("address_split_commune", name), weight)
            for name, weight in split_places
        ),
    }  # fmt: skip


def _classes() -> tuple[DefectClass, ...]:
    variants = _variants()
    return tuple(
        DefectClass(code, description, field, weight, rule, also, variants.get(code, ()))
        for code, description, field, weight, rule, also in _TABLE
    )


DEFECT_CLASSES: dict[str, DefectClass] = {c.code: c for c in _classes()}
ORG_DEFECTS: tuple[str, ...] = ("org_under_3_official", "org_no_secretary")
SECOND_DEFECT_SHARE = 0.3


def class_counts(total: int) -> dict[str, int]:
    """Instances per record-level class: largest remainder by weight, at least one each."""
    record_level = [c for c in DEFECT_CLASSES.values() if c.weight > 0]
    if total <= 0:
        return {c.code: 0 for c in record_level}
    minimum = 1 if total >= len(record_level) else 0
    spare = total - minimum * len(record_level)
    weights = np.array([c.weight for c in record_level])
    exact = weights / weights.sum() * spare
    counts = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: spare - int(counts.sum())]] += 1
    return {c.code: int(n) + minimum for c, n in zip(record_level, counts, strict=True)}


@dataclass
class _Candidates:
    """Eligible records of one variant, offered in random order without shuffling them all.

    Large pools are sampled with replacement (a record already used is simply skipped); after
    too many refusals, or for a small pool, the pool is shuffled once and walked to the end, so a
    class stops only when no eligible record is left.
    """

    pool: np.ndarray  # eligible member indices
    eligible: BoolArray
    order: np.ndarray | None = None
    position: int = 0
    buffer: list[int] = field(default_factory=list)
    misses: int = 0

    def next(self, rng: np.random.Generator) -> int | None:
        if self.order is None and (len(self.pool) <= _SHUFFLE_BELOW or self.misses > _MAX_MISSES):
            self.order = rng.permutation(self.pool)
        if self.order is not None:
            if self.position >= len(self.order):
                return None
            self.position += 1
            return int(self.order[self.position - 1])
        if not self.buffer:
            self.buffer = self.pool[rng.integers(0, len(self.pool), size=64)].tolist()
        return self.buffer.pop()


_SHUFFLE_BELOW = 20_000
_MAX_MISSES = 5_000


def plant_defects(
    people: People, plan: OrgPlan, as_of: dt.date, seed: int, defect_rate: float
) -> Context:
    """Plant record-level defects; the context holds the edits, copies and truth rows."""
    ctx = Context(people=people, plan=plan, as_of=as_of, rng=stream(seed, "defects"))
    counts = class_counts(round(defect_rate * people.size))
    candidates: dict[tuple[str, int], _Candidates] = {}
    faulty: list[int] = []
    for defect in DEFECT_CLASSES.values():
        count = counts.get(defect.code, 0)
        if not count:
            continue
        weights = [variant.weight for variant in defect.variants]
        firsts = choice_index(ctx.rng, weights, count).tolist()
        for first in firsts:
            for k in [first, *(k for k in range(len(weights)) if k != first)]:
                key = (defect.code, k)
                if key not in candidates:
                    eligible = defect.variants[k].eligible(ctx)
                    candidates[key] = _Candidates(np.flatnonzero(eligible), eligible)
                if _plant_one(ctx, defect.variants[k], candidates[key], faulty):
                    break
    return ctx


def _plant_one(ctx: Context, variant: Variant, found: _Candidates, faulty: list[int]) -> bool:
    if faulty and ctx.rng.random() < SECOND_DEFECT_SHARE:
        for pick in ctx.rng.integers(0, len(faulty), size=6).tolist():
            index = faulty[pick]
            if (
                index < ctx.size
                and found.eligible[index]
                and ctx.defects.get(index, 0) < 2
                and ctx.is_free(index, variant.touches)
                and _try(ctx, variant, index, faulty)
            ):
                return True
    while (index := found.next(ctx.rng)) is not None:
        if ctx.defects.get(index, 0) or not ctx.is_free(index, variant.touches):
            found.misses += 1
            continue
        if _try(ctx, variant, index, faulty):
            return True
        found.misses += 1
    return False


def _try(ctx: Context, variant: Variant, index: int, faulty: list[int]) -> bool:
    planted = variant.plant(ctx, index)
    if planted is None:
        return False
    if not ctx.defects.get(index):
        faulty.append(index)
    ctx.commit(index, variant.touches, planted)
    return True


def org_truth(plan: OrgPlan, officials: np.ndarray) -> pl.DataFrame:
    """Truth rows of the organization defects planned in `plan`."""
    rows: list[tuple[str, str, str | None]] = []
    for cell in range(plan.count):
        if plan.under_three[cell]:
            rows.append((plan.codes[cell], "org_under_3_official", str(int(officials[cell]))))
        if plan.no_secretary[cell]:
            rows.append((plan.codes[cell], "org_no_secretary", None))
    return pl.DataFrame(
        {
            "record": [None] * len(rows),
            "org": [code for code, _, _ in rows],
            "field": ["org"] * len(rows),
            "defect": [defect for _, defect, _ in rows],
            "clean_value": [None] * len(rows),
            "planted_value": [value for _, _, value in rows],
            "related_record": [None] * len(rows),
        },
        schema=m.TRUTH_SCHEMA,
    )
