"""The suite really runs on the database make test asked for (SQLite, then PostgreSQL)."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_expected_database_engine() -> None:
    expected = os.environ.get("DANGVIEN_EXPECT_DB")
    if expected is None:
        pytest.skip("run through make test, which states the expected engine")
    assert connection.vendor == expected
