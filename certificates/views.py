"""Certificate pages: the public verification page and the student's claim.

Views only translate HTTP to `certificates.services` and `.selectors`,
which hold the rules.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from certificates.selectors import certificate_by_code
from certificates.services import CourseNotFinished, certificate_issue
from course.models import CoursePage


class HttpResponseSeeOther(HttpResponseRedirect):
    """A redirect after a POST that the browser follows with a GET."""

    status_code = 303


@require_safe
@never_cache
def detail(request, code):
    """The certificate with `code`, for anyone who has the link.

    Everyone sees that it is genuine, and the certificate itself, which is
    what prints; its owner also gets the link to share, a Print button and,
    if their account has no name yet, how to put theirs on it.

    Never stored by any cache (`never_cache` says `private, no-store`): the
    page carries a person's name, so no shared cache may keep it, and a
    verification must say what the database says now; a stored copy could
    still vouch for a certificate deleted with its owner's account (the
    site's page cache, keyed on published content, would not notice either;
    it never stores `no-store` responses). The page costs a query or two, so
    caching would save little. `X-Robots-Tag: noindex`
    keeps names out of search engines: a certificate is found through the
    link its owner shares, not by searching for the person.
    """
    certificate = certificate_by_code(code=code)
    if certificate is None:
        response = render(request, "certificates/not_found.html", status=404)
    else:
        course = certificate.course
        response = render(
            request,
            "certificates/certificate.html",
            {
                "certificate": certificate,
                "course_url": course.get_url(request) if course.live else None,
                "verify_url": request.build_absolute_uri(certificate.get_absolute_url()),
                "is_owner": request.user.is_authenticated
                and request.user.pk == certificate.student_id,
            },
        )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def claim(request, course_id):
    """Issue the student's certificate for a live course and show it.

    A student who has not finished goes back to the course with the reason.
    Claiming again is harmless: it shows the certificate already issued.
    """
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_url(request))
    try:
        certificate = certificate_issue(student=request.user, course=course)
    except CourseNotFinished as refusal:
        messages.error(request, str(refusal))
        return HttpResponseSeeOther(course.get_url(request))
    return HttpResponseSeeOther(certificate.get_absolute_url())
