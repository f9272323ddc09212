import pytest

from dangvien.reference.models import CatalogEntry
from dangvien.reference.services import catalogs_sync

pytestmark = pytest.mark.django_db


def test_catalogs_load_once_and_a_second_run_adds_nothing() -> None:
    first = catalogs_sync()
    assert first["ethnicity"] == 56
    count = CatalogEntry.objects.count()
    assert catalogs_sync() == {}
    assert CatalogEntry.objects.count() == count
    assert (first["province_2025"], first["commune_2025"]) == (34, 3321)
    tam_lu = CatalogEntry.objects.get(catalog="commune_2025", code="15019")
    assert (tam_lu.name, tam_lu.parent_code) == ("Xã Tam Lư", "38")
    kinh = CatalogEntry.objects.get(catalog="ethnicity", code="01")
    assert kinh.name == "Kinh"
    assert "Việt" in kinh.variants
