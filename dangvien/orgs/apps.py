from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dangvien.orgs"
    label = "orgs"
    verbose_name = "Tổ chức đảng"
    default_auto_field = "django.db.models.BigAutoField"
