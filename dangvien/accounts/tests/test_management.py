"""The commune admin manages accounts: create with a one-time password, assign, lock, reset."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from dangvien.accounts.models import User
from dangvien.accounts.services import (
    AccountError,
    account_create,
    account_reset_password,
    account_set_active,
    account_update,
)
from dangvien.audit.models import AuditEntry
from dangvien.campaign.tests.personas import PASSWORD, make_user
from dangvien.orgs.services import OrgRow, org_tree_create

pytestmark = pytest.mark.django_db


def _password_on(page: str) -> str:
    found = re.search(r'data-testid="temporary-password">([a-z0-9-]+)<', page)
    assert found, "the temporary password is shown on the page"
    return found.group(1)


def test_the_admin_creates_a_cell_secretary_who_must_choose_a_password_at_first_login(
    client, commune_admin, org_tree
) -> None:
    client.force_login(commune_admin)
    response = client.post(
        reverse("accounts:new"),
        {
            "username": "bithu.banhau",
            "full_name": "Hà Văn Hậu",
            "phone": "0912345678",
            "role": "cell_secretary",
            "scope": [org_tree["TL02"].pk],
        },
    )
    page = response.content.decode()
    assert "Đã tạo tài khoản «bithu.banhau»" in page
    password = _password_on(page)
    account = User.objects.get(username="bithu.banhau")
    assert account.password.startswith("argon2")
    assert account.must_change_password
    assert [org.code for org in account.scope.all()] == ["TL02"]
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert entry.changes["password"] == ["***", "***"]
    assert password not in str(entry.changes)

    newcomer = Client()
    response = newcomer.post(
        reverse("login"), {"username": "bithu.banhau", "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("password_change")
    # Until the password is changed, the campaign pages send them back there.
    assert newcomer.get(reverse("home"))["Location"] == reverse("password_change")
    response = newcomer.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "ban-hau-2025-mat-khau",
            "new_password2": "ban-hau-2025-mat-khau",
        },
        follow=True,
    )
    assert "Đã đổi mật khẩu" in response.content.decode()
    account.refresh_from_db()
    assert not account.must_change_password
    assert newcomer.get(reverse("home")).status_code == 200


def test_a_weak_new_password_is_refused_in_vietnamese(client, cell_secretary) -> None:
    client.force_login(cell_secretary)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in page
    assert "Mật khẩu không được chỉ gồm chữ số." in page
    assert "This password" not in page
    cell_secretary.refresh_from_db()
    assert cell_secretary.check_password(PASSWORD)


def test_organizations_outside_the_admins_scope_cannot_be_assigned(commune_admin, org_tree) -> None:
    other = org_tree_create(
        rows=[OrgRow("XY", "Đảng bộ xã Xuân Yên", "commune_committee", None)], actor=None
    )["XY"]
    with pytest.raises(AccountError, match="ngoài phạm vi"):
        account_create(
            actor=commune_admin,
            username="ke.la",
            full_name="Người xã khác",
            phone="",
            role="commune_admin",
            scope=[other],
        )
    assert not User.objects.filter(username="ke.la").exists()


def test_the_admin_lists_only_accounts_inside_their_scope(
    client, commune_admin, cell_secretary
) -> None:
    other = org_tree_create(
        rows=[OrgRow("XY", "Đảng bộ xã Xuân Yên", "commune_committee", None)], actor=None
    )["XY"]
    make_user("bxdd.xuanyen", "commune_admin", [other])
    client.force_login(commune_admin)
    page = client.get(reverse("accounts:list")).content.decode()
    assert "bithu.banloc" in page
    assert "bxdd.xuanyen" not in page
    stranger = User.objects.get(username="bxdd.xuanyen")
    assert client.get(reverse("accounts:edit", args=[stranger.pk])).status_code == 404
    assert (
        client.post(reverse("accounts:active", args=[stranger.pk]), {"active": "0"}).status_code
        == 404
    )
    stranger.refresh_from_db()
    assert stranger.is_active


def test_locking_an_account_stops_its_logins_and_the_admin_cannot_lock_themselves(
    client, commune_admin, cell_secretary
) -> None:
    client.force_login(commune_admin)
    client.post(reverse("accounts:active", args=[cell_secretary.pk]), {"active": "0"})
    cell_secretary.refresh_from_db()
    assert not cell_secretary.is_active
    response = Client().post(reverse("login"), {"username": "bithu.banloc", "password": PASSWORD})
    assert "_auth_user_id" not in response.wsgi_request.session
    with pytest.raises(AccountError, match="tự khóa"):
        account_set_active(actor=commune_admin, account=commune_admin, active=False)
    account_set_active(actor=commune_admin, account=cell_secretary, active=True)
    assert list(
        AuditEntry.objects.filter(action__startswith="accounts.user.").values_list(
            "action", flat=True
        )
    ) == ["accounts.user.activated", "accounts.user.deactivated"]


def test_a_password_reset_shows_a_new_temporary_password_once(
    client, commune_admin, cell_secretary
) -> None:
    client.force_login(commune_admin)
    page = client.post(
        reverse("accounts:password_reset", args=[cell_secretary.pk])
    ).content.decode()
    password = _password_on(page)
    cell_secretary.refresh_from_db()
    assert cell_secretary.check_password(password)
    assert not cell_secretary.check_password(PASSWORD)
    assert cell_secretary.must_change_password
    assert password not in client.get(reverse("accounts:list")).content.decode()
    with pytest.raises(AccountError):
        account_reset_password(actor=commune_admin, account=commune_admin)


def test_role_and_scope_changes_are_audited_and_an_admin_cannot_demote_themselves(
    commune_admin, cell_secretary, org_tree
) -> None:
    changes = account_update(
        actor=commune_admin,
        account=cell_secretary,
        full_name="Lò Văn Bí Thư",
        phone="",
        role="cell_secretary",
        scope=[org_tree["TL01"], org_tree["TL02"]],
    )
    assert changes["scope"] == [["TL01"], ["TL01", "TL02"]]
    assert AuditEntry.objects.get(action="accounts.user.updated").changes["scope"] == [
        ["TL01"],
        ["TL01", "TL02"],
    ]
    with pytest.raises(AccountError, match="không tự đổi vai trò"):
        account_update(
            actor=commune_admin,
            account=commune_admin,
            full_name="",
            phone="",
            role="leader",
            scope=[org_tree["TL"]],
        )


@pytest.mark.parametrize("persona", ["cell_secretary", "leader", "province_viewer"])
def test_account_management_is_for_the_commune_admin_only(client, persona, request) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:list")).status_code == 403
    assert client.get(reverse("accounts:new")).status_code == 403
