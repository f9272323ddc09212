"""Queueing and running background jobs.

The runner claims a job with a compare-and-swap UPDATE (works on SQLite and PostgreSQL alike), runs
its handler inside one transaction on the main database, and reports progress through the separate
jobs connection so that the page polling it sees progress while the work is uncommitted. A failed
handler rolls back everything it wrote.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from datetime import date, timedelta
from typing import Any

from django.db import close_old_connections, transaction
from django.utils import timezone

from dangvien.jobs.models import Job
from dangvien.jobs.registry import daily_kinds, handler_for

logger = logging.getLogger("dangvien.jobs")
STALE_AFTER = timedelta(minutes=10)
FAILURE_MESSAGE = "Tác vụ không thành công; dữ liệu được giữ nguyên như trước khi chạy."


def job_enqueue(*, kind: str, params: dict[str, Any], actor: Any) -> Job:
    handler_for(kind)  # refuse unknown kinds at once, not in the runner later
    return Job.objects.create(kind=kind, params=params, created_by_id=getattr(actor, "pk", None))


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def job_claim_next(worker: str | None = None) -> Job | None:
    worker = worker or _worker_name()
    for candidate in (
        Job.objects.filter(state=Job.State.QUEUED).order_by("id").values_list("pk", flat=True)[:5]
    ):
        now = timezone.now()
        claimed = Job.objects.filter(pk=candidate, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, worker=worker, started_at=now, heartbeat_at=now
        )
        if claimed:
            return Job.objects.get(pk=candidate)
    return None


class _Progress:
    """Writes progress at most twice a second: 200,000 rows must not mean 200,000 writes."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        now = time.monotonic()
        finished = total is not None and done >= total
        if now - self.last < 0.5 and not finished:
            return
        self.last = now
        fields: dict[str, Any] = {"progress": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        if message:
            fields["message"] = message[:500]
        Job.objects.filter(pk=self.job.pk).update(**fields)


def job_run(job: Job) -> Job:
    handler = handler_for(job.kind)
    try:
        with transaction.atomic(using="default"):
            result = handler(dict(job.params), _Progress(job))
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        message = str(getattr(error, "message", "")) or FAILURE_MESSAGE
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED,
            message=message[:500],
            error=traceback.format_exc()[-5000:],
            finished_at=timezone.now(),
        )
    else:
        job.refresh_from_db()
        total = job.total or 1
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.DONE,
            result=result or {},
            progress=total,
            total=total,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def jobs_requeue_stale(now: Any = None) -> int:
    """Jobs whose runner died: their transaction died with it, so running them again is safe."""
    limit = (now or timezone.now()) - STALE_AFTER
    return Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=limit).update(
        state=Job.State.QUEUED, worker="", message="Chạy lại sau khi tiến trình xử lý bị dừng."
    )


def jobs_enqueue_daily(day: date) -> list[Job]:
    """Queue each daily kind once for `day`. Several runners may race here: a second copy of a
    daily job only repeats idempotent work, so no lock is taken."""
    queued = []
    for kind in daily_kinds():
        if not Job.objects.filter(kind=kind, params__day=day.isoformat()).exists():
            queued.append(job_enqueue(kind=kind, params={"day": day.isoformat()}, actor=None))
    return queued


def run_forever(*, poll_seconds: float = 1.0, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    jobs_requeue_stale()
    last_day: date | None = None
    while not stop.is_set():
        close_old_connections()
        today = timezone.localdate()
        if today != last_day:
            jobs_enqueue_daily(today)
            last_day = today
        job = job_claim_next()
        if job is None:
            stop.wait(poll_seconds)
            continue
        job_run(job)
