from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "dangvien.review"
    label = "review"
    verbose_name = "Rà soát"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the background job kinds ("review.refresh") with the job runner.
        from dangvien.review import jobs  # noqa: F401
