"""The JSON report of `dangvien check` (the machine-readable contract).

    {"records": <member records read>,
     "as_of": "YYYY-MM-DD",
     "mapping": [{"column": <header as in the file>, "field": <canonical name or null>, ...}],
     "findings": [{"sheet", "row", "field", "rule", "dimension", "severity", "message", "value",
                   "suggestion", "related_rows", "record", "org"}],
     "summary": {...}}

The findings array is written by Polars (a million findings in a second); everything else by the
standard library. Keys and order are fixed, so two runs on one input give identical bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from dangvien.quality.engine import CheckResult

FINDING_KEYS: tuple[str, ...] = (
    "sheet",
    "row",
    "field",
    "rule",
    "dimension",
    "severity",
    "message",
    "value",
    "suggestion",
    "related_rows",
    "record",
    "org",
)
MAPPING_KEYS: tuple[str, ...] = ("column", "field", "sheet", "letter", "confidence")


def findings_array(findings: pl.DataFrame) -> str:
    """The findings as a JSON array text (related_rows is always a list)."""
    if findings.height == 0:
        return "[]"
    frame = findings.select(
        *(pl.col(key) for key in FINDING_KEYS if key != "related_rows"),
        pl.col("related_rows").fill_null(pl.lit([], dtype=pl.List(pl.Int64))),
    ).select(FINDING_KEYS)
    return frame.write_json()


def mapping_entries(mapping: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{key: entry.get(key) for key in MAPPING_KEYS} for entry in mapping]


def render(result: CheckResult, *, mapping: Sequence[Mapping[str, Any]] = ()) -> str:
    head = {
        "records": result.records,
        "as_of": result.as_of.isoformat(),
        "mapping": mapping_entries(mapping),
    }
    head_text = json.dumps(head, ensure_ascii=False)
    summary_text = json.dumps(result.summary, ensure_ascii=False)
    return (
        head_text[:-1]
        + ', "findings": '
        + findings_array(result.findings)
        + ', "summary": '
        + summary_text
        + "}\n"
    )
