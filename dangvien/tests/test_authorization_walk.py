"""Every URL of the outputs (/bao-cao/) and of the sync API (/api/), as every visitor.

Two communes, three cells, each holding members whose names and CCCD numbers are markers that
appear nowhere else. Every page and endpoint is requested, GET and POST, with the organization
codes and ids of every cell, in every export format; files are opened (xlsx and docx unzipped,
PDF text extracted, JSON decoded) before they are searched. For each visitor the walk proves:

- anonymous visitors are sent to the login page (the API answers 401 without a token);
- no response contains a marker from outside the visitor's scope, and every marker inside it
  shows up somewhere (so the search is not blind);
- a file is served exactly when the organization is in scope and the role may read that kind;
- the province viewer (aggregates only) and the user without scope see no member at all;
- read-only visitors change nothing: the only rows they add are the audit entries recording their
  own downloads and API calls (exactly one per file served, one per API call), and a token's
  "last used" time;
- the roles that write change nothing outside their scope.

`test_every_named_url_is_walked` checks that this walk, the review walk and the campaign walk
together cover every named URL of the project; the Django admin is checked to refuse everyone
but a superuser.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import html
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from dangvien.accounts.models import User
from dangvien.api import feeds
from dangvien.api.models import ApiToken
from dangvien.api.services import token_create, token_revoke
from dangvien.audit.models import AuditEntry
from dangvien.campaign.models import Campaign, Difficulty
from dangvien.campaign.services import difficulty_raise
from dangvien.campaign.tests.personas import finding, make_user, member, second_commune
from dangvien.members.models import Member
from dangvien.members.services import member_remove
from dangvien.orgs.models import Organization
from dangvien.reports import selectors as report_selectors
from dangvien.reports.models import ReportDraft
from dangvien.reports.services import KINDS, report_draft_save
from dangvien.review.models import Finding

pytestmark = pytest.mark.django_db

CELLS = ("TL01", "TL02", "XY01")
ORGS = ("TL", "TL01", "TL02", "XY", "XY01")
# Two members per cell: one with an open error (its finding quotes the CCCD), one without error
# who has no smartphone (so every sheet, handbook and list in scope holds at least one of them).
PEOPLE = {
    "TL01": (("Lường Văn Khánh", "038061731101"), ("Tòng Thị Xuân", "038163731102")),
    "TL02": (("Quàng Thị Én", "038170742201"), ("Lò Văn Pọm", "038072742202")),
    "XY01": (("Mùa A Chớ", "038058753301"), ("Sùng Thị Dua", "038165753302")),
}
# The secretary of a cell: the name is organization data (the orgs catalog, the API's
# organizations, the report's signature) that every role with the cell in scope may read, even
# the province; the CCCD stays personal.
SECRETARIES = {"TL02": ("Cầm Văn Đôi", "038066742203"), "XY01": ("Giàng A Páo", "038069753303")}
# A member removed (merged) in each cell: the API's removed feed repeats the reason, which names
# a member of the cell (a marker).
REMOVED = {code: f"Trùng hồ sơ với {PEOPLE[code][0][0]}" for code in CELLS}
# Organization texts that hold nothing personal but belong to one organization: a report draft,
# shown to every role that reads the organization's report, and an API token's name, shown to the
# commune admins who manage tokens.
DRAFTS = {"TL02": "Ghi chú báo cáo ZQTL02", "XY": "Ghi chú báo cáo ZQXY"}
TOKEN_NAMES = {
    "TL": "Khóa xã ZQTL",
    "TL01": "Khóa ZQTL01",
    "TL02": "Khóa ZQTL02",
    "XY": "Khóa xã ZQXY",
    "XY01": "Khóa ZQXY01",
}
PERSONAS = ("anonymous", "outsider", "province_viewer", "leader", "cell_secretary", "commune_admin")
# persona → the cells whose members it may see, and the organizations it may see at all.
PERSONAL_SCOPE = {
    "anonymous": (),
    "outsider": (),
    "province_viewer": (),
    "leader": ("TL01", "TL02"),
    "cell_secretary": ("TL01",),
    "commune_admin": ("TL01", "TL02"),
}
ORG_SCOPE = {
    "anonymous": (),
    "outsider": (),
    "province_viewer": ("TL", "TL01", "TL02"),
    "leader": ("TL", "TL01", "TL02"),
    "cell_secretary": ("TL01",),
    "commune_admin": ("TL", "TL01", "TL02"),
}
WRITERS = ("cell_secretary", "commune_admin")
# Audit entries that record a read (a file served, an API call), the only rows a reader adds.
READ_ACTIONS = re.compile(
    r"^(reports\.[a-z]+\.exported|reports\.report\.generated|api\.call\.refused|api\.schema\.read"
    r"|api\.[a-z_]+\.(listed|retrieved))$"
)

# The URL names each walk in this module requests (the meta-test reads them).
REPORT_URLS = ("reports:index", "reports:report", "reports:report_download", "reports:export")
API_ENDPOINTS = (
    "api:schema",
    "api:organizations",
    "api:organization",
    "api:members",
    "api:member",
    "api:removed_members",
)
API_PAGES = ("api:tokens", "api:token_revoke")
OTHER_URLS = ("login",)  # the campaign walk covers logout, password change and home
COVERED_URL_NAMES = frozenset(REPORT_URLS + API_ENDPOINTS + API_PAGES + OTHER_URLS)


# -- the world ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_and_settled(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Records made a moment ago are served at once (the settle delay has its own test).
    monkeypatch.setattr(feeds, "SETTLE", dt.timedelta(0))


@pytest.fixture
def world(org_tree, commune_admin, cell_secretary, outsider, leader, province_viewer):  # type: ignore[no-untyped-def]
    orgs = second_commune(org_tree)
    xy_admin = make_user("bxdd.xuanyen", "commune_admin", [orgs["XY"]])
    admins = {"TL": commune_admin, "XY": xy_admin}
    members: dict[str, list[int]] = {code: [] for code in CELLS}
    for code, ((sick, sick_id), (well, well_id)) in PEOPLE.items():
        with_error = member(orgs[code], sick, citizen_id=sick_id, phone="0912000111")
        finding(with_error, message=f"Số CCCD {sick_id} không khớp hồ sơ gốc")
        clean = member(orgs[code], well, citizen_id=well_id, no_smartphone=True)
        members[code] += [with_error.pk, clean.pk]
    for code, (name, citizen_id) in SECRETARIES.items():
        secretary = member(orgs[code], name, citizen_id=citizen_id)
        Organization.objects.filter(pk=orgs[code].pk).update(secretary=secretary)
        members[code].append(secretary.pk)
    removed = {}
    for code, reason in REMOVED.items():
        gone = member(orgs[code], f"Bản sao {code}")
        member_remove(member=gone, actor=admins[code[:2]], expected_version=1, reason=reason)
        removed[code] = gone.pk
    for commune in ("TL", "XY"):
        campaign = Campaign.objects.create(
            name="Làm sạch dữ liệu",
            commune=orgs[commune],
            start_date=timezone.localdate() - dt.timedelta(days=5),
            deadline=timezone.localdate() + dt.timedelta(days=15),
        )
        for code in CELLS:
            if code.startswith(commune):
                (name, citizen_id), _ = PEOPLE[code]
                difficulty_raise(
                    actor=admins[commune],
                    campaign=campaign,
                    org=orgs[code],
                    title=f"Hồ sơ {name}",
                    body=f"Đảng viên {name} ({citizen_id}) chưa có ảnh CCCD.",
                    technical=False,
                )
    for code, situation in DRAFTS.items():
        text = report_selectors.report_text_for(orgs[code])
        report_draft_save(
            org=orgs[code],
            text=dataclasses.replace(text, situation=situation),
            actor=admins[code[:2]],
        )
    tokens = {
        code: token_create(owner=admins[code[:2]], org=orgs[code], name=name)
        for code, name in TOKEN_NAMES.items()
    }
    # Tokens that must read nothing personal: the owner now sees aggregates only, or was moved to
    # another commune, or the token was revoked, or it expired.
    demoted = make_user("bxdd.cu", "commune_admin", [orgs["TL"]])
    tokens["demoted"] = token_create(owner=demoted, org=orgs["TL"], name="Khóa cũ")
    User.objects.filter(pk=demoted.pk).update(role="province_viewer")
    moved = make_user("bxdd.chuyen", "commune_admin", [orgs["TL"]])
    tokens["moved"] = token_create(owner=moved, org=orgs["TL01"], name="Khóa chuyển")
    moved.scope.set([orgs["XY"]])
    tokens["revoked"] = token_create(owner=commune_admin, org=orgs["TL"], name="Khóa thu hồi")
    token_revoke(token=tokens["revoked"].token, actor=commune_admin)
    tokens["expired"] = token_create(
        owner=commune_admin, org=orgs["TL"], name="Khóa hết hạn", expires_in_days=1
    )
    ApiToken.objects.filter(pk=tokens["expired"].token.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    return {"orgs": orgs, "members": members, "removed": removed, "tokens": tokens}


def _client(request: pytest.FixtureRequest, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


# -- markers and what a visitor may see -----------------------------------------------------------


def _personal(cells: tuple[str, ...]) -> set[str]:
    """Names and CCCD numbers of the members of these cells (the secretary's CCCD included)."""
    found = {text for code in cells for person in PEOPLE[code] for text in person}
    return found | {SECRETARIES[code][1] for code in cells if code in SECRETARIES}


def _secretaries(orgs: tuple[str, ...]) -> set[str]:
    return {SECRETARIES[code][0] for code in orgs if code in SECRETARIES}


def _drafts(orgs: tuple[str, ...]) -> set[str]:
    return {DRAFTS[code] for code in orgs if code in DRAFTS}


def _token_names(orgs: tuple[str, ...]) -> set[str]:
    return {TOKEN_NAMES[code] for code in orgs if code in TOKEN_NAMES}


EVERY_MARKER = _personal(CELLS) | _secretaries(ORGS) | _drafts(ORGS) | _token_names(ORGS)


def _fold(text: str) -> str:
    """Lower case without diacritics, "Lò Văn Pọm" → "lo van pom": an accent-free copy leaks too."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _body_text(response: Any) -> str:
    """Everything a visitor can read in a response: headers, body, and the text inside files."""
    content = (
        b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    )
    parts = [str(sorted(response.items())), html.unescape(content.decode("utf-8", "replace"))]
    if content.startswith(b"PK\x03\x04"):  # xlsx, docx
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")):
                    xml = archive.read(name).decode("utf-8", "replace")
                    # Tags removed and runs joined: a name split over two runs is found too.
                    parts += [html.unescape(xml), html.unescape(re.sub(r"<[^>]+>", "", xml))]
    elif content.startswith(b"%PDF-"):
        parts += [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]
    elif content[:1] in (b"{", b"["):
        with contextlib.suppress(ValueError):  # JSON may escape non-ASCII characters
            parts.append(json.dumps(json.loads(content), ensure_ascii=False))
    return unicodedata.normalize("NFC", "\n".join(parts))


def _markers_in(text: str) -> set[str]:
    folded = _fold(text)
    return {marker for marker in EVERY_MARKER if marker in text or _fold(marker) in folded}


def _is_file(response: Any) -> bool:
    return response.status_code == 200 and "attachment" in response.get("Content-Disposition", "")


# -- database state -------------------------------------------------------------------------------


def _state(*, outside: tuple[str, ...] = ()) -> dict[str, Any]:
    """What a visitor could change (audit entries aside); with `outside`, only what lies outside
    these organizations' subtrees."""
    scope = list(Organization.objects.filter(code__in=outside).values_list("path", flat=True))

    def counted(path: str) -> bool:
        return not any(path.startswith(prefix) for prefix in scope)

    def rows(model: Any, *fields: str) -> list[tuple[str, ...]]:
        found = model.objects.values_list(*fields)
        return sorted(tuple(map(str, row[:-1])) for row in found if counted(row[-1]))

    return {
        "members": rows(Member, "pk", "version", "updated_at", "org__path"),
        "findings": rows(Finding, "pk", "state", "org__path"),
        "orgs": rows(Organization, "code", "updated_at", "path"),
        "drafts": rows(ReportDraft, "org__code", "updated_at", "org__path"),
        "difficulties": rows(Difficulty, "pk", "state", "answered_at", "org__path"),
        # A token's last use is recorded by every call: not a change a reader makes to data.
        "tokens": rows(ApiToken, "pk", "name", "revoked_at", "expires_at", "org__path"),
        "users": sorted(User.objects.values_list("pk", "role", "is_active", "password")),
    }


def _new_audit(since: int) -> list[tuple[str, int | None]]:
    return list(AuditEntry.objects.filter(pk__gt=since).values_list("action", "actor_id"))


def _last_audit() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# -- the reports walk -----------------------------------------------------------------------------


def _draft_form() -> dict[str, str]:
    text = report_selectors.report_text_for(Organization.objects.get(code="TL"))
    values = dataclasses.asdict(text)
    values["recipients"] = "\n".join(text.recipients)
    values["situation"] = "Nội dung mới"
    return values


# The choices of the export form that change what a file holds.
OPTIONS = {
    "handbook": ({}, {"include_errors": "on"}),
    "sheets": ({}, {"only_no_smartphone": "on"}, {"only_with_findings": "on"}),
}


def _report_requests() -> Iterator[tuple[str, str, str, dict[str, Any] | None, dict[str, Any]]]:
    """(URL name, method, URL, POST data, what the request is about) for every reports URL."""
    today = timezone.localdate().isoformat()
    index = reverse("reports:index")
    yield "reports:index", "GET", index, None, {}
    yield "reports:index", "POST", index, {}, {}
    report = reverse("reports:report")
    yield "reports:report", "GET", report, None, {}
    for code in (*ORGS, "KHONG"):
        yield "reports:report", "GET", f"{report}?org={code}", None, {}
        yield "reports:report", "POST", f"{report}?org={code}", _draft_form(), {"write": code}
    download = reverse("reports:report_download")
    yield "reports:report_download", "GET", download, None, {}
    yield "reports:report_download", "POST", download, {"org": "TL"}, {}  # no date
    for code in ORGS:
        data = {"org": code, "as_of": today}
        yield "reports:report_download", "POST", download, data, {"org": code, "kind": "report"}
    for kind in KINDS.values():
        url = reverse("reports:export", args=[kind.slug])
        yield "reports:export", "GET", url, None, {}
        yield "reports:export", "POST", url, {}, {}
        for code in (*ORGS, "KHONG"):
            yield "reports:export", "GET", f"{url}?org={code}", None, {}
            if kind.key == "report":  # the report has its own page: no export URL
                continue
            for fmt in kind.formats:
                for options in OPTIONS.get(kind.key, ({},)):
                    data = {"org": code, "as_of": today, "fmt": fmt, **options}
                    yield "reports:export", "POST", url, data, {"org": code, "kind": kind.key}
    unknown = reverse("reports:export", args=["khong-co"])
    yield "reports:export", "GET", unknown, None, {}
    yield "reports:export", "POST", unknown, {"org": "TL", "as_of": today, "fmt": "csv"}, {}


def _may_download(persona: str, about: dict[str, Any]) -> bool:
    if "kind" not in about or about["org"] not in ORG_SCOPE[persona]:
        return False
    return not KINDS[about["kind"]].personal or bool(PERSONAL_SCOPE[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_reports_show_nothing_outside_the_visitors_scope(request, world, persona) -> None:
    client = _client(request, persona)
    cells, orgs = PERSONAL_SCOPE[persona], ORG_SCOPE[persona]
    allowed = _personal(cells) | _secretaries(orgs) | _drafts(orgs)
    before, outside_before = _state(), _state(outside=orgs)
    last = _last_audit()
    seen: set[str] = set()
    files = 0
    for name, method, url, data, about in _report_requests():
        response = client.get(url) if method == "GET" else client.post(url, data)
        where = f"{persona} {method} {url} {data or ''} → {response.status_code}"
        found = _markers_in(_body_text(response))
        assert not found - allowed, f"{where} shows {sorted(found - allowed)}"
        seen |= found
        if persona == "anonymous":
            assert response.status_code == 302, where
            assert response["Location"].startswith(reverse("login")), where
        elif persona == "outsider" or (
            method == "POST" and name == "reports:report" and persona not in WRITERS
        ):
            assert response.status_code == 403, where
        assert _is_file(response) == _may_download(persona, about), where
        if _is_file(response):
            files += 1
            listed = tuple(c for c in cells if c.startswith(about["org"]))
            if KINDS[about["kind"]].personal and listed:  # a member list really lists members
                assert found & _personal(listed), f"{where}: no member of the scope"
    # Not blind: every marker in scope appeared in some page or file.
    assert seen == allowed
    new = _new_audit(last)
    if persona in WRITERS:  # they may save their report's text, in their scope only
        assert _state(outside=orgs) == outside_before
        return
    assert _state() == before
    actor = None if persona == "anonymous" else request.getfixturevalue(persona).pk
    assert all(READ_ACTIONS.match(action) and who == actor for action, who in new), new
    assert len(new) == files  # one audit entry per file served, none for a refusal


# -- the API walk ---------------------------------------------------------------------------------

# token → (cells whose members it may read, organizations it may read)
TOKEN_SCOPE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "TL": (("TL01", "TL02"), ("TL", "TL01", "TL02")),
    "TL01": (("TL01",), ("TL01",)),
    "TL02": (("TL02",), ("TL02",)),
    "XY": (("XY01",), ("XY", "XY01")),
    "XY01": (("XY01",), ("XY01",)),
    "demoted": ((), ("TL", "TL01", "TL02")),  # owner now sees aggregates only
    "moved": ((), ()),
    "revoked": ((), ()),
    "expired": ((), ()),
    "none": ((), ()),
    "garbage": ((), ()),
}


def _headers(world: dict[str, Any], token: str) -> dict[str, str]:
    if token == "none":
        return {}
    if token == "garbage":
        return {"HTTP_AUTHORIZATION": "Bearer dv_khong-phai-khoa-that"}
    return {"HTTP_AUTHORIZATION": f"Bearer {world['tokens'][token].raw}"}


def _api_requests(world: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(URL name, URL) of every API endpoint, with every organization and member id."""
    yield "api:schema", reverse("api:schema")
    yield "api:organizations", reverse("api:organizations")
    yield "api:members", reverse("api:members")
    yield "api:removed_members", reverse("api:removed_members")
    for code in (*ORGS, "KHONG"):
        yield "api:organization", reverse("api:organization", args=[code])
        yield "api:members", f"{reverse('api:members')}?org={code}"
    ids = [pk for pks in world["members"].values() for pk in pks]
    for pk in (*ids, *world["removed"].values(), "abc"):
        yield "api:member", reverse("api:member", args=[pk])


@pytest.mark.parametrize("token", list(TOKEN_SCOPE))
def test_an_api_token_reads_nothing_outside_its_scope(client, world, token) -> None:
    personal, orgs = TOKEN_SCOPE[token]
    allowed = _personal(personal) | _secretaries(orgs)
    headers = _headers(world, token)
    before, last = _state(), _last_audit()
    seen: set[str] = set()
    calls = 0
    for name, url in _api_requests(world):
        for method in ("GET", "POST"):
            response = client.generic(method, url, **headers)
            where = f"{token} {method} {url} → {response.status_code}"
            found = _markers_in(_body_text(response))
            assert not found - allowed, f"{where} shows {sorted(found - allowed)}"
            seen |= found
            calls += name != "api:schema" or method == "GET"  # a refused schema POST is not kept
            if method == "POST":
                assert response.status_code == 405, where
            elif name == "api:schema":
                assert response.status_code == 200, where
            elif token in ("none", "garbage", "revoked", "expired"):
                assert response.status_code == 401, where
            elif token == "moved" or (not personal and "member" in name):
                assert response.status_code == 403, where
    assert seen == allowed
    # The API only reads: each call adds its own audit entry and nothing else changes.
    assert _state() == before
    new = _new_audit(last)
    assert len(new) == calls
    assert all(READ_ACTIONS.match(action) for action, _ in new), new


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_browser_session_opens_no_api_data_and_only_its_tokens(request, world, persona) -> None:
    client = _client(request, persona)
    orgs = ORG_SCOPE[persona]
    before, outside_before, last = _state(), _state(outside=orgs), _last_audit()
    # What a session may see here: the names of the tokens in scope on the token page (commune
    # admins only), nothing personal (a session is not an API credential).
    allowed = _token_names(orgs) if persona == "commune_admin" else set()
    seen: set[str] = set()
    requests: list[tuple[str, str, dict[str, Any] | None]] = []
    for _name, url in _api_requests(world):
        requests += [("GET", url, None), ("POST", url, {})]
    tokens = reverse("api:tokens")
    requests += [("GET", tokens, None), ("POST", tokens, {})]
    for code in ORGS:
        requests.append(("POST", tokens, {"name": "Khóa mới", "org": code}))
    for issued in world["tokens"].values():
        revoke = reverse("api:token_revoke", args=[issued.token.pk])
        requests += [("GET", revoke, None), ("POST", revoke, {})]
    for method, url, data in requests:
        response = client.get(url) if method == "GET" else client.post(url, data)
        where = f"{persona} {method} {url} {data or ''} → {response.status_code}"
        found = _markers_in(_body_text(response))
        assert not found - allowed, f"{where} shows {sorted(found - allowed)}"
        seen |= found
        if url.startswith("/api/v1/") and not url.startswith(reverse("api:schema")):
            assert response.status_code == (401 if method == "GET" else 405), where
        elif url.startswith(reverse("api:tokens")) and persona == "anonymous":
            assert response.status_code == 302, where
            assert response["Location"].startswith(reverse("login")), where
        elif url.startswith(reverse("api:tokens")) and persona != "commune_admin":
            assert response.status_code == 403, where
    assert seen == allowed
    new = _new_audit(last)
    if persona == "commune_admin":  # issues and revokes tokens of its own commune only
        assert _state(outside=orgs) == outside_before
        writes = {action for action, _ in new if not READ_ACTIONS.match(action)}
        assert writes == {"api.token.created", "api.token.revoked"}
        return
    assert _state() == before
    assert all(READ_ACTIONS.match(action) for action, _ in new), new


# -- login and the admin --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_login_page_and_the_admin_show_nothing_personal(request, world, persona) -> None:
    client = _client(request, persona)
    pk = world["members"]["TL02"][0]
    login = reverse("login")
    for method, url, data in (
        ("GET", login, None),
        ("POST", login, {"username": "bxdd", "password": "sai-mat-khau"}),
        ("GET", "/quan-tri/", None),
        ("GET", "/quan-tri/members/member/", None),
        ("GET", f"/quan-tri/members/member/{pk}/change/", None),
        ("POST", f"/quan-tri/members/member/{pk}/change/", {"full_name": "Đổi tên"}),
        ("GET", "/quan-tri/audit/auditentry/", None),
    ):
        before = _state()
        response = client.get(url) if method == "GET" else client.post(url, data)
        where = f"{persona} {method} {url} → {response.status_code}"
        assert not _markers_in(_body_text(response)), where
        if url.startswith("/quan-tri/"):  # a superuser's tool only: everyone else is sent away
            assert response.status_code == 302, where
            assert response["Location"].startswith("/quan-tri/login/"), where
        assert _state() == before, where


def test_the_admin_is_open_to_a_superuser(client, world) -> None:
    """The other half of the admin check: the refusals above are not a broken admin."""
    client.force_login(User.objects.create_superuser("root", password="mat-khau-rat-dai-123"))
    pk = world["members"]["TL02"][0]
    page = client.get(f"/quan-tri/members/member/{pk}/change/")
    assert page.status_code == 200
    assert "Quàng Thị Én" in page.content.decode()


# -- every URL is walked somewhere ----------------------------------------------------------------


def _named_urls(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_is_walked() -> None:
    from dangvien.campaign.tests.test_authorization import covered_url_names
    from dangvien.review.tests.test_authorization import ARGUMENTS

    every = set(_named_urls(get_resolver().url_patterns))
    admin = {name for name in every if name.startswith("admin:")}
    assert admin, "the admin is mounted (and checked above to refuse non-superusers)"
    walked = {f"review:{name}" for name in ARGUMENTS} | set(covered_url_names())
    walked |= COVERED_URL_NAMES
    assert every - admin - walked == set(), "URLs no authorization walk requests"
    assert walked - every == set(), "walks of URLs that no longer exist"
