"""Reference catalogs stored in the database, loaded from the versioned files in the package."""

from __future__ import annotations

from django.db import models


class CatalogEntry(models.Model):
    catalog = models.CharField("Danh mục", max_length=40)
    code = models.CharField("Mã", max_length=20)
    name = models.CharField("Tên", max_length=200)
    variants = models.JSONField("Cách viết khác", default=list, blank=True)
    version = models.CharField("Phiên bản", max_length=40)
    effective_date = models.DateField("Ngày hiệu lực")
    parent_code = models.CharField("Mã cấp trên", max_length=20, blank=True, default="")

    class Meta:
        verbose_name = "mục danh mục"
        verbose_name_plural = "danh mục"
        ordering = ["catalog", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalog", "version", "code"], name="catalog_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.catalog}:{self.code} {self.name}"
