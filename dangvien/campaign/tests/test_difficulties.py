"""Khó khăn, vướng mắc: raised by a cell, assigned and answered by the Ban, closed, exported."""

import io

import openpyxl
import pytest
from django.urls import reverse

from dangvien.audit.models import AuditEntry
from dangvien.campaign.models import Difficulty
from dangvien.campaign.services import (
    CampaignError,
    difficulty_answer,
    difficulty_assign,
    difficulty_close,
    difficulty_raise,
)

pytestmark = pytest.mark.django_db


def _raise(actor, campaign, org, title="Không đăng nhập được phần mềm 4.0"):  # type: ignore[no-untyped-def]
    return difficulty_raise(
        actor=actor,
        campaign=campaign,
        org=org,
        title=title,
        body="Tài khoản báo sai mật khẩu từ sáng nay.",
        technical=True,
    )


def test_a_cell_secretary_raises_a_difficulty_the_ban_assigns_answers_and_closes_it(
    client, commune_admin, cell_secretary, campaign, org_tree
) -> None:
    client.force_login(cell_secretary)
    response = client.post(
        reverse("campaign:difficulties"),
        {
            "org": org_tree["TL01"].pk,
            "title": "Ba đảng viên cao tuổi không có CCCD gắn chip",
            "body": "Đề nghị hướng dẫn cách ghi số CMND cũ.",
        },
        follow=True,
    )
    assert "Đã gửi khó khăn, vướng mắc" in response.content.decode()
    item = Difficulty.objects.get()
    assert (item.raised_by, item.org, item.state) == (cell_secretary, org_tree["TL01"], "open")

    difficulty_assign(actor=commune_admin, difficulty=item, assignee=commune_admin)
    difficulty_answer(actor=commune_admin, difficulty=item, answer="Ghi số CMND vào cột CMND cũ.")
    item.refresh_from_db()
    assert (item.state, item.answered_by, item.assigned_to) == (
        "answered",
        commune_admin,
        commune_admin,
    )
    client.force_login(cell_secretary)
    page = client.get(reverse("campaign:difficulty", args=[item.pk])).content.decode()
    assert "Ghi số CMND vào cột CMND cũ." in page
    client.post(reverse("campaign:difficulty_close", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == "closed"
    assert list(
        AuditEntry.objects.filter(action__startswith="campaign.difficulty")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "campaign.difficulty.raised",
        "campaign.difficulty.assigned",
        "campaign.difficulty.answered",
        "campaign.difficulty.closed",
    ]


def test_difficulties_stay_within_the_scope_of_who_raised_them(
    client, commune_admin, cell_secretary, hau_secretary, campaign, org_tree
) -> None:
    mine = _raise(cell_secretary, campaign, org_tree["TL01"], "Khó khăn của bản Lốc")
    _raise(hau_secretary, campaign, org_tree["TL02"], "Khó khăn của bản Hậu")
    client.force_login(cell_secretary)
    page = client.get(reverse("campaign:difficulties")).content.decode()
    assert "Khó khăn của bản Lốc" in page
    assert "Khó khăn của bản Hậu" not in page
    client.force_login(hau_secretary)
    assert client.get(reverse("campaign:difficulty", args=[mine.pk])).status_code == 404
    with pytest.raises(CampaignError, match="không thuộc phạm vi"):
        _raise(hau_secretary, campaign, org_tree["TL01"])
    client.force_login(commune_admin)
    page = client.get(reverse("campaign:difficulties")).content.decode()
    assert "Khó khăn của bản Lốc" in page
    assert "Khó khăn của bản Hậu" in page


def test_a_leader_reads_difficulties_but_cannot_raise_answer_or_close_them(
    client, leader, cell_secretary, campaign, org_tree
) -> None:
    item = _raise(cell_secretary, campaign, org_tree["TL01"])
    client.force_login(leader)
    assert "Không đăng nhập được" in client.get(reverse("campaign:difficulties")).content.decode()
    response = client.post(
        reverse("campaign:difficulties"), {"org": org_tree["TL01"].pk, "title": "x", "body": "y"}
    )
    assert response.status_code == 403
    assert client.post(reverse("campaign:difficulty_close", args=[item.pk])).status_code == 403
    with pytest.raises(CampaignError):
        difficulty_answer(actor=leader, difficulty=item, answer="Không được")
    assert Difficulty.objects.count() == 1


def test_only_the_raiser_or_the_ban_closes_and_assignees_must_be_commune_admins(
    cell_secretary, hau_secretary, commune_admin, campaign, org_tree
) -> None:
    item = _raise(cell_secretary, campaign, org_tree["TL01"])
    with pytest.raises(CampaignError, match="Chỉ phân công"):
        difficulty_assign(actor=commune_admin, difficulty=item, assignee=cell_secretary)
    with pytest.raises(CampaignError, match="không thuộc phạm vi"):
        difficulty_close(actor=hau_secretary, difficulty=item)
    difficulty_close(actor=cell_secretary, difficulty=item)
    with pytest.raises(CampaignError, match="đã đóng"):
        difficulty_answer(actor=commune_admin, difficulty=item, answer="Muộn")


def test_the_export_for_the_report_upward_is_a_workbook_and_is_audited(
    client, commune_admin, cell_secretary, campaign, org_tree
) -> None:
    _raise(cell_secretary, campaign, org_tree["TL01"], "Phần mềm báo lỗi khi lưu ngày sinh")
    client.force_login(commune_admin)
    response = client.get(reverse("campaign:difficulties_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kho-khan-vuong-mac-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("TỔNG HỢP KHÓ KHĂN, VƯỚNG MẮC — ĐẢNG BỘ XÃ TAM LƯ")
    assert [c.value for c in sheet[4]][:4] == [
        "STT",
        "Tổ chức đảng",
        "Tiêu đề",
        "Nội dung khó khăn, vướng mắc",
    ]
    assert [c.value for c in sheet[5]][:3] == [
        1,
        "Chi bộ bản Lốc",
        "Phần mềm báo lỗi khi lưu ngày sinh",
    ]
    entry = AuditEntry.objects.get(action="exports.difficulties.downloaded")
    assert (entry.actor, entry.changes) == (commune_admin, {"rows": [None, 1]})
    client.force_login(cell_secretary)
    assert client.get(reverse("campaign:difficulties_export")).status_code == 403
