"""The HTML report: one self-contained page (inline CSS and an inline SVG chart, no script, nothing
fetched from the network), readable offline on a commune office computer.

The chart shows the findings of each organization stacked by quality dimension; the page also
lists counts per organization and per rule, and the first findings (errors first).
"""

from __future__ import annotations

from html import escape

import polars as pl

from dangvien.quality.engine import CheckResult
from dangvien.quality.report_common import (
    DIMENSION_COLOURS,
    PEOPLE_COLUMNS,
    SEVERITY_COLOURS,
    SEVERITY_INK,
    Source,
    people_rows,
    rule_counts,
    title,
    vn_day,
)
from dangvien.quality.rules.base import DIMENSIONS, SEVERITIES, SEVERITY_RANK

CHART_ORGS = 30
LISTED_FINDINGS = 2000

_CSS = """
body{font-family:"Segoe UI",Arial,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#eee;text-align:left}td.n{text-align:right}
.boxes{display:flex;gap:12px;flex-wrap:wrap}
.box{padding:10px 16px;border-radius:6px;min-width:120px}
.box b{display:block;font-size:22px}
.legend span{display:inline-block;margin-right:14px;font-size:13px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
.note{color:#555;font-size:13px}
"""


def _chart(result: CheckResult) -> str:
    organizations = sorted(
        result.summary["by_organization"], key=lambda e: (-e["findings"], e["org"] or "")
    )
    shown = organizations[:CHART_ORGS]
    rest = organizations[CHART_ORGS:]
    rows = [(entry["org"] or "(không rõ tổ chức)", entry["by_dimension"]) for entry in shown]
    if rest:
        merged = dict.fromkeys(DIMENSIONS, 0)
        for entry in rest:
            for key in DIMENSIONS:
                merged[key] += entry["by_dimension"][key]
        rows.append((f"{len(rest)} tổ chức khác", merged))
    if not rows:
        return '<p class="note">Không có phát hiện nào.</p>'
    label_width, bar_width, row_height = 280, 560, 22
    largest = max(sum(counts.values()) for _, counts in rows) or 1
    height = row_height * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 80}" '
        f'height="{height}" role="img" aria-label="Số phát hiện theo tổ chức và chiều chất lượng">'
    ]
    for index, (name, counts) in enumerate(rows):
        y = index * row_height + 4
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end" font-size="12">'
            f"{escape(name[:45])}</text>"
        )
        x = float(label_width)
        total = 0
        for key in DIMENSIONS:
            count = counts[key]
            if not count:
                continue
            width = bar_width * count / largest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(width, 0.5):.1f}" '
                f'height="{row_height - 6}" fill="{DIMENSION_COLOURS[key]}">'
                f"<title>{escape(name)}: {DIMENSIONS[key]} {count}</title></rect>"
            )
            x += width
            total += count
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 14}" font-size="12">{total}</text>')
    parts.append("</svg>")
    legend = "".join(
        f'<span><i style="background:{DIMENSION_COLOURS[key]}"></i>{label}</span>'
        for key, label in DIMENSIONS.items()
    )
    return f'<div class="legend">{legend}</div>' + "".join(parts)


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, int):
                cells.append(f'<td class="n">{value}</td>')
            else:
                cells.append(f"<td>{escape('' if value is None else str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render(result: CheckResult, *, source: Source | None = None) -> str:
    source = source or Source()
    summary = result.summary
    heading = title(source, result)
    boxes = "".join(
        f'<div class="box" style="background:{SEVERITY_COLOURS[key]};color:{SEVERITY_INK[key]}">'
        f"<b>{summary['by_severity'][key]}</b>{label}</div>"
        for key, label in SEVERITIES.items()
    )
    facts = _table(
        ["Ngày kiểm tra", "Số đảng viên", "Số phát hiện", "Đảng viên có phát hiện", "Có lỗi"],
        [
            [
                vn_day(result.as_of),
                summary["records"],
                summary["findings"],
                summary["records_with_findings"],
                summary["records_with_errors"],
            ]
        ],
    )
    organizations = _table(
        [
            "Tổ chức đảng",
            "Mã",
            "Số đảng viên",
            "Có phát hiện",
            "Có lỗi",
            *SEVERITIES.values(),
            *DIMENSIONS.values(),
        ],
        [
            [
                entry["org"] or "(không rõ tổ chức)",
                entry["org_code"] or "",
                entry["members"],
                entry["records_with_findings"],
                entry["records_with_errors"],
                *(entry["by_severity"][key] for key in SEVERITIES),
                *(entry["by_dimension"][key] for key in DIMENSIONS),
            ]
            for entry in summary["by_organization"]
        ],
    )
    rules = _table(
        ["Mã", "Quy tắc", "Mức độ", "Chiều", "Số phát hiện"],
        [
            [code, name, severity, dimension, count]
            for code, name, severity, dimension, count in rule_counts(result)
        ],
    )
    rows = people_rows(result.findings).with_columns(
        pl.col("severity").replace_strict(dict(SEVERITY_RANK), default=3).alias("_rank")
    )
    listed = rows.with_row_index("_order").sort("_rank", "_order").head(LISTED_FINDINGS)
    columns = [column for column, _ in PEOPLE_COLUMNS]
    findings = _table(
        [header for _, header in PEOPLE_COLUMNS],
        [[row[column] for column in columns] for row in listed.iter_rows(named=True)],
    )
    note = ""
    if rows.height > LISTED_FINDINGS:
        note = (
            f'<p class="note">Trang này liệt kê {LISTED_FINDINGS} trong {rows.height} phát hiện '
            "(lỗi trước); xem đầy đủ trong báo cáo xlsx, csv hoặc json.</p>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(heading)}</title><style>{_CSS}</style></head><body>"
        f'<h1>{escape(heading)}</h1>{facts}<div class="boxes">{boxes}</div>'
        "<h2>Phát hiện theo tổ chức đảng và chiều chất lượng</h2>"
        f"{_chart(result)}<h2>Tổng hợp theo tổ chức</h2>{organizations}"
        f"<h2>Tổng hợp theo quy tắc</h2>{rules}<h2>Danh sách phát hiện</h2>{note}{findings}"
        "</body></html>\n"
    )
