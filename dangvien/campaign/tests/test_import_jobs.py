"""Committing an import is one background job: progress on the page, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangvien.campaign.imports import import_dry_run, import_stage, stored_path
from dangvien.campaign.jobs import IMPORT_COMMIT
from dangvien.campaign.models import ProgressSnapshot
from dangvien.campaign.tests.test_imports import FIRST, csv
from dangvien.intake.models import ImportRun
from dangvien.jobs.models import Job
from dangvien.jobs.services import job_claim_next, job_run
from dangvien.members.models import Member

pytestmark = pytest.mark.django_db(databases=["default", "jobs"], transaction=True)


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path


@pytest.fixture
def dry_run(client, commune_admin, org_tree):  # type: ignore[no-untyped-def]
    run = import_stage(
        actor=commune_admin, commune=org_tree["TL"], file_name="ds.csv", chunks=[csv(*FIRST)]
    )
    import_dry_run(run=run, actor=commune_admin)
    client.force_login(commune_admin)
    return run


def test_the_commit_is_queued_its_progress_survives_a_reload_and_the_dashboard_changes(
    client, dry_run, campaign
) -> None:
    response = client.post(reverse("campaign:import_commit", args=[dry_run.pk]))
    assert response["Location"] == reverse("campaign:import_run", args=[dry_run.pk])
    job = Job.objects.get()
    assert (job.kind, job.state) == (IMPORT_COMMIT, "queued")
    # A second click does not queue a second job.
    client.post(reverse("campaign:import_commit", args=[dry_run.pk]))
    assert Job.objects.count() == 1
    page = client.get(reverse("campaign:import_run", args=[dry_run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "Đang chờ" in page
    assert 'data-testid="members">0<' in client.get(reverse("home")).content.decode()

    done = job_run(job_claim_next(worker="test"))  # type: ignore[arg-type]
    assert done.state == "done", done.error
    assert (done.progress, done.total) == (3, 3)
    assert done.result == {"created": 3, "updated": 0, "unchanged": 0, "run_id": dry_run.pk}
    fragment = client.get(reverse("campaign:import_progress", args=[dry_run.pk])).content.decode()
    assert "Đã ghi xong: 3 hồ sơ tạo mới" in fragment
    assert "hx-trigger" not in fragment  # polling stops
    assert 'data-testid="members">3<' in client.get(reverse("home")).content.decode()
    assert ProgressSnapshot.objects.filter(campaign=campaign).exists()


def test_a_failed_commit_leaves_the_database_as_it_was(client, dry_run) -> None:
    stored_path(dry_run).write_bytes(csv(FIRST[0]))  # the kept file no longer matches its hash
    client.post(reverse("campaign:import_commit", args=[dry_run.pk]))
    done = job_run(job_claim_next(worker="test"))  # type: ignore[arg-type]
    assert done.state == "failed"
    assert "mã băm khác" in done.message
    assert not Member.objects.exists()
    dry_run.refresh_from_db()
    assert dry_run.state == ImportRun.State.STAGED
    fragment = client.get(reverse("campaign:import_progress", args=[dry_run.pk])).content.decode()
    assert "Cơ sở dữ liệu vẫn giữ nguyên như trước" in fragment


def test_the_daily_snapshot_keeps_the_closing_figures_of_the_day_before(campaign, org_tree) -> None:
    from dangvien.campaign.jobs import SNAPSHOT
    from dangvien.campaign.tests.personas import member
    from dangvien.jobs.services import jobs_enqueue_daily

    member(org_tree["TL01"], "Lò Văn Ún")
    today = campaign.start_date + dt.timedelta(days=2)
    assert SNAPSHOT in [j.kind for j in jobs_enqueue_daily(today)]
    assert jobs_enqueue_daily(today) == []  # once a day, however often the runner polls
    done = job_run(Job.objects.get(kind=SNAPSHOT))
    assert done.state == "done", done.error
    yesterday = today - dt.timedelta(days=1)
    assert done.result == {"day": yesterday.isoformat(), "campaigns": 1}
    (point,) = ProgressSnapshot.objects.filter(campaign=campaign)
    assert (point.day, point.org, point.members) == (yesterday, org_tree["TL01"], 1)
