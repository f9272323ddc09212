"""Property: whatever the size, seed and defect rate, the truth is exact and the rest is clean."""

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangvien.demo import generate
from dangvien.demo.tests.clean_rules import violations


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    members=st.integers(min_value=10, max_value=400),
    seed=st.integers(min_value=0, max_value=2**31),
    defect_rate=st.sampled_from([0.0, 0.05, 0.08, 0.2, 0.5]),
    as_of=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_any_commune_has_exact_truth_and_clean_records_elsewhere(
    members: int, seed: int, defect_rate: float, as_of: dt.date
) -> None:
    commune = generate(members, seed=seed, defect_rate=defect_rate, as_of=as_of)
    rows = {row["record"]: row for row in commune.members.iter_rows(named=True)}
    truth = commune.truth.filter(pl.col("record").is_not_null())
    for row in truth.iter_rows(named=True):
        assert rows[row["record"]][row["field"]] == row["planted_value"]
    flagged = set(truth["record"])
    for record, row in rows.items():
        if record not in flagged:
            assert violations(row, as_of) == [], (record, row)
    assert commune.members.height >= members
