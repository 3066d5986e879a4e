"""Joining a class: by typing a code, or by following an instructor's link.

Views only translate HTTP to `classes.services`, which holds the rules, and
`classes.throttle`, which limits guessing. A link never joins on GET: it shows
what the student is about to join and a button that posts.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from classes import throttle
from classes.forms import JoinForm
from classes.services import (
    AlreadyEnrolled,
    JoinError,
    UnknownCode,
    section_for_code,
    section_join,
    section_join_check,
)


class HttpResponseSeeOther(HttpResponseRedirect):
    """A redirect after a POST that the browser follows with a GET."""

    status_code = 303


def _too_many(request):
    return render(request, "classes/too_many.html", status=429)


def _form_page(request, form):
    return render(request, "classes/join.html", {"form": form})


def _refused(request, form, error):
    if isinstance(error, UnknownCode):
        throttle.join_failure_record(user=request.user)
    form.add_error("code", str(error))
    return _form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def join(request):
    """The join form (GET), and joining with the code it posts (POST)."""
    if request.method == "GET":
        return _form_page(request, JoinForm())
    if throttle.join_blocked(user=request.user):
        return _too_many(request)
    form = JoinForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form)
    try:
        enrollment = section_join(student=request.user, code=form.cleaned_data["code"])
    except AlreadyEnrolled as error:
        messages.info(request, str(error))
        return HttpResponseSeeOther(error.section.course.get_url(request))
    except JoinError as error:
        return _refused(request, form, error)
    section = enrollment.section
    messages.success(request, _("You joined %(section)s.") % {"section": section})
    return HttpResponseSeeOther(section.course.get_url(request))


@login_required
@require_GET
def join_link(request, code):
    """The page an instructor's link opens: what the student would join, and a button."""
    if throttle.join_blocked(user=request.user):
        return _too_many(request)
    section = section_for_code(code=code)
    if section is None:
        return _refused(request, JoinForm({"code": code}), UnknownCode())
    try:
        section_join_check(student=request.user, section=section)
    except AlreadyEnrolled as error:
        messages.info(request, str(error))
        return HttpResponseRedirect(section.course.get_url(request))
    except JoinError as error:
        return render(request, "classes/confirm.html", {"section": section, "error": error})
    return render(request, "classes/confirm.html", {"section": section})
