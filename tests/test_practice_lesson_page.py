"""Practice blocks on a lesson page that shares its other blocks between
students: each student gets their own draft, feedback and form token,
never another's; the page's queries do not grow with the number of practice
blocks; and a lesson can ask for a draft with no problems before it is
marked complete."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.models import LessonCompletion
from lessons.services import practice_draft_submit
from tests.factories import make_course, make_lesson, make_student, practice

pytestmark = pytest.mark.django_db

GOOD = (
    "Hi Dana,\n\nI'm Sam Rivera; you managed our team at Corliss in 2024. Would you have 20 "
    "minutes next week for a call? No worries if not.\n\nThank you,\nSam Rivera"
)
TEXT = ("text", "<p>Something worth reading.</p>")


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


def client_of(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    return client


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def form_token(page, key):
    form = page.find(id=f"practice-{key}").find("form")
    return form["action"], form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_each_student_sees_only_their_own_draft_and_gets_a_token_that_works(course):
    lesson = make_lesson(course, body=[TEXT, practice("ask"), TEXT])
    sam, kim = make_student("sam"), make_student("kim")
    practice_draft_submit(student=sam, lesson=lesson, key="ask", text="Sam's secret draft.")
    sam_page = soup(client_of(sam).get(lesson.url))  # fills the shared fragments
    kim_client = client_of(kim)

    kim_page = soup(kim_client.get(lesson.url))
    action, token = form_token(kim_page, "ask")
    posted = kim_client.post(action, {"csrfmiddlewaretoken": token, "text": "Kim's own draft."})

    assert "Sam's secret draft." in sam_page.find("textarea").get_text()
    assert "Sam's secret draft." not in kim_page.get_text()
    assert form_token(sam_page, "ask")[1] != token
    assert posted.status_code == 303
    assert kim.practice_drafts.get().text == "Kim's own draft."
    assert "Kim's own draft." not in soup(client_of(sam).get(lesson.url)).get_text()


def test_the_page_queries_do_not_grow_with_the_practice_blocks(
    course, django_assert_max_num_queries
):
    plain = make_lesson(course, body=[TEXT, TEXT])
    one = make_lesson(course, body=[TEXT, practice("a"), TEXT])
    three = make_lesson(course, body=[practice("a"), TEXT, practice("b"), TEXT, practice("c")])
    sam = make_student("sam")
    for lesson, keys in ((one, "a"), (three, "abc")):
        for key in keys:
            practice_draft_submit(student=sam, lesson=lesson, key=key, text=GOOD)
            practice_draft_submit(student=sam, lesson=lesson, key=key, text=GOOD + " Again.")
    client = client_of(sam)
    for lesson in (plain, one, three):
        count_queries(client, lesson.url)  # the first visit fills the shared parts

    baseline = count_queries(client, plain.url)
    with django_assert_max_num_queries(baseline + 1):
        with_one = count_queries(client, one.url)
    assert count_queries(client, three.url) == with_one


def test_a_visitor_signed_out_gets_the_scenario_and_no_form_token(client, course):
    lesson = make_lesson(course, body=[practice("ask", scenario="Ask Dana for advice.")])

    page = soup(client.get(lesson.url))

    block = page.find(id="practice-ask")
    assert "Ask Dana for advice." in block.get_text()
    assert block.find("form") is None
    assert page.find("input", attrs={"name": "csrfmiddlewaretoken"}) is None


def test_a_preview_shows_the_block_without_a_form(course):
    lesson = make_lesson(course, body=[practice("ask", scenario="Ask Dana for advice.")])

    preview = lesson.make_preview_request()

    html = BeautifulSoup(preview.rendered_content, "html.parser")
    assert "Ask Dana for advice." in html.get_text()
    assert html.find(id="practice-ask").find("form") is None


def test_a_lesson_can_ask_for_a_draft_with_no_problems_before_completion(course):
    lesson = make_lesson(course, body=[TEXT, practice("ask", required=True)])
    sam = make_student("sam")
    client = client_of(sam)
    page = soup(client.get(lesson.url))
    token = page.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    complete = reverse("lessons:complete", args=[lesson.pk])

    assert page.find("form", class_="completion__form") is None
    assert page.select_one(".completion a")["href"] == "#practice-ask"
    refused = client.post(complete, {"csrfmiddlewaretoken": token}, follow=True)
    assert "first check a draft with no problems" in refused.content.decode()
    assert not LessonCompletion.objects.exists()

    practice_draft_submit(student=sam, lesson=lesson, key="ask", text="Dear all, hire me")
    assert client.post(complete, {"csrfmiddlewaretoken": token}).status_code == 303
    assert not LessonCompletion.objects.exists()

    practice_draft_submit(student=sam, lesson=lesson, key="ask", text=GOOD)
    page = soup(client.get(lesson.url))
    assert page.find("form", class_="completion__form")
    assert client.post(complete, {"csrfmiddlewaretoken": token}).status_code == 303
    assert LessonCompletion.objects.filter(student=sam, lesson=lesson).exists()


def test_two_practice_blocks_may_not_share_an_exercise_name(course):
    body = make_lesson(course, body=[practice("ask"), practice("ask")]).body

    with pytest.raises(ValidationError) as refused:
        body.stream_block.clean(body)
    (message,) = refused.value.block_errors[1].block_errors["key"].messages
    assert message == "Another practice block in this lesson already uses this name."
