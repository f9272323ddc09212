"""The outputs pages: what each persona sees, downloads and may change."""

from __future__ import annotations

import io
import unicodedata

import docx
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from dangvien.audit.models import AuditEntry
from dangvien.reports.models import ReportDraft
from dangvien.vn.tones import to_style

pytestmark = pytest.mark.django_db


def test_the_navigation_links_to_the_outputs(client, commune_admin):
    client.force_login(commune_admin)
    page = client.get(reverse("home")).content.decode()
    assert reverse("reports:index") in page


def test_the_commune_admin_sees_every_output_and_the_api(client, commune, commune_admin):
    client.force_login(commune_admin)
    page = client.get(reverse("reports:index")).content.decode()
    for title in (
        "Danh sách đảng viên đã chuẩn hóa",
        "Dữ liệu đồng bộ Sổ tay đảng viên điện tử",
        "Phiếu rà soát thông tin đảng viên",
        "Sổ thống kê kết quả rà soát",
        "Báo cáo kết quả rà soát",
        "Khóa API",
    ):
        assert title in page


def test_the_province_viewer_sees_only_aggregate_outputs(client, commune, province_viewer):
    client.force_login(province_viewer)
    page = client.get(reverse("reports:index")).content.decode()
    assert "Sổ thống kê kết quả rà soát" in page
    assert "Danh sách đảng viên đã chuẩn hóa" not in page
    assert "chỉ xem số liệu tổng hợp" in page
    assert client.get(reverse("reports:export", args=["dang-vien"])).status_code == 403
    response = client.post(
        reverse("reports:export", args=["so-tay"]),
        {"org": "TL", "as_of": timezone.localdate().isoformat(), "fmt": "csv"},
    )
    assert response.status_code == 403


def test_a_user_without_scope_is_refused_and_anonymous_users_sign_in(client, outsider):
    assert client.get(reverse("reports:index")).status_code == 302
    client.force_login(outsider)
    assert client.get(reverse("reports:index")).status_code == 403


