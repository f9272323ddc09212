"""Figures as of a date, read from the database; who may read which records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dangvien.campaign.models import Campaign, Difficulty, ProgressSnapshot, SignOff
from dangvien.members.models import Member
from dangvien.members.selectors import ScopeError
from dangvien.reports import selectors
from dangvien.review.models import Finding

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 12, 30)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def test_members_are_counted_as_they_stood_on_the_date(commune):
    figures = selectors.figures_as_of(commune["orgs"]["TL"], TODAY)
    loc = next(org for org in figures.orgs if org.code == "TL01")
    # Ún, Mai (probationary), Miễn (exempt); Mất died on 01/11/2025.
    assert (loc.members, loc.official, loc.probationary, loc.exempt) == (3, 2, 1, 1)
    assert (loc.with_phone, loc.handbook_installed, loc.no_smartphone) == (2, 1, 1)
    assert figures.total.members == 5
    assert figures.exited == {"Từ trần": 1}


def test_a_date_before_an_admission_or_a_death_counts_them_as_they_were_then(commune):
    figures = selectors.figures_as_of(commune["orgs"]["TL"], dt.date(2025, 5, 1))
    loc = next(org for org in figures.orgs if org.code == "TL01")
    # Mai was admitted on 01/06/2025; Mất was still alive.
    assert (loc.members, loc.official, loc.probationary) == (3, 3, 0)
    assert figures.exited == {}


def test_a_member_recognized_after_the_date_was_probationary_then(commune):
    member = commune["members"]["hung"]
    member.official_date = dt.date(2025, 12, 1)
    member.save()
    before = selectors.figures_as_of(commune["orgs"]["TL"], dt.date(2025, 11, 30))
    after = selectors.figures_as_of(commune["orgs"]["TL"], TODAY)
    hau_before = next(org for org in before.orgs if org.code == "TL02")
    hau_after = next(org for org in after.orgs if org.code == "TL02")
    assert (hau_before.official, hau_before.probationary) == (1, 1)
    assert (hau_after.official, hau_after.probationary) == (2, 0)


def test_findings_count_as_open_resolved_or_accepted_on_the_date(commune):
    Finding.objects.update(first_seen_at=at(dt.date(2025, 12, 10)))
    fixed = commune["findings"]["fixed"]
    Finding.objects.filter(pk=fixed.pk).update(resolved_at=at(dt.date(2025, 12, 20)))
    on_15 = selectors.figures_as_of(commune["orgs"]["TL"], dt.date(2025, 12, 15)).total
    on_30 = selectors.figures_as_of(commune["orgs"]["TL"], TODAY).total
    before = selectors.figures_as_of(commune["orgs"]["TL"], dt.date(2025, 12, 9)).total
    assert (on_15.findings_found, on_15.open_errors, on_15.open_warnings, on_15.open_infos) == (
        3,
        1,
        1,
        1,
    )
    assert on_15.findings_resolved == 0
    assert (on_30.open_warnings, on_30.findings_resolved) == (0, 1)
    assert before.findings_found == 0
    assert before.open_errors == 0
    assert on_30.members_with_errors == 1


def test_dimensions_are_the_six_of_the_campaign_with_their_counts(commune):
    figures = selectors.figures_as_of(commune["orgs"]["TL"], timezone.localdate())
    by_code = {d.code: d for d in figures.dimensions}
    assert list(by_code) == ["correct", "complete", "clean", "current", "consistent", "shareable"]
    assert (by_code["correct"].found, by_code["correct"].open_errors) == (1, 1)
    assert (by_code["clean"].found, by_code["clean"].resolved) == (1, 1)
    assert by_code["complete"].open_infos == 1


def test_sign_offs_difficulties_progress_and_campaign_are_read_up_to_the_date(
    commune, commune_admin
):
    orgs = commune["orgs"]
    campaign = Campaign.objects.create(
        name="Làm sạch dữ liệu 2025",
        commune=orgs["TL"],
        start_date=dt.date(2025, 12, 10),
        deadline=dt.date(2025, 12, 30),
    )
    SignOff.objects.create(
        campaign=campaign,
        org=orgs["TL01"],
        phase="members",
        state="approved",
        submitted_by=commune_admin,
        decided_at=at(dt.date(2025, 12, 28)),
    )
    Difficulty.objects.create(
        campaign=campaign,
        org=orgs["TL02"],
        title="Thiếu hồ sơ gốc",
        body="Hồ sơ thất lạc",
        raised_by=commune_admin,
        answer="Đối chiếu sổ đảng viên",
        answered_at=at(dt.date(2025, 12, 29)),
    )
    Difficulty.objects.update(raised_at=at(dt.date(2025, 12, 15)))
    for day, errors in ((dt.date(2025, 12, 10), 9), (dt.date(2025, 12, 11), 4)):
        ProgressSnapshot.objects.create(
            campaign=campaign,
            org=orgs["TL01"],
            day=day,
            open_errors=errors,
            members=3,
            members_without_error=2,
        )
        ProgressSnapshot.objects.create(
            campaign=campaign,
            org=orgs["TL02"],
            day=day,
            open_errors=1,
            members=2,
            members_without_error=1,
        )
    figures = selectors.figures_as_of(orgs["TL"], TODAY)
    assert [org.signed_off for org in figures.orgs] == [True, False]
    assert [(p.day, p.open_errors, p.members) for p in figures.progress] == [
        (dt.date(2025, 12, 10), 10, 5),
        (dt.date(2025, 12, 11), 5, 5),
    ]
    assert figures.difficulties[0].answer == "Đối chiếu sổ đảng viên"
    assert figures.campaign.name == "Làm sạch dữ liệu 2025"
    earlier = selectors.figures_as_of(orgs["TL"], dt.date(2025, 12, 20))
    assert [org.signed_off for org in earlier.orgs] == [False, False]
    assert earlier.difficulties[0].answer == ""
    assert earlier.difficulties[0].state == "Chưa được trả lời"
    assert len(selectors.figures_as_of(orgs["TL"], dt.date(2025, 12, 10)).progress) == 1


def test_a_cell_secretary_reads_only_their_cell(commune, cell_secretary):
    org = selectors.default_org(cell_secretary)
    assert org.code == "TL01"
    names = {
        r["full_name"] for r in selectors.member_records(selectors.members_in(cell_secretary, org))
    }
    assert names == {"Lò Văn Ún", "Hà Thị Mai", "Lò Thị Miễn", "Vi Văn Mất"}
    with pytest.raises(ScopeError):
        selectors.org_for(cell_secretary, "TL02")


def test_aggregate_only_roles_and_users_without_scope_get_no_member_record(
    commune, province_viewer, outsider
):
    with pytest.raises(ScopeError):
        selectors.members_in(province_viewer, commune["orgs"]["TL"])
    with pytest.raises(ScopeError):
        selectors.default_org(outsider)
    assert selectors.default_org(province_viewer).code == "TL"


def test_open_findings_by_member_speak_the_field_label(commune):
    found = selectors.open_findings_by_member(Member.objects.all())
    loi = commune["members"]["loi"]
    assert [(f.field_label, f.severity) for f in found[loi.pk]] == [
        ("Số CCCD/định danh cá nhân", "error")
    ]
    assert commune["members"]["un"].pk not in found  # its only finding was resolved
