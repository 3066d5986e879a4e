"""An admin registers an LMS in the Wagtail admin and gets the addresses to
paste into it; nobody else may see or change registrations."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from lti.launch.models import RegistrationSettings
from tests.factories import instructors_group, make_course, make_student
from tests.lti_platform import TARGET_HOST

pytestmark = pytest.mark.django_db

ADD = "/admin/lti/platforms/new/"


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_student("root", is_superuser=True, is_staff=True))
    return client


def canvas(**fields):
    return {
        "name": "Canvas at Example College",
        "issuer": "https://canvas.instructure.com",
        "client_id": "10000000000042",
        "audience": "",
        "auth_url": "https://sso.canvaslms.com/api/lti/authorize_redirect",
        "token_url": "https://sso.canvaslms.com/login/oauth2/token",
        "keyset_url": "https://sso.canvaslms.com/api/lti/security/jwks",
        "deployment_ids": "1:abc\n2:def\n",
        "frame_origins": "https://example.instructure.com/\nhttps://EXAMPLE.edu",
        "course": "",
        "is_active": "on",
        **fields,
    }


def addresses(page):
    soup = BeautifulSoup(page.content, "html.parser")
    terms = soup.select(".lti-addresses dt")
    return {dt.get_text(strip=True): dt.find_next("dd").code.get_text() for dt in terms}


def test_an_admin_registers_an_lms_and_reads_the_addresses_to_paste(admin_client):
    course = make_course(title="Not If. When.", slug="not-if-when")

    response = admin_client.post(ADD, canvas(course=course.pk))

    registration = LtiRegistration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lti_registrations:edit", args=[registration.pk])
    page = admin_client.get(response["Location"])
    assert addresses(page) == {
        "Login initiation URL": f"{TARGET_HOST}/lti/login/{registration.uuid}/",
        "Redirect URL (launch URL)": TARGET_HOST + "/lti/launch/",
        "Key set URL": TARGET_HOST + "/lti/jwks/",
        "Deep linking URL": TARGET_HOST + "/lti/deep-linking/",
        "Target link URI (tool URL)": TARGET_HOST + "/not-if-when/",
    }


def test_what_the_admin_typed_is_stored(admin_client):
    admin_client.post(ADD, canvas())

    registration = LtiRegistration.objects.get()
    assert registration.client_id == "10000000000042"
    assert set(registration.deployments.values_list("deployment_id", "is_active")) == {
        ("1:abc", True),
        ("2:def", True),
    }
    assert RegistrationSettings.objects.get(registration=registration).frame_origins == [
        "https://example.instructure.com",
        "https://example.edu",
    ]
    assert Key.objects.active().count() == 1  # the key set the LMS is given is not empty


def test_the_addresses_name_the_lti_host_when_there_is_one(admin_client, settings):
    settings.LTI_HOST = "lti.example.edu"
    admin_client.post(ADD, canvas())
    registration = LtiRegistration.objects.get()

    page = admin_client.get(reverse("lti_registrations:edit", args=[registration.pk]))

    assert addresses(page)["Key set URL"] == "https://lti.example.edu/lti/jwks/"


def test_a_deployment_taken_off_the_list_is_switched_off(admin_client):
    admin_client.post(ADD, canvas())
    registration = LtiRegistration.objects.get()
    edit = reverse("lti_registrations:edit", args=[registration.pk])
    form = admin_client.get(edit).context["form"]
    assert form.initial["deployment_ids"] == "1:abc\n2:def"

    admin_client.post(edit, canvas(deployment_ids="2:def"))

    assert dict(LtiDeployment.objects.values_list("deployment_id", "is_active")) == {
        "1:abc": False,
        "2:def": True,
    }


@pytest.mark.parametrize(
    "origin",
    ["http://example.instructure.com", "https://example.instructure.com/courses/1", "*"],
)
def test_a_framing_origin_must_be_an_https_origin(admin_client, origin):
    response = admin_client.post(ADD, canvas(frame_origins=origin))

    assert response.status_code == 200
    assert "frame_origins" in response.context["form"].errors
    assert not LtiRegistration.objects.exists()


def test_the_same_client_of_the_same_lms_is_registered_once(admin_client):
    admin_client.post(ADD, canvas())

    response = admin_client.post(ADD, canvas(name="Again"))

    assert response.status_code == 200
    assert LtiRegistration.objects.count() == 1


def test_instructors_and_professors_are_turned_away(admin_client):
    admin_client.post(ADD, canvas())
    instructor = make_student("ines")
    instructor.groups.add(instructors_group())
    client = Client()
    client.force_login(instructor)

    for url in (
        reverse("lti_registrations:index"),
        ADD,
        reverse("lti_registrations:edit", args=[LtiRegistration.objects.get().pk]),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
