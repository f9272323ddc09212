import pytest

from dangvien.audit.models import AuditEntry
from dangvien.orgs.models import Organization
from dangvien.orgs.selectors import orgs_in_scope
from dangvien.orgs.services import OrgRow, org_tree_create

pytestmark = pytest.mark.django_db


def test_tree_is_created_parent_first_whatever_the_row_order() -> None:
    created = org_tree_create(
        rows=[
            OrgRow("TL01A", "Tổ đảng 1", "group", "TL01"),
            OrgRow("TL01", "Chi bộ bản Lốc", "base_cell", "TL"),
            OrgRow("TL", "Đảng bộ xã Tam Lư", "commune_committee", None),
        ],
        actor=None,
    )
    assert created["TL01A"].path == "/TL/TL01/TL01A/"
    assert AuditEntry.objects.filter(action="orgs.organization.created").count() == 1


def test_a_row_whose_parent_is_unknown_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValueError, match="Không xác định được tổ chức cấp trên"):
        org_tree_create(
            rows=[
                OrgRow("TL", "Đảng bộ xã Tam Lư", "commune_committee", None),
                OrgRow("X1", "Chi bộ lạc", "base_cell", "NOPE"),
            ],
            actor=None,
        )
    assert Organization.objects.count() == 0


def test_duplicate_codes_are_refused(org_tree) -> None:
    with pytest.raises(ValueError, match="Mã tổ chức đã tồn tại: TL01"):
        org_tree_create(rows=[OrgRow("TL01", "Trùng", "base_cell", "TL")], actor=None)


def test_scope_is_the_subtree_and_nothing_else(org_tree) -> None:
    codes = set(orgs_in_scope([org_tree["TL01"].path]).values_list("code", flat=True))
    assert codes == {"TL01"}
    assert set(orgs_in_scope(["/TL/"]).values_list("code", flat=True)) == {"TL", "TL01", "TL02"}
    assert not orgs_in_scope([]).exists()
