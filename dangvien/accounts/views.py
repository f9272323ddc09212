"""Account pages: the commune admin's account list and forms, and everyone's own password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvien.accounts.access import COMMUNE_ADMIN, roles_required
from dangvien.accounts.directory import account_for, accounts_for
from dangvien.accounts.forms import AccountForm, OwnPasswordForm
from dangvien.accounts.models import User
from dangvien.accounts.selectors import scope_paths_for
from dangvien.accounts.services import (
    AccountError,
    account_change_own_password,
    account_create,
    account_reset_password,
    account_set_active,
    account_update,
)
from dangvien.orgs.selectors import orgs_in_scope

ADMIN_ONLY = [COMMUNE_ADMIN]


class LoginView(auth_views.LoginView):
    """The standard login; an account with a temporary password goes to choose its own first."""

    redirect_authenticated_user = True

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        if form.get_user().must_change_password:
            return HttpResponseRedirect(_url("password_change"))
        return response


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


def _account(request: HttpRequest, pk: int) -> User:
    try:
        return account_for(request.user, pk)
    except User.DoesNotExist:
        raise Http404("Không có tài khoản này trong phạm vi của đồng chí.") from None


def _orgs(request: HttpRequest):  # type: ignore[no-untyped-def]
    return orgs_in_scope(scope_paths_for(request.user)).order_by("path")


@roles_required(ADMIN_ONLY)
def account_list(request: HttpRequest) -> HttpResponse:
    accounts = list(accounts_for(request.user))
    return render(request, "accounts/list.html", {"accounts": accounts})


@roles_required(ADMIN_ONLY)
def account_new(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, orgs=_orgs(request))
    if request.method == "POST" and form.is_valid():
        try:
            account, password = account_create(
                actor=request.user,
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                phone=form.cleaned_data["phone"],
                role=form.cleaned_data["role"],
                scope=list(form.cleaned_data["scope"]),
            )
        except AccountError as error:
            form.add_error(None, error.message)
        else:
            # Shown once, on this response only: the password is never stored in a message.
            return render(
                request,
                "accounts/password_shown.html",
                {"account": account, "password": password, "created": True},
            )
    return render(request, "accounts/form.html", {"form": form, "account": None})


@roles_required(ADMIN_ONLY)
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    initial = {
        "full_name": account.full_name,
        "phone": account.phone,
        "role": account.role,
        "scope": list(account.scope.all()),
    }
    form = AccountForm(request.POST or None, initial=initial, orgs=_orgs(request), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            changed = account_update(
                actor=request.user,
                account=account,
                full_name=form.cleaned_data["full_name"],
                phone=form.cleaned_data["phone"],
                role=form.cleaned_data["role"],
                scope=list(form.cleaned_data["scope"]),
            )
        except AccountError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"Đã lưu tài khoản {account.username}." if changed else "Không có gì thay đổi.",
            )
            return redirect("accounts:list")
    return render(request, "accounts/form.html", {"form": form, "account": account})


@require_POST
@roles_required(ADMIN_ONLY)
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    active = request.POST.get("active") == "1"
    try:
        account_set_active(actor=request.user, account=account, active=active)
    except AccountError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Đã mở khóa tài khoản {account.username}."
            if active
            else f"Đã khóa tài khoản {account.username}: người này không đăng nhập được nữa.",
        )
    return redirect("accounts:list")


@require_POST
@roles_required(ADMIN_ONLY)
def account_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    try:
        password = account_reset_password(actor=request.user, account=account)
    except AccountError as error:
        messages.error(request, error.message)
        return redirect("accounts:list")
    return render(
        request,
        "accounts/password_shown.html",
        {"account": account, "password": password, "created": False},
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_change_own_password(
            user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})
