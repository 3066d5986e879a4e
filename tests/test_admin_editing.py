"""A professor writes lessons in the Wagtail admin: the forms open, a draft previews."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lessons.models import LessonPage
from tests.factories import make_course_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.edu", "pw")
    client.force_login(user)
    return client


def lesson_form(title, slug):
    return {
        "title": title,
        "slug": slug,
        "summary": "A new lesson.",
        "estimated_minutes": "7",
        "body-count": "1",
        "body-0-type": "text",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"Draft text.",'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
    }


def test_edit_form_of_a_lesson_opens(editor):
    _, (lesson,) = make_course_with_lessons(1)

    response = editor.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))

    assert response.status_code == 200
    assert b"Estimated minutes" in response.content


def test_a_new_lesson_previews_inside_its_course_before_it_is_saved(editor):
    course, _ = make_course_with_lessons(2)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["lessons", "lessonpage", course.pk])

    assert editor.post(url, lesson_form("Fresh lesson", "fresh")).json()["is_valid"]
    preview = editor.get(url)

    assert preview.status_code == 200
    assert b"Fresh lesson" in preview.content
    assert b"Lesson 3 of 3" in preview.content
    assert not LessonPage.objects.filter(slug="fresh").exists()


def test_a_lesson_is_created_and_published_from_the_admin(editor):
    course, _ = make_course_with_lessons(1)
    url = reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", course.pk])

    response = editor.post(
        url, {**lesson_form("Asking well", "asking-well"), "action-publish": "1"}
    )

    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="asking-well")
    assert lesson.live and lesson.estimated_minutes == 7
    assert "Draft text." in str(lesson.body)


def test_the_quiz_editor_opens_with_every_question_type(editor):
    course, _ = make_course_with_lessons(1)

    response = editor.get(
        reverse("wagtailadmin_pages:add", args=["quizzes", "quizpage", course.pk])
    )

    assert response.status_code == 200
    for label in (
        b"Single choice",
        b"Multiple answer",
        b"True or false",
        b"Numeric",
        b"Short text",
    ):
        assert label in response.content, label
