"""Forms of the outputs pages: which organization, which date, which format, and the report text."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from dangvien.orgs.models import Organization
from dangvien.reports.document import ReportText
from dangvien.reports.models import ReportDraft

FORMAT_LABELS = {
    "xlsx": "Excel (.xlsx)",
    "csv": "CSV (UTF-8)",
    "json": "JSON",
    "pdf": "PDF để in",
    "docx": "Word (.docx)",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrgChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Organization) -> str:
        depth = max(obj.path.count("/") - 2, 0)
        return f"{'— ' * depth}{obj.name} ({obj.code})"


class ScopeForm(forms.Form):
    """Organization and date: what every output is about."""

    org = OrgChoiceField(
        label="Tổ chức đảng", queryset=Organization.objects.none(), to_field_name="code"
    )
    as_of = forms.DateField(
        label="Số liệu đến ngày", widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )

    def __init__(
        self, *args: Any, orgs: QuerySet[Organization], default_org: Organization, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["org"].initial = default_org.code
        self.fields["as_of"].initial = timezone.localdate()

    def clean_as_of(self) -> Any:
        day = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError("Không lập số liệu cho ngày trong tương lai.")
        return day


class ExportForm(ScopeForm):
    fmt = forms.ChoiceField(label="Định dạng", widget=forms.RadioSelect)
    include_errors = forms.BooleanField(
        label="Vẫn xuất cả những đảng viên còn lỗi chưa xử lý (tôi đã xem và chịu trách nhiệm)",
        required=False,
    )
    only_no_smartphone = forms.BooleanField(
        label="Chỉ in cho đảng viên không có điện thoại thông minh", required=False, initial=True
    )
    only_with_findings = forms.BooleanField(
        label="Chỉ in cho đảng viên còn điểm cần kiểm tra", required=False
    )

    def __init__(self, *args: Any, formats: tuple[str, ...], kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["fmt"].choices = [(fmt, FORMAT_LABELS[fmt]) for fmt in formats]
        self.fields["fmt"].initial = formats[0]
        if kind != "handbook":
            del self.fields["include_errors"]
        if kind != "sheets":
            del self.fields["only_no_smartphone"]
            del self.fields["only_with_findings"]


class ReportTextForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReportDraft
        fields = [
            "superior_body",
            "issuer",
            "issuer_abbreviation",
            "number",
            "place",
            "summary",
            "situation",
            "results",
            "difficulties",
            "proposals",
            "recipients",
            "signer_authority",
            "signer_title",
            "signer_name",
        ]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "difficulties": forms.Textarea(attrs={"rows": 4}),
            "proposals": forms.Textarea(attrs={"rows": 5}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "number": "Để trống nếu chưa vào sổ: văn bản in “Số    -BC/ĐU” để ghi tay.",
            "results": "Đánh giá thêm sau các bảng số liệu (số liệu tự lấy từ cơ sở dữ liệu).",
            "difficulties": "Ghi thêm sau các khó khăn, vướng mắc đã ghi nhận trong chiến dịch.",
            "recipients": "Mỗi dòng một nơi nhận; dòng cuối thường là “Lưu …”.",
        }

    def clean(self) -> dict[str, Any]:
        """Text typed on a machine that sends decomposed Unicode (NFD) is stored precomposed (NFC),
        as every document of the Party is written (TCVN 6909:2001)."""
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = unicodedata.normalize("NFC", value)
        return data

    @classmethod
    def from_text(cls, text: ReportText, **kwargs: Any) -> ReportTextForm:
        initial = {
            **{name: getattr(text, name) for name in cls.Meta.fields if name != "recipients"},
            "recipients": "\n".join(text.recipients),
        }
        return cls(initial=initial, **kwargs)

    def text(self) -> ReportText:
        data = self.cleaned_data
        return ReportText(
            **{name: data[name] for name in self.Meta.fields if name != "recipients"},
            recipients=tuple(
                line.strip() for line in data["recipients"].splitlines() if line.strip()
            ),
        )
