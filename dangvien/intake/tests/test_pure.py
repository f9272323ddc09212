"""The reader is pure: it works with Django unconfigured and never imports it."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
DJANGO_MODULES = {"models.py", "apps.py", "admin.py"}
PURE_MODULES = sorted(
    f"dangvien.intake.{path.stem}"
    for path in PACKAGE.glob("*.py")
    if path.name not in DJANGO_MODULES and path.name != "__init__.py"
)

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "django")))
"""


def test_the_reader_modules_import_without_django() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "dangvien.intake", *PURE_MODULES],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_no_reader_module_imports_django() -> None:
    importing = re.compile(r"^\s*(?:import|from)\s+django\b", re.MULTILINE)
    offenders = [
        path.name
        for path in PACKAGE.glob("*.py")
        if path.name not in DJANGO_MODULES and importing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert "dangvien.intake.reader" in PURE_MODULES
