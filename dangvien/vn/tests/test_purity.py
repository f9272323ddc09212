"""The vn package is pure: no Django import anywhere in it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def test_no_module_of_the_package_imports_django() -> None:
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(name.split(".")[0] == "django" for name in names), path


def test_the_package_imports_with_django_unconfigured() -> None:
    code = (
        "import sys, dangvien.vn.text, dangvien.vn.names, dangvien.vn.identity, "
        "dangvien.vn.phones, dangvien.vn.dates, dangvien.vn.addresses, dangvien.vn.cli, "
        "dangvien.vn.columns, dangvien.vn.catalogs; "
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PACKAGE.parents[1])}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
