"""Incremental feeds: records in the order they last changed, resumable with an opaque cursor.

A feed lists records by (updated_at, id). Each page ends with `next_cursor`, the position after
its last record; a client keeps the cursor of its last page and asks again later to receive only
what changed since (a changed record moves to the end of the order). Records that changed in the
last `SETTLE` seconds are held back until a later call, so that a transaction still being written
when the page is read cannot slip behind a cursor already handed out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
SETTLE = dt.timedelta(seconds=2)
MAX_ID = 2**63 - 1  # the largest id a database column holds


class FeedError(ValueError):
    """A malformed query parameter: answered with 400 and this message."""


# A cursor is "<feed letter><microseconds since the epoch>.<id>": opaque to clients, but every
# string its pattern admits decodes, so the schema can describe it exactly.
FEED_LETTERS = {"members": "m", "organizations": "o", "removed": "r"}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def cursor_pattern(feed: str) -> str:
    return rf"^{FEED_LETTERS[feed]}[0-9]{{1,17}}\.[0-9]{{1,19}}$"


@dataclass(frozen=True)
class Cursor:
    feed: str
    at: dt.datetime
    pk: int

    def encode(self) -> str:
        micros = (self.at - _EPOCH) // dt.timedelta(microseconds=1)
        return f"{FEED_LETTERS[self.feed]}{micros}.{self.pk}"

    @classmethod
    def decode(cls, text: str, feed: str) -> Cursor:
        match = re.fullmatch(cursor_pattern(feed).strip("^$"), text, flags=re.ASCII)
        if match is None:
            raise FeedError("cursor không hợp lệ: dùng đúng next_cursor của trang trước")
        micros, pk = text[1:].split(".")
        # An id past the largest a database holds means "after every record": clamp it there.
        return cls(
            feed=feed,
            at=_EPOCH + dt.timedelta(microseconds=int(micros)),
            pk=min(int(pk), MAX_ID),
        )


def parse_limit(text: str | None) -> int:
    """None when the parameter is absent; present, it must be a number (empty is an error)."""
    if text is None:
        return DEFAULT_LIMIT
    if not re.fullmatch(r"[0-9]{1,4}", text, flags=re.ASCII) or not 1 <= int(text) <= MAX_LIMIT:
        raise FeedError(f"limit phải là số nguyên từ 1 đến {MAX_LIMIT}")
    return int(text)


def parse_since(text: str | None) -> dt.datetime | None:
    """An ISO 8601 / RFC 3339 moment; one without an offset is read in the local time zone."""
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("t", "T").replace("z", "Z"))
    except ValueError:
        raise FeedError(
            "changed_since phải là thời điểm ISO 8601, ví dụ 2025-12-20T08:00:00+07:00"
        ) from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=timezone.get_current_timezone())
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # an offset pushing year 1 or 9999 out of range: before or after all
        return (
            dt.datetime.min.replace(tzinfo=dt.UTC)
            if moment.year < 5000
            else (dt.datetime.max.replace(tzinfo=dt.UTC))
        )


@dataclass(frozen=True)
class Page:
    records: list[dict[str, Any]]
    next_cursor: str | None
    has_more: bool

    def body(self) -> dict[str, Any]:
        return {
            "results": self.records,
            "next_cursor": self.next_cursor,
            "has_more": self.has_more,
        }


def page(
    rows: QuerySet[Any],
    *,
    feed: str,
    cursor: str | None,
    since: dt.datetime | None,
    limit: int,
    serialize: Callable[[Sequence[dict[str, Any]]], list[dict[str, Any]]],
    time_field: str = "updated_at",
) -> Page:
    """One page of a feed over a `.values()` queryset holding "id" and `time_field`."""
    position = Cursor.decode(cursor, feed) if cursor is not None else None
    rows = rows.filter(**{f"{time_field}__lte": timezone.now() - SETTLE})
    if since is not None:
        rows = rows.filter(**{f"{time_field}__gte": since})
    if position is not None:
        rows = rows.filter(
            Q(**{f"{time_field}__gt": position.at})
            | Q(**{time_field: position.at, "id__gt": position.pk})
        )
    batch = list(rows.order_by(time_field, "id")[: limit + 1])
    has_more = len(batch) > limit
    batch = batch[:limit]
    if batch:
        next_cursor: str | None = Cursor(feed, batch[-1][time_field], batch[-1]["id"]).encode()
    else:
        next_cursor = position.encode() if position is not None else None
    return Page(records=serialize(batch), next_cursor=next_cursor, has_more=has_more)
