"""An instructor syncs their class with the LMS roster: students the LMS lists
are enrolled (accounts made for those who never launched), those it no
longer lists are dropped, and nothing changes when the LMS does not answer.
From the roster page's button, or `manage.py sync_lti_rosters`."""

from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from lti_tool.models import LtiMembership, LtiUser

from accounts.services import account_delete
from classes.models import Enrollment, Section
from lti.assignments.ags import TIMEOUT
from lti.launch.models import SectionLink
from lti.launch.rosters import MEMBERS_SCOPE
from tests.factories import instructors_group, make_course, make_lesson, make_section
from tests.lti_platform import INSTRUCTOR, LEARNER, LTI, TARGET_HOST, member
from tests.lti_world import answer_tokens

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
ROSTER_PATH = "/api/courses/101/memberships"


@pytest.fixture
def platform(platform):
    """The LMS, which also sells the access tokens its roster needs."""
    answer_tokens(platform)
    return platform


@pytest.fixture
def registration(registration):
    instructors_group()
    return registration


@pytest.fixture
def lesson():
    return make_lesson(make_course(title="Not If. When."), title="The first 72 hours")


def launch_as(platform, registration, lesson, sub, roles=None):
    """`sub` opens the lesson from the LMS course, which offers its roster."""
    client = Client()

    def edit(claims):
        claims.update(
            {
                "sub": sub,
                NRPS: {
                    "context_memberships_url": platform.issuer + ROSTER_PATH,
                    "service_versions": ["2.0"],
                },
            }
        )
        if roles:
            claims[LTI + "roles"] = roles

    response = platform.launch(client, registration, target=TARGET_HOST + lesson.url, edit=edit)
    assert response.status_code == 302
    return client


@pytest.fixture
def teacher(platform, registration, lesson):
    return launch_as(platform, registration, lesson, "teacher-1", roles=[INSTRUCTOR])


@pytest.fixture
def section(teacher):
    return Section.objects.get()


def student_of(sub):
    return LtiUser.objects.get(sub=sub).auth_user


def statuses(section):
    return {
        LtiUser.objects.get(auth_user=e.student).sub: e.status
        for e in Enrollment.objects.filter(section=section)
    }


def sync(client, section):
    return client.post(reverse("lti_roster_sync", args=[section.pk]))


def test_the_sync_adds_and_drops_enrollments(platform, registration, lesson, teacher, section):
    launch_as(platform, registration, lesson, "kept")
    launch_as(platform, registration, lesson, "left-the-course")
    platform.serve_roster(
        [
            member("teacher-1", roles=[INSTRUCTOR]),
            member("kept", given_name="Kim", family_name="Kept"),
            member("new-1", given_name="Noor", family_name="Haddad", email="noor@college.edu"),
            member("withdrew", status="Inactive"),
        ]
    )

    response = sync(teacher, section)

    assert response.status_code == 302
    assert response["Location"] == reverse("classes_section:roster", args=[section.pk])
    assert statuses(section) == {
        "kept": "active",
        "new-1": "active",
        "left-the-course": "dropped",
    }
    noor = student_of("new-1")
    assert (noor.first_name, noor.last_name, noor.email) == ("Noor", "Haddad", "noor@college.edu")
    assert not LtiMembership.objects.get(user__sub="withdrew").is_active
    assert not LtiMembership.objects.get(user__sub="left-the-course").is_active
    assert SectionLink.objects.get().synced_at is not None
    page = teacher.get(response["Location"])
    message = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "1 enrolled" in message and "1 dropped" in message


def test_a_student_back_in_the_lms_is_brought_back(
    platform, registration, lesson, teacher, section
):
    launch_as(platform, registration, lesson, "returning")
    Enrollment.objects.update(status=Enrollment.Status.DROPPED)
    platform.serve_roster([member("returning")])

    sync(teacher, section)

    assert statuses(section) == {"returning": "active"}


def test_the_lms_instructors_teach_the_section(platform, registration, teacher, section):
    platform.serve_roster([member("co-teacher", roles=[INSTRUCTOR])])

    sync(teacher, section)

    assert student_of("co-teacher") in section.instructors.all()
    assert not Enrollment.objects.exists()


def test_the_roster_is_asked_for_with_its_own_scope_and_a_timeout(
    platform, registration, teacher, section
):
    platform.serve_roster([member("kept")])

    sync(teacher, section)

    assert parse_qs(platform.requests_to("/token")[-1].body)["scope"] == [MEMBERS_SCOPE]
    (roster,) = platform.requests_to(ROSTER_PATH)
    assert roster.headers["Authorization"].startswith("Bearer token-")
    assert roster.timeout == TIMEOUT


def test_every_page_of_a_long_roster_is_read(platform, registration, teacher, section):
    platform.serve_roster([member("first-page")])
    second = platform.serve_roster([member("second-page")], path=ROSTER_PATH + "/2")
    first_page = platform.handlers[("GET", ROSTER_PATH)]

    def with_next(request):
        status, headers, body = first_page(request)
        return status, {**headers, "Link": f'<{second}?Cursor=AbC>; rel="next"'}, body

    platform.handlers[("GET", ROSTER_PATH)] = with_next

    sync(teacher, section)

    assert set(statuses(section)) == {"first-page", "second-page"}
    assert platform.requests_to(ROSTER_PATH + "/2")[0].url.endswith("?Cursor=AbC")


