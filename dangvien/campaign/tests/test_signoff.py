"""Sign-off: organizations first, then each cell's members; explained errors; approve or return."""

import pytest
from django.urls import reverse

from dangvien.audit.models import AuditEntry
from dangvien.campaign.models import SignOff
from dangvien.campaign.services import (
    CampaignError,
    campaign_orgs_sign_off,
    signoff_approve,
    signoff_return,
    signoff_submit,
)
from dangvien.campaign.tests.personas import finding, member

pytestmark = pytest.mark.django_db


def test_a_cell_cannot_sign_off_its_members_before_the_commune_signs_off_its_organizations(
    cell_secretary, campaign, org_tree
) -> None:
    with pytest.raises(CampaignError, match="chưa chốt dữ liệu tổ chức"):
        signoff_submit(
            actor=cell_secretary, campaign=campaign, org=org_tree["TL01"], explanations={}
        )
    assert not SignOff.objects.exists()


def test_the_commune_admin_must_explain_open_organization_errors_to_close_phase_one(
    commune_admin, campaign, org_tree
) -> None:
    problem = finding(
        org_tree["TL02"], rule="O03", field="org.secretary", message="Chi bộ thiếu bí thư"
    )
    with pytest.raises(CampaignError, match="Còn 1 lỗi chưa có giải trình"):
        campaign_orgs_sign_off(actor=commune_admin, campaign=campaign, explanations={})
    signoff = campaign_orgs_sign_off(
        actor=commune_admin,
        campaign=campaign,
        explanations={problem.pk: "Bí thư mới được bầu, chờ quyết định chuẩn y"},
    )
    campaign.refresh_from_db()
    assert campaign.orgs_signed_off_at is not None
    assert campaign.orgs_signed_off_by == commune_admin
    assert signoff.phase == "orgs"
    assert signoff.state == "approved"
    assert [e.text for e in signoff.explanations.all()] == [
        "Bí thư mới được bầu, chờ quyết định chuẩn y"
    ]
    assert AuditEntry.objects.filter(action="campaign.orgs.signed_off").count() == 1


def test_a_cell_secretary_signs_off_a_clean_cell_and_the_admin_approves_it(
    commune_admin, cell_secretary, campaign, org_tree
) -> None:
    campaign_orgs_sign_off(actor=commune_admin, campaign=campaign, explanations={})
    signoff = signoff_submit(
        actor=cell_secretary, campaign=campaign, org=org_tree["TL01"], explanations={}
    )
    assert signoff.state == "submitted"
    with pytest.raises(CampaignError, match="đang chờ"):
        signoff_submit(
            actor=cell_secretary, campaign=campaign, org=org_tree["TL01"], explanations={}
        )
    signoff_approve(actor=commune_admin, signoff=signoff, comment="Tốt")
    signoff.refresh_from_db()
    assert (signoff.state, signoff.decided_by, signoff.comment) == (
        "approved",
        commune_admin,
        "Tốt",
    )
    with pytest.raises(CampaignError, match="đã được duyệt"):
        signoff_submit(
            actor=cell_secretary, campaign=campaign, org=org_tree["TL01"], explanations={}
        )
    assert list(
        AuditEntry.objects.filter(action__startswith="campaign.signoff").values_list(
            "action", flat=True
        )
    ) == ["campaign.signoff.approved", "campaign.signoff.submitted"]


def test_every_open_error_left_in_the_cell_needs_an_explanation(
    commune_admin, cell_secretary, campaign, org_tree
) -> None:
    campaign_orgs_sign_off(actor=commune_admin, campaign=campaign, explanations={})
    un = member(org_tree["TL01"], "Lò Văn Ún")
    first = finding(un)
    second = finding(un, rule="D02", field="birth_date", message="Ngày sinh sau ngày vào Đảng")
    finding(un, severity="warning", rule="P01", field="phone")  # warnings need no explanation
    finding(member(org_tree["TL02"], "Hà Văn Khác"))  # another cell's error is not this cell's
    with pytest.raises(CampaignError, match="Còn 1 lỗi chưa có giải trình"):
        signoff_submit(
            actor=cell_secretary,
            campaign=campaign,
            org=org_tree["TL01"],
            explanations={first.pk: "Đúng theo hồ sơ gốc"},
        )
    signoff = signoff_submit(
        actor=cell_secretary,
        campaign=campaign,
        org=org_tree["TL01"],
        explanations={first.pk: "Đúng theo hồ sơ gốc", second.pk: "  Lý lịch ghi như vậy  "},
    )
    assert sorted(signoff.explanations.values_list("rule", "text")) == [
        ("D02", "Lý lịch ghi như vậy"),
        ("V01", "Đúng theo hồ sơ gốc"),
    ]


