"""Loading the versioned reference catalogs of the package into the database."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dangvien.audit.services import audit_record
from dangvien.refdata.catalog import Catalog
from dangvien.refdata.catalogs import CATALOGS
from dangvien.reference.models import CatalogEntry
from dangvien.vn import catalogs as vn_catalogs
from dangvien.vn import units


def _entries(catalog: Catalog) -> Iterable[CatalogEntry]:
    for entry in catalog:
        yield CatalogEntry(
            catalog=catalog.info.key,
            code=entry.code,
            name=entry.name,
            variants=list(entry.variants),
            version=catalog.info.version,
            effective_date=catalog.info.effective_date,
        )


def _unit_entries() -> dict[str, list[CatalogEntry]]:
    """The 34 provinces and 3,321 communes after 1 July 2025, for exports with unit codes."""
    info = vn_catalogs.UNITS_2025
    common = {"version": info.version[:40], "effective_date": info.effective_date}
    provinces = [
        CatalogEntry(catalog="province_2025", code=p.code, name=p.full_name, **common)
        for p in units.provinces_2025().values()
    ]
    communes = [
        CatalogEntry(
            catalog="commune_2025",
            code=c.code,
            name=f"{c.unit_type} {c.name}",
            parent_code=c.province_code,
            **common,
        )
        for c in units.communes_2025().values()
    ]
    return {"province_2025": provinces, "commune_2025": communes}


def catalogs_sync(
    *, catalogs: Iterable[Catalog] | None = None, actor: object = None
) -> dict[str, int]:
    """Insert every catalog version that is not in the database yet; existing versions are kept."""
    loaded: dict[str, int] = {}
    chosen = list(catalogs) if catalogs is not None else [load() for load in CATALOGS.values()]
    with transaction.atomic():
        for catalog in chosen:
            present = CatalogEntry.objects.filter(
                catalog=catalog.info.key, version=catalog.info.version
            ).exists()
            if present:
                continue
            created = CatalogEntry.objects.bulk_create(_entries(catalog), batch_size=1000)
            loaded[catalog.info.key] = len(created)
        if catalogs is None:
            for name, entries in _unit_entries().items():
                if not CatalogEntry.objects.filter(
                    catalog=name, version=entries[0].version
                ).exists():
                    loaded[name] = len(CatalogEntry.objects.bulk_create(entries, batch_size=1000))
        if loaded:
            audit_record(
                actor=actor,
                action="reference.catalog.loaded",
                target=None,
                changes={"loaded": [None, loaded]},
            )
    return loaded
