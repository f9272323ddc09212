"""Production settings are secure by default and fail loudly when misconfigured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Only the variables under test: browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process.
    dropped = {"DEBUG", "HTTPS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env={**base, **env},
        cwd=ROOT,
        check=False,
    )


def test_debug_is_off_and_passwords_use_argon2() -> None:
    assert settings.DEBUG is False
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_deploy_checks_pass_in_production_mode() -> None:
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=secrets.token_urlsafe(50)
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_malformed_boolean_stops_start_up_with_the_variable_named() -> None:
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_missing_secret_key_stops_start_up(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["SECRET_KEY_FILE"] = str(tmp_path / "absent")
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_https_is_enforced_by_default() -> None:
    result = _manage("diffsettings", "--all")
    assert result.returncode == 0, result.stderr
    lines = set(result.stdout.splitlines())
    for expected in (
        "SECURE_SSL_REDIRECT = True",
        "SESSION_COOKIE_SECURE = True",
        "CSRF_COOKIE_SECURE = True",
        "SECURE_HSTS_SECONDS = 31536000",
    ):
        assert expected in lines
