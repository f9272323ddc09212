"""The cleaning campaign of a commune: deadline, phases, sign-off, difficulties, daily progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Campaign(models.Model):
    """One cleaning campaign of a commune (the seed plan: 10–30/12/2025)."""

    name = models.CharField("Tên đợt", max_length=200)
    commune = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField("Ngày bắt đầu")
    deadline = models.DateField("Hạn hoàn thành")
    # Organizations are cleaned first: member sign-off waits for this.
    orgs_signed_off_at = models.DateTimeField("Đã chốt dữ liệu tổ chức lúc", null=True, blank=True)
    orgs_signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt rà soát"
        verbose_name_plural = "đợt rà soát"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name


class SignOff(models.Model):
    class Phase(models.TextChoices):
        ORGS = "orgs", "Dữ liệu tổ chức"
        MEMBERS = "members", "Dữ liệu đảng viên"

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        RETURNED = "returned", "Trả lại"

    campaign = models.ForeignKey(
        "campaign.Campaign", on_delete=models.CASCADE, related_name="signoffs"
    )
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="signoffs")
    phase = models.CharField(max_length=10, choices=Phase.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUBMITTED)
    explanation = models.TextField("Giải trình lỗi còn lại", blank=True, default="")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("Ý kiến", blank=True, default="")

    class Meta:
        verbose_name = "xác nhận hoàn thành"
        verbose_name_plural = "xác nhận hoàn thành"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.org} {self.get_phase_display()}: {self.get_state_display()}"


class Difficulty(models.Model):
    """Khó khăn, vướng mắc raised during the campaign, answered and closed, reported upward."""

    class State(models.TextChoices):
        OPEN = "open", "Mới"
        ANSWERED = "answered", "Đã trả lời"
        CLOSED = "closed", "Đã đóng"

    campaign = models.ForeignKey(
        "campaign.Campaign", on_delete=models.CASCADE, related_name="difficulties"
    )
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("Tiêu đề", max_length=200)
    body = models.TextField("Nội dung")
    technical = models.BooleanField("Lỗi kỹ thuật", default=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField("Trả lời", blank=True, default="")
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "khó khăn, vướng mắc"
        verbose_name_plural = "khó khăn, vướng mắc"
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return self.title


class ProgressSnapshot(models.Model):
    """Open findings per organization per day: the burn-down chart reads these."""

    campaign = models.ForeignKey(
        "campaign.Campaign", on_delete=models.CASCADE, related_name="snapshots"
    )
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    open_errors = models.PositiveIntegerField(default=0)
    open_warnings = models.PositiveIntegerField(default=0)
    open_infos = models.PositiveIntegerField(default=0)
    members = models.PositiveIntegerField(default=0)
    members_without_error = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org", "day"], name="snapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.day}"


class SignOffExplanation(models.Model):
    """Why one error is still open when a cell is signed off: kept with a copy of the finding, so
    the approver reads it even after the findings were recomputed."""

    signoff = models.ForeignKey(
        "campaign.SignOff", on_delete=models.CASCADE, related_name="explanations"
    )
    finding = models.ForeignKey(
        "review.Finding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule = models.CharField("Quy tắc", max_length=20)
    field = models.CharField("Trường", max_length=40)
    message = models.CharField("Nội dung lỗi", max_length=500)
    text = models.CharField("Giải trình", max_length=500)

    class Meta:
        verbose_name = "giải trình lỗi còn lại"
        verbose_name_plural = "giải trình lỗi còn lại"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.rule}: {self.text}"


class MappingTemplateRecord(models.Model):
    """A column mapping saved from the import wizard, reused for the next file of the same shape."""

    name = models.CharField("Tên mẫu", max_length=120, unique=True)
    # {header as in the file: field name, or null to keep the column in the extra columns}
    columns = models.JSONField("Ánh xạ cột", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "mẫu ánh xạ cột"
        verbose_name_plural = "mẫu ánh xạ cột"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportChange(models.Model):
    """What one import did to one member, so that the import can be rolled back exactly."""

    class Action(models.TextChoices):
        CREATED = "created", "Tạo mới"
        UPDATED = "updated", "Cập nhật"

    run = models.ForeignKey("intake.ImportRun", on_delete=models.CASCADE, related_name="changes")
    # The record may be removed later (a merge); its id is kept to say which one it was.
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    member_pk = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    # {field: {"value", "precision", "raw"}} before and after; "org" holds the organization id;
    # "_extra", "_provenance" hold the unmapped columns and where the record was read from.
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    # The record's version right after the import: a different version means it was edited since.
    version_after = models.PositiveIntegerField()

    class Meta:
        verbose_name = "thay đổi do nhập dữ liệu"
        verbose_name_plural = "thay đổi do nhập dữ liệu"
        indexes = [models.Index(fields=["run", "action"], name="import_change_run")]

    def __str__(self) -> str:
        return f"{self.run_id} {self.action} {self.member_pk}"
