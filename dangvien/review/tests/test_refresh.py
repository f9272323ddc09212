"""Persisted findings follow the data: opened, resolved, reopened, or quiet as an exception."""

import pytest

from dangvien.audit.models import AuditEntry
from dangvien.jobs.models import Job
from dangvien.jobs.registry import handler_for
from dangvien.jobs.services import job_claim_next, job_run
from dangvien.members.models import Member
from dangvien.members.services import FieldValue, member_update
from dangvien.review.models import AcceptedException, Finding
from dangvien.review.refresh import rules_for
from dangvien.review.services import (
    finding_accept_exception,
    findings_refresh,
    findings_refresh_enqueue,
)
from dangvien.review.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db


def _states(member: Member) -> dict[str, str]:
    return {f.rule: f.state for f in Finding.objects.filter(member=member)}


def test_a_first_refresh_opens_every_finding_of_the_engine_on_its_member_or_org(
    commune, org_tree
) -> None:
    un = commune["Lò Văn Ún"]
    assert _states(un) == {"P01": "open", "X01": "open"}
    phone = Finding.objects.get(member=un, rule="P01")
    assert (phone.field, phone.value, phone.suggestion) == ("phone", "01689123456", "0389123456")
    assert phone.org == org_tree["TL01"]
    assert phone.dimension == "current"
    assert phone.severity == "warning"
    about_cell = Finding.objects.filter(member=None, org=org_tree["TL02"])
    assert set(about_cell.values_list("rule", flat=True)) == {"O04", "O07"}
    assert not Finding.objects.filter(member=commune["Vi Văn Khoa"]).exists()


def test_a_refresh_on_unchanged_data_changes_nothing(commune, org_tree, commune_admin) -> None:
    before = set(Finding.objects.values_list("id", "state", "fingerprint"))
    summary = findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    assert (summary.opened, summary.resolved, summary.reopened) == (0, 0, 0)
    assert summary.open_after == len(before)
    assert set(Finding.objects.values_list("id", "state", "fingerprint")) == before


def test_fixed_data_resolves_the_finding_and_breaking_it_again_reopens_it(
    commune, org_tree, commune_admin
) -> None:
    un = Member.objects.select_related("org").get(pk=commune["Lò Văn Ún"].pk)
    member_update(member=un, changes={"phone": FieldValue("0389123456")}, actor=commune_admin)
    summary = findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    assert summary.resolved == 1
    fixed = Finding.objects.get(member=un, rule="P01")
    assert fixed.state == "resolved"
    assert fixed.resolved_by == commune_admin
    member_update(member=un, changes={"phone": FieldValue("01689123456")}, actor=commune_admin)
    summary = findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    assert summary.reopened == 1
    fixed.refresh_from_db()
    assert (fixed.state, fixed.resolved_at) == ("open", None)


def test_an_accepted_exception_stays_quiet_until_the_values_the_rule_read_change(
    commune, org_tree, cell_secretary
) -> None:
    mai = Member.objects.select_related("org").get(pk=commune["Hà Thị Mai"].pk)
    variant = Finding.objects.get(member=mai, rule="K01")
    finding_accept_exception(finding=variant, reason="Hồ sơ gốc ghi Mèo", actor=cell_secretary)
    summary = findings_refresh(org=org_tree["TL"], actor=cell_secretary, as_of=AS_OF)
    variant.refresh_from_db()
    assert variant.state == "accepted"
    assert summary.accepted == 1
    assert summary.opened == 0
    # A change to another field the rule does not read keeps it quiet...
    member_update(member=mai, changes={"note": FieldValue("đã xem")}, actor=cell_secretary)
    findings_refresh(org=org_tree["TL"], actor=cell_secretary, as_of=AS_OF)
    variant.refresh_from_db()
    assert variant.state == "accepted"
    # ...a change to the value it read makes it speak again.
    member_update(member=mai, changes={"ethnicity": FieldValue("Hmông")}, actor=cell_secretary)
    findings_refresh(org=org_tree["TL"], actor=cell_secretary, as_of=AS_OF)
    variant.refresh_from_db()
    assert variant.state == "open"
    assert AcceptedException.objects.filter(member=mai, rule="K01").count() == 1


def test_refreshing_one_cell_leaves_findings_that_need_the_whole_commune_alone(
    add_members, org_tree, commune_admin
) -> None:
    add_members(
        {"full_name": "Lò Văn Một", "citizen_id": "038075009999", "org": "TL01"},
        {"full_name": "Lò Văn Hai", "citizen_id": "038075009999", "org": "TL02"},
    )
    findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    shared = Finding.objects.filter(rule="I06")
    assert shared.count() == 2
    assert all(f.related_member_id for f in shared)
    findings_refresh(org=org_tree["TL01"], actor=commune_admin, as_of=AS_OF)
    assert set(shared.values_list("state", flat=True)) == {"open"}
    assert all(rule.scope != "cross_record" for rule in rules_for(org_tree["TL01"]))
    assert not any(rule.code.startswith("R") for rule in rules_for(org_tree["TL"]))


def test_every_refresh_is_audited_with_its_counts(commune, org_tree) -> None:
    entry = AuditEntry.objects.filter(action="review.findings.refreshed").latest("id")
    assert entry.target_id == str(org_tree["TL"].pk)
    assert entry.changes["opened"] == [None, Finding.objects.count()]


@pytest.mark.django_db(databases=["default", "jobs"])
def test_the_refresh_runs_as_a_background_job_after_an_import(
    add_members, org_tree, commune_admin
) -> None:
    assert handler_for("review.refresh")
    add_members({"full_name": "Lò Văn Ún", "phone": "01689123456"})
    queued = findings_refresh_enqueue(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    done = job_run(job_claim_next())
    assert done.pk == queued.pk
    assert done.state == Job.State.DONE, done.error
    assert done.result["opened"] == Finding.objects.filter(state="open").count() > 0
    assert Finding.objects.filter(rule="P01", state="open").exists()


@pytest.mark.django_db(databases=["default", "jobs"])
def test_the_recheck_button_queues_a_job_whose_progress_page_reports_the_result(
    client, commune_admin, add_members
) -> None:
    from django.urls import reverse

    add_members({"full_name": "Lò Văn Ún", "phone": "01689123456"})
    client.force_login(commune_admin)
    response = client.post(reverse("review:refresh", args=["TL"]))
    job = Job.objects.get()
    assert response["Location"] == reverse("review:job", args=[job.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "Đang chờ" in waiting
    assert 'hx-trigger="every 1s"' in waiting
    finished = job_run(job_claim_next())
    done = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in done
    assert "Hoàn thành" in done
    opened = Finding.objects.filter(state="open").count()
    assert finished.result["opened"] == opened
    assert f"{opened} lỗi mới" in done
    assert 'hx-trigger="every 1s"' not in done
