"""Campaign pages, mounted at /chien-dich/ (namespace "campaign")."""

from django.urls import path

from dangvien.campaign.views import campaign, difficulties, imports, signoff

app_name = "campaign"
urlpatterns = [
    path("", campaign.overview, name="overview"),
    path("dot/moi/", campaign.campaign_new, name="new"),
    path("dot/<int:pk>/sua/", campaign.campaign_edit, name="edit"),
    path("dot/<int:pk>/chot-to-chuc/", campaign.orgs_sign_off, name="orgs_sign_off"),
    path("xac-nhan/", signoff.signoffs, name="signoffs"),
    path("xac-nhan/chi-bo/<str:code>/", signoff.signoff_org, name="signoff_org"),
    path("xac-nhan/<int:pk>/quyet-dinh/", signoff.signoff_decide, name="signoff_decide"),
    path("kho-khan/", difficulties.difficulties, name="difficulties"),
    path("kho-khan/xuat.xlsx", difficulties.difficulties_export, name="difficulties_export"),
    path("kho-khan/<int:pk>/", difficulties.difficulty_detail, name="difficulty"),
    path(
        "kho-khan/<int:pk>/phan-cong/",
        difficulties.difficulty_act,
        {"action": "assign"},
        name="difficulty_assign",
    ),
    path(
        "kho-khan/<int:pk>/tra-loi/",
        difficulties.difficulty_act,
        {"action": "answer"},
        name="difficulty_answer",
    ),
    path(
        "kho-khan/<int:pk>/dong/",
        difficulties.difficulty_act,
        {"action": "close"},
        name="difficulty_close",
    ),
    path("nhap/", imports.imports, name="imports"),
    path("nhap/<int:pk>/", imports.import_run, name="import_run"),
    path("nhap/<int:pk>/anh-xa/", imports.import_mapping, name="import_mapping"),
    path("nhap/<int:pk>/chay-thu/", imports.import_dry_run_page, name="import_dry_run"),
    path("nhap/<int:pk>/ghi/", imports.import_commit, name="import_commit"),
    path("nhap/<int:pk>/tien-do/", imports.import_progress, name="import_progress"),
    path("nhap/<int:pk>/hoan-tac/", imports.import_rollback_view, name="import_rollback"),
    path("nhap/mau/<int:pk>/xoa/", imports.template_delete, name="template_delete"),
]
