"""A small commune with members and findings for the database tests of the outputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.review.models import Finding


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Personas are created in every test; Argon2 is deliberately slow and not what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_member(org: Organization, name: str, **values: Any) -> Member:
    defaults: dict[str, Any] = {
        "status": "official",
        "gender": "male",
        "birth_date": dt.date(1960, 5, 1),
        "birth_date_precision": "day",
        "join_date": dt.date(1990, 3, 2),
        "join_date_precision": "day",
        "official_date": dt.date(1991, 3, 2),
        "official_date_precision": "day",
        "citizen_id": "038060001234",
        "phone": "0912345678",
        "card_number": "01234567",
        "ethnicity": "Thái",
        "religion": "Không",
    }
    defaults.update(values)
    return Member.objects.create(org=org, full_name=name, **defaults)


def make_finding(
    member: Member,
    *,
    severity: str = "error",
    field: str = "citizen_id",
    rule: str = "I01",
    dimension: str = "correct",
    state: str = "open",
    message: str = "Số CCCD có 11 chữ số, phải có 12 chữ số",
    **values: Any,
) -> Finding:
    return Finding.objects.create(
        member=member,
        org=member.org,
        field=field,
        rule=rule,
        dimension=dimension,
        severity=severity,
        message=message,
        fingerprint="x",
        state=state,
        **values,
    )


@pytest.fixture
def commune(org_tree: dict[str, Organization]) -> dict[str, Any]:
    """Two cells: bản Lốc (four members, one exempt, one deceased) and bản Hậu (two)."""
    loc, hau = org_tree["TL01"], org_tree["TL02"]
    members = {
        "un": make_member(loc, "Lò Văn Ún", handbook_installed=True),
        "mai": make_member(
            loc,
            "Hà Thị Mai",
            gender="female",
            status="probationary",
            join_date=dt.date(2025, 6, 1),
            official_date=None,
            official_date_precision="",
            card_number="",
            no_smartphone=True,
        ),
        "mien": make_member(loc, "Lò Thị Miễn", gender="female", exempt=True, phone=""),
        "mat": make_member(
            loc,
            "Vi Văn Mất",
            exit_kind="deceased",
            exit_date=dt.date(2025, 11, 1),
            exit_date_precision="day",
        ),
        "hung": make_member(hau, "Phạm Bá Hùng", handbook_installed=True, no_smartphone=False),
        "loi": make_member(hau, "Đinh Văn Lỗi", citizen_id="03806000123", no_smartphone=True),
    }
    findings = {
        "loi": make_finding(members["loi"]),
        "mai_phone": make_finding(
            members["mai"],
            severity="info",
            field="phone",
            rule="C20",
            dimension="complete",
            message="Chưa có số điện thoại",
        ),
        "fixed": make_finding(
            members["un"],
            severity="warning",
            field="religion",
            rule="K02",
            dimension="clean",
            state="resolved",
            message="Tôn giáo viết sai",
        ),
    }
    return {"orgs": org_tree, "members": members, "findings": findings}
