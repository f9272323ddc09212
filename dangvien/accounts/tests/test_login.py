import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_first_page_an_anonymous_visitor_sees_is_the_vietnamese_login_page(client) -> None:
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page
    assert "Mật khẩu" in page


def test_a_persona_logs_in_and_lands_on_the_home_page(client, cell_secretary) -> None:
    response = client.post(
        reverse("login"),
        {"username": "bithu.banloc", "password": "mat-khau-rat-dai-123"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Chi bộ bản Lốc" in response.content.decode()


def test_a_wrong_password_gets_a_vietnamese_error(client, cell_secretary) -> None:
    response = client.post(reverse("login"), {"username": "bithu.banloc", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_is_throttled_after_repeated_failures_even_with_the_right_password(
    client, cell_secretary, settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "bithu.banloc", "password": "sai"})
    response = client.post(
        reverse("login"), {"username": "bithu.banloc", "password": "mat-khau-rat-dai-123"}
    )
    assert response.status_code == 200
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_form_requires_csrf(cell_secretary) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("login"), {"username": "bithu.banloc", "password": "mat-khau-rat-dai-123"}
    )
    assert response.status_code == 403


def test_passwords_are_stored_with_argon2(cell_secretary) -> None:
    assert cell_secretary.password.startswith("argon2")


def test_the_django_admin_is_for_superusers_only(client, commune_admin) -> None:
    commune_admin.is_staff = True
    commune_admin.save()
    client.force_login(commune_admin)
    assert client.get("/quan-tri/").status_code == 302
    commune_admin.is_superuser = True
    commune_admin.save()
    assert client.get("/quan-tri/").status_code == 200
