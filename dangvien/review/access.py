"""Who may open a review page: decorators shared by the review and member views.

- anonymous visitors are sent to the login page;
- a user without scope, or whose role sees no personal data, gets 403 from the selectors'
  `ScopeError` (raised loudly by the read, turned into a refusal here);
- a record or organization outside the scope is 404, as if it did not exist;
- writes need an editing role (commune admin, cell secretary) and POST.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST, require_safe

from dangvien.members.selectors import ScopeError
from dangvien.review.selectors import can_edit

View = Callable[..., HttpResponse]


def scoped(view: View) -> View:
    """Login required; ScopeError → 403; a missing or out-of-scope object → 404."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ScopeError as error:
            raise PermissionDenied(str(error)) from error
        except ObjectDoesNotExist as error:
            raise Http404("Không tìm thấy hoặc ngoài phạm vi được giao.") from error

    return login_required(wrapper)


def reader(view: View) -> View:
    """A page that only reads: scoped, GET and HEAD only."""
    return scoped(require_safe(view))


def editor(view: View) -> View:
    """A POST that changes data: scoped, and only for roles that fix data."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_edit(request.user):
            raise PermissionDenied("this role reads only")
        return view(request, *args, **kwargs)

    return scoped(require_POST(wrapper))


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
