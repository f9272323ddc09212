"""The editable text of a formal report: one draft per reporting organization."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportDraft(models.Model):
    """What people write in the report (the figures are always read from the database)."""

    org = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name="Tổ chức"
    )
    superior_body = models.CharField("Cơ quan cấp trên", max_length=200)
    issuer = models.CharField("Cơ quan ban hành", max_length=200)
    issuer_abbreviation = models.CharField("Viết tắt cơ quan ban hành", max_length=20)
    number = models.CharField("Số văn bản", max_length=20, blank=True, default="")
    place = models.CharField("Địa danh", max_length=100)
    summary = models.CharField("Trích yếu", max_length=300)
    situation = models.TextField("I. Đặc điểm tình hình", blank=True, default="")
    results = models.TextField("II. Đánh giá kết quả", blank=True, default="")
    difficulties = models.TextField("III. Khó khăn, vướng mắc", blank=True, default="")
    proposals = models.TextField("IV. Kiến nghị, đề xuất", blank=True, default="")
    recipients = models.TextField("Nơi nhận (mỗi dòng một nơi)", blank=True, default="")
    signer_authority = models.CharField("Thẩm quyền ký", max_length=100)
    signer_title = models.CharField("Chức vụ người ký", max_length=100)
    signer_name = models.CharField("Họ tên người ký", max_length=120, blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "nội dung báo cáo"
        verbose_name_plural = "nội dung báo cáo"

    def __str__(self) -> str:
        return f"{self.summary} ({self.org_id})"
