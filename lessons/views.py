"""Lesson actions a student takes outside the page itself.

Views only translate HTTP to `lessons.services`, which holds the rules.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from course.selectors import course_outline
from lessons.models import LessonPage
from lessons.services import lesson_complete


class HttpResponseSeeOther(HttpResponseRedirect):
    """A redirect after a POST that the browser follows with a GET."""

    status_code = 303


@require_POST
def complete(request, lesson_id):
    """Mark a live lesson complete, then go back to it or on to the next item."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_url(request))
    lesson_complete(student=request.user, lesson=lesson)
    messages.success(request, _("Marked complete."))
    target = lesson.get_url(request)
    if request.POST.get("then") == "next":
        following = course_outline(page=lesson, request=request).next
        target = following.url if following else target
    return HttpResponseSeeOther(target)
