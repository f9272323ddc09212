"""Jobs live in their own database connection ("jobs").

A job's work runs in one transaction on "default" so that a failure leaves the data as it was. Its
progress must still be visible to the page polling it, so progress is written through a second
connection: on PostgreSQL the same database, on SQLite a separate file (SQLite has one writer per
file, and the job holds it).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

JOBS_DB = "jobs"


class JobsRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return JOBS_DB if model._meta.app_label == "jobs" else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return JOBS_DB if model._meta.app_label == "jobs" else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        jobs_home = JOBS_DB if settings.JOBS_SEPARATE_DB else "default"
        if app_label == "jobs":
            return db == jobs_home
        # Only the jobs table lives behind the jobs connection.
        return False if db == JOBS_DB else None
