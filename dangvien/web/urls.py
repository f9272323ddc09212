from django.urls import path

from dangvien.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
