"""A lesson or quiz an editor closes (to some groups, to signed-in people, or
behind a password) stays closed beside its page too: whoever the page
refuses cannot practise, mark the lesson complete, or start, answer, submit
or review the quiz through their own addresses, and nothing of theirs is
saved. Whoever the page lets in gets through as before."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from lessons.models import LessonCompletion, PracticeDraft
from lessons.services import practice_draft_submit
from quizzes.models import Attempt, Response
from quizzes.services import attempt_start
from tests.factories import make_course, make_lesson, make_quiz, make_student, practice

pytestmark = pytest.mark.django_db

SCENARIO = "Ask Dana at Brightwater for twenty minutes."
MESSAGE = "Hi Dana, could we talk about Brightwater? Sam Rivera"


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


@pytest.fixture
def lesson(course):
    return make_lesson(course, body=[practice("ask-dana", scenario=SCENARIO)])


@pytest.fixture
def quiz(course):
    return make_quiz(course)


@pytest.fixture
def cohort():
    return Group.objects.create(name="Spring cohort")


def restrict(page, kind, *, groups=(), password=""):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    restriction.groups.set(groups)
    return restriction


def signed_in(client, user):
    client.force_login(user)
    return client


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text()


def sent_to_sign_in(response):
    return response.status_code == 302 and response["Location"].startswith(
        reverse("account_login")
    )


def practice_url(lesson):
    return reverse("lessons:practice", args=[lesson.pk, "ask-dana"])


def complete_url(lesson):
    return reverse("lessons:complete", args=[lesson.pk])


def start_url(quiz):
    return reverse("quizzes:start", args=[quiz.pk])


def stored():
    """Everything a student's actions beside a page can write."""
    return (
        list(PracticeDraft.objects.values_list("pk", "number", "text")),
        list(LessonCompletion.objects.values_list("pk", "student_id", "lesson_id")),
        list(Attempt.objects.values_list("pk", "state", "score")),
        list(Response.objects.values_list("pk", "answer", "version")),
    )


def test_a_lesson_closed_to_a_group_refuses_a_student_outside_it(client, lesson, cohort):
    kim = make_student("kim")
    client = signed_in(client, kim)
    assert SCENARIO in text(client.get(practice_url(lesson)))  # open, until it is closed
    own = practice_draft_submit(student=kim, lesson=lesson, key="ask-dana", text=MESSAGE)
    restrict(lesson, PageViewRestriction.GROUPS, groups=[cohort])
    before = stored()

    responses = [
        client.get(lesson.url),
        client.get(practice_url(lesson)),
        client.post(practice_url(lesson), {"text": MESSAGE}),
        client.post(complete_url(lesson)),
        client.get(reverse("lessons:draft", args=[own.pk])),
    ]

    for response in responses:
        assert sent_to_sign_in(response)
        assert SCENARIO not in text(response) and "Brightwater" not in text(response)
    assert stored() == before


def test_a_lesson_closed_to_a_group_lets_its_members_practise_and_complete(client, lesson, cohort):
    sam = make_student("sam")
    sam.groups.add(cohort)
    restrict(lesson, PageViewRestriction.GROUPS, groups=[cohort])
    client = signed_in(client, sam)

    page = client.get(practice_url(lesson))
    sent = client.post(practice_url(lesson), {"text": MESSAGE})
    done = client.post(complete_url(lesson))

    assert page.status_code == 200 and SCENARIO in text(page)
    assert sent.status_code == 303
    assert PracticeDraft.objects.filter(student=sam, lesson=lesson).count() == 1
    assert done.status_code == 303
    assert LessonCompletion.objects.filter(student=sam, lesson=lesson).exists()


def test_a_quiz_closed_to_a_group_refuses_to_start_for_a_student_outside_it(client, quiz, cohort):
    restrict(quiz, PageViewRestriction.GROUPS, groups=[cohort])
    client = signed_in(client, make_student("kim"))

    response = client.post(start_url(quiz))

    assert sent_to_sign_in(response)
    assert not Attempt.objects.exists()


