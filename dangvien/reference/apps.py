from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "dangvien.reference"
    label = "reference"
    verbose_name = "Danh mục"
    default_auto_field = "django.db.models.BigAutoField"
