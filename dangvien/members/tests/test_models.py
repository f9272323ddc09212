"""The member table is generated from the data dictionary and cannot drift from it."""

import pytest
from django.db import models

from dangvien.members.models import Member
from dangvien.quality.dictionary import MEMBER_FIELDS, Kind

EXPECTED_TYPE = {
    Kind.DATE: models.DateField,
    Kind.BOOL: models.BooleanField,
    Kind.ORG: models.ForeignKey,
}


@pytest.mark.parametrize("spec", MEMBER_FIELDS, ids=lambda s: s.name)
def test_every_dictionary_field_is_a_member_column_of_the_right_type(spec) -> None:  # type: ignore[no-untyped-def]
    field = Member._meta.get_field(spec.name)
    assert isinstance(field, EXPECTED_TYPE.get(spec.kind, models.CharField))
    assert field.verbose_name == spec.label
    if spec.choices:
        assert dict(field.choices) == dict(spec.choices)


def test_dates_keep_their_precision_beside_them() -> None:
    for spec in MEMBER_FIELDS:
        if spec.kind is Kind.DATE:
            assert Member._meta.get_field(f"{spec.name}_precision")


def test_members_carry_provenance_raw_values_extra_columns_and_a_version() -> None:
    for name in ("import_run", "source_sheet", "source_row", "raw", "extra", "version"):
        assert Member._meta.get_field(name)
