"""The quiz page a visitor sees before starting: what the quiz is, never its answers."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    make_course,
    make_lesson,
    make_quiz,
    multiple_answer,
    numeric,
    short_text,
    single_choice,
    true_false,
)

pytestmark = pytest.mark.django_db

SECRETS = [
    "A former manager who knows your work",
    "They can vouch for you",
    "Start with people who know you",
    "Close the loop",
    "Severance depends on your state",
    "individual initiative",
    "Both of them are weeks",
]


def a_quiz_full_of_answers(course, **fields):
    return make_quiz(
        course,
        [
            single_choice(
                "Who should you ask first?",
                [
                    ("A stranger", False),
                    ("A former manager who knows your work", True, "They can vouch for you."),
                ],
                explanation="Start with people who know you.",
            ),
            multiple_answer(
                "What goes in a thank-you note?",
                [("Thanks", True, "Close the loop."), ("Your CV", False)],
            ),
            true_false(
                "Every state requires severance.",
                False,
                feedback_false="Severance depends on your state.",
            ),
            short_text("What gets you hired?", ["individual initiative"]),
            numeric("How many weeks?", 2, unit="weeks", explanation="Both of them are weeks."),
        ],
        intro="<p>Five questions on the networking handoff.</p>",
        **fields,
    )


def test_the_quiz_page_describes_the_quiz_without_giving_away_its_answers(client):
    course = make_course(title="Not if, when")
    make_lesson(course, title="The handoff")
    quiz = a_quiz_full_of_answers(
        course, title="Check yourself", pass_mark=80, attempts_allowed=2, time_limit_minutes=15
    )

    response = client.get(quiz.url)

    assert response.status_code == 200
    html = response.content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert page.h1.get_text() == "Check yourself"
    assert "Five questions on the networking handoff." in page.main.get_text()
    facts = {
        dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in page.select(".facts dt")
    }
    assert facts == {
        "Questions": "5",
        "Pass mark": "80%",
        "Attempts allowed": "2",
        "Time limit": "15 minutes",
    }
    assert "to start this quiz" in html
    assert [a.get_text() for a in page.select(".course-nav__items a")] == [
        "The handoff",
        "Check yourself",
    ]
    assert (
        page.select_one(".pager__link--previous").get_text(" ", strip=True).endswith("The handoff")
    )
    for secret in SECRETS:
        assert secret not in html


def test_unlimited_attempts_and_no_time_limit_say_so(client):
    quiz = make_quiz(make_course())

    page = BeautifulSoup(client.get(quiz.url).content, "html.parser")

    facts = [dd.get_text() for dd in page.select(".facts dd")]
    assert facts == ["1", "70%", "Unlimited", "None"]
