"""The catalog and the course page: what a student sees before the first lesson."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_course, make_course_with_lessons, make_lesson, make_quiz

pytestmark = pytest.mark.django_db


def syllabus_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".syllabus__title a")]


def test_syllabus_lists_lessons_in_page_tree_order(client):
    course, (_, _, third) = make_course_with_lessons(3, title="Not If. When.")
    third.move(course, pos="first-child")

    response = client.get(course.url)

    assert syllabus_titles(response) == ["Lesson 3", "Lesson 1", "Lesson 2"]


def test_syllabus_hides_unpublished_lessons(client):
    course, (_, second) = make_course_with_lessons(2)
    second.unpublish()

    assert syllabus_titles(client.get(course.url)) == ["Lesson 1"]


def test_course_page_shows_what_a_student_needs_to_decide(client):
    course = make_course(
        title="Not If. When.",
        subtitle="What to do when you get fired",
        summary="Eight short lessons.",
        audience="College seniors.",
        estimated_hours=2,
        learning_outcomes=[("outcome", "Write a request someone can say yes to.")],
    )
    make_lesson(course, title="The first 72 hours", estimated_minutes=9)

    page = BeautifulSoup(client.get(course.url).content, "html.parser")

    assert page.h1.get_text() == "Not If. When."
    text = page.get_text(" ", strip=True)
    for expected in (
        "What to do when you get fired",
        "Eight short lessons.",
        "College seniors.",
        "Write a request someone can say yes to.",
        "About 2 hours",
        "9 minutes",
    ):
        assert expected in text
    assert page.select_one("a.button")["href"].endswith("/the-first-72-hours/")


def test_catalog_lists_published_courses(client):
    make_course(title="Not If. When.", summary="What to do when you get fired.")
    draft = make_course(title="Coming soon")
    draft.unpublish()

    page = BeautifulSoup(client.get("/").content, "html.parser")

    titles = [a.get_text(strip=True) for a in page.select(".course-card__title a")]
    assert titles == ["Not If. When."]
    assert len(page.find_all("h1")) == 1


def test_course_facts_count_lessons_and_quizzes_apart(client):
    course, _ = make_course_with_lessons(2)
    make_quiz(course)

    page = BeautifulSoup(client.get(course.url).content, "html.parser")

    facts = {dt.get_text(): dt.find_next("dd").get_text() for dt in page.select(".facts dt")}
    assert facts["Lessons"] == "2"
    assert facts["Quizzes"] == "1"
