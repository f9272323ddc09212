"""Forms of the campaign slice: they validate input and carry Vietnamese messages, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms

from dangvien.orgs.models import Organization

REQUIRED = "Xin điền mục này."


def _org_label(org: Organization) -> str:
    return f"{org.name} ({org.code})"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CampaignForm(forms.Form):
    name = forms.CharField(
        label="Tên đợt rà soát",
        max_length=200,
        initial="Làm sạch, chuẩn hóa Cơ sở dữ liệu đảng viên",
        error_messages={"required": REQUIRED},
    )
    commune = forms.ModelChoiceField(
        label="Đảng bộ",
        queryset=Organization.objects.none(),
        error_messages={"required": REQUIRED},
    )
    start_date = forms.DateField(
        label="Ngày bắt đầu",
        widget=DateInput(),
        error_messages={"required": REQUIRED, "invalid": "Ngày không hợp lệ."},
    )
    deadline = forms.DateField(
        label="Hạn hoàn thành",
        widget=DateInput(),
        error_messages={"required": REQUIRED, "invalid": "Ngày không hợp lệ."},
    )

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communes is None:
            del self.fields["commune"]
        else:
            self.fields["commune"].queryset = communes
            self.fields["commune"].label_from_instance = _org_label


class ExplanationsForm(forms.Form):
    """One text box per open error that is left: the reason it stays (e.g. the dossier says so)."""

    note = forms.CharField(
        label="Ghi chú chung (nếu có)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, findings: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.findings = list(findings)
        for finding in self.findings:
            self.fields[f"explain_{finding.pk}"] = forms.CharField(
                label="Giải trình",
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(finding, self[f"explain_{finding.pk}"]) for finding in self.findings]

    def explanations(self) -> dict[int, str]:
        return {
            finding.pk: self.cleaned_data.get(f"explain_{finding.pk}") or ""
            for finding in self.findings
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Duyệt"), ("return", "Trả lại")])
    comment = forms.CharField(
        label="Ý kiến của Ban Xây dựng Đảng",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DifficultyForm(forms.Form):
    org = forms.ModelChoiceField(
        label="Tổ chức đảng",
        queryset=Organization.objects.none(),
        error_messages={"required": REQUIRED},
    )
    title = forms.CharField(label="Tiêu đề", max_length=200, error_messages={"required": REQUIRED})
    body = forms.CharField(
        label="Nội dung khó khăn, vướng mắc",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": REQUIRED},
    )
    technical = forms.BooleanField(label="Lỗi kỹ thuật của phần mềm", required=False)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["org"].label_from_instance = _org_label
        choices = list(orgs[:2])
        if len(choices) == 1:  # a cell secretary's own cell: nothing to choose
            self.fields["org"].empty_label = None
            self.fields["org"].initial = choices[0].pk


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="Giao cho", queryset=None, required=False, empty_label="(chưa giao)"
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = users
        self.fields["assignee"].label_from_instance = lambda user: user.display_name()


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Trả lời, hướng xử lý",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Xin ghi nội dung trả lời."},
    )


ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".ods")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách đảng viên",
        error_messages={"required": "Xin chọn tệp cần nhập.", "empty": "Tệp rỗng (0 byte)."},
    )
    source = forms.CharField(
        label="Nguồn dữ liệu",
        max_length=300,
        required=False,
        help_text="Ví dụ: Xuất từ phần mềm CSDL đảng viên 3.0 ngày 10/12/2025.",
    )
    template = forms.ChoiceField(label="Mẫu ánh xạ cột đã lưu", required=False)

    def __init__(self, *args: Any, templates: Any = (), max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields[
            "file"
        ].help_text = f"Excel (.xlsx, .xls) hoặc CSV, tối đa {max_bytes // (1024 * 1024)} MB."
        self.fields["file"].widget.attrs["accept"] = ",".join(ALLOWED_SUFFIXES)
        self.fields["template"].choices = [("", "(tự nhận cột)")] + [
            (str(t.pk), t.name) for t in templates
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(
                "Chỉ nhận tệp Excel (.xlsx, .xlsm, .xls, .ods) hoặc CSV (.csv)."
            )
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"Tệp quá lớn ({upload.size // (1024 * 1024)} MB); "
                f"giới hạn là {self.max_bytes // (1024 * 1024)} MB."
            )
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: a field of the dictionary, or keep it aside."""

    save_as = forms.CharField(
        label="Lưu ánh xạ này thành mẫu (đặt tên)",
        required=False,
        max_length=120,
        help_text="Lần sau nhập tệp cùng dạng, chọn mẫu này để khỏi chọn lại từng cột.",
    )

    def __init__(self, *args: Any, columns: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        for index, column in enumerate(self.columns):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=column["column"],
                choices=choices,
                required=False,
                initial=column["field"] or "",
            )

    def rows(self) -> list[tuple[dict[str, Any], Any]]:
        return [(column, self[f"col_{i}"]) for i, column in enumerate(self.columns)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        seen: dict[str, str] = {}
        for index, column in enumerate(self.columns):
            field = data.get(f"col_{index}") or ""
            if field and field in seen:
                raise forms.ValidationError(
                    f"Hai cột «{seen[field]}» và «{column['column']}» cùng gán cho một trường; "
                    "xin chọn lại."
                )
            if field:
                seen[field] = column["column"]
        return data

    def mapping(self) -> dict[str, str | None]:
        return {
            column["column"]: (self.cleaned_data.get(f"col_{i}") or None)
            for i, column in enumerate(self.columns)
        }
