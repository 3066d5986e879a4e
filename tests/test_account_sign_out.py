"""A student signs out from the menu: a page asks first, so a link followed
by accident (or planted in a page) signs nobody out, and once they confirm
the session is gone, from the browser and from the server."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.models import Session

from tests.factories import make_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def signed_in(client):
    make_student("sam", first_name="Sam", last_name="Rivera")
    client.post("/accounts/login/", {"login": "sam@example.com", "password": "not-if-when"})
    return client


def user_menu(response):
    return BeautifulSoup(response.content, "html.parser").find("nav", class_="user-menu")


def test_the_sign_out_link_asks_before_signing_out(signed_in):
    menu = user_menu(signed_in.get("/accounts/"))
    sign_out = menu.find("a", string="Sign out")["href"]

    page = BeautifulSoup(signed_in.get(sign_out).content, "html.parser")

    assert "Are you sure you want to sign out?" in page.find("main").get_text()
    form = page.find("main").find("form")
    assert (form["method"], form["action"]) == ("post", "/accounts/logout/")
    # Only asked: still signed in.
    assert "_auth_user_id" in signed_in.session
    assert signed_in.get("/accounts/").status_code == 200


def test_confirming_signs_out_and_the_session_is_gone(signed_in):
    session_key = signed_in.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()

    response = signed_in.post("/accounts/logout/", follow=True)

    assert response.redirect_chain == [("/", 302)]
    menu = user_menu(response)
    assert "Sam Rivera" not in menu.get_text()
    assert [link.get_text() for link in menu.find_all("a")] == ["Sign in", "Create account"]
    assert "You have signed out." in response.content.decode()
    assert "_auth_user_id" not in signed_in.session
    assert not Session.objects.filter(session_key=session_key).exists()
    account = signed_in.get("/accounts/")
    assert account.status_code == 302
    assert account["Location"].startswith("/accounts/login/")
