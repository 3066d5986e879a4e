"""Reads of one student's progress through courses: ticks, bars, the dashboard.

A lesson is done when the student has marked it complete; a quiz is done
when the student has a submitted attempt that passed. Each selector runs a
fixed number of queries, whatever the number of courses, items or attempts.

The completion and attempt models are looked up through the app registry
rather than imported: `lessons.models` and `quizzes.models` import from
`course`, and this module must not import them back.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from course.page_cache import request_version
from course.selectors import course_items, course_outline


@dataclass(frozen=True)
class Progress:
    """Which of a run of course items (in course order) one student has done.

    `done` holds the ids of done items among `items` only, so it can be
    tested in templates with `item.pk in progress.done`.
    """

    items: tuple
    done: frozenset

    @property
    def done_count(self) -> int:
        return len(self.done)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        """Whole percent, rounded down so a course is 100 % only when finished."""
        return 100 * self.done_count // self.total if self.total else 0

    @property
    def started(self) -> bool:
        return bool(self.done)

    @property
    def finished(self) -> bool:
        return bool(self.items) and self.done_count == self.total

    @property
    def next_item(self):
        """The first item not done yet, in course order: where to continue."""
        return next((item for item in self.items if item.pk not in self.done), None)


def _signed_in(student) -> bool:
    return student is not None and student.is_authenticated


def _done_ids(*, student, ids) -> frozenset:
    """The ids among `ids` the student has done, in one query (a UNION).

    Written as SQL because every signed-in course page runs it: Django took
    several times longer to build this query than the database took to
    answer it. The table and column names come from the models.
    """
    if not ids:
        return frozenset()
    completion = apps.get_model("lessons", "LessonCompletion")._meta
    Attempt = apps.get_model("quizzes", "Attempt")
    attempt = Attempt._meta
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT {_column(completion, 'lesson')} FROM {_table(completion)}"
        f" WHERE {_column(completion, 'student')} = %s"
        f" AND {_column(completion, 'lesson')} IN ({marks})"
        f" UNION SELECT {_column(attempt, 'quiz')} FROM {_table(attempt)}"
        f" WHERE {_column(attempt, 'student')} = %s AND {_column(attempt, 'quiz')} IN ({marks})"
        f" AND {_column(attempt, 'state')} = %s AND {_column(attempt, 'passed')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [student.pk, *ids, student.pk, *ids, Attempt.State.SUBMITTED, True])
        return frozenset(row[0] for row in cursor.fetchall())


def _table(meta) -> str:
    return connection.ops.quote_name(meta.db_table)


def _column(meta, field_name) -> str:
    return connection.ops.quote_name(meta.get_field(field_name).column)


def item_progress(*, student, items) -> Progress:
    """The student's progress over `items` (pages, in course order).

    One query however many items; none for an anonymous visitor, who has
    done nothing as far as the site knows.
    """
    items = tuple(items)
    if not _signed_in(student):
        return Progress(items=items, done=frozenset())
    return Progress(items=items, done=_done_ids(student=student, ids=[item.pk for item in items]))


def item_page_context(*, page, request) -> dict:
    """What every course item's page shows around the item itself.

    The outline (shared, cached), the student's ticks over it (one query)
    and the content version that keys the page's shared fragments.
    """
    outline = course_outline(page=page, request=request)
    return {
        "outline": outline,
        "progress": item_progress(student=request.user, items=outline.items),
        "content_version": request_version(request),
    }


def course_progress(*, student, course, items=None) -> Progress:
    """The student's progress through `course`: counts, percent, next item.

    Pass `items` when the caller already has `course_items(course=course)`,
    to save reading them twice; then this is one query.
    """
    if items is None:
        items = course_items(course=course)
    return item_progress(student=student, items=items)


@dataclass(frozen=True)
class StudentCourse:
    """One course the student has started, as the dashboard shows it."""

    course: Page
    progress: Progress
    quizzes: list  # quizzes.selectors.QuizGrade per quiz, in course order


def student_courses(*, student) -> list[StudentCourse]:
    """The live courses the student has started, in catalog order.

    A course is started once the student has completed one of its lessons or
    started one of its quizzes. Five queries whatever the number of courses,
    items or attempts: the courses, their items, the quizzes among them, the
    student's done items, and the student's attempts (graded by
    `quizzes.selectors.quiz_grades`, so grading rules live in one place).
    """
    if not _signed_in(student):
        return []
    from quizzes.selectors import quiz_grades

    LessonCompletion = apps.get_model("lessons", "LessonCompletion")
    Attempt = apps.get_model("quizzes", "Attempt")
    QuizPage = apps.get_model("quizzes", "QuizPage")

    touched = Page.objects.filter(
        Q(pk__in=LessonCompletion.objects.filter(student=student).values("lesson_id"))
        | Q(pk__in=Attempt.objects.filter(student=student).values("quiz_id"))
    )
    parent_paths = touched.annotate(
        parent_path=Substr("path", 1, Length("path") - Page.steplen)
    ).values("parent_path")
    courses = list(Page.objects.live().filter(path__in=parent_paths).order_by("path"))
    if not courses:
        return []

    in_courses = reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses))
    items = list(Page.objects.live().filter(in_courses).order_by("path"))
    # Their questions stay unread: the dashboard shows grades, not quizzes.
    quiz_pages = QuizPage.objects.live().filter(in_courses).defer_streamfields()
    quizzes = {quiz.pk: quiz for quiz in quiz_pages}
    grades = quiz_grades(student=student, quizzes=quizzes.values())
    done = _done_ids(student=student, ids=[item.pk for item in items])

    by_course = {course.path: [] for course in courses}
    for item in items:
        by_course[item.path[: -Page.steplen]].append(item)
    started = []
    for course in courses:
        own_items = tuple(by_course[course.path])
        ids = {item.pk for item in own_items}
        started.append(
            StudentCourse(
                course=course,
                progress=Progress(items=own_items, done=done & ids),
                quizzes=[grades[item.pk] for item in own_items if item.pk in quizzes],
            )
        )
    return started
