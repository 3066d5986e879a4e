"""The charts an instructor opens: the section overview draws the class's
progress and each quiz's scores, and a quiz's item analysis draws how often
each answer was given. Each chart is a picture a screen reader can name and
the same numbers in a table."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from classes.charts import DASH
from lessons.services import lesson_complete
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
def graded(ines):
    """A lesson and two quizzes (three items), four students:

    Ana did everything and aced both quizzes (100 % of the course done);
    Kai did the lesson and aced the first quiz (two items of three, 67 %);
    Bo took both quizzes and passed neither (50 % and 0 %: nothing done);
    Lu has not started.
    """
    course = make_course(title="Not If. When.")
    lesson = make_lesson(course)
    first = two_point_quiz(course, title="The first 72 hours")  # "c1", "c0" is 100 %
    second = make_quiz(course, title="The networking handoff")  # "c1" is right
    section = make_section(course, instructors=[ines])
    students = {}
    for name in ("Ana", "Bo", "Kai", "Lu"):
        students[name] = make_student(name.lower(), first_name=name, last_name="Student")
        enroll(section, students[name])
    ana, bo, kai = students["Ana"], students["Bo"], students["Kai"]
    for student in (ana, kai):
        lesson_complete(student=student, lesson=lesson)
        take_quiz(student, first, ["c1", "c0"])
    take_quiz(ana, second, ["c1"])
    take_quiz(bo, first, ["c1", "c1"])
    take_quiz(bo, second, ["c0"])
    return section, first, second


def opened(client, ines, name, *args):
    client.force_login(ines)
    response = client.get(reverse(f"classes_section:{name}", args=args))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(tag) -> str:
    """A tag's text, spaces collapsed and the typeset range dash read as a hyphen."""
    return " ".join(tag.get_text().split()).replace(DASH, "-")


def accessible_name(page, svg) -> str:
    """What a screen reader announces for the picture: the texts its
    aria-labelledby names, each id found exactly once on the page."""
    assert svg["role"] == "img"
    parts = []
    for id in svg["aria-labelledby"].split():
        [labelled] = page.find_all(id=id)
        parts.append(text(labelled))
    return " ".join(parts)


def only_chart(container):
    """The one chart drawn in `container` (a page section or a quiz's box)."""
    charts = container.find_all("figure", class_="chart")
    assert len(charts) == 1, f"{len(charts)} charts where one belongs"
    return charts[0]


def table_rows(chart) -> list[list[str]]:
    """The chart's table alternative, one list of cell texts per row."""
    table = chart.find("table")
    return [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]


def histogram_rows(chart) -> dict[str, tuple[str, str]]:
    """Range -> (students, share), for the ranges anybody falls in."""
    rows = table_rows(chart)
    assert [row[0] for row in rows] == [
        "0-9",
        "10-19",
        "20-29",
        "30-39",
        "40-49",
        "50-59",
        "60-69",
        "70-79",
        "80-89",
        "90-100",
    ]
    return {label: (count, share) for label, count, share in rows if count != "0"}


def test_the_overview_draws_the_class_progress_and_each_quizs_scores(client, ines, graded):
    section, first, second = graded

    page = opened(client, ines, "overview", section.pk)

    progress = page.find("section", attrs={"aria-labelledby": "progress-heading"})
    chart = only_chart(progress)
    assert accessible_name(page, chart.find("svg")) == (
        "Share of the course done, per student "
        "0-9: 2; 10-19: 0; 20-29: 0; 30-39: 0; 40-49: 0; "
        "50-59: 0; 60-69: 1; 70-79: 0; 80-89: 0; 90-100: 1."
    )
    assert len(chart.find("svg").find_all("rect", class_="chart__bar")) == 10
    assert text(chart.find("table").caption) == "Share of the course done, per student"
    assert histogram_rows(chart) == {
        "0-9": ("2", "50%"),  # Bo and Lu
        "60-69": ("1", "25%"),  # Kai
        "90-100": ("1", "25%"),  # Ana
    }

    scores = page.find("section", attrs={"aria-labelledby": "scores-heading"})
    quizzes = scores.find_all("div", class_="section-chart")
    assert [(text(quiz.h3), quiz.h3.a["href"]) for quiz in quizzes] == [
        (quiz.title, reverse("classes_section:item_analysis", args=[section.pk, quiz.pk]))
        for quiz in (first, second)
    ]
    first_chart, second_chart = (only_chart(quiz) for quiz in quizzes)
    assert accessible_name(page, first_chart.find("svg")).startswith("The first 72 hours 0-9: 0;")
    assert "50-59: 1;" in accessible_name(page, first_chart.find("svg"))
    assert text(quizzes[0].find("p", class_="help")) == "3 of 4 students have a grade."
    assert histogram_rows(first_chart) == {"50-59": ("1", "33%"), "90-100": ("2", "67%")}
    assert accessible_name(page, second_chart.find("svg")).startswith(
        "The networking handoff 0-9: 1;"
    )
    assert text(quizzes[1].find("p", class_="help")) == "2 of 4 students have a grade."
    assert histogram_rows(second_chart) == {"0-9": ("1", "50%"), "90-100": ("1", "50%")}


def test_item_analysis_draws_each_questions_answers_as_bars_with_a_table(client, ines, graded):
    section, first, _second = graded

    page = opened(client, ines, "item_analysis", section.pk, first.pk)

    questions = page.find_all("section", class_="item-question")
    assert [text(question.h2) for question in questions] == ["Question 1", "Question 2"]
    who, what = (only_chart(question) for question in questions)

    assert accessible_name(page, who.find("svg")) == (
        "Answers to question 1 A stranger: 0; A friend (correct answer): 3."
    )
    assert table_rows(who) == [
        ["A stranger", "0", "0%", ""],
        ["A friend", "3", "100%", "✓ Correct answer"],
    ]
    stranger, friend = who.find("svg").find_all("rect", class_="chart__bar")
    assert float(stranger["width"]) == 0 < float(friend["width"])
    assert "chart__bar--highlight" in friend["class"]
    assert "✓ A friend" in [text(label) for label in who.find("g", class_="chart__labels")("text")]

    assert accessible_name(page, what.find("svg")) == (
        "Answers to question 2 One clear ask (correct answer): 2; A list: 1."
    )
    assert table_rows(what) == [
        ["One clear ask", "2", "67%", "✓ Correct answer"],
        ["A list", "1", "33%", ""],
    ]
    clear_ask, a_list = what.find("svg").find_all("rect", class_="chart__bar")
    assert float(clear_ask["width"]) == pytest.approx(2 * float(a_list["width"]), abs=0.02)
