"""The exported headers are ones the project's data dictionary recognises."""

import pytest

from dangvien.demo.labels import FIELD_LABELS, HEADER_GROUPS, group_of
from dangvien.demo.model import MEMBER_FIELDS
from dangvien.demo.people import PHONE_PREFIXES
from dangvien.demo.plant_identity import unused_province_codes
from dangvien.quality.dictionary import fold_header, header_aliases, member_field
from dangvien.vn.identity import CCCD_PROVINCES
from dangvien.vn.phones import MOBILE_PREFIXES


def test_every_member_field_has_a_label() -> None:
    assert set(FIELD_LABELS) == set(MEMBER_FIELDS)


@pytest.mark.parametrize("field", MEMBER_FIELDS)
def test_each_label_is_an_alias_of_its_field_in_the_data_dictionary(field: str) -> None:
    aliases = {fold_header(alias) for alias in header_aliases(member_field(field))}
    assert fold_header(FIELD_LABELS[field]) in aliases
    group = group_of(field)
    if group is not None:
        assert fold_header(group[1]) in aliases


def test_grouped_fields_are_adjacent_columns_in_field_order() -> None:
    for members in HEADER_GROUPS.values():
        positions = [MEMBER_FIELDS.index(field) for field, _ in members]
        assert positions == list(range(positions[0], positions[0] + len(positions)))


def test_generated_phone_prefixes_are_current_mobile_prefixes() -> None:
    assert {prefix for prefix, _ in PHONE_PREFIXES} <= set(MOBILE_PREFIXES)


def test_bad_cccd_province_codes_belong_to_no_province() -> None:
    codes = unused_province_codes()
    assert codes
    assert not set(codes) & set(CCCD_PROVINCES)