def test_an_attempt_stops_when_its_quiz_is_closed_to_the_student(client, quiz, cohort):
    sam = make_student("sam")
    sam.groups.add(cohort)
    restrict(quiz, PageViewRestriction.GROUPS, groups=[cohort])
    client = signed_in(client, sam)
    assert client.post(start_url(quiz)).status_code == 302
    attempt = Attempt.objects.get(student=sam)
    key = attempt.questions[0]["key"]
    assert client.get(reverse("quizzes:attempt", args=[attempt.pk])).status_code == 200
    sam.groups.remove(cohort)  # out of the cohort, with the attempt still open
    before = stored()

    responses = [
        client.get(reverse("quizzes:attempt", args=[attempt.pk])),
        client.post(reverse("quizzes:save", args=[attempt.pk]), {f"q-{key}": "c1", f"v-{key}": 0}),
        client.post(
            reverse("quizzes:autosave", args=[attempt.pk]),
            data=json.dumps({"question": key, "answer": "c1", "version": 0}),
            content_type="application/json",
        ),
        client.post(
            reverse("quizzes:submit", args=[attempt.pk]),
            {f"q-{key}": "c1", f"v-{key}": 0, "confirm": "1"},
        ),
        client.get(reverse("quizzes:result", args=[attempt.pk])),
    ]

    for response in responses:
        assert sent_to_sign_in(response)
        assert "Who do you ask first?" not in text(response)
    assert stored() == before
    attempt.refresh_from_db()
    assert attempt.is_open


def test_a_course_closed_to_a_group_closes_its_lessons_and_quizzes(
    client, course, lesson, quiz, cohort
):
    restrict(course, PageViewRestriction.GROUPS, groups=[cohort])
    client = signed_in(client, make_student("kim"))

    responses = [
        client.get(practice_url(lesson)),
        client.post(complete_url(lesson)),
        client.post(start_url(quiz)),
    ]

    assert all(sent_to_sign_in(response) for response in responses)
    assert stored() == ([], [], [], [])


def test_a_lesson_and_quiz_closed_to_signed_out_visitors_send_them_to_sign_in(
    client, lesson, quiz
):
    restrict(lesson, PageViewRestriction.LOGIN)
    restrict(quiz, PageViewRestriction.LOGIN)

    responses = [
        client.get(practice_url(lesson)),
        client.post(practice_url(lesson), {"text": MESSAGE}),
        client.post(complete_url(lesson)),
        client.post(start_url(quiz)),
    ]

    for response in responses:
        assert sent_to_sign_in(response)
        assert SCENARIO not in text(response)
    assert stored() == ([], [], [], [])


def test_a_lesson_behind_a_password_asks_for_it_before_the_practice(client, lesson):
    restriction = restrict(lesson, PageViewRestriction.PASSWORD, password="brightwater")
    client = signed_in(client, make_student("sam"))

    asked = client.get(practice_url(lesson))
    refused = client.post(practice_url(lesson), {"text": MESSAGE})
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, lesson.pk]),
        {"password": "brightwater", "return_url": practice_url(lesson)},
    )
    shown = client.get(practice_url(lesson))

    assert asked.status_code == 200
    assert BeautifulSoup(asked.content, "html.parser").find("input", attrs={"name": "password"})
    assert SCENARIO not in text(asked)
    assert SCENARIO not in text(refused)
    assert not PracticeDraft.objects.exists()
    assert shown.status_code == 200 and SCENARIO in text(shown)


def test_an_open_quiz_reads_no_restriction_on_each_answer_once_it_is_known(client, quiz):
    sam = make_student("sam")
    attempt = attempt_start(student=sam, quiz=quiz)
    key = attempt.questions[0]["key"]
    client = signed_in(client, sam)
    url = reverse("quizzes:autosave", args=[attempt.pk])

    def autosave(version):
        payload = {"question": key, "answer": "c1", "version": version}
        response = client.post(url, data=json.dumps(payload), content_type="application/json")
        assert response.status_code == 200
        return response.json()["version"]

    version = autosave(0)  # learns that the quiz has no restriction
    with CaptureQueriesContext(connection) as queries:
        autosave(version)

    assert not [query for query in queries if "pageviewrestriction" in query["sql"]]
