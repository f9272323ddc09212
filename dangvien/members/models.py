"""A Party member record. Its data fields are generated from the data dictionary."""

from __future__ import annotations

from django.db import models

from dangvien.members.fields import model_fields_for
from dangvien.quality.dictionary import MEMBER_FIELDS


class Member(models.Model):
    # Provenance: where this record was read from, so every value can be traced to its file and row.
    import_run = models.ForeignKey(
        "intake.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    source_sheet = models.CharField("Trang tính nguồn", max_length=120, blank=True, default="")
    source_row = models.PositiveIntegerField("Dòng nguồn", null=True, blank=True)
    # Text as typed for values that were changed or could not be parsed ({field: raw text}).
    raw = models.JSONField("Giá trị gốc", default=dict, blank=True)
    # Columns of the source file that map to no dictionary field: kept, never dropped.
    extra = models.JSONField("Cột khác", default=dict, blank=True)
    # Optimistic locking: a save carries the version it read; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["org_id", "full_name", "id"]
        indexes = [
            # Covering (PostgreSQL): the dashboard counts a province's members from the index.
            models.Index(
                fields=["org", "status", "exit_kind"],
                include=["handbook_installed", "no_smartphone", "exempt"],
                name="member_org_counts",
            )
        ]

    def __str__(self) -> str:
        return str(getattr(self, "full_name", "")) or f"#{self.pk}"


for _spec in MEMBER_FIELDS:
    for _name, _field in model_fields_for(_spec).items():
        Member.add_to_class(_name, _field)
