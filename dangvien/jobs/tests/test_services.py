import threading
from collections.abc import Callable

import pytest
from django.db import connections

from dangvien.audit.models import AuditEntry
from dangvien.audit.services import audit_record
from dangvien.jobs.models import Job
from dangvien.jobs.registry import job_handler
from dangvien.jobs.services import (
    job_claim_next,
    job_enqueue,
    job_run,
    jobs_requeue_stale,
    run_forever,
)

pytestmark = pytest.mark.django_db(databases=["default", "jobs"], transaction=True)


@job_handler("test.count")
def _count(params, report):  # type: ignore[no-untyped-def]
    for i in range(params["n"]):
        audit_record(actor=None, action="test.counted", target=None, changes={"i": [None, i]})
        report(i + 1, params["n"], f"Đã đếm {i + 1}")
    return {"counted": params["n"]}


@job_handler("test.daily", daily=True)
def _daily(params, report):  # type: ignore[no-untyped-def]
    return {"day": params["day"]}


@job_handler("test.fail_midway")
def _fail(params, report):  # type: ignore[no-untyped-def]
    audit_record(actor=None, action="test.half_written", target=None)
    report(1, 2, "Nửa chừng")
    raise RuntimeError("boom")


@job_handler("test.progress_visible")
def _progress_visible(params, report):  # type: ignore[no-untyped-def]
    audit_record(actor=None, action="test.uncommitted", target=None)
    report(1, 2, "Đang ghi")
    # Another thread has its own connections, like the page polling the job: it must see the
    # progress while this job's writes are still uncommitted, and must not see those writes.
    seen: dict[str, object] = {}

    def poll() -> None:
        try:
            job = Job.objects.get(pk=params["job"])
            seen.update(progress=job.progress, message=job.message)
            seen["uncommitted_visible"] = AuditEntry.objects.filter(
                action="test.uncommitted"
            ).exists()
        finally:
            for connection in connections.all():
                connection.close()

    poller = threading.Thread(target=poll)
    poller.start()
    poller.join(timeout=30)
    return seen


def test_a_job_runs_to_completion_and_records_its_result() -> None:
    job = job_enqueue(kind="test.count", params={"n": 3}, actor=None)
    claimed = job_claim_next(worker="w1")
    assert claimed is not None
    assert claimed.pk == job.pk
    done = job_run(claimed)
    assert done.state == Job.State.DONE
    assert done.result == {"counted": 3}
    assert (done.progress, done.total) == (3, 3)
    assert AuditEntry.objects.filter(action="test.counted").count() == 3


def test_a_failed_job_leaves_the_database_as_it_was() -> None:
    job = job_enqueue(kind="test.fail_midway", params={}, actor=None)
    done = job_run(job_claim_next(worker="w1"))  # type: ignore[arg-type]
    assert done.state == Job.State.FAILED
    assert "dữ liệu được giữ nguyên" in done.message
    assert "RuntimeError: boom" in done.error
    assert not AuditEntry.objects.filter(action="test.half_written").exists()
    assert job.pk == done.pk


def test_progress_is_visible_to_other_connections_while_the_work_is_uncommitted() -> None:
    job = job_enqueue(kind="test.progress_visible", params={}, actor=None)
    job.params = {"job": job.pk}
    job.save()
    done = job_run(job_claim_next(worker="w1"))  # type: ignore[arg-type]
    assert done.result == {"progress": 1, "message": "Đang ghi", "uncommitted_visible": False}


def test_a_job_is_claimed_by_one_runner_only() -> None:
    job_enqueue(kind="test.count", params={"n": 1}, actor=None)
    first = job_claim_next(worker="w1")
    assert first is not None
    assert job_claim_next(worker="w2") is None


def test_unknown_job_kinds_are_refused_when_queued() -> None:
    with pytest.raises(LookupError):
        job_enqueue(kind="nope", params={}, actor=None)


def test_jobs_of_a_dead_runner_are_queued_again() -> None:
    from datetime import timedelta

    from django.utils import timezone

    job_enqueue(kind="test.count", params={"n": 1}, actor=None)
    claimed = job_claim_next(worker="dead")
    assert claimed is not None
    assert jobs_requeue_stale(now=timezone.now() + timedelta(minutes=11)) == 1
    assert Job.objects.get(pk=claimed.pk).state == Job.State.QUEUED


def _run_runner_until(done: Callable[[], bool], *, extra_seconds: float = 0.0) -> None:
    """Run `run_forever` in a thread with its own connections (as `serve` does) until `done`."""
    stop = threading.Event()

    def loop() -> None:
        try:
            run_forever(poll_seconds=0.05, stop=stop)
        finally:
            for connection in connections.all():
                connection.close()

    runner = threading.Thread(target=loop)
    runner.start()
    for _ in range(200):
        if done():
            break
        stop.wait(0.05)
    stop.wait(extra_seconds)
    stop.set()
    runner.join(timeout=5)


def test_the_runner_loop_processes_queued_jobs_until_stopped() -> None:
    job = job_enqueue(kind="test.count", params={"n": 2}, actor=None)
    _run_runner_until(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE)
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE


def test_the_runner_queues_each_daily_kind_once_a_day() -> None:
    from django.utils import timezone

    _run_runner_until(
        lambda: Job.objects.filter(kind="test.daily", state=Job.State.DONE).exists(),
        extra_seconds=0.3,  # several more polls on the same day
    )
    (job,) = Job.objects.filter(kind="test.daily")
    assert job.result == {"day": timezone.localdate().isoformat()}
