"""Background jobs: one table claimed by a runner process, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import models


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"

    kind = models.CharField("Loại tác vụ", max_length=60)
    params = models.JSONField("Tham số", default=dict, blank=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress = models.PositiveIntegerField("Đã xử lý", default=0)
    total = models.PositiveIntegerField("Tổng", default=0)
    message = models.CharField("Thông báo", max_length=500, blank=True, default="")
    result = models.JSONField("Kết quả", default=dict, blank=True)
    error = models.TextField("Lỗi", blank=True, default="")
    # A plain id, not a foreign key: jobs live in their own database (see dangvien.jobs.router).
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Which runner claimed the job and when it last reported: a dead runner's job is re-queued.
    worker = models.CharField(max_length=80, blank=True, default="")
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tác vụ nền"
        verbose_name_plural = "tác vụ nền"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.progress / self.total) if self.total else 0
