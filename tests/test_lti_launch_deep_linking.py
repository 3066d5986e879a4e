"""An instructor asks, from the LMS, to add Soft Landing items: the launch is
checked like any other, signs them in, and hands the platform's request to
the chooser (`lti.assignments`) through the session."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from lti_tool.models import LtiMembership

from classes.models import Section
from lti.launch.models import SectionLink
from tests.factories import make_course, make_lesson
from tests.lti_platform import LEARNER, LTI, TARGET_HOST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

CHOOSER = TARGET_HOST + "/lti/deep-linking/"
SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


@pytest.fixture
def course():
    return make_course(title="Not If. When.")


def deep_link(client, platform, registration, **edits):
    return platform.launch(
        client,
        registration,
        target=CHOOSER,
        claims=platform.deep_linking_claims,
        edit=lambda claims: claims.update(edits),
    )


def test_the_instructor_lands_in_the_chooser_signed_in(client, platform, registration):
    response = deep_link(client, platform, registration)

    assert response.status_code == 302
    assert response["Location"] == "/lti/deep-linking/"
    teacher = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert teacher.last_name == "Teacher"
    assert client.session["lti_deep_linking"] == {
        "registration": registration.pk,
        "deployment_id": platform.deployment_id,
        "return_url": f"{platform.issuer}/deep_links/return",
        "data": "platform-data-1",
        "accept_types": ["ltiResourceLink"],
        "accept_multiple": True,
        "course": None,
    }
    assert LtiMembership.objects.get().is_instructor
    assert not Section.objects.exists()  # a class starts with its first resource launch


def test_the_registration_names_the_course_offered(client, platform, course):
    registration = platform.register(course=course)

    deep_link(client, platform, registration)

    assert client.session["lti_deep_linking"]["course"] == course.pk


def test_an_lms_course_already_taught_here_offers_its_own_course(client, platform, course):
    other = make_course(title="Salary Talks")
    registration = platform.register(course=other)
    lesson = make_lesson(course, title="The first 72 hours")
    platform.launch(Client(), registration, target=TARGET_HOST + lesson.url)
    assert SectionLink.objects.get().section.course_id == course.pk

    deep_link(client, platform, registration)

    assert client.session["lti_deep_linking"]["course"] == course.pk


def test_a_learner_cannot_add_items(client, platform, registration):
    response = deep_link(client, platform, registration, **{LTI + "roles": [LEARNER]})

    assert response.status_code == 400
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert "Only the course's instructors can add Soft Landing items" in text
    assert "lti_deep_linking" not in client.session
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.exists()


def test_a_request_without_a_return_address_is_refused(client, platform, registration):
    response = deep_link(client, platform, registration, **{SETTINGS: {"accept_types": []}})

    assert response.status_code == 400
    assert "lti_deep_linking" not in client.session


def test_a_deep_linking_launch_is_checked_like_any_other(client, platform, registration):
    response = deep_link(client, platform, registration, aud=["another-tool", "a-third"])

    assert response.status_code == 400
    assert "lti_deep_linking" not in client.session
