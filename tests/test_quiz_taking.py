"""A student takes a quiz in the browser's forms: start, answer, save, submit, review."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quizzes.models import Attempt, Response
from quizzes.presentation import countdown
from tests.factories import (
    make_course,
    make_quiz,
    make_student,
    multiple_answer,
    numeric,
    short_text,
    single_choice,
    true_false,
)

pytestmark = pytest.mark.django_db

# Every string below is part of the answer key: none may reach the student
# before their attempt is graded.
SECRETS = [
    "Feedback-right-choice",
    "Feedback-wrong-choice",
    "Feedback-for-true",
    "Feedback-for-false",
    "double opt-in",
    "Explanation-single",
    "Explanation-multi",
    "Explanation-tf",
    "Explanation-numeric",
    "Explanation-text",
    '"correct"',
    "accepted_answers",
    "tolerance",
]


def every_type():
    return [
        single_choice(
            "Who do you ask first?",
            [
                ("A stranger", False, "Feedback-wrong-choice"),
                ("A friend", True, "Feedback-right-choice"),
            ],
            explanation="Explanation-single",
        ),
        multiple_answer(
            "Which make a request easy to act on?",
            [("One clear ask", True), ("Context", True), ("A list of companies", False)],
            scoring="partial",
            explanation="Explanation-multi",
        ),
        true_false(
            "A connection is a contact.",
            False,
            feedback_true="Feedback-for-true",
            feedback_false="Feedback-for-false",
            explanation="Explanation-tf",
        ),
        numeric("How many asks per message?", 1, tolerance=0, explanation="Explanation-numeric"),
        short_text(
            "Name the introduction that asks both sides first.",
            ["double opt-in"],
            explanation="Explanation-text",
        ),
    ]


@pytest.fixture
def quiz():
    return make_quiz(make_course(), every_type(), attempts_allowed=2)


@pytest.fixture
def student_client():
    client = Client()
    client.force_login(make_student("sam"))
    return client


def start(client, quiz):
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def keys(attempt):
    return {entry["question"]["type"]: entry["key"] for entry in attempt.questions}


def autosave(client, attempt, key, answer, version=0):
    return client.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        json.dumps({"question": key, "answer": answer, "version": version}),
        content_type="application/json",
    )


def full_form(attempt, **answers):
    data = {}
    for kind, key in keys(attempt).items():
        data[f"v-{key}"] = Response.objects.get(attempt=attempt, question_key=key).version
        if kind in answers:
            data[f"q-{key}"] = answers[kind]
    return data


def right_answers(attempt):
    choice = {e["question"]["type"]: e["question"].get("choices") for e in attempt.questions}
    return {
        "single_choice": next(c["id"] for c in choice["single_choice"] if c["correct"]),
        "multiple_answer": [c["id"] for c in choice["multiple_answer"] if c["correct"]],
        "true_false": "false",
        "numeric": "1",
        "short_text": "  Double Opt-In ",
    }


def assert_no_answer_key(content):
    text = content.decode()
    for secret in SECRETS:
        assert secret not in text, secret


def test_signing_in_is_needed_to_start_and_leads_back_to_the_quiz(client, quiz):
    response = client.post(reverse("quizzes:start", args=[quiz.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert quiz.url in response["Location"]
    assert not Attempt.objects.exists()
    assert "Sign in" in client.get(quiz.url).content.decode()


def test_nothing_a_student_can_fetch_while_taking_the_quiz_holds_the_answer_key(
    student_client, quiz
):
    assert_no_answer_key(student_client.get(quiz.url).content)
    attempt = start(student_client, quiz)
    page = student_client.get(reverse("quizzes:attempt", args=[attempt.pk]))
    assert page.status_code == 200
    assert_no_answer_key(page.content)
    for kind, key in keys(attempt).items():
        saved = autosave(student_client, attempt, key, right_answers(attempt)[kind])
        assert saved.status_code == 200, saved.content
        assert_no_answer_key(saved.content)
    saved_form = student_client.post(
        reverse("quizzes:save", args=[attempt.pk]), full_form(attempt), follow=True
    )
    assert_no_answer_key(saved_form.content)
    assert_no_answer_key(student_client.get(quiz.url).content)


def test_questions_are_fieldsets_with_labelled_native_inputs(student_client, quiz):
    attempt = start(student_client, quiz)

    page = BeautifulSoup(
        student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content, "html.parser"
    )

    fieldsets = page.select("fieldset.question")
    assert len(fieldsets) == 5
    assert all(f.legend for f in fieldsets)
    for field in page.select("fieldset input[type=text]"):
        assert page.find("label", attrs={"for": field["id"]})
    assert page.find(attrs={"role": "status", "aria-live": "polite"})


def test_answers_saved_as_given_are_there_after_a_reload(student_client, quiz):
    attempt = start(student_client, quiz)
    k = keys(attempt)
    autosave(student_client, attempt, k["numeric"], "1")
    autosave(student_client, attempt, k["short_text"], "double opt-in")

    again = start(student_client, quiz)  # "Resume" from another device starts nothing new
    page = BeautifulSoup(
        student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content, "html.parser"
    )

    assert again.pk == attempt.pk
    assert page.find("input", attrs={"name": f"q-{k['numeric']}"})["value"] == "1"
    assert page.find("input", attrs={"name": f"q-{k['short_text']}"})["value"] == "double opt-in"


def test_a_full_submit_grades_once_and_shows_the_review(student_client, quiz):
    attempt = start(student_client, quiz)
    form = full_form(attempt, **right_answers(attempt))

    first = student_client.post(reverse("quizzes:submit", args=[attempt.pk]), form)
    graded = Attempt.objects.get(pk=attempt.pk)
    second = student_client.post(reverse("quizzes:submit", args=[attempt.pk]), form)

    assert first.status_code == second.status_code == 302
    assert Attempt.objects.get(pk=attempt.pk).submitted_at == graded.submitted_at
    assert graded.percent == 100 and graded.passed
    review = student_client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "You passed" in review
    assert "Explanation-text" in review and "Feedback-for-false" in review


def test_a_quiz_that_never_shows_feedback_shows_only_the_score(student_client):
    quiz = make_quiz(make_course(), every_type(), feedback_policy="never")
    attempt = start(student_client, quiz)
    student_client.post(
        reverse("quizzes:submit", args=[attempt.pk]), {**full_form(attempt), "confirm": "1"}
    )

    review = student_client.get(reverse("quizzes:result", args=[attempt.pk]))

    assert "0%" in review.content.decode()
    assert_no_answer_key(review.content)


def test_a_wrong_type_of_answer_is_refused_and_what_was_typed_is_kept(student_client, quiz):
    attempt = start(student_client, quiz)
    k = keys(attempt)
    form = full_form(attempt, numeric="about three", short_text="my draft")

    response = student_client.post(reverse("quizzes:save", args=[attempt.pk]), form)

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("input", attrs={"name": f"q-{k['numeric']}"})["value"] == "about three"
    assert page.find("input", attrs={"name": f"q-{k['short_text']}"})["value"] == "my draft"
    assert page.select_one(f"#question-{k['numeric']} .field-error")
    assert not Response.objects.filter(attempt=attempt).exclude(answer=None).exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("not json", 400),
        (json.dumps({"answer": "c0", "version": 0}), 400),
        (json.dumps({"question": "nope", "answer": "c0", "version": 0}), 400),
        (json.dumps({"question": "x" * 20000, "answer": "c0", "version": 0}), 413),
    ],
)
def test_autosave_refuses_bad_input_with_a_clear_message(student_client, quiz, body, status):
    attempt = start(student_client, quiz)

    response = student_client.post(
        reverse("quizzes:autosave", args=[attempt.pk]), body, content_type="application/json"
    )

    assert response.status_code == status
    assert response.json()["error"]
    assert not Response.objects.filter(attempt=attempt).exclude(answer=None).exists()


def test_a_choice_not_in_the_question_and_a_stale_tab_are_refused(student_client, quiz):
    attempt = start(student_client, quiz)
    key = keys(attempt)["single_choice"]

    assert autosave(student_client, attempt, key, "c9").status_code == 400
    assert autosave(student_client, attempt, key, "c0", version=0).status_code == 200
    stale = autosave(student_client, attempt, key, "c1", version=0)

    assert stale.status_code == 409
    assert Response.objects.get(attempt=attempt, question_key=key).answer == "c0"


def test_another_students_attempt_is_not_found(student_client, quiz):
    attempt = start(student_client, quiz)
    other = Client()
    other.force_login(make_student("alex"))
    key = keys(attempt)["single_choice"]

    assert other.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 404
    assert autosave(other, attempt, key, "c0").status_code == 404
    assert other.post(reverse("quizzes:submit", args=[attempt.pk]), {}).status_code == 404
    assert other.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).is_open


def test_a_form_without_its_csrf_token_is_refused(quiz):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_student("sam"))

    assert client.post(reverse("quizzes:start", args=[quiz.pk])).status_code == 403
    assert not Attempt.objects.exists()


def test_starting_past_the_attempt_limit_is_refused_with_a_message(student_client, quiz):
    for _ in range(2):
        attempt = start(student_client, quiz)
        student_client.post(reverse("quizzes:submit", args=[attempt.pk]), {"confirm": "1"})

    response = student_client.post(reverse("quizzes:start", args=[quiz.pk]), follow=True)

    assert "You have used all 2 attempts" in response.content.decode()
    assert Attempt.objects.count() == 2


def test_after_the_time_limit_the_attempt_is_graded_from_what_was_saved(student_client, quiz):
    attempt = start(student_client, quiz)
    k = keys(attempt)
    autosave(student_client, attempt, k["numeric"], "1")
    Attempt.objects.filter(pk=attempt.pk).update(deadline="2000-01-01T00:00:00Z")
    attempt.refresh_from_db()

    late = autosave(student_client, attempt, k["short_text"], "double opt-in", version=0)
    page = student_client.get(reverse("quizzes:attempt", args=[attempt.pk]))

    assert late.status_code == 403
    assert page.status_code == 302 and page["Location"].endswith("/result/")
    graded = Attempt.objects.get(pk=attempt.pk)
    assert not graded.is_open and graded.score == 1


def test_a_refused_answer_is_listed_in_a_summary_linked_to_its_question(student_client, quiz):
    attempt = start(student_client, quiz)
    k = keys(attempt)

    response = student_client.post(
        reverse("quizzes:submit", args=[attempt.pk]), full_form(attempt, numeric="about three")
    )

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    summary = page.select_one(".error-summary")
    assert summary["role"] == "alert"
    assert page.find(id=summary["aria-labelledby"]).name == "h2"
    links = summary.select("li a")
    assert [link["href"] for link in links] == [f"#question-{k['numeric']}"]
    assert "Question 4" in links[0].get_text()
    error_id = f"error-{k['numeric']}"
    assert page.find(id=error_id).get_text(strip=True).startswith("Error:")
    assert page.find(id=f"question-{k['numeric']}")["aria-describedby"] == error_id
    field = page.find("input", attrs={"name": f"q-{k['numeric']}"})
    assert field["aria-describedby"] == error_id and field["aria-invalid"] == "true"
    assert page.title.get_text().startswith("Error:")
    assert Attempt.objects.get(pk=attempt.pk).is_open


def test_every_refused_answer_is_in_the_summary(student_client):
    quiz = make_quiz(make_course(), [every_type()[3], every_type()[3], every_type()[0]])
    attempt = start(student_client, quiz)
    first, second, _choice = (entry["key"] for entry in attempt.questions)
    data = {f"v-{first}": "0", f"q-{first}": "lots", f"v-{second}": "0", f"q-{second}": "1,5e"}

    response = student_client.post(reverse("quizzes:save", args=[attempt.pk]), data)

    page = BeautifulSoup(response.content, "html.parser")
    hrefs = [link["href"] for link in page.select(".error-summary li a")]
    assert hrefs == [f"#question-{first}", f"#question-{second}"]
    assert len(page.select(".field-error")) == 2


def test_a_timed_attempt_shows_its_deadline_and_the_seconds_left_from_the_server(
    student_client,
):
    quiz = make_quiz(make_course(), every_type(), time_limit_minutes=20)
    attempt = start(student_client, quiz)
    deadline = timezone.now() + timedelta(minutes=20)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)

    page = BeautifulSoup(
        student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content, "html.parser"
    )

    box = page.select_one("[data-countdown]")
    assert 1190 <= int(box["data-seconds-left"]) <= 1200
    clock = timezone.localtime(deadline).strftime("%H:%M")
    assert (
        f"Submit by {clock} — 20 minutes left when this page loaded."
        in box.select_one(".countdown__deadline").get_text()
    )
    # The ticking clock is for sight only; speech comes from the polite region.
    assert box.select_one("[role=timer]").find_parent(attrs={"hidden": True})
    assert not box.select_one("[role=timer]").has_attr("aria-live")
    region = box.select_one("[aria-live=polite]")
    assert "visually-hidden" in region["class"]
    assert region["data-at-600"] == "10 minutes left."
    assert region["data-at-60"] == "1 minute left."
    assert region["data-at-30"] == "30 seconds left."
    assert region["data-at-0"].startswith("Time is up.")
    assert page.select_one("form[data-time-up-submit]")


def test_the_seconds_left_never_go_below_zero_and_are_spoken_to_the_minute():
    deadline = timezone.now()
    attempt = Attempt(deadline=deadline)

    assert countdown(attempt=attempt, now=deadline + timedelta(seconds=10)).seconds_left == 0
    at = countdown(attempt=attempt, now=deadline - timedelta(seconds=89))
    assert (at.seconds_left, at.left_text) == (89, "1 minute left")
    assert countdown(attempt=attempt, now=deadline - timedelta(seconds=45)).left_text == (
        "less than a minute left"
    )
    assert countdown(attempt=Attempt(deadline=None)) is None


def test_an_untimed_attempt_has_no_clock(student_client, quiz):
    attempt = start(student_client, quiz)

    page = student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content.decode()

    assert "data-countdown" not in page and "Submit by" not in page


def test_enter_in_an_answer_saves_rather_than_submits(student_client, quiz):
    attempt = start(student_client, quiz)

    page = BeautifulSoup(
        student_client.get(reverse("quizzes:attempt", args=[attempt.pk])).content, "html.parser"
    )

    # The first submit button is the form's default, the one Enter presses.
    default = page.select_one("form.quiz-form button[type=submit]")
    assert default["formaction"] == reverse("quizzes:save", args=[attempt.pk])


def queries(client, method, url, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        getattr(client, method)(url, **kwargs)
    return len(captured)


def counts_for(questions, username):
    client = Client()
    client.force_login(make_student(username))
    quiz = make_quiz(make_course(title=username), [every_type()[3]] * questions)
    attempt = start(client, quiz)
    key = attempt.questions[-1]["key"]
    client.get(reverse("quizzes:attempt", args=[attempt.pk]))  # warm shared caches
    page = queries(client, "get", reverse("quizzes:attempt", args=[attempt.pk]))
    save = queries(
        client,
        "post",
        reverse("quizzes:autosave", args=[attempt.pk]),
        data=json.dumps({"question": key, "answer": "1", "version": 0}),
        content_type="application/json",
    )
    url = reverse("quizzes:submit", args=[attempt.pk])
    ask = queries(client, "post", url, data={})  # questions left blank: asks first
    submit = queries(client, "post", url, data={"confirm": "1"})
    return page, save, ask, submit


def test_page_autosave_and_submit_queries_do_not_grow_with_questions(
    django_assert_max_num_queries,
):
    small = counts_for(3, "few")
    assert counts_for(25, "many") == small
    assert max(small) <= 12


def test_the_quiz_page_shows_the_students_own_attempts_and_what_to_do_next(student_client, quiz):
    assert "Start the quiz" in student_client.get(quiz.url).content.decode()
    attempt = start(student_client, quiz)
    assert "Resume your attempt" in student_client.get(quiz.url).content.decode()
    student_client.post(
        reverse("quizzes:submit", args=[attempt.pk]), full_form(attempt, **right_answers(attempt))
    )

    page = student_client.get(quiz.url).content.decode()

    assert "Attempt 1: 100%" in page
    assert "Your grade: <strong>100%</strong> (highest attempt)" in page
    assert "Try again" in page


def test_points_sent_by_the_browser_are_ignored(student_client, quiz):
    attempt = start(student_client, quiz)
    form = {
        **full_form(attempt),
        "confirm": "1",
        "points": "100",
        "score": "100",
        "percent": "100",
    }

    student_client.post(reverse("quizzes:submit", args=[attempt.pk]), form)

    graded = Attempt.objects.get(pk=attempt.pk)
    assert (graded.score, graded.percent, graded.passed) == (0, 0, False)


def quiz_page_queries(questions, attempts, username):
    client = Client()
    client.force_login(make_student(username))
    quiz = make_quiz(make_course(title=username), [every_type()[3]] * questions)
    for _ in range(attempts):
        attempt = start(client, quiz)
        client.post(reverse("quizzes:submit", args=[attempt.pk]), {"confirm": "1"})
    client.get(quiz.url)  # warm shared caches
    return queries(client, "get", quiz.url)


def test_quiz_page_queries_do_not_grow_with_questions_or_attempts():
    small = quiz_page_queries(2, 1, "few")

    assert quiz_page_queries(25, 4, "many") == small
    assert small <= 13
