from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dangvien.api"
    label = "api"
    verbose_name = "API dùng chung"
    default_auto_field = "django.db.models.BigAutoField"
