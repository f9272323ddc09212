import polars as pl
import pytest

from dangvien.quality.rules.orgs import standard_name
from dangvien.quality.tests.rule_cases import findings, member


def orgs(*rows: tuple[str, str, str | None, str | None], **columns: list[object]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=["code", "name", "kind", "parent_code"], orient="row")
    return frame.with_columns(**{name: pl.Series(values) for name, values in columns.items()})


TREE = orgs(
    ("TL", "Đảng bộ xã Tam Lư", "commune_committee", None),
    ("TL01", "Chi bộ bản Lốc", "sub_cell", "TL"),
)


def cell(
    size: int, *, officials: int | None = None, code: str = "TL01", **changes: object
) -> list[dict[str, object]]:
    """`size` members of one cell: a secretary first, `officials` of them official."""
    officials = size if officials is None else officials
    records = []
    for index in range(size):
        official = index < officials
        records.append(
            member(
                citizen_id=f"0380800{index:05d}",
                card_number=f"1{index:07d}" if official else None,
                dossier_number=f"{index:06d}TH",
                phone=f"0912{index:06d}",
                org_code=code,
                status="official" if official else "probationary",
                official_date=None if not official else member()["official_date"],
                party_position="Bí thư" if index == 0 else "Đảng viên",
                **changes,
            )
        )
    return records


def codes(found: pl.DataFrame) -> list[str]:
    return found["rule"].to_list()


@pytest.mark.parametrize(("officials", "few"), [(2, True), (3, False)])
def test_a_cell_needs_three_official_members(officials: int, few: bool) -> None:
    found = findings(*cell(4, officials=officials), rules=("O04",), orgs=TREE)
    assert (found.height == 1) is few
    if few:
        assert found["record"].to_list() == [None]
        assert found["org"].to_list() == ["Chi bộ bản Lốc"]


def test_without_an_organization_list_cells_come_from_the_member_list() -> None:
    found = findings(*cell(2), rules=("O04",))
    assert found["org"].to_list() == ["Chi bộ bản Lốc"]
    assert found["org_code"].to_list() == [None]


@pytest.mark.parametrize(("size", "big"), [(29, False), (30, True)])
def test_a_base_cell_of_thirty_members_should_be_a_committee(size: int, big: bool) -> None:
    tree = orgs(
        ("TL", "Đảng bộ xã Tam Lư", "commune_committee", None),
        ("TL01", "Chi bộ Trường THCS Tam Lư", "base_cell", "TL"),
    )
    found = findings(*cell(size), rules=("O05",), orgs=tree)
    assert (found.height == 1) is big


@pytest.mark.parametrize(
    ("officials", "committee", "missing"),
    [(8, False, False), (9, False, True), (9, True, False)],
)
def test_nine_official_members_elect_a_cell_committee(
    officials: int, committee: bool, missing: bool
) -> None:
    records = cell(officials)
    if committee:
        records[1]["party_position"] = "Phó Bí thư"
    found = findings(*records, rules=("O06",), orgs=TREE)
    assert (found.height == 1) is missing


def test_secretary_present_and_single() -> None:
    records = cell(5)
    records[0]["party_position"] = "Đảng viên"
    assert codes(findings(*records, rules=("O07", "O08"), orgs=TREE)) == ["O07"]
    records[0]["party_position"] = "Bí thư"
    records[1]["party_position"] = "Bí thư"
    found = findings(*records, rules=("O07", "O08"), orgs=TREE)
    assert codes(found) == ["O08"]
    assert "2 người" in found["message"][0]
    assert findings(*cell(5), rules=("O07", "O08"), orgs=TREE).height == 0


def test_the_secretary_of_the_org_list_is_a_member_of_the_cell() -> None:
    tree = TREE.with_columns(pl.Series("secretary", [None, "Hà Văn Khún"]))
    assert codes(findings(*cell(4), rules=("O09",), orgs=tree)) == ["O09"]
    tree = TREE.with_columns(pl.Series("secretary", [None, "LÒ VĂN ÚN"]))
    assert findings(*cell(4), rules=("O09",), orgs=tree).height == 0


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("chi bộ bản Lốc", "Chi bộ bản Lốc"),
        ("CB bản Lốc", "Chi bộ bản Lốc"),
        ("Chi  bo  bản Lốc", "Chi bộ bản Lốc"),
        ("ĐB xã Tam Lư", "Đảng bộ xã Tam Lư"),
        ("Chi bộ bản Lốc", "Chi bộ bản Lốc"),
    ],
)
def test_organization_names_are_standardized(typed: str, standard: str) -> None:
    assert standard_name(typed) == standard


def test_name_kind_and_tree_rules() -> None:
    tree = orgs(
        ("TL", "Đảng bộ xã Tam Lư", "commune_committee", None),
        ("TL01", "CB bản Lốc", "sub_cell", "TL"),
        ("TL02", "Chi bộ bản Hẹ", "base_committee", "TL"),
        ("TL03", "Chi bộ bản Mó", None, "TL"),
        ("TL04", "Chi bộ bản Pù", "sub_cell", "QS"),
        ("TL05", "Chi bộ bản Na", "sub_cell", "HU"),
        ("HU", "Huyện ủy Quan Sơn", "commune_committee", None),
        ("TL06", "Tổ đảng bản Na", "group", "TL"),
        ("TL07", "Chi bộ bản Hẹ", "sub_cell", "TL"),
        active=[True, True, True, True, True, True, False, True, True],
    )
    found = findings(member(), rules=("O01", "O02", "O03", "O10", "O11", "O12", "O13"), orgs=tree)
    by_rule = {
        rule: sorted(found.filter(pl.col("rule") == rule)["org_code"].to_list())
        for rule in codes(found)
    }
    assert by_rule == {
        "O01": ["TL01"],
        "O02": ["TL03"],
        "O03": ["TL02"],
        "O10": ["TL04"],
        "O11": ["TL05"],
        "O12": ["TL06"],
        "O13": ["TL02", "TL07"],
    }


def test_an_active_cell_without_members_is_information() -> None:
    tree = TREE.vstack(orgs(("TL02", "Chi bộ bản Hẹ", "sub_cell", "TL")))
    found = findings(*cell(4), rules=("O14",), orgs=tree)
    assert found["org_code"].to_list() == ["TL02"]
    assert found["severity"].to_list() == ["info"]


def test_clean_organizations_raise_nothing() -> None:
    found = findings(*cell(12, officials=11), rules=None, orgs=TREE)
    org_findings = found.filter(pl.col("record").is_null())
    assert codes(org_findings) == ["O06"]  # 11 officials and nobody in a cell committee
