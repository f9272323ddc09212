import pytest

from dangvien.campaign.tests.personas import (  # noqa: F401 (fixtures)
    campaign,
    hau_secretary,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    # Argon2 is tested in accounts/tests; the dashboard's personas only need to log in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
