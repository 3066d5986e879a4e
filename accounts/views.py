"""A student's own account pages, beside allauth's: an overview, their data, deleting it.

Each view reads or writes only `request.user`; no URL takes an id, so no
one can ask for someone else's data. Pages and downloads are marked
`Cache-Control: private, no-store`: they carry personal data, and a
downloaded file should not linger in a shared or browser cache either.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.exports import data_csv, data_json
from accounts.forms import AccountDeleteForm
from accounts.selectors import account_data
from accounts.services import account_delete


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def overview(request):
    """Who the account is, and the way to every change a student can make to it."""
    return _private(render(request, "accounts/overview.html"))


@login_required
@require_GET
def data(request):
    """What the site keeps about the student, and the two ways to download it."""
    return _private(render(request, "accounts/data.html"))


def _download(content: bytes, *, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"soft-landing-my-data-{date.today().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


@login_required
@require_GET
def export_json(request):
    """Everything kept about the student, as one JSON file."""
    content = data_json(data=account_data(user=request.user))
    return _download(content, content_type="application/json", extension="json")


@login_required
@require_GET
def export_csv(request):
    """The student's progress, attempts and answers, as one spreadsheet table."""
    content = data_csv(data=account_data(user=request.user))
    return _download(content, content_type="text/csv; charset=utf-8", extension="csv")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Confirm with the password, then empty the account, sign out and say so on the home page.

    A message added after signing out travels in a cookie, as the session it
    would have used is gone.
    """
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(
            request,
            _(
                "Your account has been deleted. Your name and email are gone; "
                "your instructors see your quiz results as “Deleted student”."
            ),
        )
        return redirect("/")
    return _private(render(request, "accounts/delete.html", {"form": form}))
