from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "dangvien.intake"
    label = "intake"
    verbose_name = "Nhập dữ liệu"
    default_auto_field = "django.db.models.BigAutoField"
