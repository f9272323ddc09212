"""Shared fixtures: named personas on a small organization tree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from pytest_django.live_server_helper import LiveServer

from dangvien.orgs.models import Organization


@pytest.fixture
def org_tree(db: None) -> dict[str, Organization]:
    from dangvien.orgs.services import OrgRow, org_tree_create

    return org_tree_create(
        rows=[
            OrgRow("TL", "Đảng bộ xã Tam Lư", "commune_committee", None),
            OrgRow("TL01", "Chi bộ bản Lốc", "base_cell", "TL", "residential"),
            OrgRow("TL02", "Chi bộ bản Hậu", "base_cell", "TL", "residential"),
        ],
        actor=None,
    )


def _user(username: str, role: str, scope: list[Organization]):  # type: ignore[no-untyped-def]
    from dangvien.accounts.models import User

    user = User.objects.create_user(username=username, password="mat-khau-rat-dai-123", role=role)
    user.scope.set(scope)
    return user


@pytest.fixture
def commune_admin(org_tree):  # type: ignore[no-untyped-def]
    return _user("bxdd", "commune_admin", [org_tree["TL"]])


@pytest.fixture
def cell_secretary(org_tree):  # type: ignore[no-untyped-def]
    return _user("bithu.banloc", "cell_secretary", [org_tree["TL01"]])


@pytest.fixture
def outsider(org_tree):  # type: ignore[no-untyped-def]
    return _user("nguoingoai", "cell_secretary", [])


@pytest.fixture
def leader(org_tree):  # type: ignore[no-untyped-def]
    return _user("lanhdao", "leader", [org_tree["TL"]])


@pytest.fixture
def province_viewer(org_tree):  # type: ignore[no-untyped-def]
    return _user("btc.tinh", "province_viewer", [org_tree["TL"]])


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Test databases named after this process: two test runs on one machine (a developer's and an
    editor's, say) never drop each other's database mid-run."""
    from django.conf import settings

    suffix = f"p{os.getpid()}"
    for config in settings.DATABASES.values():
        test = config.setdefault("TEST", {})
        if test.get("MIRROR"):
            continue
        name = test.get("NAME") or f"test_{config['NAME']}"
        if config["ENGINE"].endswith("sqlite3"):
            path = Path(name)
            test["NAME"] = str(path.with_name(f"{path.stem}-{suffix}{path.suffix}"))
        else:
            test["NAME"] = f"{name}_{suffix}"


@pytest.fixture(autouse=True)
def _plain_http_test_client(settings):  # type: ignore[no-untyped-def]
    # The test client speaks plain HTTP; the HTTPS redirect itself is checked in test_settings.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def plain_http(settings):  # type: ignore[no-untyped-def]
    """The test server speaks plain HTTP on localhost (HTTPS itself is tested in test_settings)."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    return settings


@pytest.fixture
def live_server(plain_http):  # type: ignore[no-untyped-def]
    """The browser tests' server, started after the settings above (the security middleware reads
    them once, when the server starts; pytest-django's shared server may have started earlier).

    Its request threads close their database connections after each request: a persistent one
    (CONN_MAX_AGE on PostgreSQL) would outlive the thread and keep the test database in use.
    """
    saved = {alias: conf.get("CONN_MAX_AGE", 0) for alias, conf in connections.settings.items()}
    for conf in connections.settings.values():
        conf["CONN_MAX_AGE"] = 0
    server = LiveServer("localhost")
    yield server
    server.stop()
    for alias, age in saved.items():
        connections.settings[alias]["CONN_MAX_AGE"] = age


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Playwright drives Debian's Chromium; the closed network forbids browser downloads."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required for browser tests in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
