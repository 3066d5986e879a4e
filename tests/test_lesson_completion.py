"""A student marks a lesson complete: once, only their own, only with a real form post."""

import pytest
from bs4 import BeautifulSoup
from django.db.models.query import QuerySet
from django.test import Client
from django.urls import reverse

from lessons.models import LessonCompletion
from lessons.services import lesson_complete
from tests.factories import make_course_with_lessons, make_student

pytestmark = pytest.mark.django_db


def complete_url(lesson):
    return reverse("lessons:complete", args=[lesson.pk])


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def student():
    return make_student()


@pytest.fixture
def lessons():
    _, lessons = make_course_with_lessons(3)
    return lessons


def test_the_lesson_ends_with_a_form_that_marks_it_complete(client, student, lessons):
    client.force_login(student)

    form = soup(client.get(lessons[0].url)).find("form", action=complete_url(lessons[0]))

    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("button", string="Mark complete")


def test_marking_complete_records_it_once_and_says_so(client, student, lessons):
    client.force_login(student)

    response = client.post(complete_url(lessons[0]))

    assert response.status_code == 303
    assert response["Location"] == lessons[0].url
    assert LessonCompletion.objects.filter(student=student, lesson=lessons[0]).count() == 1
    page = soup(client.get(response["Location"]))
    assert "Marked complete." in page.find(class_="messages").get_text()
    done = page.find(class_="completion__done")
    assert done.get_text(" ", strip=True) == "Completed ✓"
    assert page.find("a", string=f"Go on to {lessons[1].title}")["href"] == lessons[1].url
    assert not page.find("button", string="Mark complete")


def test_then_next_goes_on_to_the_next_item(client, student, lessons):
    client.force_login(student)

    response = client.post(complete_url(lessons[1]), {"then": "next"})

    assert response.status_code == 303
    assert response["Location"] == lessons[2].url


def test_then_next_on_the_last_item_stays_on_it(client, student, lessons):
    client.force_login(student)

    response = client.post(complete_url(lessons[2]), {"then": "next"})

    assert response["Location"] == lessons[2].url


def test_a_double_click_leaves_one_completion(client, student, lessons):
    client.force_login(student)

    client.post(complete_url(lessons[0]))
    first = LessonCompletion.objects.get(student=student, lesson=lessons[0])
    assert client.post(complete_url(lessons[0])).status_code == 303

    assert LessonCompletion.objects.filter(student=student).count() == 1
    assert LessonCompletion.objects.get().completed_at == first.completed_at
    assert lesson_complete(student=student, lesson=lessons[0]) == first


def test_losing_a_race_to_the_other_click_returns_its_row(student, lessons, monkeypatch):
    winner = lesson_complete(student=student, lesson=lessons[0])
    real_get, calls = QuerySet.get, []

    def get_that_misses_the_first_time(queryset, *args, **kwargs):
        """As if the other request committed just after this one looked."""
        calls.append(kwargs)
        if len(calls) == 1:
            raise LessonCompletion.DoesNotExist
        return real_get(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "get", get_that_misses_the_first_time)

    assert lesson_complete(student=student, lesson=lessons[0]) == winner
    assert len(calls) == 2
    assert LessonCompletion.objects.count() == 1


def test_a_get_is_refused(client, student, lessons):
    client.force_login(student)

    assert client.get(complete_url(lessons[0])).status_code == 405
    assert not LessonCompletion.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_recorded(client, lessons):
    response = client.post(complete_url(lessons[0]))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={lessons[0].url}"
    assert not LessonCompletion.objects.exists()


def test_an_anonymous_visitor_is_invited_to_sign_in_instead_of_the_form(client, lessons):
    page = soup(client.get(lessons[0].url))

    link = page.find("a", string="Sign in to track your progress")
    assert link["href"] == f"{reverse('account_login')}?next={lessons[0].url}"
    assert not page.find("form", action=complete_url(lessons[0]))


def test_a_post_without_the_csrf_token_is_refused(student, lessons):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    assert client.post(complete_url(lessons[0])).status_code == 403
    assert not LessonCompletion.objects.exists()


def test_the_form_on_the_page_passes_the_csrf_check(student, lessons):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    form = soup(client.get(lessons[0].url)).find("form", action=complete_url(lessons[0]))
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    response = client.post(complete_url(lessons[0]), {"csrfmiddlewaretoken": token})

    assert response.status_code == 303
    assert LessonCompletion.objects.filter(student=student).count() == 1


def test_an_unpublished_lesson_cannot_be_completed(client, student, lessons):
    lessons[1].unpublish()
    client.force_login(student)

    assert client.post(complete_url(lessons[1])).status_code == 404
    assert not LessonCompletion.objects.exists()


def test_only_lessons_can_be_completed(client, student, lessons):
    client.force_login(student)
    course = lessons[0].get_parent()

    assert client.post(reverse("lessons:complete", args=[course.pk])).status_code == 404
    assert client.post("/lessons/999999/complete/").status_code == 404


def test_another_students_completion_is_not_mine(client, student, lessons):
    lesson_complete(student=make_student("alex"), lesson=lessons[0])
    client.force_login(student)

    page = soup(client.get(lessons[0].url))

    assert page.find("button", string="Mark complete")
    assert not page.find(class_="completion__done")
    assert "(completed)" not in page.get_text()
    assert page.find("label", string="0 of 3 done")
