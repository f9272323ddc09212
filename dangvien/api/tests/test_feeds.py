"""Feed parameters: the cursor round-trips exactly, malformed values are refused in Vietnamese."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangvien.api.feeds import Cursor, FeedError, cursor_pattern, parse_limit, parse_since

MOMENTS = st.datetimes(
    min_value=dt.datetime(1970, 1, 1),
    max_value=dt.datetime(2999, 12, 31),
    timezones=st.just(dt.UTC),
)


@given(at=MOMENTS, pk=st.integers(min_value=1, max_value=2**63 - 1))
def test_a_cursor_decodes_to_the_exact_position_it_encodes(at, pk):
    cursor = Cursor("members", at, pk)
    text = cursor.encode()
    assert re.fullmatch(cursor_pattern("members"), text)
    assert Cursor.decode(text, "members") == cursor


@given(text=st.from_regex(cursor_pattern("organizations"), fullmatch=True))
def test_every_string_the_schema_admits_is_a_cursor_within_database_range(text):
    cursor = Cursor.decode(text, "organizations")
    assert cursor.feed == "organizations"
    assert 0 <= cursor.pk <= 2**63 - 1


@pytest.mark.parametrize("text", ["", "m", "m12", "m1.2", "x1.2", "m-1.2", "m1.2.3", "m１.2"])
def test_a_cursor_of_another_feed_or_a_made_up_one_is_refused(text):
    with pytest.raises(FeedError, match="cursor không hợp lệ"):
        Cursor.decode(text, "organizations")


def test_limit_defaults_to_100_and_stays_within_1_to_500():
    assert parse_limit(None) == 100
    assert parse_limit("500") == 500
    for bad in ("", "0", "501", "-1", "1.5", "٣"):
        with pytest.raises(FeedError):
            parse_limit(bad)


def test_changed_since_reads_iso_8601_with_or_without_an_offset():
    assert parse_since(None) is None
    assert parse_since("2025-12-20T08:00:00+07:00") == dt.datetime(2025, 12, 20, 1, tzinfo=dt.UTC)
    assert parse_since("2025-12-20t01:00:00z") == dt.datetime(2025, 12, 20, 1, tzinfo=dt.UTC)
    local = parse_since("2025-12-20T08:00:00")  # the installation's zone, Asia/Ho_Chi_Minh
    assert local == dt.datetime(2025, 12, 20, 1, tzinfo=dt.UTC)
    assert parse_since("0001-01-01T00:00:00+05:00") == dt.datetime.min.replace(tzinfo=dt.UTC)
    for bad in ("", "hôm qua", "2025-13-01", "20/12/2025"):
        with pytest.raises(FeedError, match="ISO 8601"):
            parse_since(bad)
