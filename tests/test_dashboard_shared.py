"""The dashboard shares each course's items and links between students and
requests, never a student's own results, and shows a publish at once."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, Site

from course.models import CourseIndexPage
from lessons.services import lesson_complete
from tests.factories import make_course, make_lesson, make_quiz, make_student, take_quiz
from tests.test_dashboard import DASHBOARD, quiz_rows
from tests.test_shared_fragments import client_of

pytestmark = pytest.mark.django_db


def dashboard_of(client, **headers):
    response = client.get(DASHBOARD, headers=headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def sam():
    return make_student("sam")


@pytest.fixture
def course():
    """Lesson, lesson, quiz: "c1" passes it, "c0" fails it."""
    course = make_course(title="Not If. When.")
    make_lesson(course, title="First")
    make_lesson(course, title="Second")
    make_quiz(course, title="Check", attempts_allowed=3)
    return course


def items_of(course):
    return [page.specific for page in course.get_children().order_by("path")]


def test_a_publish_shows_on_the_dashboard_at_once(sam, course):
    first, second, quiz = items_of(course)
    lesson_complete(student=sam, lesson=first)
    client = client_of(sam)
    dashboard_of(client)  # the course is now shared

    course.title = "When, Not If"
    course.save_revision().publish()
    quiz.title, quiz.attempts_allowed = "Check again", 5
    quiz.save_revision().publish()
    second.unpublish()
    added = make_lesson(course, title="Added")

    page = dashboard_of(client)
    assert page.select_one(".dashboard-course h2").get_text() == "When, Not If"
    assert "1 of 3 done" in page.get_text()
    assert quiz_rows(page) == [("Check again", "—", "0 of 5", "Not taken")]
    assert page.find("a", string="Continue where you left off")["href"] == quiz.url
    take_quiz(sam, quiz, ["c1"])
    assert (
        dashboard_of(client).find("a", string="Continue where you left off")["href"] == added.url
    )


def test_a_course_taken_down_after_it_was_shown_leaves_the_dashboard(sam, course):
    lesson_complete(student=sam, lesson=items_of(course)[0])
    client = client_of(sam)
    assert dashboard_of(client).select(".dashboard-course")

    course.unpublish()

    assert "You haven't started a course yet." in dashboard_of(client).get_text()


@pytest.mark.parametrize("sam_looks_first", [True, False])
def test_students_of_one_course_each_see_their_own_results(sam, course, sam_looks_first):
    kim = make_student("kim")
    first, _, quiz = items_of(course)
    lesson_complete(student=sam, lesson=first)
    take_quiz(sam, quiz, ["c1"])
    take_quiz(kim, quiz, ["c0"])
    order = [sam, kim] if sam_looks_first else [kim, sam]

    pages = {student: dashboard_of(client_of(student)) for student in order}

    assert "2 of 3 done" in pages[sam].get_text()
    assert quiz_rows(pages[sam]) == [("Check", "100% (highest of 1)", "1 of 3", "✓ Passed")]
    assert "0 of 3 done" in pages[kim].get_text()
    assert quiz_rows(pages[kim]) == [("Check", "0% (highest of 1)", "1 of 3", "Not yet")]


def test_links_are_those_of_the_site_the_dashboard_is_asked_from(sam, course, settings):
    """A course on another site is linked with its address, as `{% pageurl %}` would."""
    settings.ALLOWED_HOSTS = ["localhost", "alumni.example.edu"]
    alumni_home = Page.get_first_root_node().add_child(
        instance=CourseIndexPage(title="Alumni", slug="alumni")
    )
    Site.objects.create(hostname="alumni.example.edu", root_page=alumni_home)
    lesson_complete(student=sam, lesson=items_of(course)[0])
    client = client_of(sam)

    here = dashboard_of(client, host="localhost")
    there = dashboard_of(client, host="alumni.example.edu")

    again = dashboard_of(client, host="localhost")
    links = [page.select_one(".dashboard-course h2 a")["href"] for page in (here, there, again)]
    assert links == ["/not-if-when/", "http://localhost/not-if-when/", "/not-if-when/"]
