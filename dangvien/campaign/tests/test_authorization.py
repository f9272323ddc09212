"""Every URL of the campaign slice, as every role and as an anonymous visitor.

Two communes, each with members whose names and CCCD numbers are markers. Every page is opened
(GET) and submitted empty (POST) with the ids of objects inside and outside the visitor's scope;
no response may contain a marker the visitor must not see, and read-only roles change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from dangvien.audit.models import AuditEntry
from dangvien.campaign.imports import import_dry_run, import_stage
from dangvien.campaign.models import Campaign, Difficulty, MappingTemplateRecord, SignOff
from dangvien.campaign.services import campaign_orgs_sign_off, difficulty_raise, signoff_submit
from dangvien.campaign.tests.personas import finding, make_user, member, second_commune
from dangvien.campaign.tests.test_imports import HEADER

pytestmark = pytest.mark.django_db(databases=["default", "jobs"])

# member name, CCCD, organization
PEOPLE = {
    "TL01": ("Lò Văn Ún", "038060001234"),
    "TL02": ("Phạm Bá Hùng", "038075004321"),
    "XY01": ("Đinh Xuân Yên", "038080005555"),
}


def _markers(codes: list[str]) -> list[str]:
    return [text for code in codes for text in PEOPLE[code]]


@pytest.fixture
def world(org_tree, commune_admin, cell_secretary, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    orgs = second_commune(org_tree)
    xy_admin = make_user("bxdd.xuanyen", "commune_admin", [orgs["XY"]])
    hau_secretary = make_user("bithu.banhau", "cell_secretary", [orgs["TL02"]])
    xy_secretary = make_user("bithu.thonyen", "cell_secretary", [orgs["XY01"]])
    admins = {"TL": commune_admin, "XY": xy_admin}
    secretaries = {"TL01": cell_secretary, "TL02": hau_secretary, "XY01": xy_secretary}
    objects: dict[str, dict[str, Any]] = {}
    for code, (name, citizen_id) in PEOPLE.items():
        commune = code[:2]
        person = member(orgs[code], name, citizen_id=citizen_id)
        problem = finding(person, message=f"Số CCCD {citizen_id} sai")
        objects[code] = {"member": person, "finding": problem}
    for commune in ("TL", "XY"):
        campaign = Campaign.objects.create(
            name="Làm sạch dữ liệu",
            commune=orgs[commune],
            start_date="2025-12-10",
            deadline="2025-12-30",
        )
        campaign_orgs_sign_off(actor=admins[commune], campaign=campaign, explanations={})
        objects[commune] = {"campaign": campaign}
        people = [code for code in PEOPLE if code.startswith(commune)]
        rows = [
            f"{i},{PEOPLE[code][0]},01/01/1970,{PEOPLE[code][1]},{orgs[code].name},Chính thức,,,"
            for i, code in enumerate(people, start=1)
        ]
        run = import_stage(
            actor=admins[commune],
            commune=orgs[commune],
            file_name=f"ds-{commune}.csv",
            chunks=["\r\n".join([HEADER, *rows]).encode()],
        )
        import_dry_run(run=run, actor=admins[commune])
        objects[commune]["run"] = run
    for code, secretary in secretaries.items():
        campaign = objects[code[:2]]["campaign"]
        name, citizen_id = PEOPLE[code]
        problem = objects[code]["finding"]
        objects[code]["signoff"] = signoff_submit(
            actor=secretary,
            campaign=campaign,
            org=orgs[code],
            explanations={problem.pk: f"{name} có CCCD {citizen_id} đúng theo hồ sơ gốc"},
        )
        objects[code]["difficulty"] = difficulty_raise(
            actor=secretary,
            campaign=campaign,
            org=orgs[code],
            title=f"Hồ sơ {name}",
            body=f"Đảng viên {name} ({citizen_id}) chưa có ảnh CCCD.",
            technical=False,
        )
        objects[code]["account"] = secretary
    objects["XY"]["account"] = xy_admin
    MappingTemplateRecord.objects.create(name="Mẫu chung", columns={"Họ tên": "full_name"})
    return objects


# How to fill the arguments of each URL for a family of objects ("TL01", "TL02", "XY01").
def _commune(code: str) -> str:
    return code[:2]


RECIPES: dict[str, Callable[[dict[str, Any], str], dict[str, Any]]] = {
    "campaign:edit": lambda w, c: {"pk": w[_commune(c)]["campaign"].pk},
    "campaign:orgs_sign_off": lambda w, c: {"pk": w[_commune(c)]["campaign"].pk},
    "campaign:signoff_org": lambda w, c: {"code": c},
    "campaign:signoff_decide": lambda w, c: {"pk": w[c]["signoff"].pk},
    "campaign:difficulty": lambda w, c: {"pk": w[c]["difficulty"].pk},
    "campaign:difficulty_assign": lambda w, c: {"pk": w[c]["difficulty"].pk},
    "campaign:difficulty_answer": lambda w, c: {"pk": w[c]["difficulty"].pk},
    "campaign:difficulty_close": lambda w, c: {"pk": w[c]["difficulty"].pk},
    "campaign:import_run": lambda w, c: {"pk": w[_commune(c)]["run"].pk},
    "campaign:import_mapping": lambda w, c: {"pk": w[_commune(c)]["run"].pk},
    "campaign:import_dry_run": lambda w, c: {"pk": w[_commune(c)]["run"].pk},
    "campaign:import_commit": lambda w, c: {"pk": w[_commune(c)]["run"].pk},
    "campaign:import_progress": lambda w, c: {"pk": w[_commune(c)]["run"].pk},
    "campaign:import_rollback": lambda w, c: {"pk": w[_commune(c)]["run"].pk},
    "campaign:template_delete": lambda w, c: {"pk": MappingTemplateRecord.objects.get().pk},
    "accounts:edit": lambda w, c: {"pk": w[c]["account"].pk},
    "accounts:active": lambda w, c: {"pk": w[c]["account"].pk},
    "accounts:password_reset": lambda w, c: {"pk": w[c]["account"].pk},
}
# name → the markers a role may see: the members of its scope (none for the province).
VISIBLE = {
    "anonymous": [],
    "outsider": [],
    "province_viewer": [],
    "leader": ["TL01", "TL02"],
    "cell_secretary": ["TL01"],
    "commune_admin": ["TL01", "TL02"],
}
READ_ONLY = ("anonymous", "outsider", "province_viewer", "leader")


def covered_url_names() -> list[str]:
    """The URL names this walk requests (the project-wide coverage test reads them too)."""
    names: list[str] = []
    resolver = get_resolver()
    for namespace in ("campaign", "accounts"):
        _, sub = resolver.namespace_dict[namespace]
        names += [f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)]
    return [*sorted(set(names)), "home", "password_change", "logout"]


def _urls(world: dict[str, Any]) -> list[str]:
    urls: set[str] = set()
    for name in covered_url_names():
        recipe = RECIPES.get(name)
        if recipe is None:
            urls.add(reverse(name))
            continue
        for code in ("TL01", "TL02", "XY01"):
            urls.add(reverse(name, kwargs=recipe(world, code)))
    urls.add(reverse("home") + "?to-chuc=XY01")
    urls.add(reverse("home") + "?to-chuc=TL02")
    return sorted(urls)


def test_every_url_of_the_slice_has_a_recipe_with_ids() -> None:
    resolver = get_resolver()
    for name in covered_url_names():
        namespace, _, short = name.rpartition(":")
        patterns = resolver.namespace_dict[namespace][1].reverse_dict if namespace else None
        takes_args = bool(patterns and patterns.getlist(short)[0][0][0][1])
        assert takes_args == (name in RECIPES), name


def _client(role: str, request: pytest.FixtureRequest) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def test_no_page_shows_personal_data_outside_the_visitors_scope(world, request) -> None:
    request.getfixturevalue("leader")
    request.getfixturevalue("province_viewer")
    request.getfixturevalue("outsider")
    # Logout last: it ends the session the other requests use.
    urls = sorted(_urls(world), key=lambda u: u == reverse("logout"))
    everyone = _markers(list(PEOPLE))
    for role, visible in VISIBLE.items():
        forbidden = [m for m in everyone if m not in _markers(visible)]
        for method in ("get", "post"):
            client = _client(role, request)
            writes = AuditEntry.objects.count()
            for url in urls:
                response = getattr(client, method)(url)
                body = response.content.decode(errors="replace")
                leaked = [marker for marker in forbidden if marker in body]
                assert not leaked, f"{role} {method.upper()} {url} shows {leaked}"
                # Anonymous: to the login page, or refused outright (a POST-only URL opened
                # with GET).
                if role == "anonymous" and url != reverse("logout") and response.status_code != 405:
                    assert response.status_code == 302, url
                    assert response["Location"].startswith(reverse("login")), url
            if role in READ_ONLY:
                assert AuditEntry.objects.count() == writes, f"{role} {method} changed data"


def test_each_role_reaches_what_it_should(world, request, client) -> None:
    """The other half of the proof: the scoped pages really show what is in scope."""
    client.force_login(request.getfixturevalue("cell_secretary"))
    page = client.get(reverse("campaign:signoff_org", args=["TL01"])).content.decode()
    assert "Lò Văn Ún" in page
    assert client.get(reverse("campaign:signoff_org", args=["TL02"])).status_code == 404
    assert client.get(reverse("campaign:imports")).status_code == 403
    client.force_login(request.getfixturevalue("commune_admin"))
    page = client.get(reverse("campaign:import_dry_run", args=[world["TL"]["run"].pk]))
    assert "Phạm Bá Hùng" in page.content.decode()
    assert (
        client.get(reverse("campaign:import_run", args=[world["XY"]["run"].pk])).status_code == 404
    )
    client.force_login(request.getfixturevalue("province_viewer"))
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("campaign:overview")).status_code == 200
    assert client.get(reverse("campaign:signoffs")).status_code == 403
    assert client.get(reverse("campaign:difficulties")).status_code == 403
    client.force_login(request.getfixturevalue("leader"))
    assert "Hồ sơ Phạm Bá Hùng" in client.get(reverse("campaign:difficulties")).content.decode()
    assert SignOff.objects.filter(state="submitted").count() == 3
    assert Difficulty.objects.count() == 3
