"""Reads of a student's standing in a quiz, one query each.

The gradebook and the quiz page call these; they never write and never read
the live quiz's questions, only what attempts stored when they were graded.
"""

from dataclasses import dataclass

from django.db.models import Avg, Max

from quizzes.models import Attempt, QuizPage


def attempts_used(*, student, quiz) -> int:
    """How many attempts the student has started, the open one included."""
    return Attempt.objects.filter(student=student, quiz_id=quiz.pk).count()


def quiz_grade(*, student, quiz) -> float | None:
    """The student's percent for `quiz` under its grading method.

    Only submitted attempts count; None when there is none yet. "Latest" and
    "first" go by attempt number, which is the order the student took them.
    """
    submitted = Attempt.objects.filter(
        student=student, quiz_id=quiz.pk, state=Attempt.State.SUBMITTED
    )
    method = quiz.grading_method
    if method == QuizPage.GradingMethod.AVERAGE:
        return submitted.aggregate(grade=Avg("percent"))["grade"]
    if method == QuizPage.GradingMethod.LATEST:
        return submitted.order_by("-number").values_list("percent", flat=True).first()
    if method == QuizPage.GradingMethod.FIRST:
        return submitted.order_by("number").values_list("percent", flat=True).first()
    return submitted.aggregate(grade=Max("percent"))["grade"]


@dataclass(frozen=True)
class Standing:
    """A student's attempts at one quiz, for the quiz page."""

    attempts: list  # oldest first
    grade: float | None
    can_start: bool

    @property
    def open_attempt(self):
        return next((attempt for attempt in self.attempts if attempt.is_open), None)


def student_standing(*, student, quiz) -> Standing:
    """The student's attempts, grade and whether another may start, in one query."""
    attempts = list(Attempt.objects.filter(student=student, quiz_id=quiz.pk).order_by("number"))
    allowed = quiz.attempts_allowed
    return Standing(
        attempts=attempts,
        grade=grade_by_method(
            method=quiz.grading_method, percents=[a.percent for a in attempts if not a.is_open]
        ),
        can_start=allowed is None or len(attempts) < allowed or any(a.is_open for a in attempts),
    )


def grade_by_method(*, method, percents) -> float | None:
    """One grade from the percents of submitted attempts, oldest first."""
    if not percents:
        return None
    if method == QuizPage.GradingMethod.AVERAGE:
        return sum(percents) / len(percents)
    if method == QuizPage.GradingMethod.LATEST:
        return percents[-1]
    if method == QuizPage.GradingMethod.FIRST:
        return percents[0]
    return max(percents)
