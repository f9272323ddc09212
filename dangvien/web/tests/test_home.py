"""The home page is the campaign dashboard of the reader's scope: counts only, a level at a time."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dangvien.campaign.dashboard import dashboard_for
from dangvien.campaign.models import ProgressSnapshot, SignOff
from dangvien.campaign.progress import progress_snapshot_take
from dangvien.campaign.tests.personas import finding, member
from dangvien.orgs.services import OrgRow, org_tree_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(org_tree):  # type: ignore[no-untyped-def]
    """Bản Lốc: 3 members (1 with two errors, 1 with a warning); bản Hậu: 2 members, 1 exited."""
    loc, hau = org_tree["TL01"], org_tree["TL02"]
    un = member(loc, "Lò Văn Ún", citizen_id="038060001234", handbook_installed=True)
    mai = member(loc, "Hà Thị Mai", status="probationary", no_smartphone=True)
    member(loc, "Lò Thị Đào", exempt=True)
    member(hau, "Phạm Bá Hùng", handbook_installed=True)
    gone = member(hau, "Vi Văn Chết", exit_kind="deceased")
    finding(un, dimension="correct")
    finding(un, rule="D01", field="birth_date", dimension="consistent")
    finding(mai, severity="warning", rule="P01", field="phone", dimension="shareable")
    finding(gone, rule="X01", field="exit_date", dimension="complete")
    finding(gone, severity="info", rule="X02", field="note", dimension="clean", state="resolved")
    return org_tree


def _row(dashboard, code):  # type: ignore[no-untyped-def]
    return next(row for row in dashboard.rows if row.org.code == code)


def test_each_cell_shows_members_open_findings_and_the_share_without_errors(
    commune_admin, commune, campaign
) -> None:
    dashboard = dashboard_for(commune_admin)
    assert dashboard.focus.code == "TL"
    loc, hau = _row(dashboard, "TL01").counts, _row(dashboard, "TL02").counts
    assert (loc.members, loc.official, loc.probationary) == (3, 2, 1)
    assert loc.by_severity == {"error": 2, "warning": 1, "info": 0}
    assert loc.by_dimension == {
        "correct": 1,
        "complete": 0,
        "clean": 0,
        "current": 0,
        "consistent": 1,
        "shareable": 1,
    }
    assert loc.clean_share == pytest.approx(2 / 3)
    assert (hau.members, hau.records, hau.records_with_error) == (1, 2, 1)
    assert hau.by_severity == {"error": 1, "warning": 0, "info": 0}  # resolved ones are not open
    total = dashboard.total.counts
    assert (total.members, total.open_errors, total.handbook_installed) == (4, 3, 2)
    assert (total.no_smartphone, total.exempt) == (1, 1)
    assert total.handbook_share == pytest.approx(2 / 3)  # of the 3 active members not exempt
    assert dashboard.days_left == 15


@pytest.mark.parametrize("neighbours", [1, 5])
def test_the_totals_hold_only_what_is_in_view_however_much_of_the_database_that_is(
    commune_admin, commune, campaign, neighbours
) -> None:
    """With one small neighbouring commune the view is most of the database (every row is read,
    the others dropped); with five it is not (the rows are filtered by path)."""
    for n in range(neighbours):
        code = f"XY{n}"
        other = org_tree_create(
            rows=[
                OrgRow(code, f"Đảng bộ xã {code}", "commune_committee", None),
                OrgRow(f"{code}01", f"Chi bộ {code}", "base_cell", code, "residential"),
            ],
            actor=None,
        )
        finding(member(other[f"{code}01"], f"Người xã {code}"))
    total = dashboard_for(commune_admin).total.counts
    assert (total.records, total.members, total.open_errors) == (5, 4, 3)
    assert total.by_dimension["correct"] == 1


def test_the_page_shows_the_countdown_and_the_campaign_counters(
    client, commune_admin, commune, campaign
) -> None:
    client.force_login(commune_admin)
    page = client.get(reverse("home")).content.decode()
    assert "Còn 15 ngày" in page
    assert "Chi bộ bản Lốc" in page
    assert "66,7%" in page  # bản Lốc: 2 of 3 records without an open error
    assert "đã cài Sổ tay đảng viên" in page
    assert "không có điện thoại thông minh" in page
    assert "miễn sinh hoạt đảng" in page


def test_subtrees_are_added_up_and_can_be_opened_one_level_down(
    client, commune_admin, cell_secretary, org_tree, campaign
) -> None:
    created = org_tree_create(
        rows=[
            OrgRow("TL03", "Đảng bộ Trường THCS Tam Lư", "base_committee", "TL", "school"),
            OrgRow("TL0301", "Chi bộ giáo viên", "sub_cell", "TL03", "school"),
            OrgRow("TL0302", "Chi bộ nhân viên", "sub_cell", "TL03", "school"),
        ],
        actor=None,
    )
    finding(member(created["TL0301"], "Giáo Viên Một"))
    member(created["TL0302"], "Nhân Viên Hai")
    SignOff.objects.create(
        campaign=campaign,
        org=created["TL0301"],
        phase="members",
        state="approved",
        submitted_by=commune_admin,
    )
    school = _row(dashboard_for(commune_admin), "TL03")
    assert school.has_children
    assert (school.counts.members, school.counts.open_errors) == (2, 1)
    assert (school.units, school.approved) == (2, 1)

    client.force_login(commune_admin)
    page = client.get(reverse("home"), {"to-chuc": "TL03"}).content.decode()
    assert "Chi bộ giáo viên" in page
    assert "Chi bộ bản Lốc" not in page
    assert "Đã duyệt" in page
    client.force_login(cell_secretary)
    assert client.get(reverse("home"), {"to-chuc": "TL03"}).status_code == 404


def test_a_cell_secretary_sees_only_their_own_cell(
    client, cell_secretary, commune, campaign
) -> None:
    client.force_login(cell_secretary)
    page = client.get(reverse("home")).content.decode()
    assert "Chi bộ bản Lốc" in page
    assert "Chi bộ bản Hậu" not in page
    assert "Còn 15 ngày" in page  # the commune's campaign reaches its cells


def test_a_user_without_scope_sees_no_organization(client, outsider) -> None:
    client.force_login(outsider)
    page = client.get(reverse("home")).content.decode()
    assert "chưa được giao tổ chức đảng nào" in page
    assert "Chi bộ" not in page.split("<main", 1)[1].split("</main>")[0]


def test_the_province_sees_the_numbers_and_no_name(
    client, province_viewer, commune, campaign
) -> None:
    client.force_login(province_viewer)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="open-errors">3<' in page
    for name in ("Lò Văn Ún", "Hà Thị Mai", "Phạm Bá Hùng", "038060001234"):
        assert name not in page


def test_the_burn_down_chart_has_a_point_per_snapshot_day_and_a_live_one_for_today(
    client, commune_admin, commune, campaign
) -> None:
    today = timezone.localdate()
    for days_ago, errors in ((4, 9), (2, 6)):
        ProgressSnapshot.objects.create(
            campaign=campaign,
            org=commune["TL01"],
            day=today - dt.timedelta(days=days_ago),
            open_errors=errors,
            open_warnings=1,
        )
    chart = dashboard_for(commune_admin).chart
    assert [(p.errors, p.warnings) for p in chart.points] == [(9, 1), (6, 1), (3, 1)]
    assert chart.points[-1].day == today
    assert chart.ideal  # the line from the first day's errors to zero at the deadline
    client.force_login(commune_admin)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="burndown"' in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count("<circle") == 6  # a dot per day for errors and for warnings
    # Coordinates are never localized ("276,0" would be a broken SVG number).
    assert not re.findall(r'\b(?:c?x|c?y|x1|x2|y1|y2)="[^"]*,', svg)
    assert f"ngày {today:%d/%m}: 3 lỗi, 1 cảnh báo chưa xử lý" in page


def test_a_snapshot_stores_each_organizations_counts_for_the_day(commune, campaign) -> None:
    written = progress_snapshot_take(campaign=campaign)
    assert written == 2
    loc = ProgressSnapshot.objects.get(org=commune["TL01"])
    assert (loc.open_errors, loc.open_warnings, loc.members, loc.members_without_error) == (
        2,
        1,
        3,
        2,
    )
    progress_snapshot_take(campaign=campaign)  # same day again: replaced, not doubled
    assert ProgressSnapshot.objects.count() == 2


def test_the_dashboard_needs_a_constant_number_of_queries(
    client, commune_admin, org_tree, campaign, django_assert_num_queries
) -> None:
    client.force_login(commune_admin)
    client.get(reverse("home"))  # warm the session
    for i in range(30):
        cell = org_tree["TL01"] if i % 2 else org_tree["TL02"]
        finding(member(cell, f"Đảng viên {i}"), rule=f"R{i % 4}")
    more = org_tree_create(
        rows=[OrgRow(f"TL1{i}", f"Chi bộ thôn {i}", "base_cell", "TL") for i in range(5)],
        actor=None,
    )
    finding(member(more["TL10"], "Người thôn 0"))
    # session, user, scope, organizations, campaigns, sign-offs, the number of organizations,
    # members, findings, snapshots, and the session saved again (savepoint, update, release)
    with django_assert_num_queries(13):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Chi bộ thôn 4" in response.content.decode()


def test_pages_load_no_asset_from_outside_the_server(client, commune_admin, campaign) -> None:
    client.force_login(commune_admin)
    page = client.get(reverse("home")).content.decode()
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "https://" not in page
    assert "/static/dangvien/vendor/htmx/htmx.min.js" in page
    assert "/static/campaign/campaign.css" in page
