"""The student's dashboard: every course they have started, how far, and their quiz grades."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from course.page_cache import content_version_bump
from course.progress import student_courses
from lessons.services import lesson_complete
from quizzes.models import QuizPage
from quizzes.services import attempt_start
from tests.factories import (
    make_course,
    make_lesson,
    make_quiz,
    make_student,
    single_choice,
    take_quiz,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"
YES_OR_NO = [("No", False), ("Yes", True)]


def two_questions():
    return [single_choice("One?", YES_OR_NO), single_choice("Two?", YES_OR_NO)]


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def quiz_rows(section):
    """The quiz table as the student reads it: one tuple of cell texts per quiz."""
    return [
        tuple(cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"]))
        for row in section.select("tbody tr")
    ]


@pytest.fixture
def student():
    return make_student()


def a_course_part_way(student, title="Not If. When."):
    """Lesson, lesson, quiz (passed on the second try), lesson, quiz (failed)."""
    course = make_course(title=title)
    first, second = make_lesson(course, title="First"), make_lesson(course, title="Second")
    check = make_quiz(course, two_questions(), title="Check", attempts_allowed=3, pass_mark=70)
    third = make_lesson(course, title="Third")
    final = make_quiz(
        course,
        two_questions(),
        title="Final",
        grading_method=QuizPage.GradingMethod.AVERAGE,
        pass_mark=70,
    )
    lesson_complete(student=student, lesson=first)
    lesson_complete(student=student, lesson=second)
    take_quiz(student, check, ["c0", "c0"])  # 0 %
    take_quiz(student, check, ["c1", "c1"])  # 100 %: passed
    take_quiz(student, final, ["c1", "c0"])  # 50 %: not passed
    return course, [first, second, check, third, final]


def test_the_dashboard_shows_progress_where_to_continue_and_grades(client, student):
    course, items = a_course_part_way(student)
    client.force_login(student)

    page = soup(client.get(DASHBOARD))

    assert [h.get_text() for h in page.find_all("h1")] == ["Your dashboard"]
    assert page.find("main", id="main")["tabindex"] == "-1"
    (section,) = page.select(".dashboard-course")
    assert section.h2.a["href"] == course.url
    bar = section.find("progress")
    assert (bar["value"], bar["max"]) == ("3", "5")
    assert "3 of 5 done" in section.get_text()
    assert section.find("a", string="Continue where you left off")["href"] == items[3].url
    assert quiz_rows(section) == [
        ("Check", "100% (highest of 2)", "2 of 3", "✓ Passed"),
        ("Final", "50% (average of 1)", "1 (unlimited)", "Not yet"),
    ]


@pytest.mark.parametrize(
    ("method", "grade"),
    [
        (QuizPage.GradingMethod.HIGHEST, "100% (highest of 3)"),
        (QuizPage.GradingMethod.LATEST, "50% (latest of 3)"),
        (QuizPage.GradingMethod.FIRST, "0% (first of 3)"),
        (QuizPage.GradingMethod.AVERAGE, "50% (average of 3)"),
    ],
)
def test_the_grade_follows_the_quizs_grading_method(client, student, method, grade):
    quiz = make_quiz(make_course(), two_questions(), title="Check", grading_method=method)
    for choices in (["c0", "c0"], ["c1", "c1"], ["c1", "c0"]):
        take_quiz(student, quiz, choices)
    attempt_start(student=student, quiz=quiz)  # open: used, but not graded
    client.force_login(student)

    (row,) = quiz_rows(soup(client.get(DASHBOARD)))

    assert row == ("Check", grade, "4 (unlimited)", "✓ Passed")


def test_a_quiz_not_yet_taken_is_listed_without_a_grade(client, student):
    course = make_course()
    lesson_complete(student=student, lesson=make_lesson(course, title="Read"))
    make_quiz(course, title="Later", attempts_allowed=2)
    client.force_login(student)

    (row,) = quiz_rows(soup(client.get(DASHBOARD)))

    assert row == ("Later", "—", "0 of 2", "Not taken")


def test_a_student_who_has_not_started_is_pointed_to_the_catalog(client, student):
    make_lesson(make_course())
    client.force_login(student)

    page = soup(client.get(DASHBOARD))

    assert "You haven't started a course yet." in page.main.get_text()
    assert page.main.find("a", string="Browse the courses")["href"] == "/"
    assert not page.find("progress")


def test_the_dashboard_needs_a_signed_in_student(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={DASHBOARD}"


def test_signing_in_lands_on_the_dashboard_and_the_menu_links_to_it(client, student):
    response = client.post(reverse("account_login"), {"login": "sam", "password": "not-if-when"})

    assert response["Location"] == DASHBOARD
    menu = soup(client.get(DASHBOARD)).find("nav", class_="user-menu")
    assert menu.find("a", string="Dashboard")["href"] == DASHBOARD


def test_a_student_sees_only_their_own_courses_and_results(client, student):
    a_course_part_way(student, title="Mine")
    other = make_student("alex")
    _, (*_, third, final) = a_course_part_way(other, title="Theirs")
    lesson_complete(student=other, lesson=third)
    take_quiz(other, final, ["c1", "c1"])
    client.force_login(student)

    page = soup(client.get(DASHBOARD))

    assert [h.get_text() for h in page.select(".dashboard-course h2")] == ["Mine"]
    assert "3 of 5 done" in page.get_text()
    assert student_courses(student=other)[0].progress.done_count == 5


def test_a_course_taken_down_leaves_the_dashboard(client, student):
    course, _ = a_course_part_way(student)
    course.unpublish()
    client.force_login(student)

    assert "You haven't started a course yet." in soup(client.get(DASHBOARD)).get_text()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_courses_items_or_attempts(
    client, student, django_assert_max_num_queries
):
    a_course_part_way(student, title="One")
    client.force_login(student)
    count_queries(client, DASHBOARD)  # fills Wagtail's cache of the sites' root paths
    content_version_bump()  # as any publish does

    # The user (1); once after a publish, the courses with their items, their
    # quizzes' rules and the site (3); the student's own touched courses, done
    # items and attempts (3).
    with django_assert_max_num_queries(7):
        first_after_publish = count_queries(client, DASHBOARD)
    with django_assert_max_num_queries(4):
        one = count_queries(client, DASHBOARD)
    for title in ("Two", "Three"):
        a_course_part_way(student, title=title)
    assert count_queries(client, DASHBOARD) == first_after_publish
    assert count_queries(client, DASHBOARD) == one
    assert len(soup(client.get(DASHBOARD)).select(".dashboard-course")) == 3


def test_a_course_whose_items_were_all_taken_down_still_lists_without_a_link(client, student):
    course = make_course(title="Emptied")
    lesson = make_lesson(course)
    lesson_complete(student=student, lesson=lesson)
    lesson.unpublish()
    client.force_login(student)

    page = soup(client.get(DASHBOARD))

    assert "0 of 0 done" in page.get_text()
    assert not page.find("a", string="Continue where you left off")
