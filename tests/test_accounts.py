"""Students create an account and sign in with their email, in the site's own design."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_a_student_signs_up_with_email_and_lands_where_they_were_going(client):
    response = client.post(
        "/accounts/signup/?next=/not-if-when/",
        {
            "first_name": "Sam",
            "last_name": "Rivera",
            "email": "sam@example.edu",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
            "next": "/not-if-when/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/not-if-when/"
    assert get_user_model().objects.get(email="sam@example.edu").get_full_name() == "Sam Rivera"


def test_sign_in_by_email_returns_to_the_page(client):
    get_user_model().objects.create_user("sam", "sam@example.edu", "a-long-passphrase-1")

    response = client.post(
        "/accounts/login/",
        {"login": "sam@example.edu", "password": "a-long-passphrase-1", "next": "/somewhere/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/somewhere/"


def test_a_wrong_password_says_so_and_signs_nobody_in(client):
    get_user_model().objects.create_user("sam", "sam@example.edu", "a-long-passphrase-1")

    response = client.post("/accounts/login/", {"login": "sam@example.edu", "password": "nope"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    page = BeautifulSoup(response.content, "html.parser")
    assert "not correct" in page.get_text()


def test_account_pages_use_the_site_frame_with_one_h1(client):
    page = BeautifulSoup(client.get("/accounts/login/").content, "html.parser")

    assert page.find("a", class_="skip-link")
    assert page.find("main", id="main")
    assert len(page.find_all("h1")) == 1
    assert page.find("link", rel="stylesheet")["href"].endswith("site.css")