def test_exporting_from_the_page_downloads_the_file_and_records_it(client, commune, commune_admin):
    client.force_login(commune_admin)
    response = client.post(
        reverse("reports:export", args=["dang-vien"]),
        {"org": "TL01", "as_of": timezone.localdate().isoformat(), "fmt": "csv"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert "Lò Văn Ún" in response.content.decode("utf-8-sig")
    assert "Phạm Bá Hùng" not in response.content.decode("utf-8-sig")
    entry = AuditEntry.objects.get(action="reports.members.exported")
    assert entry.changes["org"] == [None, "TL01"]
    assert entry.ip_address == "192.0.2.10"


def test_the_handbook_page_names_the_members_with_open_errors_before_exporting(
    client, commune, commune_admin
):
    client.force_login(commune_admin)
    page = client.get(reverse("reports:export", args=["so-tay"])).content.decode()
    assert "1 đảng viên còn lỗi chưa xử lý" in page
    assert "Đinh Văn Lỗi" in page
    assert "Vẫn xuất cả những đảng viên còn lỗi" in page


def test_the_handbook_page_exports_members_with_errors_only_once_the_user_confirms(
    client, commune, commune_admin
):
    client.force_login(commune_admin)
    url = reverse("reports:export", args=["so-tay"])
    data = {"org": "TL", "as_of": timezone.localdate().isoformat(), "fmt": "csv"}
    refused = client.post(url, data)
    assert "Đinh Văn Lỗi" not in refused.content.decode("utf-8-sig")
    assert any("còn lỗi chưa xử lý" in str(m) for m in refused.wsgi_request._messages)
    confirmed = client.post(url, {**data, "include_errors": "on"})
    assert "Đinh Văn Lỗi" in confirmed.content.decode("utf-8-sig")
    entries = AuditEntry.objects.filter(action="reports.handbook.exported").order_by("id")
    assert [e.changes["errors_confirmed"][1] for e in entries] == [False, True]


def test_a_cell_secretary_cannot_pick_another_cell(client, commune, cell_secretary):
    client.force_login(cell_secretary)
    response = client.post(
        reverse("reports:export", args=["dang-vien"]),
        {"org": "TL02", "as_of": timezone.localdate().isoformat(), "fmt": "csv"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["org"]
    assert not AuditEntry.objects.filter(action="reports.members.exported").exists()


def test_a_future_date_is_refused(client, commune, commune_admin):
    client.force_login(commune_admin)
    tomorrow = timezone.localdate().toordinal() + 1
    day = timezone.localdate().fromordinal(tomorrow).isoformat()
    response = client.post(
        reverse("reports:export", args=["thong-ke"]), {"org": "TL", "as_of": day, "fmt": "xlsx"}
    )
    assert "Không lập số liệu cho ngày trong tương lai." in response.content.decode()


def test_the_report_text_is_edited_then_downloaded(client, commune, commune_admin):
    client.force_login(commune_admin)
    page = client.get(reverse("reports:report"))
    form = page.context["form"]
    assert form.initial["issuer"] == to_style("Đảng ủy xã Tam Lư", settings.DANGVIEN["TONE_STYLE"])
    data = {**form.initial, "number": "21", "situation": "Tình hình do Ban Xây dựng Đảng soạn."}
    response = client.post(reverse("reports:report") + "?org=TL", data)
    assert response.status_code == 302
    assert ReportDraft.objects.get(org=commune["orgs"]["TL"]).number == "21"
    download = client.post(
        reverse("reports:report_download"), {"org": "TL", "as_of": timezone.localdate().isoformat()}
    )
    assert download.status_code == 200
    document = docx.Document(io.BytesIO(download.content))
    assert "Tình hình do Ban Xây dựng Đảng soạn." in [p.text for p in document.paragraphs]


def test_report_text_typed_in_decomposed_unicode_is_saved_precomposed(
    client, commune, commune_admin
):
    client.force_login(commune_admin)
    form = client.get(reverse("reports:report")).context["form"]
    typed = unicodedata.normalize("NFD", "Kiến nghị hỗ trợ đường truyền.")
    data = {**form.initial, "proposals": typed}
    assert client.post(reverse("reports:report") + "?org=TL", data).status_code == 302
    saved = ReportDraft.objects.get(org=commune["orgs"]["TL"]).proposals
    assert saved == unicodedata.normalize("NFC", typed) != typed


def test_readers_may_download_the_report_but_not_change_its_text(client, commune, leader):
    client.force_login(leader)
    page = client.get(reverse("reports:report"))
    assert page.status_code == 200
    assert all(field.disabled for field in page.context["form"].fields.values())
    response = client.post(reverse("reports:report"), {"number": "99"})
    assert response.status_code == 403
    download = client.post(
        reverse("reports:report_download"), {"org": "TL", "as_of": timezone.localdate().isoformat()}
    )
    assert download.status_code == 200


def test_the_outputs_pages_need_a_constant_number_of_queries(
    client, commune, commune_admin, django_assert_max_num_queries
):
    client.force_login(commune_admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("reports:index"))
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:export", args=["so-tay"]))


def test_the_handbook_page_lists_the_pending_members_of_the_chosen_organization(
    client, commune, commune_admin
):
    client.force_login(commune_admin)
    page = client.get(reverse("reports:export", args=["so-tay"]), {"org": "TL01"}).content
    text = page.decode()
    assert "Đinh Văn Lỗi" not in text
    assert "Không còn đảng viên nào có lỗi chưa xử lý trong Chi bộ bản Lốc" in text
    assert 'value="TL01" selected' in text


def test_only_those_who_manage_api_tokens_see_the_api_card(client, commune, cell_secretary):
    client.force_login(cell_secretary)
    page = client.get(reverse("reports:index")).content.decode()
    assert "Danh sách đảng viên đã chuẩn hóa" in page
    assert "Khóa API" not in page
