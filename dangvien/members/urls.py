"""Pages of one member, included under /ra-soat/dang-vien/ by `dangvien.review.urls`."""

from django.urls import path

from dangvien.members import views

urlpatterns = [
    path("<int:pk>/", views.member_detail, name="member"),
    path("<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("<int:pk>/kiem-tra/", views.member_validate, name="member_validate"),
    path("<int:pk>/doi-chieu/", views.member_verify, name="member_verify"),
]
