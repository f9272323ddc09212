from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError

from dangvien.accounts import throttle
from dangvien.accounts.models import Role
from dangvien.orgs.models import Organization


class LoginForm(AuthenticationForm):
    """The standard form with Vietnamese messages and throttling by username and address."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Xin kiểm tra lại.",
        "inactive": "Tài khoản này đã bị khóa. Xin liên hệ Ban Xây dựng Đảng.",
        "throttled": (
            "Đăng nhập sai quá nhiều lần. Xin thử lại sau %(minutes)d phút "
            "hoặc liên hệ Ban Xây dựng Đảng."
        ),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})

    def _ip(self) -> str:
        return str(self.request.META.get("REMOTE_ADDR", "")) if self.request else ""

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "") or ""
        if throttle.is_locked(username, self._ip()):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, self._ip())
            raise
        throttle.clear(username, self._ip())
        return cleaned


class AccountForm(forms.Form):
    """An account as the commune admin fills it in; organizations are limited to the admin's."""

    username = forms.RegexField(
        label="Tên đăng nhập",
        regex=r"^[a-zA-Z0-9._-]{3,40}$",
        max_length=40,
        error_messages={
            "invalid": (
                "Tên đăng nhập gồm 3–40 chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."
            ),
            "required": "Xin nhập tên đăng nhập.",
        },
        help_text="Chữ không dấu, ví dụ: bithu.banloc",
    )
    full_name = forms.CharField(
        label="Họ và tên",
        max_length=120,
        error_messages={"required": "Xin nhập họ và tên người dùng."},
    )
    phone = forms.RegexField(
        label="Số điện thoại",
        regex=r"^[0-9 .+]{9,15}$",
        max_length=20,
        required=False,
        error_messages={"invalid": "Số điện thoại chỉ gồm chữ số (9–15 số)."},
    )
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    scope = forms.ModelMultipleChoiceField(
        label="Tổ chức đảng được giao",
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Xin chọn ít nhất một tổ chức đảng."},
        help_text="Người dùng thấy tổ chức được giao và mọi tổ chức trực thuộc.",
    )

    def __init__(self, *args: Any, orgs: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = orgs
        self.fields["scope"].label_from_instance = lambda org: f"{org.code} — {org.name}"
        if editing:
            del self.fields["username"]


# Django's Vietnamese catalogue misses some validator messages: say them all in plain Vietnamese.
PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
    "password_too_common": "Mật khẩu này quá phổ biến, dễ bị đoán ra.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
    "password_too_similar": "Mật khẩu quá giống tên đăng nhập hoặc họ tên.",
}


def vietnamese_password_errors(error: ValidationError) -> list[ValidationError]:
    translated = []
    for item in error.error_list:
        message = PASSWORD_MESSAGES.get(item.code or "")
        translated.append(
            ValidationError(message, code=item.code, params=item.params) if message else item
        )
    return translated


class OwnPasswordForm(PasswordChangeForm):
    """Django's password change form with Vietnamese labels; saving goes through the service."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Mật khẩu hiện tại không đúng.",
        "password_mismatch": "Hai lần nhập mật khẩu mới không giống nhau.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mật khẩu hiện tại"
        self.fields["new_password1"].label = "Mật khẩu mới"
        self.fields[
            "new_password1"
        ].help_text = "Ít nhất 10 ký tự, không toàn chữ số, không giống tên đăng nhập."
        self.fields["new_password2"].label = "Nhập lại mật khẩu mới"

    def validate_password_for_user(
        self,
        user: Any,
        password_field_name: str = "password2",  # noqa: S107 (a field name, not a password)
    ) -> None:
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error(password_field_name, vietnamese_password_errors(error))
