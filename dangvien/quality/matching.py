"""Field-by-field comparison of candidate pairs, their Fellegi–Sunter weights and the evidence text.

Each field of a pair is put in one *level* (agrees exactly, agrees once the day and month are
swapped, one side missing, disagrees, ...). A level carries two probabilities: `m`, how often a
true duplicate shows it, and `u`, how often two different members do. The pair's weight is the
sum of log2(m/u) over the fields plus a prior, and the score is that weight read as a
probability. Missing values weigh nothing: a record without a CCCD is neither for nor against.

The probabilities start from what a second typing of a member looks like (domain.md §8.2), not
from training on the file at hand, so the same pair gets the same score in a 300-member commune
and in a national extract. Two adjustments read the file, both deterministic:

- term frequency: `u` of an exact name or hometown is how common that value is, since sharing
  "Nguyễn Văn Hùng" or the commune everybody was born in proves much less than sharing a rare
  name (frequencies are taken against at least `MIN_POPULATION` records: a small file is no
  sample of how common a name is);
- confirmed copies: `m` of the supporting fields (hometown, card number, sex, admission date,
  phone) is re-estimated from the pairs the file itself proves to be duplicates (same CCCD,
  same name and birth date), shrunk toward the fixed values (`estimate_m`). A file whose copies
  were made from the dossier learns that a different admission date means another person; a
  file retyped by hand learns to forgive it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import MappingProxyType

import polars as pl

from dangvien.quality.blocking import per_distinct
from dangvien.vn.columns import repair_frame
from dangvien.vn.text import repair
from dangvien.vn.tones import compare_key

__all__ = [
    "LEVELS",
    "MIN_POPULATION",
    "PRIOR_ODDS",
    "compare_pairs",
    "edit_similarity",
    "estimate_m",
    "prior_m",
    "weigh",
    "with_notes",
]

# Prior odds that two records of a commune-sized roster are the same person, before any field
# is compared: about one duplicate per 100 members in a table of 1,000.
PRIOR_ODDS = 1e-5
MIN_POPULATION = 10_000
# Lowest term frequencies: even a name seen once is shared by about one pair of members in
# 2,000 (Vietnamese full names are concentrated), and a commune's members mostly come from a
# handful of home communes.
NAME_FLOOR = 5e-4
HOMETOWN_FLOOR = 0.02
# Fields whose m is re-estimated from the file's confirmed duplicates (see `estimate_m`), and
# how many pseudo-pairs the fixed values count for.
LEARNED_FIELDS = ("hometown", "card_number", "gender", "join_date", "phone")
PRIOR_PAIRS = 20.0
SIMILAR_NAME = 0.85  # edit similarity of the accent-free keys from which names count as close

# field → level → (m, u); u None means "term frequency" (see module docstring).
_Level = tuple[float, float | None]
_LEVELS: dict[str, dict[str, _Level]] = {
    "name": {
        "exact": (0.819, None),
        "accents": (0.10, None),
        "middle_name": (0.04, 1e-3),
        "similar": (0.04, 3e-3),
        "different": (0.001, 1.0),  # a member's name is rarely retyped beyond recognition
    },
    "birth_date": {
        "exact": (0.80, 1 / (365.25 * 60)),
        "swapped": (0.05, 2e-5),
        "coarse": (0.03, 1 / 60),
        "partial": (0.07, 2e-3),
        "year": (0.02, 1 / 60),
        "different": (0.03, 0.98),
    },
    "hometown": {
        "exact": (0.85, None),
        "partial": (0.08, 0.05),
        "different": (0.07, 0.9),
    },
    # The CCCD is a lifelong state-issued number: a mistyped one is "near" (a digit off or two
    # swapped) or "restored" (a lost leading zero), so two unrelated valid numbers are two people.
    "citizen_id": {
        "equal": (0.91, 1e-6),
        "restored": (0.04, 1e-6),
        # The first six digits encode province, sex and birth year, so two members born the
        # same year in one province share them: a digit off is far likelier than 1 in 10⁵.
        "near": (0.0499, 1e-4),
        "different": (1e-4, 1.0),
    },
    # A second copy is typed from the same dossier: its card number and admission date are
    # copied, so a difference says "another person" nearly as loudly as a different CCCD.
    "card_number": {"equal": (0.97, 1e-6), "different": (0.03, 1.0)},
    "gender": {"equal": (0.97, 0.5), "different": (0.03, 0.5)},
    "join_date": {
        "exact": (0.85, 1e-3),
        "partial": (0.10, 0.03),
        "different": (0.05, 0.97),
    },
    "phone": {"equal": (0.60, 1e-4), "different": (0.40, 1.0)},
}
LEVELS: MappingProxyType[str, MappingProxyType[str, _Level]] = MappingProxyType(
    {field: MappingProxyType(levels) for field, levels in _LEVELS.items()}
)


def _bits(m: float, u: float) -> float:
    return math.log2(m / u)


def edit_similarity(left: str, right: str, *, at_least: float = 0.0) -> float:
    """1 − Levenshtein distance / longer length (1.0 for equal strings).

    With ``at_least``, 0.0 is returned as soon as the similarity is certain to stay below it
    (the smallest value of a row of the distance table never decreases), which makes the
    common case — two unrelated names — a few rows of work.
    """
    if left == right:
        return 1.0
    longest = max(len(left), len(right))
    if not left or not right:
        return 0.0
    limit = math.floor((1.0 - at_least) * longest + 1e-9)
    if abs(len(left) - len(right)) > limit:
        return 0.0
    previous = list(range(len(right) + 1))
    for i, char in enumerate(left, 1):
        current = [i]
        for j, other in enumerate(right, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return 0.0
        previous = current
    similarity = 1.0 - previous[-1] / longest
    return similarity if similarity >= at_least else 0.0


def _repaired_key(name: str) -> str:
    # Intake repairs names already; repairing again costs little on clean text and keeps a
    # legacy-font name that slipped through comparable with its Unicode twin.
    return compare_key(repair(name).value)


def _side(features: pl.DataFrame, suffix: str) -> pl.DataFrame:
    return features.rename({name: f"{name}_{suffix}" for name in features.columns})


def _both(name: str) -> tuple[pl.Expr, pl.Expr]:
    return pl.col(f"{name}_a"), pl.col(f"{name}_b")


def _missing(name: str) -> pl.Expr:
    a, b = _both(name)
    return a.is_null() | b.is_null()


def _name_level() -> pl.Expr:
    a, b = _both("name_compare")
    name_a, name_b = _both("name")
    surname_a, surname_b = _both("surname_key")
    given_a, given_b = _both("given_key")
    key_a, key_b = _both("name_key")
    return (
        pl.when(_missing("name_key"))
        .then(pl.lit("missing"))
        .when((name_a == name_b) | (a == b))
        .then(pl.lit("exact"))
        .when(key_a == key_b)
        .then(pl.lit("accents"))
        .when((surname_a == surname_b) & (given_a == given_b))
        .then(pl.lit("middle_name"))
        .when(pl.col("name_similarity") >= SIMILAR_NAME)
        .then(pl.lit("similar"))
        .otherwise(pl.lit("different"))
    )


def _birth_level() -> pl.Expr:
    a, b = _both("birth_date")
    precision_a, precision_b = _both("birth_precision")
    ya, yb = a.dt.year(), b.dt.year()
    ma, mb = a.dt.month(), b.dt.month()
    da, db = a.dt.day(), b.dt.day()
    both_days = (precision_a == "day") & (precision_b == "day")
    coarse = (((precision_a == "year") | (precision_b == "year")) & (ya == yb)) | (
        ((precision_a == "month") | (precision_b == "month")) & (ya == yb) & (ma == mb)
    )
    same_day_month = (ma == mb) & (da == db)
    # One mistyped or two swapped digits of the year keep day and month ("1965" for "1956").
    year_typo = same_day_month & (
        (_digit_differences(ya, yb, 4) == 1)
        | ((_digit_differences(ya, yb, 4) == 2) & _adjacent_transposition(ya, yb, 4))
    )
    return (
        pl.when(_missing("birth_date"))
        .then(pl.lit("missing"))
        .when(both_days & (a == b))
        .then(pl.lit("exact"))
        .when(both_days & (ya == yb) & (da == mb) & (ma == db))
        .then(pl.lit("swapped"))
        .when(~both_days & coarse)
        .then(pl.lit("coarse"))
        .when(both_days & (ya == yb) & ((ma == mb) | (da == db)))
        .then(pl.lit("partial"))
        .when(both_days & year_typo)
        .then(pl.lit("partial"))
        .when(ya == yb)
        .then(pl.lit("year"))
        .otherwise(pl.lit("different"))
    )


def _hometown_level() -> pl.Expr:
    a, b = _both("hometown_key")
    ca, cb = _both("hometown_compare")
    # The first comma-separated part is the commune: "Tam Lư, Quan Sơn" and "xã Tam Lư" agree on it.
    head_a = a.str.split(",").list.first().str.replace(r"^(xa|phuong|thi tran|dac khu) ", "")
    head_b = b.str.split(",").list.first().str.replace(r"^(xa|phuong|thi tran|dac khu) ", "")
    return (
        pl.when(_missing("hometown_key"))
        .then(pl.lit("missing"))
        .when((ca == cb) | (a == b))
        .then(pl.lit("exact"))
        .when(head_a.str.strip_chars() == head_b.str.strip_chars())
        .then(pl.lit("partial"))
        .otherwise(pl.lit("different"))
    )


def _digits(number: pl.Expr, width: int) -> list[pl.Expr]:
    # Integer arithmetic: an order of magnitude cheaper than slicing strings per position.
    return [(number // 10**position) % 10 for position in range(width)]


def _digit_differences(a: pl.Expr, b: pl.Expr, width: int) -> pl.Expr:
    pairs = zip(_digits(a, width), _digits(b, width), strict=True)
    return pl.sum_horizontal([(left != right).cast(pl.Int32) for left, right in pairs])


def _adjacent_transposition(a: pl.Expr, b: pl.Expr, width: int) -> pl.Expr:
    left, right = _digits(a, width), _digits(b, width)
    swaps = [
        (left[i] == right[i + 1]) & (left[i + 1] == right[i]) & (left[i] != right[i])
        for i in range(width - 1)
    ]
    return pl.any_horizontal(swaps)


# |a − b| of two numbers one digit apart is d·10^k; of two numbers with adjacent digits swapped,
# m·9·10^k. Cheap to test on every pair; the exact digit check then runs on those few.
_NEAR_DIFFERENCES = sorted(
    {digit * 10**position for digit in range(1, 10) for position in range(12)}
    | {digit * 9 * 10**position for digit in range(1, 10) for position in range(11)}
)


def _with_citizen_near(joined: pl.DataFrame) -> pl.DataFrame:
    a, b = _both("citizen_id_key")
    number_a, number_b = a.cast(pl.Int64, strict=False), b.cast(pl.Int64, strict=False)
    candidates = joined.filter(
        (a.str.len_chars() == b.str.len_chars())
        & (a != b)
        & (number_a - number_b).abs().is_in(_NEAR_DIFFERENCES)
    )
    differences = _digit_differences(number_a, number_b, 12)
    near = candidates.select(
        "record_a",
        "record_b",
        (
            (differences == 1)
            | ((differences == 2) & _adjacent_transposition(number_a, number_b, 12))
        ).alias("citizen_id_near"),
    )
    return joined.join(near, on=["record_a", "record_b"], how="left").with_columns(
        pl.col("citizen_id_near").fill_null(False)
    )


def _citizen_id_level() -> pl.Expr:
    a, b = _both("citizen_id_key")
    restored_a, restored_b = _both("citizen_id_restored")
    return (
        pl.when(_missing("citizen_id_key"))
        .then(pl.lit("missing"))
        .when((a == b) & (restored_a | restored_b))
        .then(pl.lit("restored"))
        .when(a == b)
        .then(pl.lit("equal"))
        .when(pl.col("citizen_id_near"))
        .then(pl.lit("near"))
        .otherwise(pl.lit("different"))
    )


def _equal_level(name: str) -> pl.Expr:
    a, b = _both(name)
    return (
        pl.when(_missing(name))
        .then(pl.lit("missing"))
        .when(a == b)
        .then(pl.lit("equal"))
        .otherwise(pl.lit("different"))
    )


def _join_level() -> pl.Expr:
    a, b = _both("join_date")
    return (
        pl.when(_missing("join_date"))
        .then(pl.lit("missing"))
        .when(a == b)
        .then(pl.lit("exact"))
        .when(a.dt.year() == b.dt.year())
        .then(pl.lit("partial"))
        .otherwise(pl.lit("different"))
    )


MTable = Mapping[str, Mapping[str, float]]


def prior_m() -> MTable:
    """The fixed m probabilities of `LEVELS`, field → level → m."""
    return {field: {name: m for name, (m, _) in levels.items()} for field, levels in LEVELS.items()}


def _weight(
    field: str, level: pl.Expr, m_table: MTable, frequency: pl.Expr | None = None
) -> pl.Expr:
    branches: list[pl.Expr] = []
    for name, (_, u) in LEVELS[field].items():
        m = m_table[field][name]
        if u is None:
            if frequency is None:
                raise ValueError(f"{field}.{name} needs a term frequency")
            value = (pl.lit(m) / frequency).log(2)
        else:
            value = pl.lit(_bits(m, u))
        branches.append(pl.when(level == name).then(value))
    return pl.coalesce([*branches, pl.lit(0.0)])


def estimate_m(compared: pl.DataFrame) -> MTable:
    """m of the supporting fields re-estimated from the duplicates the file itself confirms.

    Pairs sharing a CCCD whose names and birth dates agree are duplicates beyond doubt; how
    their hometown, card number, sex, admission date and phone compare is how *this* file's
    second copies differ (copied from the dossier, or retyped by another cell). Counts are
    shrunk toward the fixed values by `PRIOR_PAIRS` pseudo-pairs, so a small file with few
    confirmed pairs keeps the fixed model and the estimate can never reach 0 or 1.
    """
    anchors = compared.filter(
        pl.col("citizen_id_level").is_in(["equal", "restored"])
        & pl.col("name_level").is_in(["exact", "accents"])
        & pl.col("birth_date_level").is_in(["exact", "swapped", "coarse"])
    )
    table = {field: dict(levels) for field, levels in prior_m().items()}
    for field in LEARNED_FIELDS:
        column = f"{field}_level"
        counts = dict(
            anchors.filter(pl.col(column) != "missing").group_by(column).len().iter_rows()
        )
        observed = sum(counts.values())
        for level, prior in table[field].items():
            table[field][level] = (counts.get(level, 0) + PRIOR_PAIRS * prior) / (
                observed + PRIOR_PAIRS
            )
    return table


def weigh(compared: pl.DataFrame, m_table: MTable) -> pl.DataFrame:
    """``compared`` with `weight`: log2 of the posterior odds that the pair is one person."""
    weight = pl.lit(math.log2(PRIOR_ODDS)) + pl.sum_horizontal(
        _weight("name", pl.col("name_level"), m_table, pl.col("name_key_frequency")),
        _weight("birth_date", pl.col("birth_date_level"), m_table),
        _weight("hometown", pl.col("hometown_level"), m_table, pl.col("hometown_key_frequency")),
        _weight("citizen_id", pl.col("citizen_id_level"), m_table),
        _weight("card_number", pl.col("card_number_level"), m_table),
        _weight("gender", pl.col("gender_level"), m_table),
        _weight("join_date", pl.col("join_date_level"), m_table),
        _weight("phone", pl.col("phone_level"), m_table),
    )
    return compared.with_columns(weight.alias("weight"))


def _frequencies(features: pl.DataFrame, column: str, floor: float) -> pl.DataFrame:
    population = max(features.height, MIN_POPULATION)
    return (
        features.select(column)
        .drop_nulls()
        .group_by(column)
        .agg((pl.len() / population).clip(lower_bound=floor).alias(f"{column}_frequency"))
    )


def _lookup(values: pl.Series, function: Callable[[str], str | None], name: str) -> pl.DataFrame:
    distinct = values.drop_nulls().unique()
    return pl.DataFrame({"value": distinct, name: per_distinct(distinct, function)})


def _with_name_keys(joined: pl.DataFrame) -> pl.DataFrame:
    # Identical texts are the common case; repair and tone keys only for the others.
    differing = joined.filter(pl.col("name_a") != pl.col("name_b"))
    lookup = _lookup(
        pl.concat([differing["name_a"], differing["name_b"]]), _repaired_key, "compare"
    )
    for side in ("a", "b"):
        joined = joined.join(
            lookup.rename({"value": f"name_{side}", "compare": f"name_compare_{side}"}),
            on=f"name_{side}",
            how="left",
        )
    return joined


def _with_name_similarity(joined: pl.DataFrame) -> pl.DataFrame:
    # Python edit distance only where no cheaper level already decided the name.
    needed = joined.filter(
        (pl.col("name_key_a") != pl.col("name_key_b"))
        & ~(
            (pl.col("surname_key_a") == pl.col("surname_key_b"))
            & (pl.col("given_key_a") == pl.col("given_key_b"))
        ).fill_null(False)
    ).select("record_a", "record_b", "name_key_a", "name_key_b")
    values = [
        edit_similarity(a, b, at_least=SIMILAR_NAME)
        for a, b in zip(needed["name_key_a"].to_list(), needed["name_key_b"].to_list(), strict=True)
    ]
    scored = needed.select(
        "record_a", "record_b", pl.Series("name_similarity", values, dtype=pl.Float64)
    )
    return joined.join(scored, on=["record_a", "record_b"], how="left").with_columns(
        pl.col("name_similarity").fill_null(0.0)
    )


# Feature columns the levels read; the rest (raw text, names of organizations) is only needed
# for the evidence of the pairs that are kept.
_COMPARED = (
    "record",
    "name",
    "name_key",
    "surname_key",
    "given_key",
    "birth_date",
    "birth_precision",
    "hometown_key",
    "hometown_compare",
    "citizen_id_key",
    "citizen_id_restored",
    "card_key",
    "gender",
    "join_date",
    "phone",
    "exited",
)


def compare_pairs(pairs: pl.DataFrame, features: pl.DataFrame) -> pl.DataFrame:
    """``pairs`` (record_a, record_b) with one `<field>_level` column per field."""
    name_frequency = _frequencies(features, "name_key", NAME_FLOOR)
    hometown_frequency = _frequencies(features, "hometown_key", HOMETOWN_FLOOR)
    compared = features.select(_COMPARED)
    joined = pairs.join(_side(compared, "a"), on="record_a").join(
        _side(compared, "b"), on="record_b"
    )
    joined = _with_citizen_near(_with_name_similarity(_with_name_keys(joined)))
    joined = joined.join(
        name_frequency, left_on="name_key_a", right_on="name_key", how="left"
    ).join(hometown_frequency, left_on="hometown_key_a", right_on="hometown_key", how="left")
    levels = joined.with_columns(
        _name_level().alias("name_level"),
        _birth_level().alias("birth_date_level"),
        _hometown_level().alias("hometown_level"),
        _citizen_id_level().alias("citizen_id_level"),
        _equal_level("card_key").alias("card_number_level"),
        _equal_level("gender").alias("gender_level"),
        _join_level().alias("join_date_level"),
        _equal_level("phone").alias("phone_level"),
        (pl.col("exited_a") | pl.col("exited_b")).alias("one_exited"),
    )
    return levels


def with_notes(kept: pl.DataFrame, features: pl.DataFrame) -> pl.DataFrame:
    """Add what only the evidence needs, so it is worked out for the kept pairs alone.

    `same_org`: both records name the same organization (its code, else its name up to tone
    style and case); `name_tone_style`: the names differ only in where the tone marks sit;
    `name_repaired`: one of the names was typed in a legacy font (intake decoded it).
    """
    side_columns = features.select("record", "name_raw", "org_code", "org")
    for side in ("a", "b"):
        kept = kept.join(
            side_columns.rename({name: f"{name}_{side}" for name in side_columns.columns}),
            on=f"record_{side}",
            how="left",
        )
    orgs = pl.concat([kept["org_a"], kept["org_b"]])
    org_lookup = _lookup(orgs, compare_key, "org_compare")
    typed = (
        pl.concat(
            [
                kept.select(pl.coalesce(f"name_raw_{side}", f"name_{side}")).to_series()
                for side in "ab"
            ]
        )
        .drop_nulls()
        .unique()
    )
    detected = pl.DataFrame({"value": typed}).hstack(repair_frame(typed).select("detected"))
    for side in ("a", "b"):
        kept = kept.join(
            org_lookup.rename({"value": f"org_{side}", "org_compare": f"org_compare_{side}"}),
            on=f"org_{side}",
            how="left",
        ).with_columns(pl.coalesce(f"name_raw_{side}", f"name_{side}").alias(f"typed_{side}"))
        kept = kept.join(
            detected.rename({"value": f"typed_{side}", "detected": f"detected_{side}"}),
            on=f"typed_{side}",
            how="left",
        )
    folded = [
        pl.col(f"name_{side}").str.to_lowercase().str.split(" ").list.join(" ") for side in "ab"
    ]
    legacy = [
        pl.col(f"detected_{side}").is_not_null() & (pl.col(f"detected_{side}") != "clean")
        for side in "ab"
    ]
    return kept.with_columns(
        pl.coalesce(
            pl.when(pl.col("org_code_a").is_not_null() & pl.col("org_code_b").is_not_null()).then(
                pl.col("org_code_a") == pl.col("org_code_b")
            ),
            pl.col("org_compare_a") == pl.col("org_compare_b"),
        ).alias("same_org"),
        (
            (pl.col("name_a") != pl.col("name_b"))
            & (pl.col("name_compare_a") == pl.col("name_compare_b"))
            & (folded[0] != folded[1])
        )
        .fill_null(False)
        .alias("name_tone_style"),
        (legacy[0] | legacy[1]).alias("name_repaired"),
    )
