from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from dangvien.accounts.models import User


@admin.register(User)
class DangvienUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Phân quyền dangvien", {"fields": ("role", "full_name", "phone", "scope")}),
    )
    list_display = ("username", "full_name", "role", "is_active", "last_login")
    filter_horizontal = ("scope", "groups", "user_permissions")
