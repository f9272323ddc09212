"""Demo communes shared by the tests, generated once per session (generation is deterministic)."""

from __future__ import annotations

import pytest

from dangvien.demo import DemoCommune, generate


@pytest.fixture(scope="session")
def commune() -> DemoCommune:
    """The default demo commune: about 1,100 members, seed 2025, 8 % defects."""
    return generate(1100)


@pytest.fixture(scope="session")
def large_commune() -> DemoCommune:
    """5,000 members: every defect class occurs at least once."""
    return generate(5000, seed=7)


@pytest.fixture(scope="session")
def clean_commune() -> DemoCommune:
    return generate(3000, seed=11, defect_rate=0.0)
