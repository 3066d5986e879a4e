"""The gradebook page an instructor opens: each quiz's column leads to that
quiz's item analysis, and the page costs the same queries however many
students and quizzes the section has."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import (
    enroll,
    make_lesson,
    make_quiz,
    make_student,
    take_quiz,
)

pytestmark = pytest.mark.django_db

# Opening the gradebook page once signed in: the person, their permissions
# and admin profile (four), the section among those they teach and whether
# they may change it (two), the gradebook's eight (tests/test_gradebook.py)
# and the admin menu's locales, page and collection permissions (three).
# None of them is per student or per quiz.
PAGE_QUERIES = 17


def gradebook_url(section):
    return reverse("classes_section:gradebook", args=[section.pk])


def test_each_quiz_heading_leads_to_that_quizs_item_analysis(client, ines, course, section):
    first = make_quiz(course, title="The first 72 hours")
    second = make_quiz(course, title="The networking handoff")
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    enroll(section, sam)
    take_quiz(sam, first, ["c1"])
    take_quiz(sam, second, ["c0"])
    client.force_login(ines)

    page = BeautifulSoup(client.get(gradebook_url(section)).content, "html.parser")

    links = [
        th.a for th in page.find("table", class_="gradebook").thead("th", class_="gradebook__quiz")
    ]
    assert [(link.get_text(strip=True), link["href"]) for link in links] == [
        (quiz.title, reverse("classes_section:item_analysis", args=[section.pk, quiz.pk]))
        for quiz in (first, second)
    ]
    analysis = client.get(links[1]["href"])
    assert analysis.status_code == 200
    heading = BeautifulSoup(analysis.content, "html.parser").find("h1").get_text(strip=True)
    assert heading.startswith("Item analysis: The networking handoff")


@pytest.mark.parametrize("quizzes", [1, 4])
@pytest.mark.parametrize("students", [2, 15])
def test_the_page_runs_the_same_queries_for_any_number_of_students_and_quizzes(
    client, ines, course, section, students, quizzes, django_assert_num_queries
):
    make_lesson(course)
    course_quizzes = [make_quiz(course, title=f"Quiz {n}") for n in range(quizzes)]
    for n in range(students):
        student = make_student(f"s{n}", last_name=f"Name {n}")
        enroll(section, student)
        for quiz in course_quizzes:
            take_quiz(student, quiz, ["c1"])
    client.force_login(ines)
    client.get(gradebook_url(section))  # warm the session and permission caches

    with django_assert_num_queries(PAGE_QUERIES):
        page = client.get(gradebook_url(section))

    table = BeautifulSoup(page.content, "html.parser").find("table", class_="gradebook")
    assert len(table.tbody("tr")) == students
    assert len(table.thead("th", class_="gradebook__quiz")) == quizzes
