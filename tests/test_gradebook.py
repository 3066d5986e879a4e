"""The instructor's gradebook: a row per student, a column per quiz, and the
numbers every export repeats (grade by method, attempts, late, lessons, total)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from classes.gradebook import section_gradebook
from classes.models import Enrollment, SectionItem
from lessons.services import lesson_complete
from quizzes.models import Attempt, QuizPage
from tests.factories import (
    enroll,
    make_course,
    make_lesson,
    make_quiz,
    make_section,
    make_student,
    take_quiz,
    two_point_quiz,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course(title="Not If. When.")


def rows(section):
    return list(section_gradebook(section=section).rows())


def test_students_are_listed_by_last_name_then_first(course):
    section = make_section(course)
    for username, first, last in [
        ("b", "Zoë", "Ñúñez"),
        ("a", "Ana", "de la Cruz"),
        ("c", "Bo", "Abe"),
        ("d", "Al", "Abe"),
    ]:
        enroll(section, make_student(username, first_name=first, last_name=last))

    assert [row.sortable_name for row in rows(section)] == [
        "Abe, Al",
        "Abe, Bo",
        "de la Cruz, Ana",
        "Ñúñez, Zoë",
    ]


def test_a_cell_holds_the_grade_under_the_quiz_method_and_attempts_used(course):
    best = two_point_quiz(course, title="Best of", grading_method="highest")
    latest = two_point_quiz(course, title="Latest", grading_method="latest")
    section = make_section(course)
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    enroll(section, sam)
    take_quiz(sam, best, ["c1", "c0"])  # 100 %
    take_quiz(sam, best, ["c0", "c1"])  # 0 %
    take_quiz(sam, latest, ["c1", "c0"])  # 100 %
    take_quiz(sam, latest, ["c1", "c1"])  # 50 %

    gradebook = section_gradebook(section=section)
    [row] = list(gradebook.rows())

    assert [column.quiz.title for column in gradebook.quizzes] == ["Best of", "Latest"]
    assert [(cell.percent, cell.points, cell.attempts) for cell in row.cells] == [
        (100.0, 2.0, 2),
        (50.0, 1.0, 2),
    ]
    assert row.total_points == 3.0
    assert row.total_percent == 75.0


def test_work_not_yet_submitted_is_blank_and_counts_zero_in_the_total(course):
    quiz = two_point_quiz(course)
    make_quiz(course, title="Second")
    section = make_section(course)
    sam = make_student()
    enroll(section, sam)
    take_quiz(sam, quiz, ["c1", "c0"])

    [row] = rows(section)

    assert row.cells[1].percent is None and row.cells[1].points is None
    assert row.total_percent == pytest.approx(100 * 2 / 3)


def test_late_means_the_counted_attempt_came_after_the_due_date(course):
    on_time = two_point_quiz(course, title="On time", grading_method="first")
    overdue = two_point_quiz(course, title="Overdue", grading_method="first")
    section = make_section(course)
    sam = make_student()
    enroll(section, sam)
    now = timezone.now()
    SectionItem.objects.create(section=section, item=on_time, due_at=now + timedelta(days=1))
    SectionItem.objects.create(section=section, item=overdue, due_at=now - timedelta(days=1))
    take_quiz(sam, on_time, ["c1", "c0"])
    take_quiz(sam, overdue, ["c1", "c0"])

    [row] = rows(section)

    assert [cell.late for cell in row.cells] == [False, True]


def test_the_sections_default_due_date_covers_items_without_their_own(course):
    quiz = two_point_quiz(course)
    section = make_section(course)
    section.default_due_at = timezone.now() - timedelta(hours=1)
    section.save()
    sam = make_student()
    enroll(section, sam)
    take_quiz(sam, quiz, ["c1", "c0"])

    gradebook = section_gradebook(section=section)

    assert gradebook.quizzes[0].due_at == section.default_due_at
    assert next(gradebook.rows()).cells[0].late


def test_lessons_completed_and_items_done_count_this_course_only(course):
    first, second = make_lesson(course), make_lesson(course)
    quiz = two_point_quiz(course)
    elsewhere = make_lesson(make_course(title="Another course"))
    section = make_section(course)
    sam = make_student()
    enroll(section, sam)
    for lesson in (first, second, elsewhere):
        lesson_complete(student=sam, lesson=lesson)
    take_quiz(sam, quiz, ["c1", "c0"])  # passes

    gradebook = section_gradebook(section=section)
    [row] = list(gradebook.rows())

    assert (gradebook.lesson_count, gradebook.item_count) == (2, 3)
    assert (row.lessons_done, row.items_done) == (2, 3)


def test_dropped_students_and_other_sections_stay_out_but_keep_their_attempts(course):
    quiz = two_point_quiz(course)
    section, other = make_section(course), make_section(course)
    kept, dropped, elsewhere = make_student("kept"), make_student("gone"), make_student("else")
    enroll(section, kept)
    enroll(section, dropped, status=Enrollment.Status.DROPPED)
    enroll(other, elsewhere)
    for student in (kept, dropped, elsewhere):
        take_quiz(student, quiz, ["c1", "c0"])

    gradebook = section_gradebook(section=section)

    assert [row.username for row in gradebook.rows()] == ["kept"]
    assert gradebook.student_count == 1
    assert Attempt.objects.filter(student=dropped).count() == 1


def test_a_student_in_two_sections_of_the_course_appears_once_in_each(course):
    quiz = two_point_quiz(course)
    first, second = make_section(course), make_section(course)
    sam = make_student()
    enroll(first, sam)
    enroll(second, sam)
    take_quiz(sam, quiz, ["c1", "c0"])

    assert [row.cells[0].attempts for row in rows(first)] == [1]
    assert [row.cells[0].attempts for row in rows(second)] == [1]


# Reading a gradebook of a course with lessons and quizzes: its items (one
# query, then one per page type), the section's due dates and its head count
# to set up; then the lessons, the enrollments and the attempts to stream
# the rows. None of them is per student, per quiz or per attempt.
GRADEBOOK_QUERIES = 8


def class_taking(course, *, students, quizzes):
    """A section of `students`, each of whom took each of `quizzes` quizzes once;
    the course has a lesson too. The section comes with its course loaded."""
    course_quizzes = [two_point_quiz(course, title=f"Quiz {n}") for n in range(quizzes)]
    make_lesson(course)
    section = make_section(course)
    for n in range(students):
        student = make_student(f"s{n}", last_name=f"Name {n}")
        enroll(section, student)
        for quiz in course_quizzes:
            take_quiz(student, quiz, ["c1", "c0"])
    return type(section).objects.select_related("course").get(pk=section.pk)


@pytest.mark.parametrize("students", [3, 30])
def test_the_gradebook_runs_the_same_queries_for_any_class_size(
    course, students, django_assert_num_queries
):
    section = class_taking(course, students=students, quizzes=3)

    with django_assert_num_queries(GRADEBOOK_QUERIES):
        gradebook = section_gradebook(section=section)
        assert len(list(gradebook.rows())) == students
    assert isinstance(gradebook.quizzes[0].quiz, QuizPage)


@pytest.mark.parametrize("quizzes", [1, 4])
def test_the_gradebook_runs_the_same_queries_for_any_number_of_quizzes(
    course, quizzes, django_assert_num_queries
):
    section = class_taking(course, students=3, quizzes=quizzes)

    with django_assert_num_queries(GRADEBOOK_QUERIES):
        gradebook = section_gradebook(section=section)
        rows = list(gradebook.rows())
    assert [len(row.cells) for row in rows] == [quizzes] * 3
    assert {cell.percent for row in rows for cell in row.cells} == {100.0}


def test_a_page_of_rows_keeps_the_order_and_each_students_own_grades(course):
    quiz = two_point_quiz(course)
    section = make_section(course)
    for n, answers in enumerate([["c1", "c0"], ["c0", "c1"], ["c1", "c1"], ["c1", "c0"]]):
        student = make_student(f"s{n}", last_name=f"Name {n}")
        enroll(section, student)
        take_quiz(student, quiz, answers)
    gradebook = section_gradebook(section=section)

    page = gradebook[1:3]

    assert [row.last_name for row in page] == ["Name 1", "Name 2"]
    assert [row.cells[0].percent for row in page] == [0.0, 50.0]
    assert len(gradebook) == 4


def test_a_student_who_deleted_their_account_stays_as_deleted_student(course):
    from accounts.services import account_delete
    from classes.exports import export_chunks

    quiz = two_point_quiz(course)
    section = make_section(course)
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    enrollment = enroll(section, sam, sis_user_id="S-1")
    take_quiz(sam, quiz, ["c1", "c0"])

    account_delete(user=sam)

    [row] = rows(section)
    assert (row.sortable_name, row.display_name) == ("Deleted student", "Deleted student")
    assert row.cells[0].percent == 100.0
    assert "Rivera" not in row.sortable_name + row.email + row.sis_user_id
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE
    canvas = b"".join(export_chunks(section=section, format="canvas")).decode()
    assert "Deleted student" in canvas and "Rivera" not in canvas
