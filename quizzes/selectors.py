"""Reads of a student's standing in quizzes, one query each.

The gradebook and the quiz page call these; they never write and never read
the live quiz's questions, only what attempts stored when they were graded.
"""

from dataclasses import dataclass

from quizzes.models import Attempt, QuizPage


def attempts_used(*, student, quiz) -> int:
    """How many attempts the student has started, the open one included."""
    return Attempt.objects.filter(student=student, quiz_id=quiz.pk).count()


def quiz_grade(*, student, quiz) -> float | None:
    """The student's percent for `quiz` under its grading method.

    Only submitted attempts count; None when there is none yet. "Latest" and
    "first" go by attempt number, which is the order the student took them.
    """
    return quiz_grades(student=student, quizzes=[quiz])[quiz.pk].grade


@dataclass(frozen=True)
class QuizGrade:
    """A student's results at one quiz: the grade and how it was reached."""

    quiz: QuizPage
    grade: float | None  # percent under the quiz's grading method; None before a submit
    submitted: int  # attempts that count towards the grade
    used: int  # attempts started, the open one included
    passed: bool  # some submitted attempt reached the pass mark it was taken under


def quiz_grades(*, student, quizzes) -> dict[int, QuizGrade]:
    """Each quiz's `QuizGrade` for the student, by quiz id, in one query.

    For pages that list many quizzes (the dashboard, later the gradebook), so
    their query count does not grow with the number of quizzes or attempts.
    """
    quizzes = list(quizzes)
    rows = (
        Attempt.objects.filter(student=student, quiz_id__in=[quiz.pk for quiz in quizzes])
        .order_by("quiz_id", "number")
        .values_list("quiz_id", "state", "percent", "passed")
    )
    attempts = {quiz.pk: [] for quiz in quizzes}
    for quiz_id, state, percent, passed in rows:
        attempts[quiz_id].append((state, percent, passed))
    grades = {}
    for quiz in quizzes:
        submitted = [row for row in attempts[quiz.pk] if row[0] == Attempt.State.SUBMITTED]
        grades[quiz.pk] = QuizGrade(
            quiz=quiz,
            grade=grade_by_method(
                method=quiz.grading_method, percents=[percent for _, percent, _ in submitted]
            ),
            submitted=len(submitted),
            used=len(attempts[quiz.pk]),
            passed=any(passed for _, _, passed in submitted),
        )
    return grades


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
