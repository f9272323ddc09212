"""The rule catalog (docs/rules.md), generated from the rule definitions themselves.

    python -m dangvien.quality.catalog_doc          # rewrite docs/rules.md
    python -m dangvien.quality.catalog_doc --check  # exit 1 when the file is out of date

A test regenerates the text in memory and compares it with the file, so the catalog cannot drift
from the rules. The web app renders the same `catalog_rows()`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dangvien.quality.dictionary import EXIT_KINDS, MEMBER_FIELDS, ORG_FIELDS
from dangvien.quality.rules import RULES
from dangvien.quality.rules.base import DIMENSIONS, SCOPES, SEVERITIES, Rule

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

AREAS: dict[str, str] = {
    "C": "Đủ thông tin bắt buộc",
    "I": "Số định danh, số thẻ, số lý lịch",
    "T": "Ngày tháng, tuổi đời, dự bị",
    "K": "Danh mục và giá trị đóng",
    "X": "Chữ viết (phông, Unicode, dấu thanh, hoa thường)",
    "P": "Số điện thoại",
    "A": "Địa chỉ",
    "S": "Tình trạng, Sổ tay, tuổi Đảng",
    "O": "Tổ chức đảng",
    "D": "Trùng lặp",
    "R": "Đối soát với nguồn thứ hai",
}

# Items of the domain catalog (domain.md §10) that no rule implements, and why.
NOT_COVERED: dict[str, str] = {
    "V19": "Danh sách đảng viên không có dữ liệu thu đảng phí theo tháng.",
    "V22": "Danh sách đảng viên không có dữ liệu nhận xét nơi cư trú (Quy định 213).",
}
DOMAIN_ITEMS: dict[str, str] = {
    "V01": "Có số CCCD",
    "V02": "CCCD 12 chữ số, mã tỉnh hợp lệ",
    "V03": "CCCD khớp giới tính, năm sinh",
    "V04": "CCCD không trùng",
    "V05": "Số di động 10 số, đầu số hợp lệ",
    "V06": "Vào Đảng từ đủ 18 tuổi",
    "V07": "Vào Đảng không quá 60 tuổi",
    "V08": "Chính thức = vào Đảng + 12 tháng",
    "V09": "Dự bị quá hạn",
    "V10": "Dự bị không có số thẻ",
    "V11": "Số thẻ không trùng, 8 chữ số",
    "V12": "Ngày không ở tương lai, đúng thứ tự",
    "V13": "Dân tộc, tôn giáo theo danh mục",
    "V14": "Địa chỉ theo đơn vị hành chính hiện nay",
    "V15": "Mỗi đảng viên một tổ chức",
    "V16": "Người đã mất, đã chuyển đi không còn trong danh sách",
    "V17": "Miễn sinh hoạt không đưa vào Sổ tay",
    "V18": "Ngưỡng tổ chức (3 chính thức, 30 đảng viên, 9 → chi ủy)",
    "V19": "Nợ đảng phí 3 tháng",
    "V20": "50 năm tuổi Đảng miễn đảng phí",
    "V21": "Sắp đến mốc Huy hiệu Đảng",
    "V22": "Nhận xét nơi cư trú (Quy định 213)",
}

_LABELS = {
    **{spec.name: spec.label for spec in MEMBER_FIELDS},
    **{f"org.{spec.name}": spec.label for spec in ORG_FIELDS},
}


def _field_label(rule: Rule, name: str) -> str:
    if rule.scope == "org" and f"org.{name}" in _LABELS:
        return _LABELS[f"org.{name}"]
    return _LABELS.get(name, "Tổ chức đảng" if name == "org" else name)


def catalog_rows(rules: Sequence[Rule] = RULES) -> list[dict[str, Any]]:
    """One plain dict per rule: what the catalog page shows."""
    return [
        {
            "code": rule.code,
            "title": rule.title,
            "dimension": rule.dimension,
            "dimension_label": DIMENSIONS[rule.dimension],
            "severity": rule.severity,
            "severity_label": SEVERITIES[rule.severity],
            "scope": rule.scope,
            "scope_label": SCOPES[rule.scope],
            "fields": list(rule.fields),
            "field_labels": [_field_label(rule, name) for name in rule.fields],
            "message": rule.message,
            "suggestion": rule.suggestion,
            "basis": rule.basis,
            "implements": list(rule.implements),
        }
        for rule in rules
    ]


def _labels_of(names: Sequence[str]) -> str:
    return ", ".join(_lower_label(name) for name in names)


def _lower_label(name: str) -> str:
    label = _LABELS[name]
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _completeness_note() -> list[str]:
    """How required-ness follows the member's state (dictionary `required_for`, `state_of`)."""
    always = [spec.name for spec in MEMBER_FIELDS if spec.is_required("exited")]
    active_only = [
        spec.name for spec in MEMBER_FIELDS if spec.required_for and not spec.is_required("exited")
    ]
    kinds = ", ".join(label[:1].lower() + label[1:] for label in EXIT_KINDS.values())
    return [
        "Trường bắt buộc theo tình trạng của đảng viên (từ điển dữ liệu). Đảng viên có tình trạng "
        f"ra khỏi Đảng ({kinds}) là «đã ra khỏi danh sách», dù cột loại đảng viên ghi chính thức "
        f"hay dự bị: với họ chỉ báo thiếu {_labels_of(always)} (hồ sơ lịch sử vẫn giữ); không "
        f"báo thiếu {_labels_of(active_only)}, vì các trường này chỉ bắt buộc với đảng viên đang "
        "sinh hoạt, và việc người đã ra khỏi Đảng còn trong danh sách đã được báo một lần bằng "
        "S01. Bản ghi không rõ loại đảng viên và không có tình trạng ra khỏi Đảng được kiểm tra "
        "như đảng viên đang sinh hoạt.",
        "",
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(rules: Sequence[Rule] = RULES) -> str:
    rows = catalog_rows(rules)
    lines = [
        "# Danh mục quy tắc kiểm tra dữ liệu đảng viên",
        "",
        "<!-- Tệp sinh tự động từ dangvien/quality/rules: "
        "python -m dangvien.quality.catalog_doc. Không sửa tay. -->",
        "",
        f"{len(rows)} quy tắc. Mỗi phát hiện (finding) gắn với một đảng viên (dòng trong tệp), "
        "một trường và một quy tắc; quy tắc tổ chức gắn với một tổ chức đảng. Trong mẫu thông "
        "báo, `{label}` là tên trường, `{value}` là giá trị như trong tệp, các tên khác là chi "
        "tiết của từng phát hiện. Các quy tắc phụ thuộc thời gian tính theo ngày kiểm tra "
        "(`--as-of`), mặc định là hôm nay.",
        "",
        "## Chiều chất lượng (đúng – đủ – sạch – sống – thống nhất – dùng chung)",
        "",
        "| Mã | Chiều |",
        "|---|---|",
        *(f"| `{code}` | {label} |" for code, label in DIMENSIONS.items()),
        "",
        "## Mức độ",
        "",
        "| Mã | Mức độ |",
        "|---|---|",
        *(f"| `{code}` | {label} |" for code, label in SEVERITIES.items()),
    ]
    for prefix, area in AREAS.items():
        in_area = [row for row in rows if row["code"].startswith(prefix)]
        if not in_area:
            continue
        lines += ["", f"## {prefix} — {area}", ""]
        if prefix == "C":
            lines += _completeness_note()
        lines += [
            "| Mã | Quy tắc | Chiều | Mức độ | Phạm vi | Trường đọc | Thông báo | Đề xuất sửa "
            "| Căn cứ |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in in_area:
            fields = ", ".join(
                f"{label} (`{name}`)"
                for name, label in zip(row["fields"], row["field_labels"], strict=True)
            )
            implements = ", ".join(row["implements"])
            basis = row["basis"] + (f" [{implements}]" if implements else "")
            lines.append(
                "| "
                + " | ".join(
                    _cell(part)
                    for part in (
                        f"**{row['code']}**",
                        row["title"],
                        row["dimension_label"],
                        row["severity_label"],
                        row["scope_label"],
                        fields,
                        row["message"],
                        row["suggestion"] or "—",
                        basis,
                    )
                )
                + " |"
            )
    lines += [
        "",
        "## Đối chiếu với danh mục kiểm tra (domain.md §10)",
        "",
        "| Mục | Nội dung | Quy tắc |",
        "|---|---|---|",
    ]
    for item, text in DOMAIN_ITEMS.items():
        codes = [row["code"] for row in rows if item in row["implements"]]
        covered = ", ".join(codes) if codes else f"chưa áp dụng: {NOT_COVERED.get(item, '—')}"
        lines.append(f"| {item} | {text} | {covered} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh danh mục quy tắc docs/rules.md")
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp đã cập nhật chưa")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(
                f"{args.out} chưa cập nhật: chạy python -m dangvien.quality.catalog_doc",
                file=sys.stderr,
            )
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"Đã ghi {args.out} ({len(RULES)} quy tắc).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
