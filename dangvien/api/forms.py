"""The form that issues an API token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dangvien.orgs.models import Organization
from dangvien.reports.forms import OrgChoiceField


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Hệ thống sẽ dùng khóa",
        max_length=120,
        help_text="Ví dụ: “Đồng bộ Sổ tay đảng viên — Văn phòng Đảng ủy”.",
    )
    org = OrgChoiceField(
        label="Phạm vi dữ liệu",
        queryset=Organization.objects.none(),
        to_field_name="code",
        help_text="Khóa chỉ đọc được tổ chức này và các tổ chức trực thuộc.",
    )
    expires_in_days = forms.IntegerField(
        label="Hết hạn sau (ngày)",
        min_value=1,
        max_value=730,
        initial=90,
        required=False,
        help_text="Để trống: không tự hết hạn (vẫn thu hồi được bất cứ lúc nào).",
    )

    def __init__(
        self, *args: Any, orgs: QuerySet[Organization], default_org: Organization, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["org"].initial = default_org.code
