"""Import runs: one row per file read into the database, with its hash and outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    class State(models.TextChoices):
        STAGED = "staged", "Đã đọc, chờ ghi"
        COMMITTED = "committed", "Đã ghi"
        FAILED = "failed", "Lỗi"
        ROLLED_BACK = "rolled_back", "Đã hoàn tác"

    file_name = models.CharField("Tên tệp", max_length=255)
    file_sha256 = models.CharField("Mã băm SHA-256", max_length=64, db_index=True)
    state = models.CharField(
        "Trạng thái", max_length=20, choices=State.choices, default=State.STAGED
    )
    records = models.PositiveIntegerField("Số bản ghi", default=0)
    mapping = models.JSONField("Ánh xạ cột", default=list, blank=True)
    note = models.TextField("Ghi chú", blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Provenance of an upload through the import wizard (empty for runs made by other tools).
    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="Tổ chức nhận dữ liệu",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField("Nguồn dữ liệu", max_length=300, blank=True, default="")
    stored_name = models.CharField("Tệp lưu trên máy chủ", max_length=120, blank=True, default="")
    size = models.PositiveBigIntegerField("Dung lượng (byte)", default=0)
    template_name = models.CharField("Mẫu ánh xạ", max_length=120, blank=True, default="")
    # What the dry run found: counts by dimension and severity, what would be created or updated.
    summary = models.JSONField("Kết quả chạy thử", default=dict, blank=True)
    created = models.PositiveIntegerField("Số hồ sơ tạo mới", default=0)
    updated = models.PositiveIntegerField("Số hồ sơ cập nhật", default=0)
    unchanged = models.PositiveIntegerField("Số hồ sơ không đổi", default=0)
    job_id = models.BigIntegerField("Tác vụ nền", null=True, blank=True)
    committed_at = models.DateTimeField("Ghi lúc", null=True, blank=True)
    rolled_back_at = models.DateTimeField("Hoàn tác lúc", null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "lần nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"
