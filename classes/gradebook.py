"""The gradebook: one section's students against the course's quizzes.

A read-only table built from enrollments, attempts and lesson completions.
The page, the roster and every export read it through `section_gradebook`,
so they agree on every number. Its query count is fixed: four queries to
set up, then two that stream rows however many students, quizzes or
attempts there are, so a class of 5,000 exports without holding every row
in memory.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext as _

from classes.models import Enrollment, Section, SectionItem
from course.selectors import course_items
from lessons.models import LessonCompletion, LessonPage
from quizzes.models import Attempt, QuizPage
from quizzes.selectors import grade_by_method

ROWS_PER_FETCH = 2000  # rows read from the database at a time while streaming


@dataclass(frozen=True)
class QuizColumn:
    """One quiz of the course as the gradebook shows it, in course order."""

    quiz: QuizPage
    points: float  # points possible now; exports give it to the LMS as the maximum
    due_at: datetime | None  # the item's own due date, else the section's default


@dataclass(frozen=True)
class QuizCell:
    """One student's standing at one quiz.

    `percent` is the grade under the quiz's grading method (None before any
    submit); `points` is that grade on the quiz's current points. `late`
    says the counted attempt was submitted after the due date; for the
    "average" method, where every attempt counts, it is the latest attempt.
    """

    percent: float | None
    points: float | None
    attempts: int  # started, an open one included
    submitted: int
    passed: bool
    late: bool
    submitted_at: datetime | None  # of the counted attempt


@dataclass(frozen=True)
class GradebookRow:
    """One enrolled student: who they are to the college, and their grades."""

    enrollment_id: int
    student_id: int
    username: str
    email: str
    first_name: str
    last_name: str
    sis_user_id: str
    sis_login_id: str
    enrolled_at: datetime
    deleted: bool  # the student deleted their account: their work stays, nameless
    cells: tuple[QuizCell, ...]  # one per `Gradebook.quizzes`, same order
    lessons_done: int
    items_done: int  # lessons completed plus quizzes passed: the student's progress
    total_points: float
    total_percent: float | None  # None when the course has no quiz points

    @property
    def sortable_name(self) -> str:
        return sortable_name(
            first_name=self.first_name,
            last_name=self.last_name,
            username=self.username,
            deleted=self.deleted,
        )

    @property
    def display_name(self) -> str:
        if self.deleted:
            return _("Deleted student")
        return f"{self.first_name} {self.last_name}".strip() or self.username


@dataclass(frozen=True)
class Gradebook:
    """A section's gradebook: the columns, and rows read on demand by `rows()`.

    Rows come from the database as they are iterated, so iterate once; call
    `rows()` again (two more queries) to read them again.
    """

    section: Section
    quizzes: tuple[QuizColumn, ...]
    lesson_count: int
    student_count: int

    @property
    def item_count(self) -> int:
        return self.lesson_count + len(self.quizzes)

    @property
    def points_possible(self) -> float:
        return round(sum(column.points for column in self.quizzes), 4)

    def rows(self, *, start: int = 0, stop: int | None = None) -> Iterator[GradebookRow]:
        """Active students sorted by last name, then first name; `start` and
        `stop` read one page of them (still two queries)."""
        return _rows(self, start=start, stop=stop)

    def __len__(self) -> int:
        return self.student_count

    def __getitem__(self, page: slice) -> list[GradebookRow]:
        """A page of rows, so Django's `Paginator` can page a gradebook."""
        return list(self.rows(start=page.start or 0, stop=page.stop))


def section_gradebook(*, section) -> Gradebook:
    """The gradebook of `section`, with rows still to be read.

    Dropped students are left out (their attempts stay in the database);
    quizzes are the course's live quizzes in course order.
    """
    items = course_items(course=section.course)
    quizzes = [item for item in items if isinstance(item, QuizPage)]
    due = dict(SectionItem.objects.filter(section=section).values_list("item_id", "due_at"))
    columns = tuple(
        QuizColumn(
            quiz=quiz,
            points=quiz.points_possible,
            due_at=due.get(quiz.pk) or section.default_due_at,
        )
        for quiz in quizzes
    )
    return Gradebook(
        section=section,
        quizzes=columns,
        lesson_count=sum(isinstance(item, LessonPage) for item in items),
        student_count=active_enrollments(section=section).count(),
    )


def active_enrollments(*, section):
    """The section's students who have not dropped: every instructor's table lists these."""
    return Enrollment.objects.filter(section=section, status=Enrollment.Status.ACTIVE)


STUDENT_ORDER = (Lower("student__last_name"), Lower("student__first_name"), "student_id")


