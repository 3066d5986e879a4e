"""A student deletes their account: who they were is gone, their classes'
grades are not, and their email is free to sign up again."""

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import DeletedAccount
from classes.models import Enrollment, PendingEnrollment
from lessons.models import LessonCompletion
from lessons.services import lesson_complete
from quizzes.models import Attempt, Response
from tests.factories import (
    enroll,
    make_course,
    make_lesson,
    make_section,
    make_student,
    take_quiz,
    two_point_quiz,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PASSWORD = "not-if-when"


@pytest.fixture
def sam(client):
    """Sam, signed in, part way through a course in a class with SIS ids."""
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    EmailAddress.objects.create(user=sam, email=sam.email, primary=True, verified=True)
    course = make_course()
    lesson_complete(student=sam, lesson=make_lesson(course))
    take_quiz(sam, two_point_quiz(course), ["c1", "c0"])
    section = make_section(course)
    enroll(section, sam, sis_user_id="S-1001", sis_login_id="sam.rivera")
    PendingEnrollment.objects.create(section=make_section(course, name="Other"), email=sam.email)
    assert client.login(username="sam", password=PASSWORD)
    return sam


def test_the_delete_page_explains_what_goes_and_what_stays(client, sam):
    response = client.get("/accounts/delete/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = BeautifulSoup(response.content, "html.parser").find("main").get_text()
    assert "Deleted student" in text
    assert "cannot be undone" in text


def test_a_wrong_password_deletes_nothing(client, sam):
    response = client.post("/accounts/delete/", {"password": "not-my-password"})

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find(class_="error-summary").find("a")["href"] == "#id_password"
    assert page.find("input", id="id_password")["aria-invalid"] == "true"
    sam.refresh_from_db()
    assert (sam.username, sam.email, sam.is_active) == ("sam", "sam@example.com", True)
    assert not DeletedAccount.objects.exists()
    assert EmailAddress.objects.filter(user=sam).exists()
    assert client.get("/accounts/").status_code == 200  # still signed in


def test_deleting_empties_the_account_and_keeps_the_grades(client, sam):
    response = client.post("/accounts/delete/", {"password": PASSWORD}, follow=True)

    sam.refresh_from_db()
    assert sam.username == f"deleted-{sam.pk}"
    assert (sam.email, sam.first_name, sam.last_name) == ("", "", "")
    assert not sam.has_usable_password()
    assert not sam.is_active
    assert sam.deleted_account.deleted_at
    assert not EmailAddress.objects.filter(user=sam).exists()
    assert not PendingEnrollment.objects.exists()
    # What instructors' gradebooks need stays, without the college's ids.
    assert Attempt.objects.filter(student=sam).count() == 1
    assert Response.objects.filter(attempt__student=sam).count() == 2
    assert LessonCompletion.objects.filter(student=sam).count() == 1
    enrollment = Enrollment.objects.get(student=sam)
    assert (enrollment.sis_user_id, enrollment.sis_login_id) == ("", "")
    # Signed out, and told so on the home page.
    assert response.redirect_chain[-1][0] == "/"
    assert "_auth_user_id" not in client.session
    assert "Your account has been deleted" in response.content.decode()


def test_a_deleted_account_cannot_sign_in_again(client, sam):
    client.post("/accounts/delete/", {"password": PASSWORD})

    for login in ["sam@example.com", "sam", f"deleted-{sam.pk}"]:
        response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})
        assert response.status_code == 200, login
        assert "_auth_user_id" not in client.session


def test_deleting_signs_out_other_devices_too(client, sam):
    phone = Client()
    assert phone.login(username="sam", password=PASSWORD)

    client.post("/accounts/delete/", {"password": PASSWORD})

    assert phone.get("/accounts/")["Location"].startswith("/accounts/login/")


def test_the_email_is_free_to_sign_up_again(client, sam):
    client.post("/accounts/delete/", {"password": PASSWORD})

    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Sam",
            "last_name": "Again",
            "email": "sam@example.com",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )

    assert response.status_code == 302
    fresh = get_user_model().objects.get(email="sam@example.com")
    assert fresh.pk != sam.pk
    assert not Attempt.objects.filter(student=fresh).exists()  # a fresh start


def test_an_account_without_a_password_confirms_with_its_email(client):
    ali = make_student("ali")
    ali.set_unusable_password()
    ali.save()
    client.force_login(ali)

    wrong = client.post("/accounts/delete/", {"email": "someone@example.com"})
    right = client.post("/accounts/delete/", {"email": " ALI@example.com "})

    assert wrong.status_code == 200
    assert right.status_code == 302
    assert DeletedAccount.objects.filter(user=ali).exists()


def test_guessing_the_password_on_the_delete_form_is_rate_limited(client, sam):
    for _ in range(10):
        client.post("/accounts/delete/", {"password": "guess"})

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 200
    assert "Too many tries" in response.content.decode()
    assert not DeletedAccount.objects.exists()


def test_deleting_needs_a_post(client, sam):
    client.get("/accounts/delete/")

    sam.refresh_from_db()
    assert sam.is_active


def test_certificates_go_with_the_account_as_they_show_the_name_publicly(client):
    from certificates.services import certificate_issue

    ali = make_student("ali", first_name="Ali", last_name="Haddad")
    course = make_course()
    lesson_complete(student=ali, lesson=make_lesson(course))
    certificate = certificate_issue(student=ali, course=course)
    client.force_login(ali)

    client.post("/accounts/delete/", {"password": PASSWORD})

    assert not type(certificate).objects.filter(pk=certificate.pk).exists()
    assert client.get(certificate.get_absolute_url()).status_code == 404
