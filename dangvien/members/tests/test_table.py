import datetime as dt
import json

import polars as pl
import pytest

from dangvien.audit.models import AuditEntry
from dangvien.members.models import Member
from dangvien.members.services import UnknownOrganization, members_create_from_table
from dangvien.members.table import members_table
from dangvien.quality.table import conform

pytestmark = pytest.mark.django_db


def _table(**overrides: list[object]) -> pl.DataFrame:
    base: dict[str, list[object]] = {
        "_record": [1, 2],
        "_sheet": ["Danh sách", "Danh sách"],
        "_row": [5, 6],
        "_extra": ['{"Tổ": "Tổ 3"}', None],
        "full_name": ["Lò Văn Ún", "Hà Thị Mai"],
        "full_name__raw": ["Lß V¨n ón", "Hà Thị Mai"],
        "gender": ["male", "female"],
        "gender__raw": ["Nam", "Nữ"],
        "birth_date": [dt.date(1970, 3, 5), None],
        "birth_date__raw": ["05/03/1970", "31/02/1980"],
        "birth_date__precision": ["day", None],
        "citizen_id": ["38070012345", "038180012345"],
        "citizen_id__raw": ["38070012345", "038180012345"],
        "status": ["official", "probationary"],
        "status__raw": ["Chính thức", "Dự bị"],
        "exempt": [True, False],
        "exempt__raw": ["x", None],
        "org": ["Chi bộ bản Lốc", "Chi bộ bản Hậu"],
        "org__raw": ["Chi bộ bản Lốc", "Chi bộ bản Hậu"],
        "org_code": ["TL01", "TL02"],
    }
    base.update(overrides)
    return conform(pl.DataFrame(base, strict=False))


def test_a_canonical_table_becomes_members_keeping_only_the_raw_text_that_differs(org_tree) -> None:
    created = members_create_from_table(table=_table(), orgs_by_code=org_tree, actor=None)
    assert created == 2
    un = Member.objects.get(full_name="Lò Văn Ún")
    assert un.org.code == "TL01"
    assert (un.source_sheet, un.source_row) == ("Danh sách", 5)
    assert un.raw == {"full_name": "Lß V¨n ón"}
    assert un.extra == {"Tổ": "Tổ 3"}
    assert un.exempt is True
    assert un.citizen_id == "38070012345"  # restored nothing: the engine flags it
    mai = Member.objects.get(full_name="Hà Thị Mai")
    assert mai.birth_date is None
    assert mai.raw == {"birth_date": "31/02/1980"}
    assert AuditEntry.objects.filter(action="members.member.bulk_created").count() == 1


def test_a_table_naming_an_unknown_organization_writes_nothing(org_tree) -> None:
    table = _table(org_code=["TL01", "XX99"])
    with pytest.raises(UnknownOrganization, match="XX99"):
        members_create_from_table(table=table, orgs_by_code=org_tree, actor=None)
    assert Member.objects.count() == 0


def test_members_read_back_as_the_same_canonical_table(org_tree) -> None:
    members_create_from_table(table=_table(), orgs_by_code=org_tree, actor=None)
    table = members_table(Member.objects.all()).sort("full_name")
    rows = {row["full_name"]: row for row in table.iter_rows(named=True)}
    un, mai = rows["Lò Văn Ún"], rows["Hà Thị Mai"]
    assert un["_record"] == Member.objects.get(full_name="Lò Văn Ún").pk
    assert un["full_name__raw"] == "Lß V¨n ón"
    assert (un["gender"], un["gender__raw"]) == ("male", "Nam")
    assert (un["birth_date"], un["birth_date__raw"]) == (dt.date(1970, 3, 5), "05/03/1970")
    assert (un["org"], un["org_code"]) == ("Chi bộ bản Lốc", "TL01")
    assert json.loads(un["_extra"]) == {"Tổ": "Tổ 3"}
    assert (mai["birth_date"], mai["birth_date__raw"]) == (None, "31/02/1980")
    assert mai["birth_date__impossible"] is True
    assert un["birth_date__impossible"] is False
    assert mai["legacy_id"] is None


def test_reading_members_takes_one_query(org_tree, django_assert_num_queries) -> None:
    members_create_from_table(table=_table(), orgs_by_code=org_tree, actor=None)
    with django_assert_num_queries(1):
        members_table(Member.objects.all())


def test_an_empty_queryset_gives_an_empty_canonical_table() -> None:
    assert members_table(Member.objects.none()).height == 0
