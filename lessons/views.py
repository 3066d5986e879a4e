"""Lesson actions a student takes outside the page itself: marking a lesson
complete, checking a practice draft, reading their drafts.

Views only translate HTTP to `lessons.services` and `lessons.selectors`,
which hold the rules. Each keeps the lesson's view restrictions as the page
does (`course.access`), so a lesson closed to a student stays closed here.
A draft is looked up among the signed-in student's own, so anyone else's
answers 404, as if it did not exist; instructors read their students'
drafts in the Classes area.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from course.access import view_refusal
from course.selectors import course_outline
from lessons.models import LessonPage
from lessons.selectors import (
    draft_feedback,
    practice_draft,
    practice_drafts,
    practice_spot,
    practice_states,
)
from lessons.services import (
    LessonNotReady,
    PracticeRefused,
    lesson_complete,
    practice_draft_submit,
)


class HttpResponseSeeOther(HttpResponseRedirect):
    """A redirect after a POST that the browser follows with a GET."""

    status_code = 303


@require_POST
def complete(request, lesson_id):
    """Mark a live lesson complete, then go back to it or on to the next item."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_url(request))
    refusal = view_refusal(page=lesson, request=request)
    if refusal is not None:
        return refusal
    try:
        lesson_complete(student=request.user, lesson=lesson)
    except LessonNotReady as not_ready:
        messages.error(request, str(not_ready))
        return HttpResponseSeeOther(lesson.get_url(request))
    messages.success(request, _("Marked complete."))
    target = lesson.get_url(request)
    if request.POST.get("then") == "next":
        following = course_outline(page=lesson, request=request).next
        target = following.url if following else target
    return HttpResponseSeeOther(target)


@require_http_methods(["GET", "POST"])
def practice(request, lesson_id, key):
    """One practice block on a page of its own (GET), and where every draft is
    checked (POST). A checked draft goes back to the lesson, scrolled to its
    feedback, or to this page when it was sent from here; a draft the coach
    refuses comes back here with the reason and the text as typed."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    refusal = view_refusal(page=lesson, request=request)
    if refusal is not None:
        return refusal
    spot = practice_spot(lesson=lesson, key=key)
    if spot is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    errors, status = [], 200
    text = None
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            practice_draft_submit(student=request.user, lesson=lesson, key=key, text=text)
        except PracticeRefused as refused:
            errors, status = [str(refused)], 400
        else:
            if request.POST.get("back") == "practice":
                return HttpResponseSeeOther(request.path + "#feedback")
            return HttpResponseSeeOther(f"{lesson.get_url(request)}#practice-{key}-feedback")
    outline = course_outline(page=lesson, request=request)
    state = practice_states(student=request.user, lesson=lesson, keys=[key], outline=outline)
    latest = state[key].latest if key in state else None
    context = {
        "lesson": lesson,
        "lesson_url": lesson.get_url(request),
        "outline": outline,
        "spot": spot,
        "value": lesson.body[spot.index].value,
        "text": latest.text if text is None and latest else text,
        "errors": errors,
        "latest": latest,
        "feedback": state[key].feedback if latest else None,
        "drafts": practice_drafts(student=request.user, lesson=lesson, key=key),
    }
    return render(request, "lessons/practice_page.html", context, status=status)


def draft(request, draft_id):
    """One of the student's own drafts, as the coach saw it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    found = practice_draft(student=request.user, draft_id=draft_id)
    if found is None:
        raise Http404
    lesson = found.lesson
    refusal = view_refusal(page=lesson, request=request)
    if refusal is not None:
        return refusal
    outline = course_outline(page=lesson, request=request)
    spot = practice_spot(lesson=lesson, key=found.key)
    return render(
        request,
        "lessons/draft_page.html",
        {
            "draft": found,
            "lesson_url": lesson.get_url(request),
            "spot": spot,
            "spot_title": spot.title if spot else lesson.title,
            "feedback": draft_feedback(draft=found, outline=outline, prefix="draft"),
        },
    )
