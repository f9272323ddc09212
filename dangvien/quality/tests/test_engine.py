import datetime as dt

import polars as pl
import pytest

from dangvien.demo.generator import generate
from dangvien.intake import canonical_from_text_frame
from dangvien.quality.engine import RECORD_RULES, RULES, check
from dangvien.quality.evaluate import demo_orgs
from dangvien.quality.findings import FINDINGS_SCHEMA
from dangvien.quality.records import member_table
from dangvien.quality.rules import by_code, select
from dangvien.quality.tests.rule_cases import AS_OF, member

DEMO_AS_OF = dt.date(2025, 12, 10)


@pytest.fixture(scope="module")
def commune() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    demo = generate(600, seed=7)
    plain = demo.orgs.select("code", "name", "kind", "parent_code", "area", "active")
    table = canonical_from_text_frame(
        demo.members.drop("record"), source="demo.xlsx", sheet="Danh sách", orgs=plain
    )
    return table, demo_orgs(demo.orgs, table), demo.truth


def test_rule_codes_are_unique_and_every_rule_is_explained() -> None:
    assert len({rule.code for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.title, rule.code
        assert rule.message, rule.code
        assert rule.basis, rule.code
        assert rule.dimension in (
            "correct",
            "complete",
            "clean",
            "current",
            "consistent",
            "shareable",
        )
        assert rule.severity in ("error", "warning", "info")


def test_the_domain_catalog_is_covered_where_the_data_exists() -> None:
    covered = {item for rule in RULES for item in rule.implements}
    assert {f"V{n:02d}" for n in range(1, 23)} - covered == {"V19", "V22"}


def test_findings_have_the_documented_columns_and_types() -> None:
    result = check(member_table([member(citizen_id=None)]), as_of=AS_OF)
    assert result.findings.schema == pl.Schema(FINDINGS_SCHEMA)
    found = result.findings.filter(pl.col("rule") == "C09").row(0, named=True)
    assert found["record"] == 1
    assert found["row"] == 2
    assert found["sheet"] == "Danh sách"
    assert found["org"] == "Chi bộ bản Lốc"
    assert found["dimension"] == "complete"


def test_a_clean_member_has_no_finding_about_itself() -> None:
    result = check(member_table([member()]), as_of=AS_OF, rules=RECORD_RULES)
    assert result.findings.height == 0


def test_checking_twice_gives_identical_findings(commune: tuple[pl.DataFrame, ...]) -> None:
    table, orgs, _ = commune
    first = check(table, orgs=orgs, as_of=DEMO_AS_OF)
    second = check(table, orgs=orgs, as_of=DEMO_AS_OF)
    assert first.findings.equals(second.findings)
    assert first.summary == second.summary


def test_rules_running_in_parallel_threads_give_the_same_findings(
    commune: tuple[pl.DataFrame, ...],
) -> None:
    table, orgs, _ = commune
    alone = check(table, orgs=orgs, as_of=DEMO_AS_OF, workers=1)
    threaded = check(table, orgs=orgs, as_of=DEMO_AS_OF, workers=3)
    assert alone.findings.equals(threaded.findings)


def test_one_record_alone_gets_the_same_record_findings_as_within_its_file(
    commune: tuple[pl.DataFrame, ...],
) -> None:
    table, orgs, truth = commune
    whole = check(table, orgs=orgs, as_of=DEMO_AS_OF, rules=RECORD_RULES).findings
    # One faulty record of every planted defect class (the first one), plus a few clean ones.
    faulty = (
        truth.filter(pl.col("record").is_not_null())
        .group_by("defect")
        .agg(pl.col("record").min())
        .get_column("record")
        .unique()
        .sort()
        .to_list()
    )
    assert len(faulty) >= 25
    clean = [record for record in range(1, 200, 40) if record not in set(truth["record"])]
    columns = ["record", "row", "field", "rule", "message", "value", "suggestion"]
    for record in faulty + clean:
        alone = check(
            table.filter(pl.col("_record") == record),
            orgs=orgs,
            as_of=DEMO_AS_OF,
            rules=RECORD_RULES,
        ).findings
        expected = whole.filter(pl.col("record") == record)
        assert alone.select(columns).equals(expected.select(columns)), record


def test_findings_follow_the_table_order_with_organizations_last(
    commune: tuple[pl.DataFrame, ...],
) -> None:
    table, orgs, _ = commune
    found = check(table, orgs=orgs, as_of=DEMO_AS_OF).findings
    records = found["record"]
    member_part = records.drop_nulls()
    assert member_part.is_sorted()
    assert records.null_count() > 0
    assert records.tail(records.null_count()).null_count() == records.null_count()


def test_the_summary_counts_by_organization_severity_dimension_and_rule(
    commune: tuple[pl.DataFrame, ...],
) -> None:
    table, orgs, _ = commune
    result = check(table, orgs=orgs, as_of=DEMO_AS_OF)
    summary = result.summary
    assert summary["records"] == table.height
    assert summary["findings"] == result.findings.height
    assert sum(summary["by_severity"].values()) == result.findings.height
    assert sum(summary["by_dimension"].values()) == result.findings.height
    assert sum(summary["by_rule"].values()) == result.findings.height
    assert sum(entry["findings"] for entry in summary["by_organization"]) == result.findings.height
    cells = [entry for entry in summary["by_organization"] if entry["org_code"] == "TL01"]
    assert len(cells) == 1
    assert cells[0]["members"] == table.filter(pl.col("org_code") == "TL01").height


def test_an_empty_list_is_checked_too() -> None:
    orgs = pl.DataFrame(
        {
            "code": ["TL", "TL01"],
            "name": ["Đảng bộ xã Tam Lư", "Chi bộ bản Lốc"],
            "kind": ["commune_committee", "sub_cell"],
            "parent_code": [None, "TL"],
        }
    )
    result = check(member_table([]), orgs=orgs, as_of=AS_OF)
    assert result.records == 0
    assert result.findings["rule"].to_list() == ["O14"]


def test_as_of_defaults_to_today() -> None:
    assert check(member_table([member()]), rules=[by_code("C01")]).as_of == dt.date.today()


def test_rules_can_be_selected_by_scope_and_code() -> None:
    assert all(rule.scope == "record" for rule in RECORD_RULES)
    assert select(["I06", "C01"]) == (by_code("C01"), by_code("I06"))
    assert {rule.scope for rule in select(scopes=["org"])} == {"org"}
    with pytest.raises(KeyError, match="Z99"):
        by_code("Z99")


def test_a_table_missing_columns_is_conformed() -> None:
    table = pl.DataFrame(
        {
            "_record": [1],
            "full_name": ["Lò Văn Ún"],
            "full_name__raw": ["Lò Văn Ún"],
            "status": ["official"],
        }
    )
    found = check(table, as_of=AS_OF, rules=[by_code("C09")]).findings
    assert found["rule"].to_list() == ["C09"]


def test_a_reference_table_is_reconciled() -> None:
    ours = member_table([member(), member(citizen_id="038080099999", full_name="Hà Văn Khún")])
    theirs = member_table([member(full_name="Lò Văn Un")])
    found = check(ours, as_of=AS_OF, reference=theirs, rules=select(["R01", "R02", "R03", "R04"]))
    rules = found.findings["rule"].to_list()
    assert "R01" in rules  # the name differs
    assert "R03" in rules  # the second member is not in the reference
    assert check(ours, as_of=AS_OF, rules=select(["R01", "R03"])).findings.height == 0


def test_the_engine_and_its_reports_import_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import dangvien.quality.engine, dangvien.quality.cli, "
        "dangvien.quality.report_xlsx, dangvien.quality.report_html, dangvien.quality.evaluate; "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
