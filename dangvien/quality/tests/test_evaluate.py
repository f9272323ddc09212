import polars as pl
import pytest

from dangvien.demo.defects import DEFECT_CLASSES
from dangvien.quality.evaluate import EXPECTED, TARGET_RECALL, evaluate, run_demo
from dangvien.quality.rules import by_code


def test_every_planted_defect_class_names_existing_rules() -> None:
    assert set(EXPECTED) == set(DEFECT_CLASSES)
    for rules in EXPECTED.values():
        for code in rules:
            by_code(code)


def test_the_engine_finds_the_planted_defects_and_no_error_on_clean_records() -> None:
    evaluation, result = run_demo(5000)
    assert evaluation.planted > 300
    assert evaluation.recall >= TARGET_RECALL, evaluation.summary()
    assert evaluation.clean_errors.height == 0, evaluation.clean_errors
    assert result.records == evaluation.records


def test_evaluation_counts_a_defect_only_when_the_right_rule_reports_it() -> None:
    truth = pl.DataFrame(
        {
            "record": [1, 2, None],
            "org": ["TL01", "TL01", "TL02"],
            "field": ["citizen_id", "phone", "org"],
            "defect": ["cccd_missing", "phone_11_digit", "org_no_secretary"],
            "clean_value": [None, None, None],
            "planted_value": [None, None, None],
            "related_record": [None, None, None],
        },
        schema_overrides={
            "related_record": pl.Int64,
            "clean_value": pl.Utf8,
            "planted_value": pl.Utf8,
        },
    )
    findings = pl.DataFrame(
        {
            "record": [1, 2, 3, None],
            "org_code": ["TL01", "TL01", "TL01", "TL02"],
            "field": ["citizen_id", "phone", "birth_date", "secretary"],
            "rule": ["C09", "P03", "T01", "O07"],
            "severity": ["error", "warning", "error", "warning"],
        }
    )
    evaluation = evaluate(findings, truth, records=3)
    assert evaluation.found == 2  # P03 is not the rule for an old 11-digit number
    assert evaluation.recall == pytest.approx(2 / 3)
    assert evaluation.clean_errors["record"].to_list() == [3]
