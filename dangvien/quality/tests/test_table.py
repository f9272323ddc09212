import datetime as dt

import polars as pl
import pytest

from dangvien.quality.dictionary import MEMBER_FIELD_NAMES
from dangvien.quality.table import SCHEMA, conform, empty_table, precision_column, raw_column


def test_every_member_field_has_a_value_and_a_raw_column() -> None:
    for name in MEMBER_FIELD_NAMES:
        assert name in SCHEMA
        assert SCHEMA[raw_column(name)] == pl.Utf8


def test_dates_are_typed_and_carry_precision_and_flags() -> None:
    assert SCHEMA["birth_date"] == pl.Date
    assert SCHEMA[precision_column("birth_date")] == pl.Utf8
    assert SCHEMA["birth_date__impossible"] == pl.Boolean
    assert SCHEMA["exempt"] == pl.Boolean


def test_conform_adds_missing_columns_as_nulls_in_the_canonical_order() -> None:
    frame = pl.DataFrame({"full_name": ["Lò Văn Ún"], "birth_date": [dt.date(1970, 3, 5)]})
    table = conform(frame)
    assert table.columns == list(SCHEMA)
    assert table["full_name"].to_list() == ["Lò Văn Ún"]
    assert table["citizen_id"].to_list() == [None]


def test_conform_refuses_columns_that_would_escape_every_rule() -> None:
    with pytest.raises(ValueError, match="not canonical columns: Ho ten"):
        conform(pl.DataFrame({"Ho ten": ["x"]}))


def test_empty_table_has_the_schema() -> None:
    assert empty_table().schema == pl.Schema(SCHEMA)
