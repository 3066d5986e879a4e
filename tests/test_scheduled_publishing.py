"""Scheduled publishing: a professor sets "go live" on a lesson or a quiz
and publishes; students see nothing until that time, and Wagtail's
`publish_scheduled` command (run every few minutes by cron in production)
then puts it live.

Rather than moving the clock, the tests schedule for the future and then
move the go-live time of the scheduled revision into the past, as if the
time had come.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from course.roles import Role, course_grant
from lessons.models import LessonPage
from quizzes.models import QuizPage
from tests.factories import make_course, make_lesson, make_student, single_choice

pytestmark = pytest.mark.django_db

TOMORROW = timedelta(days=1)


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


def schedule(page, go_live_at):
    """What "Publish" does with a go-live time set: the revision is approved
    to go live later, and the page waits."""
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return revision


def the_time_comes(revision):
    """Move the go-live time (both the one approved and the one stored in the
    revision's content) a minute into the past, then run the cron job."""
    revision = Revision.objects.get(pk=revision.pk)
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", stdout=io.StringIO())


def draft(course, page):
    page.live = False
    course.add_child(instance=page)
    return page


def test_a_scheduled_lesson_stays_hidden_until_its_time_then_goes_live(client, course):
    lesson = draft(course, LessonPage(title="The first week", slug="first-week", summary="x"))

    revision = schedule(lesson, timezone.now() + TOMORROW)

    assert not lesson.live
    assert lesson.status_string == "scheduled"
    call_command("publish_scheduled", stdout=io.StringIO())  # too early: nothing happens
    lesson.refresh_from_db()
    assert not lesson.live
    client.force_login(make_student())
    assert client.get("/not-if-when/first-week/").status_code == 404

    the_time_comes(revision)

    lesson.refresh_from_db()
    assert lesson.live
    assert client.get("/not-if-when/first-week/").status_code == 200


def test_a_scheduled_quiz_stays_hidden_until_its_time_then_goes_live(course):
    quiz = draft(
        course,
        QuizPage(
            title="Check yourself",
            slug="check",
            questions=[single_choice("Who first?", [("A stranger", False), ("A friend", True)])],
        ),
    )

    revision = schedule(quiz, timezone.now() + TOMORROW)

    assert not QuizPage.objects.live().filter(pk=quiz.pk).exists()

    the_time_comes(revision)

    assert QuizPage.objects.live().filter(pk=quiz.pk).exists()


def test_a_scheduled_change_to_a_live_lesson_leaves_the_live_version_until_its_time(
    client, course
):
    lesson = make_lesson(course, title="The handoff", slug="handoff")
    lesson.body = [("text", "<p>The new version.</p>")]

    revision = schedule(lesson, timezone.now() + TOMORROW)

    assert "The new version." not in client.get(lesson.url).content.decode()

    the_time_comes(revision)

    assert "The new version." in client.get(lesson.url).content.decode()


def test_a_professor_schedules_a_lesson_in_the_admin(client, course):
    paul = make_student("paul")
    course_grant(user=paul, course=course, role=Role.PROFESSOR)
    client.force_login(paul)
    go_live = (timezone.now() + TOMORROW).strftime("%Y-%m-%d %H:%M")
    form = {
        "title": "The first week",
        "slug": "first-week",
        "summary": "What to do first.",
        "estimated_minutes": "7",
        "go_live_at": go_live,
        "body-count": "1",
        "body-0-type": "text",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"Breathe.",'
        '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "action-publish": "1",
    }

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", course.pk]), form
    )

    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="first-week")
    assert not lesson.live
    revision = lesson.latest_revision
    assert revision.approved_go_live_at is not None

    the_time_comes(revision)

    lesson.refresh_from_db()
    assert lesson.live
