"""Review before publish: under review, a professor's change goes live only
once a reviewer approves it in the admin.

Paul and Priya write "Not If. When."; Maya reviews it; Omar writes another
course. Paul submits, the live lesson stays as students know it, and only
Maya's approval publishes it; her request for changes publishes nothing, and
neither Priya, Omar nor an instructor can approve. The demo data plays the
same story with its own professor and reviewer.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from course.roles import Role, course_grant
from course.workflows import course_review_disable, course_review_enable, course_under_review
from lessons.models import LessonPage
from tests.factories import make_course, make_lesson, make_quiz, make_student

pytestmark = pytest.mark.django_db


def body(text):
    return (
        '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"'
        + text
        + '","inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'
    )


def lesson_form(lesson, text):
    return {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": lesson.summary,
        "estimated_minutes": "7",
        "body-count": "1",
        "body-0-type": "text",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": body(text),
    }


@pytest.fixture
def course():
    course = make_course(title="Not If. When.", slug="not-if-when")
    call_command("grant_course", "--course", "not-if-when", "--review", "on", stdout=io.StringIO())
    return course


@pytest.fixture
def lesson(course):
    return make_lesson(course, title="The handoff", slug="handoff")


def professor(username, course, role=Role.PROFESSOR):
    user = make_student(username)
    course_grant(user=user, course=course, role=role)
    return user


@pytest.fixture
def paul(course):
    return professor("paul", course)


@pytest.fixture
def maya(course):
    return professor("maya", course, Role.REVIEWER)


def submit(client, user, lesson, text):
    client.force_login(user)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        {**lesson_form(lesson, text), "action-submit": "1"},
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    return lesson.current_workflow_task_state


def act(client, user, lesson, task_state, action, comment=""):
    client.force_login(user)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, action, task_state.pk]),
        {"comment": comment},
    )


def test_under_review_a_professor_is_offered_submit_instead_of_publish(client, paul, lesson):
    client.force_login(paul)

    page = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()

    assert "Submit to Review before publish: Not If. When." in page
    assert 'name="action-publish"' not in page


def test_posting_publish_anyway_only_saves_a_draft(client, paul, lesson):
    client.force_login(paul)

    client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        {**lesson_form(lesson, "Sneaked live."), "action-publish": "1"},
    )

    lesson.refresh_from_db()
    assert lesson.has_unpublished_changes
    assert "Sneaked live." not in str(lesson.body)
    assert "Sneaked live." not in client.get(lesson.url).content.decode()


def test_a_submitted_change_waits_for_a_colleague_and_her_approval_publishes_it(
    client, paul, maya, lesson
):
    task_state = submit(client, paul, lesson, "Ask for one thing.")

    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert lesson.has_unpublished_changes
    assert "Ask for one thing." not in str(lesson.body)
    assert "Ask for one thing." not in client.get(lesson.url).content.decode()
    client.force_login(maya)
    assert "The handoff" in client.get(reverse("wagtailadmin_home")).content.decode()

    response = act(client, maya, lesson, task_state, "approve")

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert not lesson.has_unpublished_changes
    assert "Ask for one thing." in str(lesson.body)
    assert "Ask for one thing." in client.get(lesson.url).content.decode()
    assert lesson.live_revision.user == paul
    state = WorkflowState.objects.for_instance(lesson).get()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_a_request_for_changes_publishes_nothing(client, paul, maya, lesson):
    task_state = submit(client, paul, lesson, "Cold-message everyone.")

    act(client, maya, lesson, task_state, "reject", "Not strangers, remember?")

    lesson.refresh_from_db()
    assert "Cold-message everyone." not in str(lesson.body)
    assert lesson.has_unpublished_changes
    state = WorkflowState.objects.for_instance(lesson).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "Cold-message everyone." not in client.get(lesson.url).content.decode()


def test_a_fellow_professor_cannot_approve(client, paul, lesson, course):
    priya = professor("priya", course)
    task_state = submit(client, paul, lesson, "Ask for one thing.")

    for who in (priya, paul):
        act(client, who, lesson, task_state, "approve")

    lesson.refresh_from_db()
    assert "Ask for one thing." not in str(lesson.body)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_a_reviewer_of_another_course_cannot_approve(client, paul, lesson):
    nora = professor("nora", make_course(title="Salary Talks", slug="salary-talks"), Role.REVIEWER)
    task_state = submit(client, paul, lesson, "Ask for one thing.")

    act(client, nora, lesson, task_state, "approve")

    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_a_professor_of_another_course_cannot_approve(client, paul, lesson):
    omar = professor("omar", make_course(title="Salary Talks", slug="salary-talks"))
    task_state = submit(client, paul, lesson, "Ask for one thing.")

    response = act(client, omar, lesson, task_state, "approve")

    assert response.status_code in (302, 403)
    lesson.refresh_from_db()
    assert "Ask for one thing." not in str(lesson.body)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_an_instructor_cannot_approve(client, paul, course, lesson):
    ines = make_student("ines")
    course_grant(user=ines, course=course, role=Role.INSTRUCTOR)
    task_state = submit(client, paul, lesson, "Ask for one thing.")

    act(client, ines, lesson, task_state, "approve")

    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_a_quiz_of_the_course_is_under_review_too(paul, course):
    quiz = make_quiz(course, title="Check yourself")

    permissions = quiz.permissions_for_user(paul)

    assert quiz.get_workflow().name == "Review before publish: Not If. When."
    assert permissions.can_edit() and not permissions.can_publish()
    assert permissions.can_submit_for_moderation()


def test_a_reviewer_keeps_publish_under_review(maya, lesson):
    assert lesson.permissions_for_user(maya).can_publish()


def test_turning_review_off_lets_professors_publish_again(paul, course, lesson):
    course_review_disable(course=course)

    assert not course_under_review(course=course)
    assert lesson.permissions_for_user(paul).can_publish()
    assert lesson.get_workflow().name != "Review before publish: Not If. When."

    course_review_enable(course=course)
    course_review_enable(course=course)  # again: still one workflow, still no publish

    paul = get_user_model().objects.get(pk=paul.pk)  # page permissions are cached per user
    assert not lesson.permissions_for_user(paul).can_publish()
    assert lesson.get_workflow().name == "Review before publish: Not If. When."


def test_the_command_reports_review_on_and_off(course):
    out = io.StringIO()

    call_command("grant_course", "--course", "not-if-when", "--review", "off", stdout=out)
    call_command("grant_course", "--course", "not-if-when", "--review", "on", stdout=out)

    assert "no longer under review" in out.getvalue()
    assert "is under “Review before publish: Not If. When.”" in out.getvalue()


def test_in_the_demo_one_professor_submits_and_the_other_approves(settings, client):
    settings.DEBUG = True
    call_command("load_course", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    User = get_user_model()
    paul, maya = User.objects.get(username="professor"), User.objects.get(username="reviewer")
    lesson = LessonPage.objects.filter(url_path__contains="/not-if-when/").first()
    assert not lesson.permissions_for_user(paul).can_publish()
    assert not paul.groups.filter(name="Editors").exists()
    edit = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    form = {
        **lesson_form(lesson, "A demo edit."),
        "summary": lesson.summary,
        "estimated_minutes": str(lesson.estimated_minutes or 5),
    }
    client.force_login(paul)
    assert client.post(edit, {**form, "action-submit": "1"}).status_code == 302
    lesson.refresh_from_db()
    task_state = lesson.current_workflow_task_state

    # Paul alone cannot put it live: not by approving his own change, nor by publishing.
    act(client, paul, lesson, task_state, "approve")
    client.post(edit, {**form, "action-publish": "1"})

    lesson.refresh_from_db()
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert "A demo edit." not in str(lesson.body)
    assert "A demo edit." not in client.get(lesson.url).content.decode()

    response = act(client, maya, lesson, task_state, "approve")

    assert response.status_code == 302
    lesson.refresh_from_db()
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.finished_by == maya
    assert "A demo edit." in str(lesson.body)
    assert "A demo edit." in client.get(lesson.url).content.decode()


def test_turning_review_off_cancels_a_review_in_progress(client, paul, lesson, course):
    submit(client, paul, lesson, "Ask for one thing.")

    course_review_disable(course=course)

    state = WorkflowState.objects.for_instance(lesson).get()
    assert state.status == WorkflowState.STATUS_CANCELLED
    lesson.refresh_from_db()
    assert "Ask for one thing." not in str(lesson.body)
