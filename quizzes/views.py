"""Taking a quiz: start, answer (with or without JavaScript), submit, review.

Every view that touches an attempt looks it up among the signed-in
student's own attempts, so another student's attempt is a 404, never a 403
that confirms it exists. Every view keeps the quiz's view restrictions as
the quiz page does (`course.access`), so a student a quiz is closed to can
neither start it nor go on with an attempt. Views only translate HTTP to
the services in `quizzes.services`, which hold the rules.
"""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from course.access import view_refusal
from quizzes.models import Attempt, QuizPage
from quizzes.presentation import (
    answer_errors,
    attempt_review,
    countdown,
    feedback_shown,
    questions_shown,
)
from quizzes.selectors import attempts_used
from quizzes.services import (
    DEADLINE_GRACE,
    AttemptExpired,
    BadAnswer,
    QuizError,
    StaleAnswer,
    answer_save,
    answers_save,
    attempt_start,
    attempt_submit,
)

MAX_AUTOSAVE_BYTES = 16 * 1024  # one answer; a short text answer is at most 1,000 characters


def _own_attempt(view):
    """`view`, handed the signed-in student's own attempt in place of its id,
    once the quiz's view restrictions let the request through."""

    @wraps(view)
    def wrapped(request, attempt_id):
        attempt = get_object_or_404(
            Attempt.objects.select_related("quiz"), pk=attempt_id, student=request.user
        )
        refusal = view_refusal(page=attempt.quiz, request=request)
        return view(request, attempt) if refusal is None else refusal

    return wrapped


def _posted_answers(request, attempt):
    """The answers and versions a quiz form sent, by question key."""
    answers = {}
    for entry in attempt.questions:
        key, kind = entry["key"], entry["question"]["type"]
        if f"v-{key}" not in request.POST:
            continue  # not on the form that was sent
        value = request.POST.getlist(f"q-{key}") if kind == "multiple_answer" else None
        if value is None:
            value = request.POST.get(f"q-{key}", "")
        try:
            version = int(request.POST[f"v-{key}"])
        except ValueError:
            version = -1
        answers[key] = (value, version)
    return answers


def _attempt_page(request, attempt, *, posted=None, errors=None, status=200):
    shown = questions_shown(
        attempt=attempt, responses=attempt.responses.all(), posted=posted, errors=errors
    )
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "questions": shown,
        "errors": [q for q in shown if q.error],
        "countdown": countdown(attempt=attempt),
    }
    return render(request, "quizzes/attempt.html", context, status=status)


def _answer_refused(request, attempt, posted, error):
    """The attempt page again, with what the student sent and why each refused
    answer was refused; nothing from that form was saved."""
    answers = {key: value for key, (value, _version) in posted.items()}
    errors = answer_errors(attempt=attempt, answers=answers) or {error.question_key: error.message}
    return _attempt_page(request, attempt, posted=answers, errors=errors, status=400)


def _graded_late(request, attempt):
    """Grade an attempt whose time ran out, from what was saved in time, and say so."""
    attempt_submit(attempt=attempt)
    deadline = time_format(timezone.localtime(attempt.deadline), "H:i")
    messages.warning(
        request,
        _(
            "Time ran out at %(time)s, so answers sent after that did not count. Your "
            "attempt was graded from the answers saved before then."
        )
        % {"time": deadline},
    )
    return redirect("quizzes:result", attempt.pk)


def _confirm_page(request, attempt, unanswered):
    """Ask before grading an attempt with questions left blank."""
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "unanswered": unanswered,
        "numbers": ", ".join(str(q.number) for q in unanswered),
        "countdown": countdown(attempt=attempt),
    }
    return render(request, "quizzes/confirm_submit.html", context)


@require_POST
def start(request, quiz_id):
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.url)
    refusal = view_refusal(page=quiz, request=request)
    if refusal is not None:
        return refusal
    try:
        attempt = attempt_start(student=request.user, quiz=quiz)
    except QuizError as error:
        messages.error(request, error.message)
        return redirect(quiz.url)
    return redirect("quizzes:attempt", attempt.pk)


