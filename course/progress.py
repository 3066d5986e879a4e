"""Reads of one student's progress through courses: ticks, bars, the dashboard.

A lesson is done when the student has marked it complete; a quiz is done
when the student has a submitted attempt that passed. Each selector runs a
fixed number of queries, whatever the number of courses, items or attempts.

The completion and attempt models are looked up through the app registry
rather than imported: `lessons.models` and `quizzes.models` import from
`course`, and this module must not import them back.
"""

from dataclasses import asdict, dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.db import connection
from django.db.models import Q
from wagtail.models import Page

from course.content_cache import versioned
from course.page_cache import request_version
from course.selectors import OutlineItem, course_items, course_outline, outline_item


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
class QuizItem(OutlineItem):
    """A quiz as the dashboard lists it: a link, and the rules its grade follows."""

    attempts_allowed: int | None
    grading_method: str


@dataclass(frozen=True)
class CourseContents:
    """A live course as every student's dashboard shows it, before their own results."""

    course: OutlineItem
    items: tuple  # OutlineItem per live item, in course order
    quizzes: tuple  # QuizItem per live quiz among them, in course order


@dataclass(frozen=True)
class StudentCourse:
    """One course the student has started, as the dashboard shows it."""

    course: OutlineItem
    progress: Progress
    quizzes: list  # quizzes.selectors.QuizGrade per quiz, in course order


def student_courses(*, student, request=None) -> list[StudentCourse]:
    """The live courses the student has started, in catalog order.

    A course is started once the student has completed one of its lessons or
    started one of its quizzes. The courses, their items and their URLs are
    the same for everyone: with a request they are kept per content version
    (`course.content_cache`, an entry per course and site) and cost no query;
    after a publish, the first request reads all it misses in two. The
    student's own reads are three queries whatever the number of courses,
    items or attempts: the courses they touched, their done items, and their
    attempts (graded by `quizzes.selectors.quiz_grades`, so grading rules
    live in one place).
    """
    if not _signed_in(student):
        return []
    from quizzes.selectors import quiz_grades

    paths = _touched_course_paths(student=student)
    site = f"{request.get_host()}:{request.get_port()}" if request is not None else ""
    read = {}  # filled on the first miss with every touched course, so misses cost two queries

    def contents_of(path):
        if not read:
            read.update(_courses_contents(paths, request))
        return read[path]

    courses = []
    for path in paths:
        name = f"dashboard-course:{site}:{path}"
        contents = versioned(request, name, lambda path=path: contents_of(path))
        if contents:  # False when the page is not live
            courses.append(contents)
    if not courses:
        return []

    done = _done_ids(student=student, ids=[item.pk for c in courses for item in c.items])
    grades = quiz_grades(student=student, quizzes=[quiz for c in courses for quiz in c.quizzes])
    return [
        StudentCourse(
            course=contents.course,
            progress=Progress(
                items=contents.items, done=done & {item.pk for item in contents.items}
            ),
            quizzes=[grades[quiz.pk] for quiz in contents.quizzes],
        )
        for contents in courses
    ]


def _touched_course_paths(*, student) -> list[str]:
    """The tree paths of the pages just above what the student has touched, sorted.

    SQL for the reason given at `_done_ids`. Each parent's path is its
    child's without the last step, cut here rather than in SQL, whose
    string functions differ from one database to the next.
    """
    completion = apps.get_model("lessons", "LessonCompletion")._meta
    attempt = apps.get_model("quizzes", "Attempt")._meta
    page = Page._meta
    sql = (
        f"SELECT {_column(page, 'path')} FROM {_table(page)} WHERE {_column(page, 'id')} IN ("
        f"SELECT {_column(completion, 'lesson')} FROM {_table(completion)}"
        f" WHERE {_column(completion, 'student')} = %s"
        f" UNION SELECT {_column(attempt, 'quiz')} FROM {_table(attempt)}"
        f" WHERE {_column(attempt, 'student')} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [student.pk, student.pk])
        return sorted({row[0][: -Page.steplen] for row in cursor.fetchall()})


def _courses_contents(paths, request) -> dict:
    """Each live page among `paths` with its live items, by path; False for the others.

    Two queries however many courses: the pages with their items, then the
    quizzes' grading rules. False rather than None, which the versioned
    cache would not keep.
    """
    QuizPage = apps.get_model("quizzes", "QuizPage")
    in_courses = reduce(
        or_,
        (
            Q(path__startswith=path, depth=len(path) // Page.steplen + 1, live=True)
            for path in paths
        ),
    )
    pages = Page.objects.filter(Q(path__in=paths, live=True) | in_courses).order_by("path")
    rules = {
        row.pop("pk"): row
        for row in QuizPage.objects.filter(in_courses).values(
            "pk", "attempts_allowed", "grading_method"
        )
    }
    courses, items = {}, {path: [] for path in paths}
    for page in pages:  # in tree order: each course before its items
        if page.path in items:
            courses[page.path] = outline_item(page, request)
        else:
            items[page.path[: -Page.steplen]].append(outline_item(page, request))
    return {path: _contents(courses.get(path), items[path], rules) for path in paths}


def _contents(course, items, rules):
    """A course's `CourseContents`, or False when it is not live (`course` is None)."""
    if course is None:
        return False
    return CourseContents(
        course=course,
        items=tuple(items),
        quizzes=tuple(
            QuizItem(**asdict(item), **rules[item.pk]) for item in items if item.pk in rules
        ),
    )
