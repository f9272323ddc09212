"""Background job kinds of the review app (imported at startup by `ReviewConfig.ready`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dangvien.accounts.models import User
from dangvien.jobs.registry import Reporter, job_handler
from dangvien.orgs.models import Organization
from dangvien.review.refresh import findings_refresh

REFRESH_JOB = "review.refresh"


@job_handler(REFRESH_JOB)
def refresh_job(params: dict[str, Any], report: Reporter) -> dict[str, Any]:
    """Check every member under an organization again and update its findings.

    Params: `org_id`, optional `actor_id` and `as_of` (ISO date). Called after an import and from
    the "Kiểm tra lại" button of the worklists.
    """
    org = Organization.objects.get(pk=params["org_id"])
    actor_id = params.get("actor_id")
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    as_of = dt.date.fromisoformat(params["as_of"]) if params.get("as_of") else None
    summary = findings_refresh(org=org, actor=actor, as_of=as_of, report=report)
    return summary.as_dict()
