import datetime as dt

import pytest

from dangvien.quality.dictionary import MEMBER_FIELDS, state_of
from dangvien.quality.rules.completeness import CODES, required_fields
from dangvien.quality.tests.rule_cases import fires, member, one


def test_every_required_field_of_the_dictionary_has_a_stable_code() -> None:
    assert {spec.name for spec in required_fields()} == set(CODES)
    assert len(set(CODES.values())) == len(CODES)


@pytest.mark.parametrize("spec", required_fields(), ids=lambda spec: spec.name)
def test_severity_comes_from_the_dictionary(spec) -> None:  # type: ignore[no-untyped-def]
    from dangvien.quality.rules import by_code

    assert by_code(CODES[spec.name]).severity == spec.completeness_severity


@pytest.mark.parametrize(
    ("changes", "code", "missing"),
    [
        ({"citizen_id": None}, "C09", True),
        (
            {
                "citizen_id": None,
                "status": "probationary",
                "official_date": None,
                "card_number": None,
            },
            "C09",
            True,
        ),
        ({"card_number": None}, "C15", True),
        ({"card_number": None, "status": "probationary", "official_date": None}, "C15", False),
        ({"official_date": None}, "C14", True),
        ({"official_date": None, "status": "probationary", "card_number": None}, "C14", False),
        ({"exit_kind": "deceased"}, "C18", True),
        ({"exit_kind": "deceased", "exit_date": None}, "C18", True),
        ({"phone": None}, "C10", True),
        ({"full_name": None}, "C01", True),
        ({"citizen_id": None, "status": None, "status__raw": None}, "C09", True),  # unknown state
    ],
)
def test_required_fields_depend_on_the_member_state(
    changes: dict[str, object], code: str, missing: bool
) -> None:
    assert fires(code, member(**changes)) is missing


@pytest.mark.parametrize("spec", required_fields(), ids=lambda spec: spec.name)
@pytest.mark.parametrize("status", ["official", "probationary"])
def test_an_exited_member_is_asked_only_what_the_dictionary_requires_of_exited_members(
    spec, status: str
) -> None:  # type: ignore[no-untyped-def]
    # A deceased or transferred member still on the list is reported once by S01; the
    # completeness rules follow `state_of` ("exited" whatever the status column says).
    exited = member(
        **{
            "status": status,
            "exit_kind": "deceased",
            "exit_date": dt.date(2025, 3, 1),
            spec.name: None,
        }
    )
    assert state_of(status, "deceased") == "exited"
    expected = spec.is_required("exited") or spec.required_when is not None
    assert fires(CODES[spec.name], exited) is expected
    assert fires("S01", exited)


def test_exited_members_need_identity_and_history_fields_but_not_active_roster_ones() -> None:
    exited = member(exit_kind="transferred_out", exit_date=dt.date(2025, 3, 1))
    for code, field in (("C09", "citizen_id"), ("C02", "gender"), ("C07", "ethnicity")):
        assert not fires(code, {**exited, field: None})
    for code, field in (("C01", "full_name"), ("C03", "birth_date"), ("C13", "join_date")):
        assert fires(code, {**exited, field: None})


def test_a_cell_with_only_spaces_is_empty() -> None:
    found = one("C09", member(citizen_id=None, citizen_id__raw="   "))
    assert found["severity"] == "error"
    assert "CCCD" in found["message"]


@pytest.mark.parametrize("code", sorted(CODES.values()))
def test_a_complete_member_raises_no_completeness_finding(code: str) -> None:
    assert not fires(code, member())


def test_optional_fields_are_never_required() -> None:
    optional = {spec.name for spec in MEMBER_FIELDS} - set(CODES)
    assert {"legacy_id", "note", "current_address", "political_theory"} <= optional
