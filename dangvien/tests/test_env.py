from pathlib import Path

import pytest

from dangvien.env import (
    EnvError,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    read_secret,
)


def test_env_bool_accepts_usual_spellings_and_rejects_typos() -> None:
    assert env_bool("X", False, environ={"X": "true"}) is True
    assert env_bool("X", True, environ={"X": "0"}) is False
    assert env_bool("X", True, environ={}) is True
    with pytest.raises(EnvError, match="X must be a boolean"):
        env_bool("X", False, environ={"X": "ture"})


def test_env_int_and_list_fail_loudly_on_bad_values() -> None:
    assert env_int("N", 3, environ={"N": "7"}) == 7
    with pytest.raises(EnvError, match="N must be an integer"):
        env_int("N", 3, environ={"N": "seven"})
    assert env_list("H", ["a"], environ={"H": "x.vn, y.vn"}) == ["x.vn", "y.vn"]
    with pytest.raises(EnvError, match="H is set but empty"):
        env_list("H", ["a"], environ={"H": " , "})


def test_env_str_without_default_is_required() -> None:
    with pytest.raises(EnvError, match="REQUIRED is required"):
        env_str("REQUIRED", environ={})


def test_database_url_parses_sqlite_relative_absolute_and_postgres(tmp_path: Path) -> None:
    relative = parse_database_url("sqlite:///var/db.sqlite3", base_dir=tmp_path)
    assert relative.name == str(tmp_path / "var" / "db.sqlite3")
    absolute = parse_database_url("sqlite:////srv/db.sqlite3", base_dir=tmp_path)
    assert absolute.name == "/srv/db.sqlite3"
    pg = parse_database_url(
        "postgres://u:p%40ss@db.local:5433/dangvien?sslmode=require", base_dir=tmp_path
    )
    assert (pg.engine, pg.name, pg.user, pg.password, pg.host, pg.port) == (
        "django.db.backends.postgresql",
        "dangvien",
        "u",
        "p@ss",
        "db.local",
        "5433",
    )
    assert pg.as_django()["OPTIONS"] == {"sslmode": "require"}


def test_database_url_rejects_unknown_schemes_and_missing_names(tmp_path: Path) -> None:
    with pytest.raises(EnvError, match="not supported"):
        parse_database_url("mysql://x/y", base_dir=tmp_path)
    with pytest.raises(EnvError, match="no database name"):
        parse_database_url("postgres://u@h/", base_dir=tmp_path)


def test_secret_comes_from_the_environment_before_the_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-file\n", encoding="utf-8")
    assert read_secret("SECRET_KEY", file_default=secret_file, environ={}) == "from-file"
    assert (
        read_secret("SECRET_KEY", file_default=secret_file, environ={"SECRET_KEY": "env"}) == "env"
    )
    assert read_secret("SECRET_KEY", file_default=tmp_path / "missing", environ={}) is None
