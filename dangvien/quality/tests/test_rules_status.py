import datetime as dt

import polars as pl
import pytest

from dangvien.quality.rules.status import position_role
from dangvien.quality.tests.rule_cases import AS_OF, findings, fires, member, one

D = dt.date
ORGS = pl.DataFrame(
    {
        "code": ["TL", "TL01", "TL02"],
        "name": ["Đảng bộ xã Tam Lư", "Chi bộ bản Lốc", "Chi bộ bản Hẹ"],
        "kind": ["commune_committee", "sub_cell", "sub_cell"],
        "parent_code": [None, "TL", "TL"],
        "active": [True, True, False],
    }
)


@pytest.mark.parametrize("kind", ["deceased", "transferred_out", "struck_off", "expelled", "left"])
def test_an_exited_member_on_the_roster_is_an_error(kind: str) -> None:
    found = one("S01", member(exit_kind=kind, exit_date=D(2025, 3, 1)))
    assert found["severity"] == "error"
    assert "01/03/2025" in found["message"]


def test_exempt_members_do_not_go_to_the_handbook() -> None:
    assert fires("S02", member(exempt=True, handbook_installed=True))
    assert not fires("S02", member(exempt=True))
    assert not fires("S02", member(handbook_installed=True))


def test_no_smartphone_and_handbook_contradict() -> None:
    assert fires("S03", member(no_smartphone=True, handbook_installed=True))
    assert not fires("S03", member(no_smartphone=True))


def test_exempt_members_hold_no_party_post() -> None:
    assert fires("S04", member(exempt=True, party_position="Bí thư"))
    assert not fires("S04", member(exempt=True))


@pytest.mark.parametrize(
    ("join", "exempt"),
    [(D(1975, 12, 10), True), (D(1975, 12, 11), False), (D(1960, 1, 1), True)],
)
def test_fifty_years_of_party_age_exempt_from_dues(join: dt.date, exempt: bool) -> None:
    record = member(birth_date=D(1950, 1, 1), join_date=join, official_date=None)
    assert fires("S05", record) is exempt


@pytest.mark.parametrize(
    ("join", "years"),
    [
        (D(1995, 12, 11), 30),  # 30 years on 11/12/2025, the day after the check
        (D(1995, 12, 10), None),  # reached on the check day: already due, not upcoming
        (D(1986, 12, 10), 40),  # 40 years on 10/12/2026: the last day of the 12-month window
        (D(1985, 12, 11), 40),
        (D(1986, 12, 11), None),  # 40 years on 11/12/2026: outside the 12-month window
        (D(2000, 1, 1), None),
        (D(1976, 2, 29), 50),  # leap day: 50 full years on 01/03/2026
    ],
)
def test_upcoming_badge_milestones(join: dt.date, years: int | None) -> None:
    record = member(birth_date=D(1950, 1, 1), join_date=join, official_date=None)
    found = findings(record, rules=("S06",))
    if years is None:
        assert found.height == 0
    else:
        assert found.height == 1
        assert f"Đủ {years} năm" in found["message"][0]


def test_members_must_belong_to_a_known_and_active_cell() -> None:
    unknown = findings(member(org="Chi bộ bản Mới"), rules=("S07",), orgs=ORGS)
    assert unknown.height == 1
    gone = findings(member(org="Chi bộ bản Hẹ", org_code="TL02"), rules=("S08",), orgs=ORGS)
    assert gone["severity"].to_list() == ["error"]
    fine = member(org_code="TL01")
    assert findings(fine, rules=("S07", "S08", "S09"), orgs=ORGS).height == 0
    on_root = findings(member(org="Đảng bộ xã Tam Lư", org_code="TL"), rules=("S09",), orgs=ORGS)
    assert on_root.height == 1


def test_org_rules_on_members_need_an_organization_list() -> None:
    assert findings(member(org="Chi bộ bản Mới"), rules=("S07", "S08", "S09")).height == 0


def test_one_person_active_in_two_cells() -> None:
    found = findings(
        member(org="Chi bộ bản Lốc"),
        member(org="Chi bộ bản Hẹ"),
        member(citizen_id="038080099999"),
        rules=("S10",),
    )
    assert found["record"].to_list() == [1, 2]
    assert "Chi bộ bản Hẹ" in found["message"][0]
    assert found["related_rows"].to_list() == [[3], [2]]
    same_cell = findings(member(), member(), rules=("S10",))
    assert same_cell.height == 0


@pytest.mark.parametrize(
    ("typed", "role"),
    [
        ("Bí thư", "secretary"),
        ("Bí thư chi bộ", "secretary"),
        ("Bí thư Đảng ủy", "commune_secretary"),
        ("Phó Bí thư", "deputy"),
        ("Chi ủy viên", "committee"),
        ("Đảng viên", "member"),
        ("", None),
    ],
)
def test_party_positions_are_read_from_free_text(typed: str, role: str | None) -> None:
    assert position_role(typed) == role


def test_as_of_makes_time_rules_reproducible() -> None:
    record = member(
        status="probationary", join_date=D(2024, 10, 1), official_date=None, card_number=None
    )
    assert fires("T11", record, as_of=AS_OF)
    assert not fires("T11", record, as_of=D(2025, 1, 1))