def sortable_name(*, first_name, last_name, username, deleted) -> str:
    """ "Last, First", as gradebooks list students (in `STUDENT_ORDER`); the
    username if no name is known, and no name at all once the student has
    deleted their account."""
    if deleted:
        return _("Deleted student")
    if last_name and first_name:
        return f"{last_name}, {first_name}"
    return last_name or first_name or username


def _rows(gradebook: Gradebook, *, start, stop) -> Iterator[GradebookRow]:
    """Merge two streams sorted the same way: enrollments and their attempts."""
    section = gradebook.section
    lesson_ids = list(
        LessonPage.objects.child_of(section.course).live().values_list("pk", flat=True)
    )
    lessons_done = (
        LessonCompletion.objects.filter(student=OuterRef("student_id"), lesson_id__in=lesson_ids)
        .order_by()
        .values("student")
        .annotate(done=Count("*"))
        .values("done")
    )
    enrollments = (
        active_enrollments(section=section)
        .annotate(lessons_done=Coalesce(Subquery(lessons_done, output_field=IntegerField()), 0))
        .order_by(*STUDENT_ORDER)
        .values_list(
            "pk",
            "student_id",
            "student__username",
            "student__email",
            "student__first_name",
            "student__last_name",
            "sis_user_id",
            "sis_login_id",
            "enrolled_at",
            "student__deleted_account__deleted_at",
            "lessons_done",
        )
    )
    columns = gradebook.quizzes
    attempts = (
        Attempt.objects.filter(
            quiz_id__in=[column.quiz.pk for column in columns],
            student__enrollments__section=section,
            student__enrollments__status=Enrollment.Status.ACTIVE,
        )
        .order_by(*STUDENT_ORDER, "quiz_id", "number")
        .values_list("student_id", "quiz_id", "state", "percent", "passed", "submitted_at")
    )
    if start or stop is not None:
        page = (
            active_enrollments(section=section)
            .order_by(*STUDENT_ORDER)
            .values("student_id")[start:stop]
        )
        enrollments = enrollments[start:stop]
        attempts = attempts.filter(student_id__in=Subquery(page))
    by_student = groupby(attempts.iterator(chunk_size=ROWS_PER_FETCH), key=lambda row: row[0])
    pending = next(by_student, None)
    for enrollment in enrollments.iterator(chunk_size=ROWS_PER_FETCH):
        student_id = enrollment[1]
        own = []
        if pending is not None and pending[0] == student_id:
            own = list(pending[1])
            pending = next(by_student, None)
        yield _row(enrollment, own, columns)


def _row(enrollment, attempts, columns) -> GradebookRow:
    by_quiz = {}
    for _student, quiz_id, state, percent, passed, submitted_at in attempts:
        by_quiz.setdefault(quiz_id, []).append((state, percent, passed, submitted_at))
    cells = tuple(_cell(column, by_quiz.get(column.quiz.pk, ())) for column in columns)
    points = round(sum(cell.points or 0 for cell in cells), 4)
    possible = sum(column.points for column in columns)
    (pk, student_id, username, email, first, last, sis_user, sis_login, enrolled, deleted_at) = (
        enrollment[:10]
    )
    lessons = enrollment[10]
    return GradebookRow(
        enrollment_id=pk,
        student_id=student_id,
        username=username,
        email=email,
        first_name=first,
        last_name=last,
        sis_user_id=sis_user,
        sis_login_id=sis_login,
        enrolled_at=enrolled,
        deleted=deleted_at is not None,
        cells=cells,
        lessons_done=lessons,
        items_done=lessons + sum(cell.passed for cell in cells),
        total_points=points,
        total_percent=100 * points / possible if possible else None,
    )


def _cell(column: QuizColumn, attempts) -> QuizCell:
    submitted = [row for row in attempts if row[0] == Attempt.State.SUBMITTED]
    method = column.quiz.grading_method
    percent = grade_by_method(method=method, percents=[row[1] for row in submitted])
    counted = _counted(method, submitted)
    submitted_at = counted[3] if counted else None
    return QuizCell(
        percent=percent,
        points=None if percent is None else round(percent * column.points / 100, 4),
        attempts=len(attempts),
        submitted=len(submitted),
        passed=any(row[2] for row in submitted),
        late=bool(column.due_at and submitted_at and submitted_at > column.due_at),
        submitted_at=submitted_at,
    )


def _counted(method, submitted):
    """The submitted attempt the grade comes from (oldest first in `submitted`)."""
    if not submitted:
        return None
    if method == QuizPage.GradingMethod.FIRST:
        return submitted[0]
    if method == QuizPage.GradingMethod.HIGHEST:
        return max(submitted, key=lambda row: row[1])  # the first of equal best
    return submitted[-1]  # latest; and for average, the attempt that completed it
