"""Reads for the instructor's practice pages: who in a section has practised
the course's messages, and how their drafts improved.

The coach's counts are stored with every draft, so comparing a student's
first draft with their latest is a read, never a new check. Each selector
runs a fixed number of queries whatever the size of the class or the number
of drafts: the database counts the whole section's summary, and a page of
students reads only its own students' drafts.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Greatest

from classes.gradebook import STUDENT_ORDER, active_enrollments, sortable_name
from lessons.models import PracticeDraft
from lessons.selectors import course_lesson_links, course_practice_exercises, draft_feedback

STUDENTS_PER_PAGE = 100


@dataclass(frozen=True)
class PracticeCell:
    """One student's work in one practice block: first draft against latest."""

    drafts: int
    first_problems: int
    latest_problems: int

    @property
    def fixed(self) -> int:
        """Problems the coach found in the first draft and not in the latest."""
        return max(self.first_problems - self.latest_problems, 0)


@dataclass(frozen=True)
class ExerciseSummary:
    exercise: object  # lessons.selectors.Exercise
    practised: int
    clear: int  # students whose latest draft has no problems
    fixed: int  # problems fixed, first draft to latest, summed over the students


@dataclass(frozen=True)
class PracticeRow:
    enrollment_id: int
    name: str
    cells: tuple[PracticeCell | None, ...]  # one per exercise, same order


@dataclass(frozen=True)
class SectionPractice:
    exercises: list
    summaries: list[ExerciseSummary]
    page: Page  # of the section's active students
    rows: list[PracticeRow]  # the students of that page


def _latest(field):
    """The value of `field` in the latest draft beside each first draft."""
    latest = PracticeDraft.objects.filter(
        student=OuterRef("student"), lesson=OuterRef("lesson"), key=OuterRef("key")
    ).order_by("-number")
    return Subquery(latest.values(field)[:1])


def _first_drafts(*, students, exercises):
    """The first draft each of `students` wrote in the exercises' lessons
    (one per student who practised a block), with the latest one's problems."""
    return PracticeDraft.objects.filter(
        number=1,
        student__in=students,
        lesson_id__in={exercise.lesson_id for exercise in exercises},
    ).annotate(latest_problems=_latest("problems"))


def _summaries(*, section, exercises) -> list[ExerciseSummary]:
    """Every practice block's numbers for the section's active students,
    counted by the database in one query."""
    counts = (
        _first_drafts(
            students=active_enrollments(section=section).values("student"), exercises=exercises
        )
        .order_by()
        .values("lesson_id", "key")
        .annotate(
            practised=Count("pk"),
            clear=Count("pk", filter=Q(latest_problems=0)),
            fixed=Sum(Greatest(F("problems") - F("latest_problems"), Value(0))),
        )
    )
    by_exercise = {(row["lesson_id"], row["key"]): row for row in counts}
    summaries = []
    for exercise in exercises:
        row = by_exercise.get((exercise.lesson_id, exercise.key), {})
        summaries.append(
            ExerciseSummary(
                exercise=exercise,
                practised=row.get("practised", 0),
                clear=row.get("clear", 0),
                fixed=row.get("fixed", 0),
            )
        )
    return summaries


def _cells(*, students, exercises) -> dict[tuple, PracticeCell]:
    """(student id, lesson id, key) -> the cell of each of `students`, in one
    query: every first draft, with its latest draft's number and problems."""
    rows = (
        _first_drafts(students=students, exercises=exercises)
        .annotate(drafts=_latest("number"))
        .values_list("student_id", "lesson_id", "key", "problems", "drafts", "latest_problems")
    )
    return {
        (student, lesson, key): PracticeCell(
            drafts=drafts, first_problems=first, latest_problems=latest
        )
        for student, lesson, key, first, drafts, latest in rows
    }


def section_practice(*, section, page=1) -> SectionPractice:
    """The section's practice: a summary per practice block, and one page of
    students (by last name) with their cell in each; five queries. `page`
    is a page number as a request gives it, or anything, which reads page 1."""
    exercises = course_practice_exercises(course=section.course)
    enrollments = (
        active_enrollments(section=section)
        .order_by(*STUDENT_ORDER)
        .values_list(
            "pk",
            "student_id",
            "student__first_name",
            "student__last_name",
            "student__username",
            "student__deleted_account__deleted_at",
        )
    )
    students = Paginator(enrollments, STUDENTS_PER_PAGE).get_page(page)
    cells = {}
    if exercises:
        cells = _cells(students=[row[1] for row in students], exercises=exercises)
    rows = [
        PracticeRow(
            enrollment_id=pk,
            name=sortable_name(
                first_name=first, last_name=last, username=username, deleted=deleted_at is not None
            ),
            cells=tuple(cells.get((student, e.lesson_id, e.key)) for e in exercises),
        )
        for pk, student, first, last, username, deleted_at in students
    ]
    summaries = _summaries(section=section, exercises=exercises) if exercises else []
    return SectionPractice(exercises=exercises, summaries=summaries, page=students, rows=rows)


@dataclass(frozen=True)
class ExerciseDrafts:
    exercise: object  # lessons.selectors.Exercise
    drafts: list  # (draft, feedback view), newest first


def student_practice(*, section, enrollment, request=None) -> list[ExerciseDrafts]:
    """Every draft the enrollment's student wrote in the course's practice
    blocks, with what the coach said, in three queries."""
    exercises = course_practice_exercises(course=section.course)
    if not exercises:
        return []
    links = course_lesson_links(course=section.course, request=request)
    drafts = PracticeDraft.objects.filter(
        student_id=enrollment.student_id,
        lesson_id__in={exercise.lesson_id for exercise in exercises},
    ).order_by("-number")
    by_exercise = {}
    for draft in drafts:
        by_exercise.setdefault((draft.lesson_id, draft.key), []).append(
            (draft, draft_feedback(draft=draft, links=links))
        )
    return [
        ExerciseDrafts(exercise=e, drafts=by_exercise.get((e.lesson_id, e.key), []))
        for e in exercises
    ]
