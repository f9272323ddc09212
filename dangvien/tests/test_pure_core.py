"""The pure core imports and works without Django configured (architecture: pure core)."""

import json
import os
import subprocess
import sys

import pytest

PURE_PACKAGES = [
    "dangvien.vn",
    "dangvien.quality",
    "dangvien.quality.dictionary",
    "dangvien.refdata.catalogs",
    "dangvien.demo",
    "dangvien.intake",
    "dangvien.intake.reader",
]

PROBE = """
import importlib, json, sys
loaded = []
for name in sys.argv[1:]:
    importlib.import_module(name)
    loaded.append(name)
from dangvien.refdata import catalogs
catalogs.ethnicity(); catalogs.religion()
django = sorted(m for m in sys.modules if m.split(".")[0] == "django")
print(json.dumps({"loaded": loaded, "django": django}))
"""


def test_pure_core_imports_without_django_configured_and_never_imports_django() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *PURE_PACKAGES],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["loaded"] == PURE_PACKAGES
    assert report["django"] == []


@pytest.mark.parametrize("package", ["vn", "quality", "refdata", "demo"])
def test_pure_package_source_has_no_django_import(package: str) -> None:
    root = os.path.join(os.path.dirname(os.path.dirname(__file__)), package)
    offenders = []
    for folder, _dirs, files in os.walk(root):
        for file in files:
            if file.endswith(".py"):
                path = os.path.join(folder, file)
                with open(path, encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        stripped = line.strip()
                        if stripped.startswith(("import django", "from django")):
                            offenders.append(f"{path}:{number}")
    assert offenders == []
