"""Exporters and renderers are pure: they import and run without Django configured or loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PURE_MODULES = [
    "dangvien.reports.exporters.base",
    "dangvien.reports.exporters.render",
    "dangvien.reports.exporters.values",
    "dangvien.reports.exporters.members",
    "dangvien.reports.exporters.orgs",
    "dangvien.reports.exporters.statistics",
    "dangvien.reports.figures",
    "dangvien.reports.document",
    "dangvien.reports.sheets",
    "dangvien.reports.defaults",
]

PROBE = """
import datetime, importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
from dangvien.reports.exporters.members import members_dataset
from dangvien.reports.exporters.render import render
record = {"id": 1, "org_code": "TL01", "org_name": "Chi bộ bản Lốc", "full_name": "Lò Văn Ún",
          "birth_date": datetime.date(1960, 1, 2), "birth_date_precision": "day"}
render([members_dataset([record]).materialize()], "xlsx")
django = sorted(m for m in sys.modules if m.split(".")[0] == "django")
print(json.dumps({"django": django}))
"""


def test_exporters_and_renderers_never_import_django():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *PURE_MODULES],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"django": []}
