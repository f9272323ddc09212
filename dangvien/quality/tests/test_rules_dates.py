import datetime as dt

import pytest

from dangvien.quality.tests.rule_cases import AS_OF, findings, fires, member, one

D = dt.date


@pytest.mark.parametrize(
    ("birth", "join", "under_18"),
    [
        (D(1980, 3, 5), D(1998, 3, 4), True),  # one day short of 18
        (D(1980, 3, 5), D(1998, 3, 5), False),  # exactly 18
        (D(1980, 3, 5), D(1997, 12, 1), True),
        (D(1980, 2, 29), D(1998, 2, 28), True),  # leap-day birthday: the 216th month ends 01/03
        (D(1980, 2, 29), D(1998, 3, 1), False),
        (D(1980, 3, 31), D(1998, 3, 30), True),
    ],
)
def test_admission_before_the_18th_birthday_is_an_error(
    birth: dt.date, join: dt.date, under_18: bool
) -> None:
    record = member(
        birth_date=birth, join_date=join, official_date=join.replace(year=join.year + 1)
    )
    assert fires("T08", record) is under_18


def test_the_under_18_message_gives_the_age_and_the_day_of_majority() -> None:
    found = one("T08", member(birth_date=D(1980, 2, 29), join_date=D(1998, 2, 28)))
    assert found["field"] == "join_date"
    assert found["severity"] == "error"
    assert "17 tuổi 11 tháng" in found["message"]
    assert "01/03/1998" in found["message"]


@pytest.mark.parametrize(
    ("birth", "join", "over_60"),
    [
        (D(1940, 3, 5), D(2000, 3, 5), False),  # exactly 60
        (D(1940, 3, 5), D(2000, 4, 4), False),  # 60 years 0 full months
        (D(1940, 3, 5), D(2000, 4, 5), True),  # 60 years 1 month
        (D(1940, 2, 29), D(2000, 3, 29), True),
    ],
)
def test_admission_after_60_is_a_warning(birth: dt.date, join: dt.date, over_60: bool) -> None:
    record = member(
        birth_date=birth, join_date=join, official_date=join.replace(year=join.year + 1)
    )
    assert fires("T09", record) is over_60


def test_a_year_only_birth_date_is_judged_on_its_earliest_day() -> None:
    year_only = {"birth_date__precision": "year", "birth_date__raw": "1938"}
    old_enough = member(birth_date=D(1938, 1, 1), join_date=D(1956, 6, 1), **year_only)
    assert not fires("T08", old_enough)  # born 01/01/1938 at the earliest: 18y5m
    young = member(
        birth_date=D(1940, 1, 1),
        join_date=D(1957, 6, 1),
        birth_date__precision="year",
        birth_date__raw="1940",
    )
    assert fires("T08", young)  # even born on 01/01/1940: 17y5m


@pytest.mark.parametrize(
    ("join", "official", "off"),
    [
        (D(2005, 5, 19), D(2006, 5, 19), False),
        (D(2005, 5, 19), D(2006, 5, 20), True),
        (D(2005, 5, 19), D(2006, 11, 19), True),
        (D(2024, 2, 29), D(2025, 2, 28), False),  # 12 months after 29/02 end on 28/02
        (D(2023, 1, 31), D(2024, 1, 31), False),
        (D(1970, 5, 19), D(1972, 5, 19), False),  # before the uniform 12-month probation
    ],
)
def test_official_date_is_join_date_plus_twelve_months(
    join: dt.date, official: dt.date, off: bool
) -> None:
    assert fires("T10", member(join_date=join, official_date=official)) is off


def test_the_probation_suggestion_is_join_date_plus_twelve_months() -> None:
    found = one("T10", member(join_date=D(2005, 5, 19), official_date=D(2006, 6, 2)))
    assert found["suggestion"] == "19/05/2006"
    assert found["value"] == "02/06/2006"


def test_a_partial_official_date_is_not_held_to_the_day() -> None:
    record = member(
        official_date=D(2006, 5, 1), official_date__precision="month", official_date__raw="05/2006"
    )
    assert not fires("T10", record)
    assert fires("T04", record)


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        (D(2025, 11, 12), False),  # 01/10/2025 + 30 working days: the last day to decide
        (D(2025, 11, 13), True),
        (D(2025, 10, 2), False),
    ],
)
def test_a_probationer_past_12_months_and_30_working_days_is_overdue(
    as_of: dt.date, overdue: bool
) -> None:
    record = member(
        status="probationary", join_date=D(2024, 10, 1), official_date=None, card_number=None
    )
    assert fires("T11", record, as_of=as_of) is overdue


@pytest.mark.parametrize(
    ("join", "too_early"),
    [(D(2025, 3, 1), True), (D(2024, 12, 10), False), (D(2024, 12, 11), True)],
)
def test_an_official_member_cannot_be_official_before_12_months(
    join: dt.date, too_early: bool
) -> None:
    record = member(join_date=join, official_date=None)
    assert fires("T12", record) is too_early


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"official_date": AS_OF + dt.timedelta(days=1)}, "T05"),
        ({"join_date": D(1979, 1, 1)}, "T06"),
        ({"official_date": D(2005, 5, 18)}, "T07"),
        ({"status": "probationary", "card_number": None}, "T13"),
        ({"exit_kind": "deceased", "exit_date": D(2001, 1, 1)}, "T14"),
        (
            {
                "birth_date": D(1920, 1, 1),
                "join_date": D(1945, 1, 1),
                "official_date": D(1946, 1, 1),
            },
            "T15",
        ),
    ],
)
def test_order_and_future_rules_fire_on_their_case(changes: dict[str, object], code: str) -> None:
    assert fires(code, member(**changes))


@pytest.mark.parametrize("code", ["T05", "T06", "T07", "T13", "T14", "T15", "T11", "T12"])
def test_order_and_future_rules_are_silent_on_a_clean_member(code: str) -> None:
    assert not fires(code, member())


def test_a_date_on_the_check_day_is_not_in_the_future() -> None:
    assert not fires("T05", member(official_date=AS_OF, join_date=D(2024, 12, 10)))


def test_an_impossible_date_is_reported_with_the_text_of_the_file() -> None:
    record = member(birth_date=None, birth_date__raw="31/02/1980", birth_date__impossible=True)
    found = one("T01", record)
    assert found["value"] == "31/02/1980"
    assert found["field"] == "birth_date"
    assert not fires("T02", record)


def test_unreadable_dates() -> None:
    assert fires("T02", member(join_date=None, join_date__raw="mùa xuân 1975"))
    assert not fires("T02", member())


def test_an_ambiguous_date_matters_only_in_a_column_that_mixes_both_orders() -> None:
    ambiguous = member(
        join_date=D(2005, 5, 7), join_date__raw="07/05/2005", join_date__ambiguous=True
    )
    day_first = member(join_date=D(2005, 5, 25), join_date__raw="25/05/2005")
    month_first = member(join_date=D(2005, 5, 25), join_date__raw="05/25/2005")
    assert not fires("T03", ambiguous)  # Vietnamese lists write the day first
    assert not fires("T03", ambiguous, day_first)
    found = findings(ambiguous, day_first, month_first, rules=("T03",))
    assert found["record"].to_list() == [1]
    assert "07/05/2005" in found["message"][0]
