"""The CSV report: one finding per line, Vietnamese headers, UTF-8 with a BOM so Excel opens it."""

from __future__ import annotations

import io

from dangvien.quality.engine import CheckResult
from dangvien.quality.report_common import PEOPLE_COLUMNS, people_rows


def render(result: CheckResult) -> bytes:
    rows = (
        people_rows(result.findings)
        .select([column for column, _ in PEOPLE_COLUMNS])
        .rename(dict(PEOPLE_COLUMNS))
    )
    buffer = io.BytesIO()
    rows.write_csv(buffer, include_bom=True)
    return buffer.getvalue()
