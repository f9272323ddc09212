from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dangvien.reports"
    label = "reports"
    verbose_name = "Báo cáo và xuất dữ liệu"
    default_auto_field = "django.db.models.BigAutoField"
