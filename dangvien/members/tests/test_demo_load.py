"""`load_demo` (run by `make demo`): the demo commune, its campaign, accounts that log in."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from dangvien.campaign.models import Campaign
from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.review.models import Finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    call_command("load_demo", members=150, stdout=io.StringIO())
    return tmp_path / "demo_accounts.txt"


def _accounts(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^  (\S+)\s+(\S+)\s", text, flags=re.MULTILINE)


def test_the_demo_commune_is_loaded_once_with_a_running_campaign(loaded) -> None:
    members = Member.objects.count()
    assert members >= 150
    commune = Organization.objects.get(parent=None)
    campaign = Campaign.objects.get()
    assert campaign.commune == commune
    assert campaign.start_date <= campaign.deadline
    call_command("load_demo", members=150, stdout=io.StringIO())
    assert (Member.objects.count(), Campaign.objects.count()) == (members, 1)


def test_refresh_findings_fills_the_worklists_of_the_demo(loaded) -> None:
    call_command("refresh_findings", stdout=io.StringIO())
    assert Finding.objects.filter(state="open", member__isnull=False).exists()


def test_every_printed_demo_account_logs_in_on_the_login_page(loaded, client) -> None:
    text = loaded.read_text(encoding="utf-8")
    accounts = _accounts(text)
    assert [username for username, _ in accounts] == [
        "bxdd",
        *[name for name, _ in accounts if name.startswith("bithu.")],
        "lanhdao",
        "btc.tinh",
    ]
    assert len(accounts) == 5
    assert oct(loaded.stat().st_mode & 0o777) == "0o600"
    for username, password in accounts:
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 200
        client.logout()
