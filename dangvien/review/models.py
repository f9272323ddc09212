"""Review work: persisted findings, accepted exceptions, undoable changes, merges, verifications.

Findings come from the pure quality engine (`dangvien.quality.engine`); this app keeps them with a
state so that people can work through them, and progress can be counted day by day.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

DIMENSIONS = [
    ("correct", "Đúng"),
    ("complete", "Đủ"),
    ("clean", "Sạch"),
    ("current", "Sống"),
    ("consistent", "Thống nhất"),
    ("shareable", "Dùng chung"),
]
SEVERITIES = [("error", "Lỗi"), ("warning", "Cảnh báo"), ("info", "Thông tin")]


def field_label(name: str) -> str:
    from dangvien.quality.findings import FIELD_LABELS

    return FIELD_LABELS.get(name, name)


def stored_text(field: str, data: dict[str, Any] | None) -> str:
    """A change item's stored value ({"value", "precision", "raw"} or {"org_id"}) as text."""
    from dangvien.members.services import display_value, field_value_from_json
    from dangvien.orgs.models import Organization
    from dangvien.quality.dictionary import member_field

    if not data:
        return ""
    if field == "org":
        org = Organization.objects.filter(pk=data.get("org_id")).first()
        return org.name if org else ""
    value = field_value_from_json(field, data)
    if value.raw is not None:
        return value.raw
    return display_value(member_field(field), value.value, value.precision or None) or ""


class Finding(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Chưa xử lý"
        RESOLVED = "resolved", "Đã xử lý"
        ACCEPTED = "accepted", "Chấp nhận ngoại lệ"

    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="findings")
    related_member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField("Trường", max_length=40)
    rule = models.CharField("Quy tắc", max_length=20, db_index=True)
    dimension = models.CharField("Tiêu chí", max_length=12, choices=DIMENSIONS)
    severity = models.CharField("Mức độ", max_length=8, choices=SEVERITIES)
    message = models.CharField("Nội dung", max_length=500)
    value = models.CharField("Giá trị", max_length=500, blank=True, default="")
    suggestion = models.CharField("Đề xuất", max_length=500, blank=True, default="")
    # Hash of the values the rule read: an accepted exception stays quiet until they change.
    fingerprint = models.CharField(max_length=64)
    # Several findings of one rule on one field of one record are told apart by their order.
    ordinal = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("Giải trình", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "phát hiện"
        verbose_name_plural = "phát hiện"
        indexes = [
            models.Index(fields=["org", "state", "severity"], name="finding_org_state"),
            models.Index(fields=["member", "state"], name="finding_member_state"),
            models.Index(fields=["org", "state", "rule"], name="finding_org_state_rule"),
            models.Index(fields=["org", "state", "dimension"], name="finding_org_state_dim"),
            # The open findings' counts of the dashboard, read from the index alone.
            models.Index(
                fields=["org", "severity", "dimension", "member"],
                condition=models.Q(state="open"),
                name="finding_open_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.field}: {self.message}"

    @property
    def field_label(self) -> str:
        return field_label(self.field)


class AcceptedException(models.Model):
    """A person judged a finding not an error here (with a reason); holds while values are equal."""

    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=20)
    field = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64)
    reason = models.CharField("Lý do", max_length=500)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ngoại lệ được chấp nhận"
        verbose_name_plural = "ngoại lệ được chấp nhận"
        indexes = [models.Index(fields=["member", "rule", "field"], name="exception_lookup")]

    def __str__(self) -> str:
        return f"{self.rule} {self.field}: {self.reason}"


class ChangeSet(models.Model):
    """A group of member changes made in one act (a bulk suggestion, a merge): undone as one."""

    class Kind(models.TextChoices):
        BULK = "bulk", "Áp dụng đề xuất hàng loạt"
        MERGE = "merge", "Gộp hồ sơ trùng"
        IMPORT = "import", "Nhập dữ liệu"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=300)
    # The organization whose worklist the change was made from: who may see and undo it.
    org = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What a merge removed (the duplicate record with its verifications), to put it back on undo.
    snapshot = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "nhóm thay đổi"
        verbose_name_plural = "nhóm thay đổi"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.description


class ChangeItem(models.Model):
    """One field of one member before and after: {"value", "precision", "raw"} as stored."""

    change_set = models.ForeignKey(ChangeSet, on_delete=models.CASCADE, related_name="items")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    field = models.CharField(max_length=40)
    old = models.JSONField(null=True)
    new = models.JSONField(null=True)
    # Undo left this item alone because someone changed the value afterwards.
    kept_on_undo = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.field}: {self.old!r} → {self.new!r}"

    @property
    def field_label(self) -> str:
        return field_label(self.field)

    @property
    def old_text(self) -> str:
        return stored_text(self.field, self.old)

    @property
    def new_text(self) -> str:
        return stored_text(self.field, self.new)


class DuplicateDecision(models.Model):
    """A person's verdict on a candidate pair: merged, or not the same person (asked once)."""

    class Verdict(models.TextChoices):
        DIFFERENT = "different", "Không phải cùng một người"
        MERGED = "merged", "Đã gộp"

    # Plain record ids (low < high), not foreign keys: a merge removes one of the two records and
    # the decision must outlive it (and come back with it on undo).
    record_low = models.BigIntegerField()
    record_high = models.BigIntegerField()
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    change_set = models.ForeignKey(ChangeSet, null=True, blank=True, on_delete=models.SET_NULL)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["record_low", "record_high"], name="duplicate_pair_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(record_low__lt=models.F("record_high")),
                name="duplicate_pair_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_low}/{self.record_high}: {self.get_verdict_display()}"


class DossierVerification(models.Model):
    """ "Đã đối chiếu với hồ sơ gốc": a recorded act with date and person."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="verifications"
    )
    verified_on = models.DateField("Ngày đối chiếu")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("Ghi chú", max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.member_id} {self.verified_on:%d/%m/%Y}"
