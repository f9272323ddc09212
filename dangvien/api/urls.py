from django.urls import path, re_path

from dangvien.api import views

app_name = "api"
urlpatterns = [
    path("v1/openapi.json", views.schema, name="schema"),
    path("v1/organizations", views.organizations, name="organizations"),
    path("v1/organizations/<str:code>", views.organization, name="organization"),
    path("v1/members", views.members, name="members"),
    # Any text reaches the view, so a malformed id gets the API's JSON 404, not an HTML page.
    re_path(r"^v1/members/(?P<pk>[^/]+)$", views.member, name="member"),
    path("v1/removed-members", views.removed_members, name="removed_members"),
    path("khoa/", views.tokens, name="tokens"),
    path("khoa/<int:pk>/thu-hoi/", views.token_revoke_view, name="token_revoke"),
]
