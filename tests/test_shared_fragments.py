"""Signed-in lesson pages share the course's parts between students (the
route to the page, the outline, the lesson body) and never anything of one
student's own: ticks, progress and form tokens are each student's, and a
publish shows at once."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from lessons.services import lesson_complete
from tests.factories import make_course_with_lessons, make_student

pytestmark = pytest.mark.django_db


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def ticked(page):
    """Titles the outline marks as done."""
    return [li.a.get_text() for li in page.select("nav.course-nav li.is-done")]


def client_of(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    return client


@pytest.fixture
def lessons():
    _course, lessons = make_course_with_lessons(3)
    return lessons


@pytest.fixture
def sam():
    return make_student("sam")


@pytest.fixture
def kim():
    return make_student("kim")


@pytest.mark.parametrize("sam_looks_first", [True, False])
def test_two_students_never_see_each_others_progress(lessons, sam, kim, sam_looks_first):
    lesson_complete(student=sam, lesson=lessons[0])
    order = [sam, kim] if sam_looks_first else [kim, sam]

    pages = {student: page_of(client_of(student), lessons[1].url) for student in order}

    assert ticked(pages[sam]) == ["Lesson 1"]
    assert ticked(pages[kim]) == []
    assert pages[sam].find("progress")["value"] == "1"
    assert pages[kim].find("progress")["value"] == "0"


def test_a_completed_lesson_shows_as_completed_on_the_next_view(lessons, sam):
    client = client_of(sam)
    form = page_of(client, lessons[0].url).find("form", class_="completion__form")
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    client.post(form["action"], {"csrfmiddlewaretoken": token})

    page = page_of(client, lessons[0].url)
    assert page.find(class_="completion__done")
    assert ticked(page) == ["Lesson 1"]


def test_each_student_gets_a_form_token_of_their_own_that_works(lessons, sam, kim):
    sam_client, kim_client = client_of(sam), client_of(kim)
    page_of(sam_client, lessons[0].url)  # fills the shared parts

    form = page_of(kim_client, lessons[0].url).find("form", class_="completion__form")
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    response = kim_client.post(form["action"], {"csrfmiddlewaretoken": token})

    assert response.status_code == 303
    assert kim.lesson_completions.count() == 1
    assert sam.lesson_completions.count() == 0


def test_a_published_change_to_the_body_shows_at_once(lessons, sam):
    client = client_of(sam)
    lesson = lessons[0]
    page_of(client, lesson.url)

    lesson.body = [("text", "<p>Rewritten after the review.</p>")]
    lesson.save_revision().publish()

    assert "Rewritten after the review." in page_of(client, lesson.url).get_text()


def test_a_renamed_sibling_is_not_stale_in_a_students_outline(lessons, sam):
    client = client_of(sam)
    page_of(client, lessons[0].url)

    lessons[2].title = "Asking well"
    lessons[2].save_revision().publish()

    titles = [a.get_text() for a in page_of(client, lessons[0].url).select("nav.course-nav li a")]
    assert titles == ["Lesson 1", "Lesson 2", "Asking well"]


def test_an_unpublished_lesson_is_gone_at_once_for_a_student(lessons, sam):
    client = client_of(sam)
    page_of(client, lessons[1].url)

    lessons[1].unpublish()

    assert client.get(lessons[1].url).status_code == 404
    assert [
        a.get_text() for a in page_of(client, lessons[0].url).select("nav.course-nav li a")
    ] == [
        "Lesson 1",
        "Lesson 3",
    ]


def test_a_preview_neither_reads_nor_leaves_a_shared_body(lessons, sam):
    client = client_of(sam)
    lesson = lessons[0]
    page_of(client, lesson.url)  # the live body is now shared
    lesson.body = [("text", "<p>A draft nobody has approved.</p>")]
    lesson.save_revision()

    preview = lesson.make_preview_request()

    assert "A draft nobody has approved." in preview.rendered_content
    assert "A draft nobody has approved." not in page_of(client, lesson.url).get_text()


def test_a_page_closed_to_a_group_is_closed_at_once_to_a_student_outside_it(lessons, sam):
    client = client_of(sam)
    page_of(client, lessons[1].url)  # the route, with no restriction, is now remembered
    staff = Group.objects.create(name="Staff only")

    restriction = PageViewRestriction.objects.create(
        page=lessons[1], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(staff)

    assert client.get(lessons[1].url).status_code == 302  # to the sign-in page: not for sam
    sam.groups.add(staff)
    assert client.get(lessons[1].url).status_code == 200
    restriction.delete()
    sam.groups.remove(staff)
    assert client.get(lessons[1].url).status_code == 200


def test_a_remembered_page_is_a_fresh_copy_for_every_request(lessons, sam):
    client = client_of(sam)
    first = client.get(lessons[0].url).context["page"]
    first.title = "Changed in one request only"

    second = client.get(lessons[0].url).context["page"]

    assert second is not first
    assert second.title == "Lesson 1"
