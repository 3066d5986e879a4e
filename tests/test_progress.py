"""A student part way through a course sees their ticks and progress; nobody else does."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from course.progress import course_progress, item_progress
from lessons.services import lesson_complete
from tests.factories import (
    make_course,
    make_course_with_lessons,
    make_lesson,
    make_quiz,
    make_student,
    take_quiz,
)

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def ticked(items):
    """The titles of list items that carry the completed tick."""
    return [li.a.get_text() for li in items if "(completed)" in li.get_text()]


@pytest.fixture
def student():
    return make_student()


@pytest.fixture
def course_part_way(student):
    """Five items: two lessons done, a failed quiz, a passed quiz, a lesson to go."""
    course = make_course(title="Not If. When.")
    first, second = make_lesson(course, title="First"), make_lesson(course, title="Second")
    failed = make_quiz(course, title="Failed quiz")
    passed = make_quiz(course, title="Passed quiz")
    last = make_lesson(course, title="Last")
    lesson_complete(student=student, lesson=first)
    lesson_complete(student=student, lesson=second)
    take_quiz(student, failed, ["c0"])
    take_quiz(student, passed, ["c1"])
    return course, [first, second, failed, passed, last]


def test_the_outline_ticks_what_i_have_done_and_shows_my_progress(
    client, student, course_part_way
):
    _, items = course_part_way
    client.force_login(student)

    for page in (items[4], items[2]):  # a lesson to go and the failed quiz
        nav = soup(client.get(page.url)).find("nav", class_="course-nav")

        assert ticked(nav.select("ol li")) == ["First", "Second", "Passed quiz"]
        for li in nav.select("ol li.is-done"):
            assert li.find(attrs={"aria-hidden": "true"}).get_text() == "✓"
        bar = nav.find("progress")
        assert (bar["value"], bar["max"]) == ("3", "5")
        assert nav.find("label", attrs={"for": bar["id"]}).get_text() == "3 of 5 done"


def test_the_course_page_shows_my_progress_ticks_and_where_to_continue(
    client, student, course_part_way
):
    course, items = course_part_way
    client.force_login(student)

    page = soup(client.get(course.url))

    assert ticked(page.select(".syllabus__item")) == ["First", "Second", "Passed quiz"]
    bar = page.find("progress")
    assert (bar["value"], bar["max"]) == ("3", "5")
    assert "3 of 5 done" in page.get_text()
    continue_links = page.find_all("a", string="Continue where you left off")
    assert {a["href"] for a in continue_links} == {items[2].url}  # the failed quiz
    assert not page.find("a", string="Start the course")


def test_a_finished_course_says_so(client, student):
    course, lessons = make_course_with_lessons(2)
    for lesson in lessons:
        lesson_complete(student=student, lesson=lesson)
    client.force_login(student)

    page = soup(client.get(course.url))

    assert "You have finished this course." in page.get_text()
    assert not page.find("a", string="Continue where you left off")


def test_a_signed_in_student_who_has_not_started_is_invited_to_start(client, student):
    course, lessons = make_course_with_lessons(2)
    client.force_login(student)

    page = soup(client.get(course.url))

    assert "0 of 2 done" in page.get_text()
    assert page.find("a", string="Start the course")["href"] == lessons[0].url


def test_an_anonymous_visitor_sees_nothing_personal(client, course_part_way):
    course, (first, _, quiz, _, _) = course_part_way

    for url in (course.url, first.url, quiz.url):
        response = client.get(url)
        page = soup(response)
        assert not page.find("progress")
        assert "(completed)" not in page.get_text()
        assert "done" not in page.get_text(" ").split()
        assert not page.find("a", string="Continue where you left off")
        assert "private" not in response.get("Cache-Control", "")


def test_pages_for_a_signed_in_student_are_private(client, student, course_part_way):
    course, (first, _, quiz, _, _) = course_part_way
    client.force_login(student)

    for url in (course.url, first.url, quiz.url, "/dashboard/"):
        assert "private" in client.get(url)["Cache-Control"], url


def test_progress_is_one_query_and_none_for_anonymous(
    student, course_part_way, django_assert_num_queries
):
    course, items = course_part_way
    with django_assert_num_queries(0):
        assert item_progress(student=AnonymousUser(), items=items).done == frozenset()
    with django_assert_num_queries(1):
        progress = course_progress(student=student, course=course, items=items)
    assert progress.done == {items[0].pk, items[1].pk, items[3].pk}
    assert (progress.done_count, progress.total, progress.percent) == (3, 5, 60)
    assert progress.next_item == items[2]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lesson_page_queries_do_not_grow_with_the_course_or_my_progress(
    client, student, django_assert_max_num_queries
):
    _, small = make_course_with_lessons(8, title="Small", slug="small")
    _, large = make_course_with_lessons(40, title="Large", slug="large")
    for lesson in [small[0], *large[:30]]:
        lesson_complete(student=student, lesson=lesson)
    client.force_login(student)
    for url in (small[1].url, large[35].url):
        count_queries(client, url)  # the first visit fills the shared route and outline

    # The user (1), the lesson (1), Wagtail's view-restriction check (2), the
    # student's progress (1); the session is in the cache.
    with django_assert_max_num_queries(5):
        small_count = count_queries(client, small[1].url)
    assert count_queries(client, large[35].url) == small_count
