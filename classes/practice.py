"""Reads for the instructor's practice pages: who in a section has practised
the course's messages, and how their drafts improved.

The coach's counts are stored with every draft, so comparing a student's
first draft with their latest is a read, never a new check. Each selector
runs a fixed number of queries whatever the size of the class or the number
of drafts; a page of students reads only its own students' drafts.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from classes.models import Enrollment
from lessons.models import PracticeDraft
from lessons.selectors import course_lesson_links, course_practice_exercises, draft_feedback

STUDENTS_PER_PAGE = 100


@dataclass(frozen=True)
class PracticeCell:
    """One student's work in one practice block: first draft against latest."""

    drafts: int
    first_problems: int
    latest_problems: int
    latest_improvements: int
    last_at: datetime

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


def _active(section):
    return Enrollment.objects.filter(section=section, status=Enrollment.Status.ACTIVE)


def _name(first, last, username, deleted_at) -> str:
    if deleted_at is not None:
        return _("Deleted student")
    if first and last:
        return f"{last}, {first}"
    return last or first or username


def _cells(*, section, exercises) -> dict[tuple, PracticeCell]:
    """(student id, lesson id, key) -> the student's cell, for the whole
    section in one query: every first draft, with its latest draft's
    number, counts and time read alongside."""
    latest = PracticeDraft.objects.filter(
        student=OuterRef("student"), lesson=OuterRef("lesson"), key=OuterRef("key")
    ).order_by("-number")
    rows = (
        PracticeDraft.objects.filter(
            number=1,
            student__in=_active(section).values("student"),
            lesson_id__in={exercise.lesson_id for exercise in exercises},
        )
        .annotate(
            drafts=Subquery(latest.values("number")[:1]),
            latest_problems=Subquery(latest.values("problems")[:1]),
            latest_improvements=Subquery(latest.values("improvements")[:1]),
            last_at=Subquery(latest.values("created_at")[:1]),
        )
        .values_list(
            "student_id",
            "lesson_id",
            "key",
            "problems",
            "drafts",
            "latest_problems",
            "latest_improvements",
            "last_at",
        )
    )
    return {
        (student, lesson, key): PracticeCell(
            drafts=drafts,
            first_problems=first,
            latest_problems=problems,
            latest_improvements=improvements,
            last_at=last_at,
        )
        for student, lesson, key, first, drafts, problems, improvements, last_at in rows
    }


def section_practice(*, section, page=1) -> SectionPractice:
    """The section's practice: a summary per practice block, and one page of
    students (by last name) with their cell in each; four queries. `page`
    is a page number as a request gives it, or anything, which reads page 1."""
    exercises = course_practice_exercises(course=section.course)
    cells = _cells(section=section, exercises=exercises) if exercises else {}
    summaries = []
    for exercise in exercises:
        own = [
            cell
            for (_student, lesson, key), cell in cells.items()
            if (lesson, key) == (exercise.lesson_id, exercise.key)
        ]
        summaries.append(
            ExerciseSummary(
                exercise=exercise,
                practised=len(own),
                clear=sum(1 for cell in own if cell.latest_problems == 0),
                fixed=sum(cell.fixed for cell in own),
            )
        )
    enrollments = (
        _active(section)
        .order_by(Lower("student__last_name"), Lower("student__first_name"), "student_id")
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
    rows = [
        PracticeRow(
            enrollment_id=pk,
            name=_name(first, last, username, deleted_at),
            cells=tuple(cells.get((student, e.lesson_id, e.key)) for e in exercises),
        )
        for pk, student, first, last, username, deleted_at in students
    ]
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
