"""Background job kinds of the campaign (registered at startup by CampaignConfig.ready)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvien.accounts.models import User
from dangvien.campaign.import_apply import import_commit
from dangvien.campaign.progress import progress_snapshot_all
from dangvien.intake.models import ImportRun
from dangvien.jobs.registry import Reporter, job_handler

IMPORT_COMMIT = "campaign.import_commit"
SNAPSHOT = "campaign.snapshot"


@job_handler(IMPORT_COMMIT)
def import_commit_job(params: dict[str, Any], report: Reporter) -> dict[str, Any]:
    """Params: `run_id`, `actor_id`. The runner's transaction makes the import all or nothing."""
    run = ImportRun.objects.select_related("org").get(pk=params["run_id"])
    actor = User.objects.get(pk=params["actor_id"])
    counts = import_commit(run=run, actor=actor, report=report)
    return {**counts, "run_id": run.pk}


@job_handler(SNAPSHOT, daily=True)
def snapshot_job(params: dict[str, Any], report: Reporter) -> dict[str, Any]:
    """Queued by the runner on the first poll of each day (`day`): store the closing figures of the
    day before for every running campaign, one point of the burn-down chart. Nothing changes while
    the runner (and the web server beside it) is stopped, so figures read in the morning are the
    previous day's closing ones. Today's point is drawn live by the dashboard."""
    day = dt.date.fromisoformat(params["day"]) - dt.timedelta(days=1)
    return {"day": day.isoformat(), "campaigns": progress_snapshot_all(day)}
