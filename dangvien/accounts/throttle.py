"""Login throttling: after N failures for a username or an address, refuse for a while.

Counters live in the cache; one waitress process serves a commune, so the local-memory cache
is shared
by every request thread.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def _keys(username: str, ip_address: str) -> list[str]:
    return [_key("user", username), _key("ip", ip_address)]


def is_locked(username: str, ip_address: str) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any(int(cache.get(key, 0)) >= limit for key in _keys(username, ip_address))


def record_failure(username: str, ip_address: str) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in _keys(username, ip_address):
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


def clear(username: str, ip_address: str) -> None:
    cache.delete_many(_keys(username, ip_address))
