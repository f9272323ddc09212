from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "dangvien.web"
    label = "web"
    verbose_name = "Giao diện"
    default_auto_field = "django.db.models.BigAutoField"
