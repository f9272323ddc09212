"""Users, their role and the organizations they may see (their scope)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    COMMUNE_ADMIN = "commune_admin", "Ban Xây dựng Đảng (quản trị xã)"
    CELL_SECRETARY = "cell_secretary", "Bí thư chi bộ"
    LEADER = "leader", "Lãnh đạo (chỉ xem)"
    PROVINCE_VIEWER = "province_viewer", "Ban Tổ chức Tỉnh ủy (số liệu tổng hợp)"


class User(AbstractUser):
    role = models.CharField("Vai trò", max_length=30, choices=Role.choices, blank=True)
    # Each organization grants its whole subtree; an empty scope sees nothing personal.
    scope = models.ManyToManyField(
        "orgs.Organization", verbose_name="Phạm vi tổ chức", blank=True, related_name="+"
    )
    full_name = models.CharField("Họ và tên", max_length=120, blank=True)
    phone = models.CharField("Số điện thoại", max_length=20, blank=True)
    # Set when the commune admin creates the account or resets its password: the person chooses
    # their own password at the next login.
    must_change_password = models.BooleanField("Phải đổi mật khẩu", default=False)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def display_name(self) -> str:
        return self.full_name or self.get_username()

    def scope_paths(self) -> list[str]:
        return sorted(self.scope.values_list("path", flat=True))

    @property
    def sees_personal_data(self) -> bool:
        return self.role in {Role.COMMUNE_ADMIN, Role.CELL_SECRETARY, Role.LEADER}
