"""Every URL of the review app, as every role and as an anonymous visitor.

The walk reads the URL list from the resolver, so a page added without a line in `ARGUMENTS`
fails here. For each persona it requests every page with objects inside and outside the
persona's scope (GET and POST) and proves that:

- anonymous visitors are sent to the login page, everywhere;
- nothing personal from outside the scope appears in any response, whatever its status;
- the province viewer and a user without scope never see a member's data;
- reading roles and out-of-scope requests change nothing in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse

from dangvien.jobs.models import Job
from dangvien.members.models import Member
from dangvien.review import urls as review_urls
from dangvien.review.models import ChangeSet, Finding
from dangvien.review.services import bulk_apply, findings_refresh, findings_refresh_enqueue
from dangvien.review.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])


def _names(patterns: list[Any]) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


@pytest.fixture
def world(org_tree, add_members, commune_admin, other_secretary):  # type: ignore[no-untyped-def]
    """Two cells, each with members, findings, a duplicate pair, a change set and a job."""
    mine = add_members(
        {"full_name": "Lò Văn Ún", "phone": "01689123456", "org": "TL01"},
        {"full_name": "Đinh Văn Tâm", "birth_date": "03/04/1966", "org": "TL01"},
        {
            "full_name": "Đinh Văn Tâm",
            "birth_date": "03/04/1966",
            "citizen_id": None,
            "org": "TL01",
        },
    )
    theirs = add_members(
        {"full_name": "Phạm Bá Hùng", "phone": "01699999999", "org": "TL02"},
        {"full_name": "Quách Thị Dung", "gender": "Nữ", "birth_date": "07/08/1971",
         "citizen_id": "038171007777", "org": "TL02"},
        {"full_name": "Quách Thị Dung", "gender": "Nữ", "birth_date": "07/08/1971",
         "citizen_id": None, "phone": "0977444555", "org": "TL02"},
        # The same person as a TL01 member, typed in the old TCVN3 font: a cross-cell pair only
        # the commune may see (the pair's message quotes the name as typed).
        {"full_name": "§inh V¨n T©m", "birth_date": "03/04/1966", "citizen_id": None,
         "phone": "0966333222", "org": "TL02"},
    )  # fmt: skip
    findings_refresh(org=org_tree["TL"], actor=commune_admin, as_of=AS_OF)
    change_sets = {}
    for code, actor in (("TL01", commune_admin), ("TL02", other_secretary)):
        found = list(
            Finding.objects.filter(org__code=code, rule="P01").select_related("member", "org")
        )
        change_sets[code] = bulk_apply(
            org=org_tree[code],
            rule="P01",
            findings=found,
            expected={f.pk: f.fingerprint for f in found},
            actor=actor,
        ).change_set
    return {
        "TL01": {
            "code": "TL01",
            "member": mine[0].pk,
            "finding": Finding.objects.filter(member=mine[0]).first().pk,
            "accepted": Finding.objects.filter(member=mine[0]).first().pk,
            "pair": (mine[1].pk, mine[2].pk),
            "change_set": change_sets["TL01"].pk,
            "job": findings_refresh_enqueue(org=org_tree["TL01"], actor=commune_admin).pk,
            "rule": "X01",
        },
        "TL02": {
            "code": "TL02",
            "member": theirs[0].pk,
            "finding": Finding.objects.filter(member=theirs[0]).first().pk,
            "accepted": Finding.objects.filter(member=theirs[0]).first().pk,
            "pair": (theirs[1].pk, theirs[2].pk),
            "change_set": change_sets["TL02"].pk,
            "job": findings_refresh_enqueue(org=org_tree["TL02"], actor=commune_admin).pk,
            "rule": "P01",
        },
        "secrets": {
            # Personal data of TL02 only: names, numbers, and the cross-cell pair's phone.
            "TL02": [
                "Phạm Bá Hùng",
                "Quách Thị Dung",
                "038171007777",
                "0977444555",
                "0966333222",
                "§inh V¨n T©m",
            ],
            "all": ["Lò Văn Ún", "Đinh Văn Tâm", "Phạm Bá Hùng", "Quách Thị Dung", "038171007777"],
        },
    }


Args = Callable[[dict[str, Any]], list[Any]]
ARGUMENTS: dict[str, Args] = {
    "index": lambda o: [],
    "worklist": lambda o: [o["code"]],
    "suggestions": lambda o: [o["code"]],
    "bulk_preview": lambda o: [o["code"], o["rule"]],
    "duplicates": lambda o: [o["code"]],
    "refresh": lambda o: [o["code"]],
    "job": lambda o: [o["job"]],
    "change_set": lambda o: [o["change_set"]],
    "change_set_undo": lambda o: [o["change_set"]],
    "pair": lambda o: list(o["pair"]),
    "pair_merge": lambda o: list(o["pair"]),
    "pair_different": lambda o: list(o["pair"]),
    "finding_apply": lambda o: [o["finding"]],
    "finding_accept": lambda o: [o["finding"]],
    "finding_revoke": lambda o: [o["accepted"]],
    "member": lambda o: [o["member"]],
    "member_edit": lambda o: [o["member"]],
    "member_validate": lambda o: [o["member"]],
    "member_verify": lambda o: [o["member"]],
}
# Pages of counts only (no member data): the province viewer may read them.
AGGREGATES = {"index", "job"}
WRITES = {
    "refresh",
    "change_set_undo",
    "pair_merge",
    "pair_different",
    "finding_apply",
    "finding_accept",
    "finding_revoke",
    "member_verify",
}


def test_every_url_of_the_app_is_in_the_walk() -> None:
    assert set(_names(review_urls.urlpatterns)) == set(ARGUMENTS)


def _urls(world: dict[str, Any], cell: str) -> list[tuple[str, str]]:
    return [
        (name, reverse(f"review:{name}", args=build(world[cell])))
        for name, build in ARGUMENTS.items()
    ]


def _state() -> tuple[Any, ...]:
    return (
        sorted(Member.objects.values_list("pk", "version")),
        sorted(Finding.objects.values_list("pk", "state")),
        sorted(ChangeSet.objects.values_list("pk", "undone_at")),
        Job.objects.count(),
    )


def _post_data(world: dict[str, Any], cell: str) -> dict[str, Any]:
    low, high = world[cell]["pair"]
    return {
        "reason": "thử",
        "version": "1",
        f"phien-ban-{low}": "1",
        f"phien-ban-{high}": "1",
        "giu": str(low),
        "muc": [f"{f.pk}:{f.fingerprint}" for f in Finding.objects.all()],
    }


def _walk(client: Client, world: dict[str, Any], cell: str, *, post: bool) -> Iterator[Any]:
    for name, url in _urls(world, cell):
        yield name, "GET", client.get(url)
        if post:
            yield name, "POST", client.post(url, _post_data(world, cell))


def _assert_clean(response: Any, secrets: list[str], where: str) -> None:
    body = response.content.decode()
    for secret in secrets:
        assert secret not in body, f"{secret!r} leaked by {where} ({response.status_code})"


def test_anonymous_visitors_are_sent_to_login_everywhere(client, world) -> None:
    before = _state()
    for cell in ("TL01", "TL02"):
        for name, method, response in _walk(client, world, cell, post=True):
            assert response.status_code == 302, (name, method)
            assert response["Location"].startswith(reverse("login")), (name, method)
    assert _state() == before


@pytest.mark.parametrize("persona", ["outsider", "province_viewer"])
def test_roles_without_personal_data_never_see_a_member(request, client, world, persona) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = _state()
    for cell in ("TL01", "TL02"):
        for name, method, response in _walk(client, world, cell, post=True):
            _assert_clean(response, world["secrets"]["all"], f"{persona} {method} {name}")
            if name in AGGREGATES and method == "GET" and persona == "province_viewer":
                assert response.status_code == 200  # counts only
            else:
                assert response.status_code in (403, 404, 405), (name, method)
    assert _state() == before


def test_a_cell_secretary_reaches_nothing_of_another_cell(client, cell_secretary, world) -> None:
    client.force_login(cell_secretary)
    secrets = world["secrets"]["TL02"]
    before = _state()
    for name, method, response in _walk(client, world, "TL02", post=True):
        _assert_clean(response, secrets, f"{method} {name} of TL02")
        if name != "index":
            assert response.status_code in (403, 404, 405), (name, method)
    assert _state() == before
    # Their own cell's pages work and still show nothing of the other cell, even the finding
    # that pairs one of their members with a member of the other cell.
    for name, _method, response in _walk(client, world, "TL01", post=False):
        _assert_clean(response, secrets, f"GET {name} of TL01")
        if name not in WRITES and name not in ("member_validate",):
            assert response.status_code == 200, name


def test_a_leader_reads_everything_in_scope_and_changes_nothing(client, leader, world) -> None:
    client.force_login(leader)
    before = _state()
    for cell in ("TL01", "TL02"):
        for name, method, response in _walk(client, world, cell, post=True):
            if method == "POST" and name in (*WRITES, "member_validate", "bulk_preview"):
                assert response.status_code == 403, (name, method)
            elif method == "GET" and name in (*WRITES, "member_validate"):
                assert response.status_code == 405, name
            elif method == "GET" and name == "member_edit":
                assert response.status_code == 403
            elif method == "GET":
                assert response.status_code == 200, name
    assert _state() == before


def test_the_commune_admin_sees_the_cross_cell_pair_that_no_cell_secretary_sees(
    client, commune_admin, cell_secretary, world
) -> None:
    client.force_login(commune_admin)
    listing = client.get(reverse("review:duplicates", args=["TL"])).content.decode()
    assert "0966333222" not in listing  # the list shows names, the pair page the numbers
    tl02_copy = Member.objects.get(phone="0966333222")
    assert f"-{tl02_copy.pk}/" in listing
    client.force_login(cell_secretary)
    mine = Member.objects.filter(org__code="TL01", full_name="Đinh Văn Tâm").first()
    page = client.get(reverse("review:member", args=[mine.pk])).content.decode()
    assert "ngoài phạm vi được giao" in page
    assert f"-{tl02_copy.pk}/" not in page  # no link to the pair with the other cell's record
    assert "§inh V¨n T©m" not in page
