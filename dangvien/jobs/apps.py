from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "dangvien.jobs"
    label = "jobs"
    verbose_name = "Tác vụ nền"
    default_auto_field = "django.db.models.BigAutoField"
