from django.urls import path

from dangvien.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("bao-cao-ket-qua/", views.report, name="report"),
    path("bao-cao-ket-qua/tai-ve/", views.report_download, name="report_download"),
    path("xuat/<slug:slug>/", views.export, name="export"),
]
