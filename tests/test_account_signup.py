"""A student signs up with their name once, sees their mistakes clearly, and
cannot have their password guessed at the sign-in form."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import make_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PASSPHRASE = "a-long-passphrase-1"


def sign_up(client, **fields):
    data = {
        "first_name": "Sam",
        "last_name": "Rivera",
        "email": "sam@example.edu",
        "password1": PASSPHRASE,
        "password2": PASSPHRASE,
        **fields,
    }
    return client.post("/accounts/signup/", data)


def page_of(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_sign_up_form_asks_for_the_name_first_and_only_once(client):
    page = page_of(client.get("/accounts/signup/"))

    names = [field["name"] for field in page.select("main form input:not([type=hidden])")]

    assert names == ["first_name", "last_name", "email", "password1", "password2"]
    assert page.find("label", attrs={"for": "id_first_name"}).get_text(strip=True) == "First name"


def test_the_name_given_at_sign_up_is_saved_and_shown_in_the_menu(client):
    response = sign_up(client, first_name="  Sam ", last_name="Rivera")

    assert response.status_code == 302
    user = get_user_model().objects.get(email="sam@example.edu")
    assert (user.first_name, user.last_name) == ("Sam", "Rivera")
    menu = page_of(client.get("/dashboard/")).find("nav", class_="user-menu")
    assert "Sam Rivera" in menu.get_text()
    assert menu.find("a", string="Account")["href"] == "/accounts/"


def test_someone_with_one_name_can_leave_the_last_name_empty(client):
    sign_up(client, first_name="Teller", last_name="")

    assert get_user_model().objects.get(email="sam@example.edu").get_full_name() == "Teller"


def test_mistakes_are_summed_up_at_the_top_and_shown_beside_each_field(client):
    response = sign_up(client, first_name="", password2="something-else-2")

    assert response.status_code == 200
    assert not get_user_model().objects.exists()
    page = page_of(response)
    summary = page.find(class_="error-summary")
    assert summary["role"] == "alert"
    links = {link["href"]: link.get_text() for link in summary.find_all("a")}
    assert links["#id_first_name"].startswith("First name:")
    assert "#id_password2" in links
    first_name = page.find("input", id="id_first_name")
    assert first_name["aria-invalid"] == "true"
    assert "id_first_name-error" in first_name["aria-describedby"].split()
    assert page.find(id="id_first_name-error").get_text(strip=True)
    # What was typed comes back, apart from the passwords.
    assert page.find("input", id="id_email")["value"] == "sam@example.edu"
    assert not page.find("input", id="id_password1").get("value")


def test_help_text_is_read_with_its_field(client):
    page = page_of(client.get("/accounts/signup/"))

    password = page.find("input", id="id_password1")

    assert password["aria-describedby"] == "id_password1-help"
    assert page.find(id="id_password1-help").find("li")  # the password rules
    assert not password.get("placeholder")


def test_the_sign_in_form_says_what_to_type_and_where_to_reset_a_password(client):
    page = page_of(client.get("/accounts/login/"))

    assert page.find("label", attrs={"for": "id_login"}).get_text(strip=True) == (
        "Email or username"
    )
    help_text = page.find(id="id_password-help")
    assert help_text.find("a")["href"] == "/accounts/password/reset/"


def test_five_wrong_passwords_lock_the_sign_in_with_a_clear_message(client):
    make_student("sam")
    for _ in range(5):
        wrong = client.post("/accounts/login/", {"login": "sam@example.com", "password": "nope"})
        assert "not correct" in page_of(wrong).find(class_="error-summary").get_text()

    # Even the right password is refused while the lock lasts.
    locked = client.post(
        "/accounts/login/", {"login": "sam@example.com", "password": "not-if-when"}
    )

    assert locked.status_code == 200
    assert "_auth_user_id" not in client.session
    summary = page_of(locked).find(class_="error-summary")
    assert "Too many failed login attempts" in summary.get_text()


def test_the_lock_is_per_login_so_a_classmate_can_still_sign_in(client):
    make_student("sam")
    make_student("ali")
    for _ in range(6):
        client.post("/accounts/login/", {"login": "sam@example.com", "password": "nope"})

    response = client.post(
        "/accounts/login/", {"login": "ali@example.com", "password": "not-if-when"}
    )

    assert response.status_code == 302


def test_every_account_action_has_a_rate_limit():
    limits = settings.ACCOUNT_RATE_LIMITS

    for action in ["login", "login_failed", "signup", "reset_password", "confirm_email"]:
        assert limits[action], action
    assert limits["change_password"].endswith("/user")


def test_a_forgotten_password_is_reset_by_email(client):
    make_student("sam")

    response = client.post("/accounts/password/reset/", {"email": "sam@example.com"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.com"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_a_flood_of_sign_ins_gets_the_sites_own_pause_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        client.post("/accounts/login/", {"login": "nobody@example.com", "password": "nope"})

    flooded = client.post("/accounts/login/", {"login": "nobody@example.com", "password": "nope"})

    assert flooded.status_code == 429
    assert "Too many tries for now" in flooded.content.decode()
    assert 'class="site-header"' in flooded.content.decode()