@never_cache
@login_required
@require_GET
@_own_attempt
def attempt(request, attempt):
    if attempt.is_open and attempt.deadline and timezone.now() > attempt.deadline + DEADLINE_GRACE:
        return _graded_late(request, attempt)
    if not attempt.is_open:
        return redirect("quizzes:result", attempt.pk)
    return _attempt_page(request, attempt)


@never_cache
@login_required
@require_POST
@_own_attempt
def save(request, attempt):
    """Save every answer on the form: the page's Save button, without JavaScript."""
    posted = _posted_answers(request, attempt)
    try:
        stale = answers_save(attempt=attempt, answers=posted)
    except BadAnswer as error:
        return _answer_refused(request, attempt, posted, error)
    except AttemptExpired:
        return _graded_late(request, attempt)
    except QuizError as error:
        messages.error(request, error.message)
        return redirect("quizzes:attempt", attempt.pk)
    if stale:
        messages.warning(
            request,
            _("Some answers were changed in another window; the newer ones were kept."),
        )
    else:
        messages.success(request, _("Your answers are saved."))
    return redirect("quizzes:attempt", attempt.pk)


@never_cache
@login_required
@require_POST
@_own_attempt
def autosave(request, attempt):
    """Save one answer as the student gives it (the page's script)."""
    if len(request.body) > MAX_AUTOSAVE_BYTES:
        return JsonResponse({"error": _("That answer is too long to save.")}, status=413)
    try:
        data = json.loads(request.body)
        key, answer, version = data["question"], data.get("answer"), int(data["version"])
    except (ValueError, TypeError, KeyError):
        return JsonResponse({"error": _("The answer could not be read.")}, status=400)
    try:
        response = answer_save(
            attempt=attempt, question_key=str(key), answer=answer, version=version
        )
    except StaleAnswer as error:
        return JsonResponse({"error": error.message}, status=409)
    except AttemptExpired as error:
        return JsonResponse({"error": error.message}, status=403)
    except QuizError as error:
        status = 400 if attempt.is_open else 409
        return JsonResponse({"error": error.message}, status=status)
    return JsonResponse({"version": response.version, "saved_at": response.saved_at.isoformat()})


@never_cache
@login_required
@require_POST
@_own_attempt
def submit(request, attempt):
    """Save what the form carries, then grade the attempt exactly once.

    With questions left blank, the answers are saved and the student is asked
    first (this works without JavaScript); the form on that page posts
    `confirm`, which grades. A submit sent by the page's timer (`time_up`)
    never asks: time is up.
    """
    if not attempt.is_open:
        return redirect("quizzes:result", attempt.pk)
    posted = _posted_answers(request, attempt)
    try:
        answers_save(attempt=attempt, answers=posted)
    except BadAnswer as error:
        return _answer_refused(request, attempt, posted, error)
    except AttemptExpired:
        return _graded_late(request, attempt)
    except QuizError:  # submitted meanwhile, from another tab: its result stands
        return redirect("quizzes:result", attempt.pk)
    time_up = "time_up" in request.POST
    if "confirm" not in request.POST and not time_up:
        shown = questions_shown(attempt=attempt, responses=attempt.responses.all())
        unanswered = [q for q in shown if not q.answered]
        if unanswered:
            return _confirm_page(request, attempt, unanswered)
    attempt_submit(attempt=attempt)
    if time_up:
        messages.info(request, _("Time is up, so your answers were submitted for you."))
    return redirect("quizzes:result", attempt.pk)


@never_cache
@login_required
@require_GET
@_own_attempt
def result(request, attempt):
    if attempt.is_open:
        return redirect("quizzes:attempt", attempt.pk)
    used = attempts_used(student=request.user, quiz=attempt.quiz)
    show = feedback_shown(attempt=attempt, attempts_used=used)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "show_feedback": show,
        "review": attempt_review(attempt=attempt, responses=attempt.responses.all())
        if show
        else [],
        "can_retry": attempt.quiz.attempts_allowed is None or used < attempt.quiz.attempts_allowed,
    }
    return render(request, "quizzes/result.html", context)
