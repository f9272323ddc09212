"""Forms of the review pages. They carry text; parsing and judging happen in services/engine."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from dangvien.members.models import Member
from dangvien.orgs.models import Organization
from dangvien.quality.dictionary import MEMBER_FIELDS, FieldSpec, Kind
from dangvien.refdata.catalogs import catalog
from dangvien.review.typed import VALUE_FIELDS, member_texts

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Thông tin cá nhân",
        (
            "full_name",
            "gender",
            "birth_date",
            "birth_place",
            "hometown",
            "permanent_address",
            "current_address",
            "ethnicity",
            "religion",
            "citizen_id",
            "legacy_id",
            "phone",
        ),
    ),
    (
        "Sinh hoạt đảng",
        (
            "org",
            "status",
            "join_date",
            "official_date",
            "card_number",
            "dossier_number",
            "party_position",
            "exempt",
            "exit_kind",
            "exit_date",
        ),
    ),
    (
        "Trình độ, nghề nghiệp",
        (
            "general_education",
            "professional_level",
            "political_theory",
            "foreign_language",
            "it_level",
            "occupation",
        ),
    ),
    ("Sổ tay đảng viên, ghi chú", ("handbook_installed", "no_smartphone", "note")),
)
_SPECS = {spec.name: spec for spec in MEMBER_FIELDS}
_HINTS = {
    Kind.DATE: "ngày/tháng/năm, ví dụ 05/03/1970; chỉ biết năm thì ghi năm",
    Kind.PHONE: "10 chữ số, ví dụ 0912345678",
}
_CODE_HINTS = {"citizen_id": "12 chữ số, giữ số 0 ở đầu"}
TICK = "x"


def _catalog_names(spec: FieldSpec) -> list[str]:
    if not spec.catalog:
        return []
    return sorted(entry.name for entry in catalog(spec.catalog))


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    hint: str
    datalist: list[str]


class MemberForm(forms.Form):
    """Every field of a member as text (ticks as checkboxes, closed sets as lists)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self, *args: Any, member: Member, orgs: Iterable[Organization], **kwargs: Any
    ) -> None:
        texts = member_texts(member)
        initial: dict[str, Any] = {
            name: texts[name] == TICK if _SPECS[name].kind is Kind.BOOL else texts[name]
            for name in VALUE_FIELDS
        }
        initial.update(org=str(member.org_id), version=member.version)
        super().__init__(*args, initial=initial, **kwargs)
        self.member = member
        self.orgs = {str(org.pk): org for org in orgs}
        for name in VALUE_FIELDS:
            spec = _SPECS[name]
            attrs = {"autocomplete": "off", "class": "input"}
            if spec.kind is Kind.BOOL:
                self.fields[name] = forms.BooleanField(label=spec.label, required=False)
            elif spec.kind is Kind.ENUM and spec.choices:
                current = texts[name]
                labels = list(spec.choices.values())
                choices = [("", "(để trống)")] + [(label, label) for label in labels]
                if current and current not in labels:
                    choices.append((current, f"{current} (giá trị cũ, chưa nhận ra)"))
                self.fields[name] = forms.ChoiceField(
                    label=spec.label, choices=choices, required=False
                )
            else:
                if spec.catalog:
                    attrs["list"] = f"dl-{name}"
                if spec.kind in (Kind.PHONE, Kind.CODE):
                    attrs["inputmode"] = "numeric"
                self.fields[name] = forms.CharField(
                    label=spec.label,
                    required=False,
                    strip=False,
                    max_length=max(spec.max_length * 2, 40),
                    widget=forms.Textarea(attrs={**attrs, "rows": 2})
                    if spec.max_length >= 300
                    else forms.TextInput(attrs=attrs),
                )
        self.fields["org"] = forms.ChoiceField(
            label=_SPECS["org"].label,
            choices=[(pk, org.name) for pk, org in self.orgs.items()],
        )

    def groups(self) -> list[tuple[str, list[tuple[forms.BoundField, FieldRow]]]]:
        result = []
        for title, names in GROUPS:
            rows = []
            for name in names:
                spec = _SPECS[name]
                hint = _CODE_HINTS.get(name) or _HINTS.get(spec.kind, "")
                rows.append((self[name], FieldRow(name, spec.label, hint, _catalog_names(spec))))
            result.append((title, rows))
        return result

    def texts(self) -> dict[str, str]:
        """The typed text of every value field (valid form only)."""
        return texts_from(self.cleaned_data)

    def chosen_org(self) -> Organization:
        return self.orgs[self.cleaned_data["org"]]


def texts_from(data: Mapping[str, Any]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name in VALUE_FIELDS:
        value = data.get(name)
        if _SPECS[name].kind is Kind.BOOL:
            texts[name] = TICK if value else ""
        else:
            texts[name] = str(value or "")
    return texts


class ExceptionForm(forms.Form):
    reason = forms.CharField(
        label="Lý do",
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: đúng theo hồ sơ gốc"}),
        error_messages={"required": "Xin ghi lý do chấp nhận."},
    )


class VerifyForm(forms.Form):
    verified_on = forms.DateField(
        label="Ngày đối chiếu",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1, required=False)
