from pathlib import Path

from dangvien.quality.catalog_doc import DEFAULT_PATH, NOT_COVERED, catalog_rows, main, render
from dangvien.quality.rules import RULES


def test_docs_rules_md_is_generated_from_the_rule_definitions() -> None:
    assert DEFAULT_PATH.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is out of date: run python -m dangvien.quality.catalog_doc"
    )


def test_every_rule_appears_with_its_code_title_and_message() -> None:
    text = render()
    for rule in RULES:
        assert f"**{rule.code}**" in text
        assert rule.title in text


def test_items_without_data_say_why() -> None:
    text = render()
    for reason in NOT_COVERED.values():
        assert reason in text


def test_catalog_rows_carry_vietnamese_labels() -> None:
    row = next(row for row in catalog_rows() if row["code"] == "T08")
    assert row["severity_label"] == "Lỗi"
    assert row["dimension_label"] == "Đúng"
    assert row["field_labels"][0] == "Ngày vào Đảng"
    assert row["implements"] == ["V06"]


def test_check_mode_reports_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "rules.md"
    stale.write_text("cũ\n", encoding="utf-8")
    assert main(["--check", "--out", str(stale)]) == 1
    assert main(["--out", str(stale)]) == 0
    assert main(["--check", "--out", str(stale)]) == 0
