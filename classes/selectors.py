"""Reads for the instructor's pages: a section at a glance, its roster, one student.

The gradebook itself lives in `classes.gradebook`; these build on it so the
overview, the roster and the exports agree on every number. Each runs a
fixed number of queries whatever the size of the class.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower

from classes.gradebook import Gradebook, GradebookRow, section_gradebook
from classes.models import Enrollment, PendingEnrollment, Section
from quizzes.models import Attempt, Response
from quizzes.presentation import attempt_review


def sections_listed(queryset):
    """`queryset` of sections with what the list of classes shows: course and head counts."""
    return queryset.select_related("course").annotate(
        active_count=Count(
            "enrollments", filter=Q(enrollments__status=Enrollment.Status.ACTIVE), distinct=True
        ),
        pending_count=Count("pending_enrollments", distinct=True),
    )


@dataclass(frozen=True)
class SectionSummary:
    """A section at a glance: the gradebook read once, reduced to what the overview shows."""

    gradebook: Gradebook
    progress: list  # percent of items done, one per active student
    scores: list  # per quiz column: the submitted grades (percent) of active students
    submitted: list  # per quiz column: how many students have a grade


def section_summary(*, section) -> SectionSummary:
    gradebook = section_gradebook(section=section)
    items = gradebook.item_count
    progress = []
    scores = [[] for _ in gradebook.quizzes]
    for row in gradebook.rows():
        progress.append(100 * row.items_done / items if items else 0)
        for column_scores, cell in zip(scores, row.cells, strict=True):
            if cell.percent is not None:
                column_scores.append(cell.percent)
    return SectionSummary(
        gradebook=gradebook,
        progress=progress,
        scores=scores,
        submitted=[len(column_scores) for column_scores in scores],
    )


@dataclass(frozen=True)
class Roster:
    """Everyone a section lists: active students with their progress, dropped
    students (kept with their work), and roster emails with no account yet."""

    gradebook: Gradebook
    active: list[GradebookRow]
    dropped: list[Enrollment]
    pending: list[PendingEnrollment]


def section_roster(*, section) -> Roster:
    gradebook = section_gradebook(section=section)
    dropped = (
        Enrollment.objects.filter(section=section, status=Enrollment.Status.DROPPED)
        .select_related("student")
        .order_by(Lower("student__last_name"), Lower("student__first_name"), "student_id")
    )
    pending = PendingEnrollment.objects.filter(section=section).order_by(
        Lower("last_name"), Lower("first_name"), "email"
    )
    return Roster(
        gradebook=gradebook,
        active=list(gradebook.rows()),
        dropped=list(dropped),
        pending=list(pending),
    )


@dataclass(frozen=True)
class QuizRecord:
    """One quiz in a student's record: the gradebook's cell and every attempt, reviewed."""

    column: object  # classes.gradebook.QuizColumn
    attempts: list  # (attempt, [quizzes.presentation.ReviewedQuestion]) oldest first


def student_record(*, section, enrollment) -> list[QuizRecord]:
    """Every attempt `enrollment`'s student made at the section's quizzes, with
    their answers and what was right, in two queries however many attempts."""
    gradebook = section_gradebook(section=section)
    attempts = (
        Attempt.objects.filter(
            student_id=enrollment.student_id,
            quiz_id__in=[column.quiz.pk for column in gradebook.quizzes],
        )
        .order_by("number")
        .prefetch_related(Prefetch("responses", queryset=Response.objects.order_by("position")))
    )
    by_quiz = {}
    for attempt in attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(
            (attempt, attempt_review(attempt=attempt, responses=list(attempt.responses.all())))
        )
    return [
        QuizRecord(column=column, attempts=by_quiz.get(column.quiz.pk, []))
        for column in gradebook.quizzes
    ]


def section_enrollment(*, section: Section, enrollment_id: int) -> Enrollment | None:
    """One of the section's enrollments (any status) with its student; None if
    the id belongs to another section."""
    return (
        Enrollment.objects.filter(section=section, pk=enrollment_id)
        .select_related("student")
        .first()
    )
