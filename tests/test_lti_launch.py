"""A student opens a lesson from their LMS and lands in it, signed in and in the class.

The fake platform (`tests.lti_platform`) plays the LMS: it starts the
login, signs the launch with its own key and posts it. The first launch
from an LMS course makes the class (a section of the lesson's course) and
the student's account; every later one finds them again. The link's page
is found as Wagtail finds any page, its query string aside: a lesson taken
offline, a lesson of an unpublished course and a path below a lesson are
refused and leave nothing behind. Nothing reaches the network.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from lti_tool.models import LtiContext, LtiLineItem, LtiMembership, LtiResourceLink, LtiUser

from accounts.services import account_delete
from classes.models import Enrollment, Section
from lti.launch.models import LinkedItem, SectionLink
from tests.factories import make_course, make_lesson, make_student, two_point_quiz
from tests.lti_platform import INSTRUCTOR, LTI, TARGET_HOST
from tests.test_lti_launch_refused import assert_refused, counts, signed_and_posted

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NOT_IN_COURSE = "does not lead to a lesson or quiz"


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


@pytest.fixture
def lesson(course):
    return make_lesson(course, title="The first 72 hours", slug="first-72-hours")


def target(page):
    return TARGET_HOST + page.url


def signed_in_user(client):
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_the_login_sends_the_browser_to_sign_in_at_the_platform(
    client, platform, registration, lesson
):
    login = platform.login(client, registration, target=target(lesson))

    assert login.response.status_code == 302
    assert login.query["client_id"] == platform.client_id
    assert login.query["redirect_uri"] == TARGET_HOST + "/lti/launch/"
    assert login.query["login_hint"] == "hint-1"
    assert login.query["lti_message_hint"] == "message-hint-1"
    assert (login.query["response_type"], login.query["response_mode"]) == (
        "id_token",
        "form_post",
    )
    assert (login.query["scope"], login.query["prompt"]) == ("openid", "none")
    assert login.state and login.nonce and login.state != login.nonce
    cookie = login.response.cookies[f"lti-state-{login.state}"]
    assert cookie.value == login.state
    assert (cookie["samesite"], cookie["secure"], cookie["httponly"]) == ("None", True, True)


def test_a_platform_may_post_the_login_too(client, platform, registration, lesson):
    login = platform.login(client, registration, target=target(lesson), method="post")

    assert login.state is not None


def test_a_learner_lands_in_the_lesson_signed_in_and_enrolled(
    client, platform, registration, lesson, course
):
    response = platform.launch(client, registration, target=target(lesson))

    assert response.status_code == 302
    assert response["Location"] == lesson.url
    student = signed_in_user(client)
    assert (student.first_name, student.last_name) == ("Sam", "Student")
    assert student.email == "student-1@college.example.edu"
    assert not student.has_usable_password()
    section = Section.objects.get()
    assert section.course_id == course.pk
    assert section.name == "Career Readiness, Fall 2027"
    assert Enrollment.objects.get().student == student
    assert section.enrollments.get().status == Enrollment.Status.ACTIVE
    assert not section.instructors.exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Sam Student" in page.content.decode()


def test_the_platform_side_is_recorded_for_grades_and_rosters(
    client, platform, registration, lesson
):
    platform.launch(client, registration, target=target(lesson))

    lti_user = LtiUser.objects.get()
    assert (lti_user.registration, lti_user.sub) == (registration, "student-1")
    assert lti_user.auth_user == signed_in_user(client)
    context = LtiContext.objects.get()
    assert (context.id_on_platform, context.label) == ("course-101", "CAREER 101")
    assert context.is_course_offering
    assert SectionLink.objects.get().context == context
    membership = LtiMembership.objects.get()
    assert (membership.user, membership.context) == (lti_user, context)
    assert membership.is_learner and not membership.is_instructor
    resource_link = LtiResourceLink.objects.get()
    assert (resource_link.id_on_platform, resource_link.title) == ("link-1", "The first 72 hours")
    assert LinkedItem.objects.get().resource_link == resource_link
    assert LinkedItem.objects.get().page_id == lesson.pk


def test_a_second_launch_finds_the_same_account_and_class(
    client, platform, registration, lesson, course
):
    platform.launch(client, registration, target=target(lesson))
    first = signed_in_user(client)
    client.logout()
    other_lesson = make_lesson(course, title="The handoff")

    response = platform.launch(client, registration, target=target(other_lesson))

    assert response["Location"] == other_lesson.url
    assert signed_in_user(client) == first
    assert get_user_model().objects.count() == 1
    assert Section.objects.count() == 1
    assert Enrollment.objects.count() == 1
    assert LtiResourceLink.objects.count() == 1  # the same link, now opening the other lesson
    assert LinkedItem.objects.get().page_id == other_lesson.pk


def test_a_classmate_joins_the_same_class(client, platform, registration, lesson):
    platform.launch(client, registration, target=target(lesson))
    classmate = Client()

    platform.launch(
        classmate,
        registration,
        target=target(lesson),
        edit=lambda claims: claims.update(sub="student-2", email="noor@college.example.edu"),
    )

    assert Section.objects.count() == 1
    assert Enrollment.objects.count() == 2
    assert signed_in_user(classmate) != signed_in_user(client)


def test_an_instructor_teaches_the_class_and_reaches_its_admin_pages(
    client, platform, registration, lesson
):
    response = platform.launch(
        client,
        registration,
        target=target(lesson),
        edit=lambda claims: claims.update({"sub": "teacher-1", LTI + "roles": [INSTRUCTOR]}),
    )

    assert response.status_code == 302
    teacher = signed_in_user(client)
    section = Section.objects.get()
    assert list(section.instructors.all()) == [teacher]
    assert not Enrollment.objects.exists()
    assert LtiMembership.objects.get().is_instructor
    overview = client.get(reverse("classes_section:overview", args=[section.pk]))
    assert overview.status_code == 200


def test_a_teaching_assistant_is_an_instructor_too(client, platform, registration, lesson):
    assistant = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"

    platform.launch(
        client,
        registration,
        target=target(lesson),
        edit=lambda claims: claims.update({"sub": "ta-1", LTI + "roles": [assistant]}),
    )

    assert Section.objects.get().instructors.count() == 1


def test_a_dropped_learner_the_lms_launches_is_back_in_the_class(
    client, platform, registration, lesson
):
    platform.launch(client, registration, target=target(lesson))
    Enrollment.objects.update(status=Enrollment.Status.DROPPED)
    client.logout()

    platform.launch(client, registration, target=target(lesson))

    assert Enrollment.objects.get().status == Enrollment.Status.ACTIVE


def test_no_account_is_taken_over_by_an_lms_claiming_its_email(
    client, platform, registration, lesson
):
    admin = make_student("root", is_superuser=True, is_staff=True)

    platform.launch(
        client,
        registration,
        target=target(lesson),
        edit=lambda claims: claims.update(email=admin.email),
    )

    assert signed_in_user(client) != admin
    assert not signed_in_user(client).is_superuser


def test_a_graded_link_stores_its_line_item_and_the_course_scores(
    client, platform, registration, course
):
    quiz = two_point_quiz(course, title="Check 1")
    lineitem = f"{platform.issuer}/api/courses/101/line_items/7"
    endpoint = {
        "scope": [SCORE_SCOPE],
        "lineitems": f"{platform.issuer}/api/courses/101/line_items",
        "lineitem": lineitem,
    }

    platform.launch(
        client,
        registration,
        target=target(quiz),
        edit=lambda claims: claims.update({AGS: endpoint}),
    )

    line_item = LtiLineItem.objects.get()
    assert line_item.url == lineitem
    assert line_item.resource_link == LtiResourceLink.objects.get()
    assert line_item.context == LtiContext.objects.get()
    assert line_item.maximum_score == 2
    context = LtiContext.objects.get()
    assert context.lineitems_url == endpoint["lineitems"]
    assert context.can_publish_scores and not context.can_manage_lineitems


def test_the_course_is_the_one_of_the_launched_page(client, platform, registration, course):
    response = platform.launch(client, registration, target=target(course))

    assert response["Location"] == course.url
    assert Section.objects.get().course_id == course.pk


def test_a_link_with_a_query_string_opens_its_lesson(client, platform, registration, lesson):
    response = platform.launch(client, registration, target=f"{target(lesson)}?module=3")

    assert (response.status_code, response["Location"]) == (302, lesson.url)


def test_a_lesson_taken_offline_is_refused(client, platform, registration, lesson):
    link = target(lesson)
    lesson.unpublish()
    before = counts()

    response, _token = signed_and_posted(client, platform, registration, link)

    assert_refused(response, client, before, says=NOT_IN_COURSE)


def test_a_lesson_of_an_unpublished_course_is_refused(
    client, platform, registration, course, lesson
):
    course.unpublish()
    before = counts()

    response, _token = signed_and_posted(client, platform, registration, target(lesson))

    assert_refused(response, client, before, says=NOT_IN_COURSE)


def test_a_path_below_a_lesson_is_refused(client, platform, registration, lesson):
    before = counts()

    response, _token = signed_and_posted(
        client, platform, registration, f"{target(lesson)}attempts/7/"
    )

    assert_refused(response, client, before, says=NOT_IN_COURSE)


def test_a_student_who_deleted_their_account_starts_afresh(client, platform, registration, lesson):
    platform.launch(client, registration, target=target(lesson))
    deleted = signed_in_user(client)
    account_delete(user=deleted)
    client.logout()

    response = platform.launch(client, registration, target=target(lesson))

    assert response.status_code == 302
    assert signed_in_user(client) != deleted
    assert LtiUser.objects.get().auth_user == signed_in_user(client)


def test_deleting_an_account_forgets_what_the_lms_said_about_the_person(
    client, platform, registration, lesson
):
    platform.launch(client, registration, target=target(lesson))
    lms_user = LtiUser.objects.get()
    assert lms_user.email and lms_user.given_name  # what the launch told us

    account_delete(user=signed_in_user(client))

    lms_user.refresh_from_db()
    assert (lms_user.given_name, lms_user.family_name, lms_user.name) == ("", "", "")
    assert (lms_user.email, lms_user.picture_url) == ("", "")


def test_an_account_an_admin_switched_off_is_not_signed_in(client, platform, registration, lesson):
    platform.launch(client, registration, target=target(lesson))
    get_user_model().objects.update(is_active=False)
    client.logout()

    response = platform.launch(client, registration, target=target(lesson))

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
