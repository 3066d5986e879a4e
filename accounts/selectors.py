"""Reads of everything the site keeps about one student, for them to take away."""

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import models
from django.db.models import Prefetch
from django.utils.html import strip_tags
from wagtail.models import Page

from classes.models import Enrollment
from lessons.models import LessonCompletion, PracticeDraft
from quizzes.models import Attempt, Response
from quizzes.presentation import feedback_shown


@dataclass(frozen=True)
class AccountData:
    """One student's data, as plain values ready for JSON or CSV.

    Lists hold dicts in a fixed key order, oldest first. Per-question
    `correct` and `points` are None where the quiz's feedback policy has not
    shown them yet: a download must not reveal what the quiz page withholds.
    """

    profile: dict
    email_addresses: list = field(default_factory=list)
    lesson_completions: list = field(default_factory=list)
    quiz_attempts: list = field(default_factory=list)  # each with its "responses"
    enrollments: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    practice_drafts: list = field(default_factory=list)  # messages written in practice blocks


def account_data(*, user) -> AccountData:
    """Everything kept about `user`, in at most eight queries however much there is.

    The queries: email addresses, lesson completions (with their lessons),
    practice drafts (with their lessons), attempts (with their quizzes), all
    their responses, the courses above those lessons and quizzes, enrollments
    (with section and course), and certificates when that app has a model
    for them. Only rows whose student
    is `user` are read; nothing here takes an id from a request.
    """
    completions = list(
        LessonCompletion.objects.filter(student=user)
        .select_related("lesson")
        .order_by("completed_at", "pk")
    )
    attempts = list(
        Attempt.objects.filter(student=user)
        .select_related("quiz")
        .prefetch_related(Prefetch("responses", queryset=Response.objects.order_by("position")))
        .order_by("started_at", "pk")
    )
    drafts = list(
        PracticeDraft.objects.filter(student=user)
        .select_related("lesson")
        .order_by("created_at", "pk")
    )
    courses = _course_titles(
        pages=[c.lesson for c in completions]
        + [d.lesson for d in drafts]
        + [a.quiz for a in attempts]
    )
    used = Counter(attempt.quiz_id for attempt in attempts)
    return AccountData(
        profile=_profile(user),
        email_addresses=[
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        lesson_completions=[
            {
                "course": courses.get(_parent_path(c.lesson), ""),
                "lesson": c.lesson.title,
                "completed_at": c.completed_at,
            }
            for c in completions
        ],
        quiz_attempts=[
            _attempt(attempt, course=courses.get(_parent_path(attempt.quiz), ""), used=used)
            for attempt in attempts
        ],
        enrollments=[
            {
                "course": enrollment.section.course.title,
                "section": enrollment.section.name,
                "term": enrollment.section.term,
                "status": enrollment.get_status_display(),
                "enrolled_at": enrollment.enrolled_at,
                "sis_user_id": enrollment.sis_user_id,
                "sis_login_id": enrollment.sis_login_id,
            }
            for enrollment in Enrollment.objects.filter(student=user)
            .select_related("section__course")
            .order_by("enrolled_at", "pk")
        ],
        certificates=_certificates(user=user),
        practice_drafts=[
            {
                "course": courses.get(_parent_path(draft.lesson), ""),
                "lesson": draft.lesson.title,
                "practice": draft.key,
                "number": draft.number,
                "checked_at": draft.created_at,
                "message": draft.text,
                "problems": draft.problems,
                "to_improve": draft.improvements,
            }
            for draft in drafts
        ],
    )


def _profile(user) -> dict:
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _parent_path(page) -> str:
    return page.path[: -Page.steplen]


def _course_titles(*, pages) -> dict[str, str]:
    """Course titles by page-tree path, for the parents of `pages`, in one query.

    Lessons and quizzes find their course through the page tree (a course
    is an item's parent), so one lookup by path serves them all.
    """
    paths = {_parent_path(page) for page in pages}
    if not paths:
        return {}
    return dict(Page.objects.filter(path__in=paths).values_list("path", "title"))


def _attempt(attempt, *, course: str, used: Counter) -> dict:
    shown = not attempt.is_open and feedback_shown(
        attempt=attempt, attempts_used=used[attempt.quiz_id]
    )
    prompts = {
        entry["key"]: plain_text(entry["question"].get("prompt", ""))
        for entry in attempt.questions
    }
    return {
        "course": course,
        "quiz": attempt.quiz.title,
        "number": attempt.number,
        "state": attempt.get_state_display(),
        "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "responses": [
            {
                "number": response.position,
                "question": prompts.get(response.question_key, ""),
                "answer": response.readable_answer,
                "correct": response.correct if shown else None,
                "points": response.points if shown else None,
            }
            for response in attempt.responses.all()
        ],
    }


def plain_text(rich_text: str) -> str:
    """A question's rich-text prompt as the words a student read, on one line."""
    return " ".join(html.unescape(strip_tags(rich_text)).split())


def certificates_of(*, user):
    """The student's certificates as a queryset, or None when the certificates
    app keeps none.

    Read through the app registry rather than imported, so accounts work
    whether or not that app has a model, and whatever its owner field is
    called: the first foreign key to the user model.
    """
    try:
        model = apps.get_model("certificates", "Certificate")
    except LookupError:
        return None
    owners = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model is user.__class__
    ]
    if not owners:
        return None
    return model.objects.filter(**{owners[0]: user}).order_by("pk")


def _certificates(*, user) -> list[dict]:
    """Every plain field of each certificate, and its public address when it has one."""
    certificates = certificates_of(user=user)
    if certificates is None:
        return []
    fields = [f.attname for f in certificates.model._meta.concrete_fields if not f.is_relation]
    rows = []
    for certificate in certificates:
        row = {name: _plain_value(getattr(certificate, name)) for name in fields}
        if hasattr(certificate, "get_absolute_url"):
            row["url"] = certificate.get_absolute_url()
        rows.append(row)
    return rows


def _plain_value(value):
    """Values JSON can hold as they are; anything else (UUIDs, decimals) as text."""
    if value is None or isinstance(value, bool | int | float | str | datetime):
        return value
    return str(value)
