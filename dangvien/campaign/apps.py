from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "dangvien.campaign"
    label = "campaign"
    verbose_name = "Chiến dịch làm sạch dữ liệu"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the background job kinds ("campaign.import_commit", "campaign.snapshot").
        from dangvien.campaign import jobs  # noqa: F401
