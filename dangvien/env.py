"""Typed environment helpers that fail loudly.

A mistyped setting on a commune's server must stop the process at start-up with a message naming the
variable, not silently fall back to an insecure or surprising default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """A configuration variable is missing or malformed."""


def env_str(
    name: str, default: str | None = None, *, environ: Mapping[str, str] | None = None
) -> str:
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    if value is None:
        if default is None:
            raise EnvError(f"{name} is required but not set")
        return default
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvError(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int, *, environ: Mapping[str, str] | None = None) -> int:
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise EnvError(f"{name} must be an integer, got {raw!r}") from None


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    environ = os.environ if environ is None else environ
    raw = environ.get(name)
    if raw is None:
        return list(default)
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise EnvError(f"{name} is set but empty")
    return items


@dataclass(frozen=True)
class DatabaseConfig:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: tuple[tuple[str, str], ...] = ()

    def as_django(self) -> dict[str, object]:
        config: dict[str, object] = {
            "ENGINE": self.engine,
            "NAME": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": self.host,
            "PORT": self.port,
            "ATOMIC_REQUESTS": False,
            "CONN_MAX_AGE": 60 if self.engine.endswith("postgresql") else 0,
            "OPTIONS": dict(self.options),
        }
        if self.engine.endswith("sqlite3"):
            # WAL lets the background job runner write while pages read; busy timeout instead of
            # "database is locked" errors on a commune PC.
            config["OPTIONS"] = {
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                **dict(self.options),
            }
        return config


def parse_database_url(url: str, *, base_dir: Path) -> DatabaseConfig:
    """Parse `sqlite:///relative/path.db`, `sqlite:////abs/path.db` or `postgres://u:p@h:port/db`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        raw_path = unquote(parts.path)
        if not raw_path or raw_path == "/":
            raise EnvError(f"DATABASE_URL has no SQLite file path: {url!r}")
        # sqlite:///var/db.sqlite3 is relative to the project; sqlite:////abs/db is absolute.
        path = Path(raw_path[1:]) if raw_path.startswith("/") else Path(raw_path)
        if not path.is_absolute():
            path = base_dir / path
        return DatabaseConfig(engine="django.db.backends.sqlite3", name=str(path))
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise EnvError(f"DATABASE_URL has no database name: {url!r}")
        return DatabaseConfig(
            engine="django.db.backends.postgresql",
            name=name,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=str(parts.port or ""),
            options=tuple(parse_qsl(parts.query)),
        )
    raise EnvError(f"DATABASE_URL scheme {scheme!r} is not supported (use sqlite or postgres)")


def read_secret(
    name: str, *, file_default: Path, environ: Mapping[str, str] | None = None
) -> str | None:
    """The secret from `NAME`, else from the file named by `NAME_FILE` (or `file_default`)."""
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    if value:
        return value
    path = Path(environ.get(f"{name}_FILE", str(file_default)))
    if path.is_file():
        secret = path.read_text(encoding="utf-8").strip()
        if secret:
            return secret
    return None
