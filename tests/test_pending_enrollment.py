"""A student on the instructor's roster signs up with the email the college has for
them and finds themselves in the class, with the SIS ids the grade export needs;
where emails must be confirmed, the seat waits until they confirm."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from classes.models import Enrollment, PendingEnrollment
from classes.rosters import pending_enrollments_attach, roster_import, roster_read
from tests.factories import make_section, make_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PASSWORD = "a-long-passphrase-1"


@pytest.fixture
def section():
    section = make_section()
    roster_import(
        section=section,
        roster=roster_read(
            "Email,First name,Last name,SIS User ID,SIS Login ID\n"
            "Zoe.Nunez@Example.edu,Zoë,Ñúñez,2002,znunez\n"
        ),
    )
    return section


def sign_up(client, email, first_name="Zoe"):
    """Sign up as a student would, typing a first name and leaving the last name out."""
    response = client.post(
        "/accounts/signup/",
        {"first_name": first_name, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    return get_user_model().objects.get(email__iexact=email)


def test_signing_up_with_the_roster_email_enrolls_the_student(client, section):
    zoe = sign_up(client, "zoe.nunez@EXAMPLE.edu")

    enrollment = Enrollment.objects.get()
    assert (enrollment.student, enrollment.section, enrollment.status) == (zoe, section, "active")
    assert (enrollment.sis_user_id, enrollment.sis_login_id) == ("2002", "znunez")
    zoe.refresh_from_db()  # the name typed at sign-up wins; the roster fills the gap
    assert (zoe.first_name, zoe.last_name) == ("Zoe", "Ñúñez")
    assert not PendingEnrollment.objects.exists()


def test_signing_up_with_another_email_enrolls_nobody(client, section):
    sign_up(client, "someone.else@example.edu")

    assert not Enrollment.objects.exists()
    assert PendingEnrollment.objects.count() == 1


def test_with_mandatory_verification_the_seat_waits_for_the_confirmed_email(
    client, section, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    zoe = sign_up(client, "zoe.nunez@example.edu")

    assert not Enrollment.objects.exists()  # anyone could have typed this email
    assert PendingEnrollment.objects.count() == 1

    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)[1]
    assert client.post(link).status_code == 302

    enrollment = Enrollment.objects.get()
    assert (enrollment.student, enrollment.sis_user_id) == (zoe, "2002")
    assert not PendingEnrollment.objects.exists()


def test_attaching_twice_is_harmless(section):
    zoe = make_student("zoe")
    zoe.email = "zoe.nunez@example.edu"
    zoe.save()

    first = pending_enrollments_attach(user=zoe)
    second = pending_enrollments_attach(user=zoe)

    assert [enrollment.section for enrollment in first] == [section]
    assert second == []
    assert Enrollment.objects.count() == 1


def test_a_student_already_in_the_class_keeps_their_seat_and_gets_the_ids(section):
    zoe = make_student("zoe", first_name="Zo")
    Enrollment.objects.create(student=zoe, section=section, status="dropped", sis_user_id="")

    (enrollment,) = pending_enrollments_attach(user=zoe, email="Zoe.Nunez@example.edu")

    # The drop came from the instructor; only they undo it.
    assert (enrollment.status, enrollment.sis_user_id) == ("dropped", "2002")
    zoe.refresh_from_db()
    assert (zoe.first_name, zoe.last_name) == ("Zo", "Ñúñez")
    assert not PendingEnrollment.objects.exists()
