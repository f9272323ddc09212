"""The token page: a commune admin issues a token (shown once) and revokes it; others may not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangvien.api.models import ApiToken
from dangvien.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_when_issued_and_then_only_its_prefix(client, commune, commune_admin):
    client.force_login(commune_admin)
    response = client.post(
        reverse("api:tokens"), {"name": "Sổ tay", "org": "TL01", "expires_in_days": "30"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raw = response.context["issued"].raw
    assert raw in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.org.code, token.owner) == ("TL01", commune_admin)
    assert token.expires_at is not None
    again = client.get(reverse("api:tokens")).content.decode()
    assert raw not in again
    assert f"{token.prefix}…" in again


def test_revoking_a_token_from_the_page_is_audited(client, commune, commune_admin, cell_token):
    client.force_login(commune_admin)
    response = client.post(reverse("api:token_revoke", args=[cell_token.token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoked", actor=commune_admin).exists()
    response = client.get("/api/v1/members", HTTP_AUTHORIZATION=f"Bearer {cell_token.raw}")
    assert response.status_code == 401


def test_only_commune_admins_manage_tokens(
    client, commune, cell_secretary, province_viewer, cell_token
):
    for user in (cell_secretary, province_viewer):
        client.force_login(user)
        assert client.get(reverse("api:tokens")).status_code == 403
        assert (
            client.post(reverse("api:token_revoke", args=[cell_token.token.pk])).status_code == 403
        )
    assert ApiToken.objects.get().revoked_at is None


def test_an_admin_cannot_issue_a_token_outside_their_scope(client, commune, commune_admin):
    commune_admin.scope.set([commune["orgs"]["TL01"]])
    client.force_login(commune_admin)
    response = client.post(reverse("api:tokens"), {"name": "x", "org": "TL02"})
    assert response.context["form"].errors["org"]
    assert not ApiToken.objects.exists()
