"""Reads of personal data fail loudly without a scope; the commands keep findings current."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dangvien.members.selectors import ScopeError
from dangvien.review import selectors
from dangvien.review.models import Finding

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "read",
    [
        lambda user, org: selectors.findings_for(user),
        lambda user, org: selectors.worklist(user, org, selectors.WorklistFilters()),
        lambda user, org: selectors.members_in_scope(user),
        lambda user, org: selectors.suggestion_groups(user, org),
        lambda user, org: selectors.duplicate_pairs(user, org),
        lambda user, org: selectors.org_findings(user, org),
    ],
)
def test_a_read_of_personal_data_without_scope_or_role_raises(
    read, outsider, province_viewer, org_tree
) -> None:
    for user in (outsider, province_viewer):
        with pytest.raises(ScopeError):
            read(user, org_tree["TL"])


def test_organization_counts_need_a_scope_but_no_personal_data_role(
    outsider, province_viewer, commune
) -> None:
    with pytest.raises(ScopeError):
        selectors.org_progress(outsider)
    progress = selectors.org_progress(province_viewer)
    counts = {row.org.code: row.open_total for row in progress.rows}
    assert counts["TL02"] == Finding.objects.filter(org__code="TL02", state="open").count()


def test_the_command_refreshes_every_commune_or_the_organizations_named(
    add_members, org_tree
) -> None:
    add_members({"full_name": "Lò Văn Ún", "phone": "01689123456"})
    out = StringIO()
    call_command("refresh_findings", "--as-of", "2025-12-10", stdout=out)
    assert "TL Đảng bộ xã Tam Lư" in out.getvalue()
    assert Finding.objects.filter(rule="P01", state="open").count() == 1
    with pytest.raises(CommandError, match="XX"):
        call_command("refresh_findings", "XX")
