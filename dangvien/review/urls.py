"""Review pages, mounted at /ra-soat/ (namespace "review")."""

from django.urls import include, path

from dangvien.members import views as member_views
from dangvien.review import views

app_name = "review"
urlpatterns = [
    path("", views.index, name="index"),
    path("to-chuc/<str:code>/", views.worklist, name="worklist"),
    path("to-chuc/<str:code>/de-xuat/", views.suggestions, name="suggestions"),
    path("to-chuc/<str:code>/de-xuat/<str:rule>/", views.bulk_preview, name="bulk_preview"),
    path("to-chuc/<str:code>/trung-lap/", views.duplicates, name="duplicates"),
    path("to-chuc/<str:code>/kiem-tra-lai/", views.refresh, name="refresh"),
    path("tac-vu/<int:pk>/", views.job, name="job"),
    path("thay-doi/<int:pk>/", views.change_set, name="change_set"),
    path("thay-doi/<int:pk>/hoan-tac/", views.change_set_undo, name="change_set_undo"),
    path("trung-lap/<int:low>-<int:high>/", views.pair, name="pair"),
    path("trung-lap/<int:low>-<int:high>/gop/", views.pair_merge, name="pair_merge"),
    path("trung-lap/<int:low>-<int:high>/khac-nguoi/", views.pair_different, name="pair_different"),
    path("loi/<int:pk>/dung-de-xuat/", member_views.finding_apply, name="finding_apply"),
    path("loi/<int:pk>/chap-nhan/", member_views.finding_accept, name="finding_accept"),
    path("loi/<int:pk>/bo-chap-nhan/", member_views.finding_revoke, name="finding_revoke"),
    path("dang-vien/", include("dangvien.members.urls")),
]
