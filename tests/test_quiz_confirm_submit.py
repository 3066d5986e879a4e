"""A student submits with questions left blank, with or without JavaScript:
the server saves what was sent and asks first, grades only when the student
confirms, and never asks once time is up."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Response
from tests.factories import make_course, make_quiz, make_student, single_choice

pytestmark = pytest.mark.django_db


def five_questions():
    return [
        single_choice(f"Question about step {n}?", [("Wrong", False), ("Right", True)])
        for n in range(1, 6)
    ]


@pytest.fixture
def student_client():
    client = Client()
    client.force_login(make_student("sam"))
    return client


@pytest.fixture
def quiz():
    return make_quiz(make_course(), five_questions(), time_limit_minutes=20)


def start(client, quiz):
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    return Attempt.objects.get()


def form(attempt, answered):
    """The attempt page's form with the questions at `answered` (1-based) right."""
    data = {}
    for number, entry in enumerate(attempt.questions, start=1):
        data[f"v-{entry['key']}"] = "0"
        if number in answered:
            data[f"q-{entry['key']}"] = "c1"
    return data


def submit(client, attempt, data, **kwargs):
    return client.post(reverse("quizzes:submit", args=[attempt.pk]), data, **kwargs)


def test_blank_questions_are_listed_and_nothing_is_graded(student_client, quiz):
    attempt = start(student_client, quiz)

    response = submit(student_client, attempt, form(attempt, answered={1, 3, 4}))

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.get_text() == "Submit anyway?"
    assert "2 questions have no answer: 2, 5." in page.get_text()
    back = page.find("a", string="Go back and answer")
    assert back["href"] == (
        reverse("quizzes:attempt", args=[attempt.pk]) + f"#question-{attempt.questions[1]['key']}"
    )
    confirm = page.find("button", string="Submit anyway").find_parent("form")
    assert confirm["action"] == reverse("quizzes:submit", args=[attempt.pk])
    assert confirm.find("input", attrs={"name": "confirm"})
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.score is None
    # What was sent is saved, so going back shows it.
    assert Response.objects.filter(attempt=attempt).exclude(answer=None).count() == 3


def test_one_blank_question_is_named(student_client, quiz):
    attempt = start(student_client, quiz)

    response = submit(student_client, attempt, form(attempt, answered={1, 2, 3, 5}))

    assert "Question 4 has no answer." in response.content.decode()


def test_confirming_grades_what_was_saved(student_client, quiz):
    attempt = start(student_client, quiz)
    submit(student_client, attempt, form(attempt, answered={1, 3, 4}))

    response = submit(student_client, attempt, {"confirm": "1"})

    assert response.status_code == 302 and response["Location"].endswith("/result/")
    graded = Attempt.objects.get()
    assert not graded.is_open and graded.score == 3


def test_answering_everything_submits_at_once(student_client, quiz):
    attempt = start(student_client, quiz)

    response = submit(student_client, attempt, form(attempt, answered={1, 2, 3, 4, 5}))

    assert response.status_code == 302 and response["Location"].endswith("/result/")
    assert Attempt.objects.get().percent == 100


def test_the_question_answered_in_an_earlier_save_counts_as_answered(student_client, quiz):
    attempt = start(student_client, quiz)
    student_client.post(
        reverse("quizzes:save", args=[attempt.pk]), form(attempt, answered={1, 2, 3, 4})
    )
    last = attempt.questions[4]["key"]

    response = submit(student_client, attempt, {f"v-{last}": "0", f"q-{last}": "c1"})

    assert response.status_code == 302
    assert Attempt.objects.get().percent == 100


def test_the_timer_running_out_submits_without_asking(student_client, quiz):
    attempt = start(student_client, quiz)
    data = {**form(attempt, answered={1}), "time_up": "1", "confirm": "1"}

    response = submit(student_client, attempt, data, follow=True)

    assert Attempt.objects.get().score == 1
    assert "Time is up, so your answers were submitted for you." in response.content.decode()


def test_a_submit_after_the_deadline_counts_only_what_was_saved_in_time(student_client, quiz):
    attempt = start(student_client, quiz)
    student_client.post(reverse("quizzes:save", args=[attempt.pk]), form(attempt, answered={1}))
    deadline = timezone.now() - timedelta(minutes=5)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)

    response = submit(student_client, attempt, form(attempt, answered={1, 2, 3}), follow=True)

    graded = Attempt.objects.get()
    assert not graded.is_open and graded.score == 1
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    late = timezone.localtime(deadline).strftime("%H:%M")
    assert (
        f"Time ran out at {late}, so answers sent after that did not count. Your attempt "
        "was graded from the answers saved before then." in text
    )


def test_a_second_confirm_changes_nothing(student_client, quiz):
    attempt = start(student_client, quiz)
    submit(student_client, attempt, {"confirm": "1"})
    first = Attempt.objects.get()

    again = submit(student_client, attempt, {**form(attempt, answered={1}), "confirm": "1"})

    assert again.status_code == 302
    assert Attempt.objects.get().submitted_at == first.submitted_at
    assert Attempt.objects.get().score == 0


def test_the_confirmation_page_keeps_the_clock(student_client, quiz):
    attempt = start(student_client, quiz)

    page = BeautifulSoup(submit(student_client, attempt, {}).content, "html.parser")

    assert page.select_one("[data-countdown][data-seconds-left]")
    assert page.select_one("form[data-time-up-submit] input[name=confirm]")
