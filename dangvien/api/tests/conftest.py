"""API fixtures: the commune of the outputs tests, tokens, and no settle delay by default."""

from __future__ import annotations

from typing import Any

import pytest

from dangvien.api import feeds
from dangvien.api.services import IssuedToken, token_create
from dangvien.reports.tests.conftest import (  # noqa: F401
    _fast_password_hashing,
    commune,
)


@pytest.fixture(autouse=True)
def _no_settle_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records made inside a test are read at once; the delay has its own test."""
    monkeypatch.setattr(feeds, "SETTLE", feeds.dt.timedelta(0))


@pytest.fixture
def commune_token(commune: dict[str, Any], commune_admin: Any) -> IssuedToken:  # noqa: F811
    return token_create(owner=commune_admin, org=commune["orgs"]["TL"], name="Đồng bộ Sổ tay")


@pytest.fixture
def cell_token(commune: dict[str, Any], commune_admin: Any) -> IssuedToken:  # noqa: F811
    return token_create(owner=commune_admin, org=commune["orgs"]["TL01"], name="Chi bộ bản Lốc")


def bearer(issued: IssuedToken) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}
