"""The sync API: token, scope, incremental feed with a cursor, pagination, audit of every call."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.utils import timezone

from dangvien.api import feeds
from dangvien.api.models import ApiToken
from dangvien.api.services import token_create, token_revoke
from dangvien.api.tests.conftest import bearer
from dangvien.audit.models import AuditEntry
from dangvien.members.models import Member
from dangvien.members.selectors import ScopeError
from dangvien.members.services import FieldValue, member_remove, member_update
from dangvien.reports.exporters.members import MEMBER_COLUMNS
from dangvien.reports.services import ExportRequest, export_build

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/members"


def names(response) -> set[str]:
    return {record["full_name"] for record in response.json()["results"]}


def test_only_a_hash_of_the_token_is_stored(commune_token):
    stored = ApiToken.objects.get(pk=commune_token.token.pk)
    assert commune_token.raw.startswith("dv_")
    assert len(commune_token.raw) > 40
    assert stored.key_hash == hashlib.sha256(commune_token.raw.encode()).hexdigest()
    assert commune_token.raw not in str(list(ApiToken.objects.values()))
    created = AuditEntry.objects.get(action="api.token.created")
    assert commune_token.raw not in str(created.changes)


def test_members_come_with_every_standardized_field(client, commune, commune_token):
    response = client.get(MEMBERS, **bearer(commune_token))
    assert response.status_code == 200
    body = response.json()
    assert names(response) == {m.full_name for m in commune["members"].values()}
    record = next(r for r in body["results"] if r["full_name"] == "Lò Văn Ún")
    assert set(record) == {c.key for c in MEMBER_COLUMNS} | {"updated_at"}
    assert (record["birth_date"], record["birth_date_iso"]) == ("01/05/1960", "1960-05-01")
    assert (record["ethnicity"], record["ethnicity_code"]) == ("Thái", "03")
    assert body["has_more"] is False
    assert body["next_cursor"]
    assert response["Cache-Control"] == "no-store"


def test_an_api_record_reads_exactly_as_the_same_member_in_the_json_export(
    client, commune, commune_token, commune_admin
):
    request = ExportRequest(
        kind="members", fmt="json", org=commune["orgs"]["TL"], as_of=timezone.localdate()
    )
    exported = json.loads(export_build(user=commune_admin, request=request, channel="web").content)
    by_id = {record["id"]: record for record in exported["records"]}
    results = client.get(MEMBERS, **bearer(commune_token)).json()["results"]
    assert len(results) == len(by_id) == 6
    for record in results:
        assert {k: v for k, v in record.items() if k != "updated_at"} == by_id[record["id"]]


def test_a_token_scoped_to_one_cell_sees_nothing_of_another(client, commune, cell_token):
    headers = bearer(cell_token)
    other = commune["members"]["hung"]
    assert names(client.get(MEMBERS, **headers)) == {
        "Lò Văn Ún",
        "Hà Thị Mai",
        "Lò Thị Miễn",
        "Vi Văn Mất",
    }
    assert client.get(f"{MEMBERS}/{other.pk}", **headers).status_code == 404
    assert client.get(f"{MEMBERS}?org=TL02", **headers).status_code == 404
    assert client.get("/api/v1/organizations/TL02", **headers).status_code == 404
    assert client.get("/api/v1/organizations/TL", **headers).status_code == 404
    codes = [o["code"] for o in client.get("/api/v1/organizations", **headers).json()["results"]]
    assert codes == ["TL01"]
    mine = commune["members"]["un"]
    assert client.get(f"{MEMBERS}/{mine.pk}", **headers).json()["full_name"] == "Lò Văn Ún"


def test_pages_follow_the_cursor_without_gaps_or_repeats(client, commune, commune_token):
    headers = bearer(commune_token)
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        query = f"?limit=2&cursor={cursor}" if cursor else "?limit=2"
        body = client.get(MEMBERS + query, **headers).json()
        seen += [record["id"] for record in body["results"]]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert sorted(seen) == sorted(m.pk for m in commune["members"].values())
    assert len(seen) == len(set(seen))
    # Nothing changed since: the kept cursor yields an empty page and keeps its position.
    again = client.get(f"{MEMBERS}?cursor={cursor}", **headers).json()
    assert again == {"results": [], "next_cursor": cursor, "has_more": False}


def test_the_kept_cursor_returns_only_what_changed_since(
    client, commune, commune_token, commune_admin
):
    headers = bearer(commune_token)
    cursor = client.get(MEMBERS, **headers).json()["next_cursor"]
    member = commune["members"]["mai"]
    member_update(member=member, changes={"phone": FieldValue("0987654321")}, actor=commune_admin)
    body = client.get(f"{MEMBERS}?cursor={cursor}", **headers).json()
    assert [(r["full_name"], r["phone"]) for r in body["results"]] == [("Hà Thị Mai", "0987654321")]


def test_changed_since_filters_by_the_time_of_the_last_change(client, commune, commune_token):
    headers = bearer(commune_token)
    long_ago = timezone.now() - dt.timedelta(days=30)
    Member.objects.exclude(pk=commune["members"]["un"].pk).update(updated_at=long_ago)
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    response = client.get(MEMBERS, {"changed_since": since}, **headers)
    assert names(response) == {"Lò Văn Ún"}


def test_records_still_being_written_are_held_back_until_they_settle(
    client, commune, commune_token, monkeypatch
):
    monkeypatch.setattr(feeds, "SETTLE", dt.timedelta(seconds=60))
    assert client.get(MEMBERS, **bearer(commune_token)).json()["results"] == []
    Member.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=5))
    assert len(client.get(MEMBERS, **bearer(commune_token)).json()["results"]) == 6


def test_removed_members_are_announced_within_scope(
    client, commune, commune_token, cell_token, commune_admin
):
    gone = commune["members"]["loi"]
    gone_id = gone.pk
    member_remove(
        member=gone, actor=commune_admin, expected_version=gone.version, reason="Gộp hồ sơ trùng"
    )
    body = client.get("/api/v1/removed-members", **bearer(commune_token)).json()
    assert [(r["id"], r["org_code"], r["reason"]) for r in body["results"]] == [
        (gone_id, "TL02", "Gộp hồ sơ trùng")
    ]
    assert client.get("/api/v1/removed-members", **bearer(cell_token)).json()["results"] == []
    assert client.get(f"{MEMBERS}/{gone_id}", **bearer(commune_token)).status_code == 404


def test_organizations_carry_codes_kinds_and_member_counts(client, commune, commune_token):
    body = client.get("/api/v1/organizations", **bearer(commune_token)).json()
    by_code = {o["code"]: o for o in body["results"]}
    assert list(by_code) == ["TL", "TL01", "TL02"]
    assert (by_code["TL01"]["kind_code"], by_code["TL01"]["parent_code"]) == ("base_cell", "TL")
    assert by_code["TL01"]["members"] == 3
    single = client.get("/api/v1/organizations/TL02", **bearer(commune_token)).json()
    assert single["name"] == "Chi bộ bản Hậu"


@pytest.mark.parametrize(
    "query",
    [
        "?limit=0",
        "?limit=501",
        "?limit=abc",
        "?changed_since=hôm-qua",
        "?cursor=%%%",
        "?cursor=eyJmIjoib3JnYW5pemF0aW9ucyIsInQiOiIyMDI1LTEyLTAxVDAwOjAwOjAwKzAwOjAwIiwiaSI6MX0",
    ],
)
def test_malformed_parameters_are_a_400_with_a_message(client, commune, commune_token, query):
    response = client.get(MEMBERS + query, **bearer(commune_token))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("header", [None, "Bearer dv_nope", "Basic Zm9vOmJhcg==", "Bearer "])
def test_a_call_without_a_valid_token_is_refused(client, commune, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get(MEMBERS, **extra)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_revoked_and_expired_tokens_stop_working(client, commune, commune_admin, commune_token):
    token_revoke(token=commune_token.token, actor=commune_admin)
    assert client.get(MEMBERS, **bearer(commune_token)).status_code == 401
    expiring = token_create(
        owner=commune_admin, org=commune["orgs"]["TL"], name="Ngắn hạn", expires_in_days=1
    )
    ApiToken.objects.filter(pk=expiring.token.pk).update(expires_at=timezone.now())
    assert client.get(MEMBERS, **bearer(expiring)).status_code == 401


def test_a_token_never_outlives_its_owners_access(client, commune, commune_admin, commune_token):
    commune_admin.scope.set([commune["orgs"]["TL02"]])
    assert client.get(MEMBERS, **bearer(commune_token)).status_code == 403
    commune_admin.scope.set([commune["orgs"]["TL"]])
    commune_admin.is_active = False
    commune_admin.save()
    assert client.get(MEMBERS, **bearer(commune_token)).status_code == 401


def test_only_commune_admins_issue_tokens_and_only_inside_their_scope(
    commune, cell_secretary, commune_admin
):
    with pytest.raises(ScopeError):
        token_create(owner=cell_secretary, org=commune["orgs"]["TL01"], name="x")
    commune_admin.scope.set([commune["orgs"]["TL01"]])
    with pytest.raises(ScopeError):
        token_create(owner=commune_admin, org=commune["orgs"]["TL02"], name="x")


def test_the_api_is_read_only(client, commune, commune_token):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(MEMBERS, **bearer(commune_token))
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


def test_every_call_is_audited_with_its_status(client, commune, commune_token, commune_admin):
    headers = bearer(commune_token)
    client.get(MEMBERS + "?limit=2", **headers)
    client.get(f"{MEMBERS}/999999", **headers)
    client.get("/api/v1/organizations", **headers)
    client.get(MEMBERS)
    client.post(MEMBERS, **headers)
    entries = list(
        AuditEntry.objects.filter(action__startswith="api.")
        .exclude(action="api.token.created")
        .order_by("id")
    )
    assert [(e.action, e.changes["status"][1]) for e in entries] == [
        ("api.members.listed", 200),
        ("api.call.refused", 404),
        ("api.organizations.listed", 200),
        ("api.call.refused", 401),
        ("api.call.refused", 405),
    ]
    assert entries[0].actor == commune_admin
    assert entries[0].changes["records"] == [None, 2]
    assert entries[0].target_id == str(commune_token.token.pk)
    assert entries[3].actor is None


def test_the_schema_is_served_by_the_app_and_describes_every_member_field(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    member = schema["components"]["schemas"]["Member"]["properties"]
    assert set(member) == {c.key for c in MEMBER_COLUMNS} | {"updated_at"}
    assert set(schema["paths"]) == {
        "/api/v1/organizations",
        "/api/v1/organizations/{code}",
        "/api/v1/members",
        "/api/v1/members/{id}",
        "/api/v1/removed-members",
    }
    assert AuditEntry.objects.filter(action="api.schema.read").count() == 1


def test_an_owner_who_sees_aggregates_only_reads_organizations_but_no_members(
    client, commune, commune_admin
):
    issued = token_create(owner=commune_admin, org=commune["orgs"]["TL"], name="Tỉnh")
    commune_admin.role = "province_viewer"
    commune_admin.save()
    assert client.get(MEMBERS, **bearer(issued)).status_code == 403
    assert client.get("/api/v1/organizations", **bearer(issued)).status_code == 200
