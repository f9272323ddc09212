from django.contrib.auth import views as auth_views
from django.urls import include, path

from dangvien.accounts import views
from dangvien.accounts.forms import LoginForm

management = (
    [
        path("", views.account_list, name="list"),
        path("moi/", views.account_new, name="new"),
        path("<int:pk>/", views.account_edit, name="edit"),
        path("<int:pk>/khoa/", views.account_active, name="active"),
        path("<int:pk>/dat-lai-mat-khau/", views.account_password_reset, name="password_reset"),
    ],
    "accounts",
)

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("tai-khoan/", include(management)),
]
