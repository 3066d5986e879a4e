"""A student adds a second email address, confirms it from the email we
send, and makes it the one they sign in and get mail with, as the account
page promises ("add a new one, confirm it, make it primary")."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from tests.factories import make_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PASSWORD = "not-if-when"  # make_student's
NEW_ADDRESS = "sam.rivera@college.edu"


@pytest.fixture
def sam(client):
    """Sam, signed in, with the one confirmed address they signed up with."""
    sam = make_student("sam")
    EmailAddress.objects.create(user=sam, email=sam.email, primary=True, verified=True)
    client.post("/accounts/login/", {"login": "sam@example.com", "password": PASSWORD})
    return sam


def listed_addresses(response):
    """Each address on the email page with the badges beside it, as read aloud."""
    page = BeautifulSoup(response.content, "html.parser")
    return {
        radio["value"]: sorted(
            badge.get_text(strip=True)
            for badge in page.find("label", attrs={"for": radio["id"]}).find_all(class_="badge")
        )
        for radio in page.find("fieldset", class_="email-list").find_all("input", type="radio")
    }


def messages_on(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [message.get_text(strip=True) for message in page.select(".messages .message")]


def link_in(message):
    [link] = re.findall(r"https?://\S+", message.body)
    return urlsplit(link).path


def add_address(client, email):
    return client.post("/accounts/email/", {"email": email, "action_add": ""}, follow=True)


def test_an_added_address_is_listed_unconfirmed_and_a_confirmation_is_sent_to_it(client, sam):
    response = add_address(client, NEW_ADDRESS)

    assert response.redirect_chain == [("/accounts/email/", 302)]
    assert f"Confirmation email sent to {NEW_ADDRESS}." in messages_on(response)
    assert listed_addresses(response) == {
        "sam@example.com": ["Primary", "Verified"],
        NEW_ADDRESS: ["Unverified"],
    }
    assert listed_addresses(client.get("/accounts/email/")) == listed_addresses(response)
    [message] = mail.outbox
    assert message.to == [NEW_ADDRESS]
    assert link_in(message).startswith("/accounts/confirm-email/")
    assert set(EmailAddress.objects.filter(user=sam).values_list("email", "verified")) == {
        ("sam@example.com", True),
        (NEW_ADDRESS, False),
    }
    # Until it is confirmed and made primary, mail still goes to the old one.
    sam.refresh_from_db()
    assert sam.email == "sam@example.com"


def test_a_confirmed_address_made_primary_becomes_the_accounts_email(client, sam):
    add_address(client, NEW_ADDRESS)
    confirm = link_in(mail.outbox[0])

    asked = client.get(confirm)
    assert NEW_ADDRESS in BeautifulSoup(asked.content, "html.parser").find("main").get_text()
    confirmed = client.post(confirm, follow=True)
    assert f"You have confirmed {NEW_ADDRESS}." in messages_on(confirmed)
    made_primary = client.post(
        "/accounts/email/", {"email": NEW_ADDRESS, "action_primary": ""}, follow=True
    )

    assert "Primary email address set." in messages_on(made_primary)
    assert listed_addresses(made_primary) == {
        "sam@example.com": ["Verified"],
        NEW_ADDRESS: ["Primary", "Verified"],
    }
    sam.refresh_from_db()
    assert sam.email == NEW_ADDRESS
    overview = BeautifulSoup(client.get("/accounts/").content, "html.parser")
    assert NEW_ADDRESS in overview.find("dl", class_="account-facts").get_text()
    # The new address signs in.
    elsewhere = Client()
    signed_in = elsewhere.post("/accounts/login/", {"login": NEW_ADDRESS, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert int(elsewhere.session["_auth_user_id"]) == sam.pk


def test_an_address_that_is_not_confirmed_cannot_be_made_primary(client, sam):
    add_address(client, NEW_ADDRESS)

    refused = client.post(
        "/accounts/email/", {"email": NEW_ADDRESS, "action_primary": ""}, follow=True
    )

    assert "Your primary email address must be verified." in messages_on(refused)
    assert listed_addresses(refused)["sam@example.com"] == ["Primary", "Verified"]
    sam.refresh_from_db()
    assert sam.email == "sam@example.com"