def test_a_next_page_on_another_host_is_not_followed(
    platform, registration, teacher, section, monkeypatch
):
    sent_to = []
    to_platform = requests.adapters.HTTPAdapter.send

    def send(adapter, request, **kwargs):
        sent_to.append(urlsplit(request.url).netloc)
        return to_platform(adapter, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    platform.serve_roster([member("first-page")])
    first_page = platform.handlers[("GET", ROSTER_PATH)]

    def elsewhere(request):
        status, headers, body = first_page(request)
        return status, {**headers, "Link": '<https://collector.example/r>; rel="next"'}, body

    platform.handlers[("GET", ROSTER_PATH)] = elsewhere

    response = sync(teacher, section)

    assert set(sent_to) == {urlsplit(platform.issuer).netloc}  # the token stayed home
    assert not Enrollment.objects.exists()
    page = teacher.get(response["Location"])
    assert "did not give us the roster" in page.content.decode()


def test_a_token_the_lms_no_longer_takes_is_not_used_again(
    platform, registration, teacher, section
):
    platform.handlers[("GET", ROSTER_PATH)] = lambda request: (401, {}, {"error": "expired"})
    sync(teacher, section)
    platform.serve_roster([member("new-1")])

    sync(teacher, section)

    first, second = platform.requests_to(ROSTER_PATH)
    assert first.headers["Authorization"] == "Bearer token-1"
    assert second.headers["Authorization"] == "Bearer token-2"
    assert set(statuses(section)) == {"new-1"}


def test_an_account_an_admin_switched_off_is_left_alone(
    platform, registration, lesson, teacher, section
):
    launch_as(platform, registration, lesson, "switched-off")
    closed = student_of("switched-off")
    get_user_model().objects.filter(pk=closed.pk).update(is_active=False)
    platform.serve_roster([member("switched-off", given_name="Else"), member("new-1")])

    sync(teacher, section)

    assert student_of("switched-off") == closed
    assert LtiUser.objects.get(sub="switched-off").given_name != "Else"
    assert not get_user_model().objects.get(pk=closed.pk).is_active
    assert statuses(section) == {"switched-off": "dropped", "new-1": "active"}


def test_a_student_who_deleted_their_account_gets_a_new_one(
    platform, registration, lesson, teacher, section
):
    launch_as(platform, registration, lesson, "came-back")
    deleted = student_of("came-back")
    account_delete(user=deleted)
    platform.serve_roster([member("came-back", given_name="Cam", family_name="Back")])

    sync(teacher, section)

    account = student_of("came-back")
    assert account != deleted and account.is_active
    assert (account.first_name, account.last_name) == ("Cam", "Back")
    assert not account.has_usable_password()
    assert Enrollment.objects.get(student=account, section=section).status == "active"
    assert Enrollment.objects.get(student=deleted, section=section).status == "dropped"


def test_members_without_a_usable_id_are_left_out(platform, registration, teacher, section):
    platform.serve_roster(
        [
            member("good"),
            member("x" * 256),
            member(42),
            {"roles": [LEARNER], "status": "Active"},
            "not a member",
        ]
    )

    response = sync(teacher, section)

    assert statuses(section) == {"good": "active"}
    page = teacher.get(response["Location"])
    assert "1 person" in BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)


def test_someone_listed_twice_counts_once_as_listed_last(platform, registration, teacher, section):
    platform.serve_roster([member("twice", status="Inactive"), member("twice", given_name="Tw")])

    response = sync(teacher, section)

    assert statuses(section) == {"twice": "active"}
    assert LtiMembership.objects.get(user__sub="twice").is_active
    assert LtiUser.objects.get(sub="twice").given_name == "Tw"
    page = teacher.get(response["Location"])
    assert "1 person" in BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)


def test_an_lms_that_does_not_answer_changes_nothing(
    platform, registration, lesson, teacher, section
):
    launch_as(platform, registration, lesson, "kept")
    platform.handlers[("GET", ROSTER_PATH)] = lambda request: (503, {}, {"error": "busy"})

    response = sync(teacher, section)

    assert statuses(section) == {"kept": "active"}
    page = teacher.get(response["Location"])
    assert "did not give us the roster" in page.content.decode()


def test_only_the_sections_own_instructors_may_sync(platform, registration, section):
    other = get_user_model().objects.create_user("ines", "ines@example.edu", "x")
    other.groups.add(instructors_group())
    outsider = Client()
    outsider.force_login(other)
    platform.serve_roster([member("new-1")])

    assert sync(outsider, section).status_code == 404
    assert not Enrollment.objects.exists()


def test_a_section_not_taught_in_an_lms_has_nothing_to_sync(teacher, section):
    mine = make_section(section.course, instructors=[section.instructors.get()])

    assert sync(teacher, mine).status_code == 404
    assert teacher.get(reverse("lti_roster_sync", args=[section.pk])).status_code == 405


def test_the_roster_page_offers_the_button_for_lms_classes_only(teacher, section):
    mine = make_section(section.course, instructors=[section.instructors.get()])

    linked = teacher.get(reverse("classes_section:roster", args=[section.pk]))
    plain = teacher.get(reverse("classes_section:roster", args=[mine.pk]))

    assert "Sync the roster from the LMS" in linked.content.decode()
    assert "Sync the roster from the LMS" not in plain.content.decode()


def test_the_command_syncs_every_lms_class(platform, registration, teacher, section):
    platform.serve_roster([member("new-1"), member("new-2")])
    out = StringIO()

    call_command("sync_lti_rosters", stdout=out)

    assert set(statuses(section)) == {"new-1", "new-2"}
    assert "2 enrolled" in out.getvalue()


def test_the_command_says_when_a_roster_cannot_be_read(platform, registration, teacher, section):
    with pytest.raises(CommandError, match="1 roster"):
        call_command("sync_lti_rosters", str(section.pk), stdout=StringIO(), stderr=StringIO())
