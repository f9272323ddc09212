"""Job kinds and their handlers. A handler receives the job's parameters and a progress reporter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Reporter(Protocol):
    def __call__(self, done: int, total: int | None = None, message: str = "") -> None: ...


Handler = Callable[[dict[str, Any], Reporter], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}
_DAILY: set[str] = set()


def job_handler(kind: str, *, daily: bool = False) -> Callable[[Handler], Handler]:
    """Register a handler. A `daily` kind is queued by the runner once a day, with the day's date
    as its `day` parameter (e.g. the snapshot behind the burn-down chart)."""

    def register(function: Handler) -> Handler:
        if kind in _HANDLERS and _HANDLERS[kind] is not function:
            raise ValueError(f"job kind {kind!r} is registered twice")
        _HANDLERS[kind] = function
        if daily:
            _DAILY.add(kind)
        return function

    return register


def handler_for(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"no handler for job kind {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_HANDLERS)


def daily_kinds() -> list[str]:
    return sorted(_DAILY)
