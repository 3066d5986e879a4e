"""A student who forgot their password gets it back by email, and one who
remembers it can change it: either way the new password signs them in and
the old one no longer does."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from tests.factories import make_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

OLD_PASSWORD = "not-if-when"  # make_student's
NEW_PASSWORD = "a-fresh-passphrase-7"


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def heading(response):
    return page_of(response).find("main").find("h1").get_text(strip=True)


def sign_in(client, password):
    """Sign in through the site's form, as a student types it."""
    return client.post("/accounts/login/", {"login": "sam@example.com", "password": password})


def reset_link_in(message):
    """The path of the one password-reset link in an email's text."""
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1, message.body
    return urlsplit(links[0]).path


def open_reset_link(client, link):
    """Open the emailed link as a browser does. allauth moves the key from the
    address into the session first, so the page's own address (where its form
    posts) no longer carries it and cannot leak it in a Referer header."""
    response = client.get(link, follow=True)
    [(form_address, _status)] = response.redirect_chain
    assert form_address.endswith("-set-password/")
    return response, form_address


def test_a_student_resets_a_forgotten_password_from_the_emailed_link(client):
    sam = make_student("sam")

    asked = client.post("/accounts/password/reset/", {"email": "sam@example.com"}, follow=True)

    assert "We have sent you an email" in page_of(asked).find("main").get_text()
    [message] = mail.outbox
    assert message.to == ["sam@example.com"]
    link = reset_link_in(message)
    assert link.startswith("/accounts/password/reset/key/")

    form_page, form_address = open_reset_link(client, link)
    assert heading(form_page) == "Choose a new password"
    done = client.post(
        form_address, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )

    assert "Your password is now changed." in page_of(done).find("main").get_text()
    sam.refresh_from_db()
    assert sam.check_password(NEW_PASSWORD)
    assert not sam.check_password(OLD_PASSWORD)

    # Used once, the link is spent.
    again = client.get(link, follow=True)
    assert heading(again) == "This link has expired"

    refused = sign_in(Client(), OLD_PASSWORD)
    assert refused.status_code == 200
    assert "not correct" in page_of(refused).find(class_="error-summary").get_text()
    browser = Client()
    signed_in = sign_in(browser, NEW_PASSWORD)
    assert signed_in.status_code == 302
    assert int(browser.session["_auth_user_id"]) == sam.pk


def test_a_reset_signs_out_whoever_was_signed_in_with_the_old_password(client):
    make_student("sam")
    lab_computer = Client()
    assert sign_in(lab_computer, OLD_PASSWORD).status_code == 302
    assert lab_computer.get("/accounts/").status_code == 200

    client.post("/accounts/password/reset/", {"email": "sam@example.com"})
    _, form_address = open_reset_link(client, reset_link_in(mail.outbox[0]))
    client.post(form_address, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    left_behind = lab_computer.get("/accounts/")
    assert left_behind.status_code == 302
    assert left_behind["Location"].startswith("/accounts/login/")


def test_a_signed_in_student_changes_their_password_and_stays_signed_in(client):
    sam = make_student("sam")
    sign_in(client, OLD_PASSWORD)

    changed = client.post(
        "/accounts/password/change/",
        {"oldpassword": OLD_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert changed.status_code == 200
    assert "Password successfully changed." in page_of(changed).get_text()
    # Still signed in: their account page opens without asking again.
    assert client.get("/accounts/").status_code == 200
    sam.refresh_from_db()
    assert sam.check_password(NEW_PASSWORD)
    assert not sam.check_password(OLD_PASSWORD)
    assert sign_in(Client(), OLD_PASSWORD).status_code == 200
    assert sign_in(Client(), NEW_PASSWORD).status_code == 302


def test_a_password_change_needs_the_current_password(client):
    sam = make_student("sam")
    sign_in(client, OLD_PASSWORD)

    refused = client.post(
        "/accounts/password/change/",
        {"oldpassword": "a-guess", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert refused.status_code == 200
    summary = page_of(refused).find(class_="error-summary")
    assert summary.find("a")["href"] == "#id_oldpassword"
    sam.refresh_from_db()
    assert sam.check_password(OLD_PASSWORD)
    assert not sam.check_password(NEW_PASSWORD)
