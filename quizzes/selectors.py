"""Reads of a student's standing in a quiz, one query each.

The gradebook and the quiz page call these; they never write and never read
the live quiz's questions, only what attempts stored when they were graded.
"""

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