def test_a_returned_sign_off_carries_the_comment_and_can_be_submitted_again(
    commune_admin, cell_secretary, campaign, org_tree
) -> None:
    campaign_orgs_sign_off(actor=commune_admin, campaign=campaign, explanations={})
    signoff = signoff_submit(
        actor=cell_secretary, campaign=campaign, org=org_tree["TL01"], explanations={}
    )
    with pytest.raises(CampaignError, match="Xin ghi ý kiến"):
        signoff_return(actor=commune_admin, signoff=signoff, comment="  ")
    signoff_return(
        actor=commune_admin, signoff=signoff, comment="Còn 3 đảng viên thiếu số điện thoại"
    )
    signoff.refresh_from_db()
    assert signoff.state == "returned"
    again = signoff_submit(
        actor=cell_secretary, campaign=campaign, org=org_tree["TL01"], explanations={}
    )
    assert again.state == "submitted"
    assert SignOff.objects.filter(phase="members").count() == 2


def test_only_the_commune_admin_decides_and_only_within_scope(
    commune_admin, cell_secretary, hau_secretary, leader, campaign, org_tree
) -> None:
    campaign_orgs_sign_off(actor=commune_admin, campaign=campaign, explanations={})
    with pytest.raises(CampaignError, match="không thuộc phạm vi"):
        signoff_submit(
            actor=hau_secretary, campaign=campaign, org=org_tree["TL01"], explanations={}
        )
    with pytest.raises(CampaignError, match="Vai trò"):
        signoff_submit(actor=leader, campaign=campaign, org=org_tree["TL01"], explanations={})
    signoff = signoff_submit(
        actor=cell_secretary, campaign=campaign, org=org_tree["TL01"], explanations={}
    )
    with pytest.raises(CampaignError, match="Vai trò"):
        signoff_approve(actor=cell_secretary, signoff=signoff)
    with pytest.raises(CampaignError, match="không phải chi bộ"):
        signoff_submit(actor=commune_admin, campaign=campaign, org=org_tree["TL"], explanations={})


def test_the_secretary_explains_errors_on_the_page_and_the_admin_approves_it(
    client, commune_admin, cell_secretary, campaign, org_tree
) -> None:
    campaign_orgs_sign_off(actor=commune_admin, campaign=campaign, explanations={})
    problem = finding(member(org_tree["TL01"], "Lò Văn Ún"))
    url = reverse("campaign:signoff_org", args=["TL01"])
    client.force_login(cell_secretary)
    page = client.get(url).content.decode()
    assert "Lò Văn Ún" in page
    assert "Số CCCD không đủ 12 chữ số" in page
    response = client.post(url, {f"explain_{problem.pk}": ""})
    assert "Còn 1 lỗi chưa có giải trình" in response.content.decode()
    response = client.post(url, {f"explain_{problem.pk}": "Đúng theo hồ sơ gốc"}, follow=True)
    assert "Đã gửi xác nhận hoàn thành" in response.content.decode()
    signoff = SignOff.objects.get(phase="members")
    client.force_login(commune_admin)
    pending = client.get(reverse("campaign:signoffs")).content.decode()
    assert "Chờ duyệt (1)" in pending
    client.post(
        reverse("campaign:signoff_decide", args=[signoff.pk]),
        {"decision": "approve", "comment": ""},
    )
    signoff.refresh_from_db()
    assert signoff.state == "approved"
