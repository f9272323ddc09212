"""The Party organization tree of one commune (glossary: org kinds)."""

from __future__ import annotations

from django.db import models

from dangvien.quality.dictionary import ORG_AREAS, ORG_KINDS, org_field


class Organization(models.Model):
    code = models.CharField(org_field("code").label, max_length=32, unique=True)
    name = models.CharField(org_field("name").label, max_length=200)
    kind = models.CharField(org_field("kind").label, max_length=30, choices=list(ORG_KINDS.items()))
    parent = models.ForeignKey(
        "self",
        verbose_name=org_field("parent").label,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path ("/TL/TL01/") so that "this organization and everything under it" (the
    # unit of every permission) is one indexed prefix query, not a recursive walk.
    path = models.CharField(max_length=500, db_index=True, editable=False)
    area = models.CharField(
        org_field("area").label, max_length=30, choices=list(ORG_AREAS.items()), blank=True
    )
    active = models.BooleanField(org_field("active").label, default=True)
    dissolved_on = models.DateField(org_field("dissolved_on").label, null=True, blank=True)
    secretary = models.ForeignKey(
        "members.Member",
        verbose_name=org_field("secretary").label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def path_for(code: str, parent: Organization | None) -> str:
        return f"{parent.path if parent else '/'}{code}/"
