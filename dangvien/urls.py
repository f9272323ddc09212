from django.contrib import admin
from django.urls import include, path

from dangvien.accounts.admin_site import restrict_admin_to_superusers

restrict_admin_to_superusers(admin.site)

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("", include("dangvien.accounts.urls")),
    path("ra-soat/", include("dangvien.review.urls")),
    path("chien-dich/", include("dangvien.campaign.urls")),
    path("bao-cao/", include("dangvien.reports.urls")),
    path("api/", include("dangvien.api.urls")),
    path("", include("dangvien.web.urls")),
]
