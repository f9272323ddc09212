"""The review pages as the people who use them see them."""

import pytest
from django.urls import reverse

from dangvien.audit.models import AuditEntry
from dangvien.members.models import Member
from dangvien.members.services import FieldValue, member_update
from dangvien.review.models import ChangeSet, Finding
from dangvien.review.services import findings_refresh
from dangvien.review.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db
MEMBER_PAGE_QUERIES = 11


def _page(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_the_index_counts_open_findings_of_each_subtree_one_level_at_a_time(
    client, commune_admin, cell_secretary, commune, django_assert_num_queries
) -> None:
    client.force_login(commune_admin)
    client.get(reverse("review:index"))
    # session, user, scope, scope roots, children, counts, paths, breadcrumbs, session save (3)
    with django_assert_num_queries(11):
        response = client.get(reverse("review:index"))
    page = _page(response)
    assert "Kiểm tra lại toàn bộ" in page
    progress = response.context["progress"]
    assert progress.focus.org.code == "TL"
    rows = {row.org.code: row for row in progress.rows}
    assert (rows["TL01"].warnings, rows["TL01"].members_with_findings) == (4, 2)
    assert rows["TL02"].errors == 1
    assert progress.focus.open_total == Finding.objects.filter(state="open").count()
    one_cell = client.get(reverse("review:index"), {"to-chuc": "TL01"}).context["progress"]
    assert (one_cell.focus.org.code, one_cell.rows) == ("TL01", [])
    assert [org.code for org in one_cell.trail] == ["TL", "TL01"]
    client.force_login(cell_secretary)
    assert client.get(reverse("review:index"), {"to-chuc": "TL02"}).status_code == 404
    own = client.get(reverse("review:index")).context["progress"]
    assert own.focus.org.code == "TL01"


def test_a_cell_secretary_sees_only_their_cell_in_the_worklist(
    client, cell_secretary, commune
) -> None:
    client.force_login(cell_secretary)
    page = _page(client.get(reverse("review:worklist", args=["TL01"])))
    assert "Lò Văn Ún" in page
    assert "Hà Thị Mai" in page
    assert "Vi Văn Khoa" not in page  # no open finding
    assert "Phạm Bá Hùng" not in page
    assert client.get(reverse("review:worklist", args=["TL02"])).status_code == 404
    assert client.get(reverse("review:worklist", args=["TL"])).status_code == 404


def test_the_worklist_filters_by_rule_dimension_and_severity(
    client, commune_admin, commune
) -> None:
    client.force_login(commune_admin)
    url = reverse("review:worklist", args=["TL"])
    by_rule = client.get(url, {"quy-tac": "K01"}).context["work"]
    assert [row.member.full_name for row in by_rule.rows] == ["Hà Thị Mai"]
    by_dimension = client.get(url, {"tieu-chi": "complete"}).context["work"]
    assert [row.member.full_name for row in by_dimension.rows] == ["Lương Thị Hoa"]
    by_severity = client.get(url, {"muc-do": "error"}).context["work"]
    assert [row.member.full_name for row in by_severity.rows] == ["Lương Thị Hoa"]
    everyone = client.get(url).context["work"]
    assert [row.member.full_name for row in everyone.rows] == [
        "Hà Thị Mai",
        "Lò Văn Ún",
        "Lương Thị Hoa",
        "Phạm Bá Hùng",
    ]
    worst_first = client.get(url, {"sap-xep": "loi"}).context["work"]
    assert worst_first.rows[0].member.full_name == "Lương Thị Hoa"
    assert {item["rule"] for item in everyone.rules} == {"P01", "X01", "K01", "C09"}


def test_an_htmx_filter_returns_only_the_results_fragment(client, commune_admin, commune) -> None:
    client.force_login(commune_admin)
    response = client.get(
        reverse("review:worklist", args=["TL"]), {"quy-tac": "P01"}, HTTP_HX_REQUEST="true"
    )
    page = _page(response)
    assert "<html" not in page
    assert 'id="worklist-count"' in page
    assert "Phạm Bá Hùng" in page
    assert "Hà Thị Mai" in page


def test_every_worklist_view_is_logged_as_a_bulk_view_of_personal_data(
    client, cell_secretary, commune
) -> None:
    client.force_login(cell_secretary)
    client.get(reverse("review:worklist", args=["TL01"]), {"quy-tac": "P01"})
    entry = AuditEntry.objects.get(action="review.worklist.viewed")
    assert entry.actor == cell_secretary
    assert entry.changes["records"] == [None, 2]
    assert entry.changes["filters"][1]["quy-tac"] == "P01"


def test_the_worklist_takes_a_constant_number_of_queries(
    client, commune_admin, commune, add_members, org_tree, django_assert_num_queries
) -> None:
    client.force_login(commune_admin)
    url = reverse("review:worklist", args=["TL"])
    client.get(url)
    # session and user (2), scope and organization (2), facets, count, page, members, findings,
    # audit entry, organization findings (7), session save in a savepoint (3)
    with django_assert_num_queries(14):
        client.get(url)
    add_members(*({"full_name": f"Lò Văn {i}", "phone": "0169999999" + str(i)} for i in range(12)))
    findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.context["work"].total_members == 16


def test_the_member_page_shows_findings_with_their_actions_and_the_history(
    client, cell_secretary, commune, django_assert_num_queries
) -> None:
    un = commune["Lò Văn Ún"]
    client.force_login(cell_secretary)
    client.get(reverse("review:member", args=[un.pk]))
    # session, user, scope and member (members_for), scope of the review selectors, findings,
    # history, verifications, session save in a savepoint (3)
    with django_assert_num_queries(MEMBER_PAGE_QUERIES):
        client.get(reverse("review:member", args=[un.pk]))
    for note in ("Đã gặp trực tiếp", "Đã gọi điện", "Đã xem hồ sơ gốc"):
        member_update(
            member=Member.objects.select_related("org").get(pk=un.pk),
            changes={"note": FieldValue(note)},
            actor=cell_secretary,
        )
    with django_assert_num_queries(MEMBER_PAGE_QUERIES):
        response = client.get(reverse("review:member", args=[un.pk]))
    page = _page(response)
    assert "Dùng đề xuất: «0389123456»" in page
    assert "Chấp nhận ngoại lệ" in page
    assert "Đã gọi điện" in page  # history: before → after
    assert "Đã đối chiếu với hồ sơ gốc" in page


def test_applying_a_suggestion_from_the_member_page(client, cell_secretary, commune) -> None:
    un = commune["Lò Văn Ún"]
    phone = Finding.objects.get(member=un, rule="P01")
    client.force_login(cell_secretary)
    response = client.post(reverse("review:finding_apply", args=[phone.pk]), {"version": 1})
    assert response.status_code == 302
    assert Member.objects.get(pk=un.pk).phone == "0389123456"
    page = _page(client.get(response["Location"]))
    assert "Đã dùng đề xuất «0389123456»" in page


def test_a_stale_form_is_refused_with_the_other_value_shown_and_the_input_kept(
    client, cell_secretary, commune_admin, commune
) -> None:
    khoa = Member.objects.select_related("org").get(pk=commune["Vi Văn Khoa"].pk)
    client.force_login(cell_secretary)
    form = client.get(reverse("review:member_edit", args=[khoa.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (False, None)}
    member_update(member=khoa, changes={"phone": FieldValue("0977123456")}, actor=commune_admin)
    data["phone"] = "0966000111"
    response = client.post(reverse("review:member_edit", args=[khoa.pk]), data)
    assert response.status_code == 409
    page = _page(response)
    assert "Hồ sơ này vừa được người khác sửa" in page
    assert "0977123456" in page  # what the other person saved
    assert 'value="0966000111"' in page  # the input is kept
    assert Member.objects.get(pk=khoa.pk).phone == "0977123456"
    data["version"] = response.context["form"]["version"].value()
    assert client.post(reverse("review:member_edit", args=[khoa.pk]), data).status_code == 302
    assert Member.objects.get(pk=khoa.pk).phone == "0966000111"


def test_live_validation_judges_the_typed_form_with_the_engine(
    client, cell_secretary, commune
) -> None:
    khoa = commune["Vi Văn Khoa"]
    client.force_login(cell_secretary)
    form = client.get(reverse("review:member_edit", args=[khoa.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (False, None)}
    data.update(phone="01689123456", citizen_id="38075002222")
    response = client.post(reverse("review:member_validate", args=[khoa.pk]), data)
    page = _page(response)
    assert 'id="msg-phone" hx-swap-oob="true"' in page
    assert "0389123456" in page  # the suggestion for the 11-digit phone
    assert "038075002222" in page  # the lost leading zero
    assert "Số điện thoại, Số CCCD/định danh cá nhân" in page or "chưa lưu" in page
    assert Member.objects.get(pk=khoa.pk).phone != "01689123456"  # nothing saved


def test_live_validation_shows_stored_findings_and_accepted_exceptions_until_values_change(
    client, cell_secretary, commune
) -> None:
    from dangvien.review.services import finding_accept_exception

    mai = commune["Hà Thị Mai"]
    variant = Finding.objects.select_related("member", "org").get(member=mai, rule="K01")
    finding_accept_exception(finding=variant, reason="Hồ sơ gốc ghi Mèo", actor=cell_secretary)
    client.force_login(cell_secretary)
    form = client.get(reverse("review:member_edit", args=[mai.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (False, None)}
    url = reverse("review:member_validate", args=[mai.pk])
    untouched = _page(client.post(url, data))
    assert "(Đã chấp nhận ngoại lệ) Dân tộc «Mèo»" in untouched
    assert "0834567890" in untouched  # the stored phone finding stands
    assert "Còn 1 điều cần xem" in untouched
    data["ethnicity"] = "Mẹo"
    changed = _page(client.post(url, data))
    assert "(Đã chấp nhận ngoại lệ)" not in changed
    assert "Đã sửa: Dân tộc (chưa lưu)" in changed


def test_bulk_preview_lists_every_change_and_applying_it_can_be_undone(
    client, cell_secretary, commune
) -> None:
    client.force_login(cell_secretary)
    url = reverse("review:bulk_preview", args=["TL01", "P01"])
    page = _page(client.get(url))
    assert "01689123456" in page
    assert "0389123456" in page
    assert "01234567890" in page
    assert "0834567890" in page
    assert "01699999999" not in page  # TL02
    assert AuditEntry.objects.filter(action="review.bulk_preview.viewed").exists()
    items = [
        f"{f.pk}:{f.fingerprint}"
        for f in Finding.objects.filter(rule="P01", org__code="TL01", state="open")
    ]
    response = client.post(url, {"muc": items})
    change_set = ChangeSet.objects.get()
    assert response["Location"] == reverse("review:change_set", args=[change_set.pk])
    assert Member.objects.get(pk=commune["Lò Văn Ún"].pk).phone == "0389123456"
    page = _page(client.get(response["Location"]))
    assert "Hoàn tác" in page
    response = client.post(reverse("review:change_set_undo", args=[change_set.pk]))
    assert Member.objects.get(pk=commune["Lò Văn Ún"].pk).phone == "01689123456"
    assert "Đã hoàn tác" in _page(client.get(response["Location"]))


def test_bulk_apply_ignores_findings_outside_the_organization_of_the_page(
    client, cell_secretary, commune
) -> None:
    client.force_login(cell_secretary)
    other = Finding.objects.get(rule="P01", member=commune["Phạm Bá Hùng"])
    client.post(
        reverse("review:bulk_preview", args=["TL01", "P01"]),
        {"muc": [f"{other.pk}:{other.fingerprint}"]},
    )
    assert Member.objects.get(pk=commune["Phạm Bá Hùng"].pk).phone == "01699999999"


def test_the_duplicate_pair_page_offers_a_choice_per_field(
    client, commune_admin, add_members, org_tree
) -> None:
    a, b = add_members(
        {"full_name": "Hoàng Văn Sơn", "birth_date": "02/09/1968", "citizen_id": "038068005555"},
        {"full_name": "Hoàng Văn Sơn", "birth_date": "02/09/1968", "citizen_id": None},
    )
    findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    client.force_login(commune_admin)
    listing = _page(client.get(reverse("review:duplicates", args=["TL"])))
    assert reverse("review:pair", args=[a.pk, b.pk]) in listing
    page = _page(client.get(reverse("review:pair", args=[a.pk, b.pk])))
    assert f'name="chon-citizen_id" value="{a.pk}" checked' in page
    response = client.post(
        reverse("review:pair_merge", args=[a.pk, b.pk]),
        {
            "giu": str(a.pk),
            f"phien-ban-{a.pk}": a.version,
            f"phien-ban-{b.pk}": b.version,
            "chon-phone": str(b.pk),
        },
    )
    assert response.status_code == 302
    assert not Member.objects.filter(pk=b.pk).exists()
    assert Member.objects.get(pk=a.pk).phone == b.phone


def test_a_leader_reads_but_cannot_change_anything(client, leader, commune) -> None:
    client.force_login(leader)
    un = commune["Lò Văn Ún"]
    page = _page(client.get(reverse("review:member", args=[un.pk])))
    assert "Lò Văn Ún" in page
    assert "Dùng đề xuất" not in page
    assert "Sửa hồ sơ" not in page
    phone = Finding.objects.get(member=un, rule="P01")
    assert client.post(reverse("review:finding_apply", args=[phone.pk])).status_code == 403
    assert client.get(reverse("review:member_edit", args=[un.pk])).status_code == 403
    assert Member.objects.get(pk=un.pk).phone == "01689123456"
