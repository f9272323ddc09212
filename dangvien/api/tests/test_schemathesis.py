"""Schemathesis against the schema the app serves: every operation, generated requests, all checks.

The schema is downloaded from the running app inside the test (not taken from the module that
builds it), so what is fuzzed is what a client gets. Valid requests (positive mode) and invalid
ones (negative mode) go to every operation with a token of the whole commune, then with a token of
one cell, whose answers must conform too (404 where another cell's records would be).

Schemathesis' own pytest integration (`from_fixture`) does not run under pytest 9, so the
strategy is driven with Hypothesis' `@given` inside the test, the documented way to use
`as_strategy` in a plain test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from dangvien.api.services import IssuedToken
from dangvien.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,  # no example database written into the work tree
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@pytest.fixture
def served_schema(db: None) -> Iterator[Any]:
    # Like Django's test client: the WSGI handler must not close the connection that holds the
    # test's transaction at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def fuzz(schema: Any, token: IssuedToken, mode: GenerationMode) -> None:
    # The token is part of every generated case, so negative mode mutates the request itself,
    # never a header that would be put back when the request is sent.
    headers = {"Authorization": f"Bearer {token.raw}"}

    @SETTINGS
    @given(case=schema.as_strategy(generation_mode=mode, headers=headers))
    def run(case: Any) -> None:
        case.call_and_validate()

    run()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_conforms_to_its_schema(served_schema, commune_token, mode):
    calls_before = AuditEntry.objects.filter(action__startswith="api.").count()
    fuzz(served_schema, commune_token, mode)
    assert AuditEntry.objects.filter(action__startswith="api.").count() > calls_before + 20


def test_the_api_conforms_for_a_token_of_one_cell(served_schema, cell_token):
    fuzz(served_schema, cell_token, GenerationMode.POSITIVE)
