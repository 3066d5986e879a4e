"""A signed-in lesson page is served from a shell shared by everyone, with
each visitor's own parts filled in (`course.page_shells`): the page must be
exactly what rendering it whole gives, for every kind of visitor, and no
one's own parts may reach anyone else."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Page

from course import page_shells
from lessons.models import LessonPage
from lessons.services import lesson_complete, practice_draft_submit
from tests.factories import make_course, make_lesson, make_student, practice

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def course():
    return make_course(title="Not If. When.")


@pytest.fixture
def lessons(course):
    return [
        make_lesson(course, title="The first 72 hours"),
        make_lesson(
            course,
            title="Asking well",
            body=[
                ("text", "<p>Before the ask, the context.</p>"),
                practice("ask-dana", scenario="Ask Dana at Brightwater for twenty minutes."),
                ("text", "<p>After the ask, the thanks.</p>"),
            ],
        ),
        make_lesson(course, title="Your transition plan"),
    ]


def served(client, url):
    """The page as the site serves it, and as Wagtail would render it whole,
    with the CSRF token (different on every render) left out."""
    shell = client.get(url)
    whole_serve = LessonPage.serve
    try:
        LessonPage.serve = Page.serve
        whole = client.get(url)
    finally:
        LessonPage.serve = whole_serve
    assert shell.status_code == whole.status_code == 200
    return TOKEN.sub(b"", shell.content), TOKEN.sub(b"", whole.content)


@pytest.mark.parametrize("who", ["student", "staff", "visitor"])
def test_a_lesson_from_its_shell_is_the_lesson_rendered_whole(client, lessons, who):
    if who != "visitor":
        person = make_student("kim", first_name="Kim", last_name="Ortiz", is_staff=who == "staff")
        lesson_complete(student=person, lesson=lessons[0])
        practice_draft_submit(
            student=person, lesson=lessons[1], key="ask-dana", text="Hi Dana, sorry to bother you."
        )
        client.force_login(person)

    for lesson in lessons:
        shell, whole = served(client, lesson.url)
        assert shell == whole, lesson.title


def test_a_message_is_shown_once_to_its_visitor(client, lessons):
    client.force_login(make_student("sam"))
    client.get(lessons[0].url)  # the shell is made before there is a message

    shown = client.post(reverse("lessons:complete", args=[lessons[0].pk]), follow=True)
    again = client.get(lessons[0].url)

    assert "Marked complete." in shown.content.decode()
    assert "Marked complete." not in again.content.decode()
    assert "Completed" in again.content.decode()


def test_one_shell_serves_every_student_and_no_one_sees_another(client, lessons, monkeypatch):
    builds = []
    make = page_shells._shell
    monkeypatch.setattr(page_shells, "_shell", lambda *a: builds.append(1) or make(*a))
    kim = make_student("kim", first_name="Kim", last_name="Ortiz")
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    lesson_complete(student=kim, lesson=lessons[0])
    practice_draft_submit(
        student=kim, lesson=lessons[1], key="ask-dana", text="Hi Dana, words of her own."
    )

    pages = {}
    for person in (kim, sam, kim):
        client.force_login(person)
        pages[person.username] = client.get(lessons[1].url).content.decode()

    assert len(builds) == 1
    assert "Kim Ortiz" in pages["kim"] and "words of her own" in pages["kim"]
    assert "Sam Rivera" in pages["sam"]
    assert "Kim" not in pages["sam"] and "1 of 3 done" not in pages["sam"]
    assert "0 of 3 done" in pages["sam"] and "1 of 3 done" in pages["kim"]


def test_a_publish_makes_a_new_shell(client, lessons):
    client.force_login(make_student("sam"))
    client.get(lessons[0].url)
    lesson = lessons[0]
    lesson.title = "The first three days"
    lesson.save_revision().publish()

    page = BeautifulSoup(client.get(lesson.url).content, "html.parser")

    assert page.h1.get_text() == "The first three days"


def test_a_visitor_and_a_student_each_get_their_own_menu(client, lessons):
    visitor = client.get(lessons[0].url).content.decode()  # the visitors' shell first
    client.force_login(make_student("sam", first_name="Sam", last_name="Rivera"))

    student = client.get(lessons[0].url).content.decode()

    assert "Sign in" in visitor and "Sign out" not in visitor
    assert "Sam Rivera" in student and "Sign out" in student
    assert "Create account" not in student
