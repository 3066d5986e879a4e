"""Sign-in protection: wrong passwords lock an account for a while, sign-ups
and reset mails are limited, and no other sign-in form lets anyone try more.

The limits are allauth's (`ACCOUNT_RATE_LIMITS`) and the join-code pause is
ours (`classes.throttle`); all count in the default cache, which every worker
of a server shares.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from classes import throttle
from course.roles import Role, course_grant
from tests.factories import make_course, make_section, make_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

LOGIN = "/accounts/login/"
PASSWORD = "not-if-when"  # what make_student gives everyone
LOCKED = "Too many failed login attempts"
LOCK_WINDOW = 5 * 60  # seconds: "5/5m/key" in ACCOUNT_RATE_LIMITS["login_failed"]


def signed_in(client):
    return "_auth_user_id" in client.session


def sign_in(client, login, password, **extra):
    return client.post(LOGIN, {"login": login, "password": password}, **extra)


def five_wrong_passwords(client, login):
    for _ in range(5):
        response = sign_in(client, login, "guess-again")
        assert response.status_code == 200
        assert "not correct" in response.content.decode()


@pytest.fixture
def sam():
    return make_student("sam")


@pytest.fixture
def later(monkeypatch):
    """Move the clock on by `seconds`; allauth's counters read time.time()."""

    def move_on(seconds):
        now = time.time() + seconds
        monkeypatch.setattr(time, "time", lambda: now)

    return move_on


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, sam):
    five_wrong_passwords(client, "sam@example.com")

    sixth = sign_in(client, "sam@example.com", PASSWORD)

    assert sixth.status_code == 200
    page = sixth.content.decode()
    assert LOCKED in page
    assert "reset your password" in page
    assert not signed_in(client)


def test_a_locked_account_does_not_lock_others_at_the_same_address(client, sam):
    make_student("alex")
    five_wrong_passwords(client, "sam@example.com")
    sign_in(client, "sam@example.com", PASSWORD)

    other = Client()
    response = sign_in(other, "alex@example.com", PASSWORD)

    assert response.status_code == 302
    assert signed_in(other)


def test_the_lock_lifts_after_five_minutes(client, sam, later):
    later(0)  # the clock stands still while the tries are made, however slow they are
    five_wrong_passwords(client, "sam@example.com")

    later(LOCK_WINDOW - 30)
    assert LOCKED in sign_in(client, "sam@example.com", PASSWORD).content.decode()

    later(LOCK_WINDOW + 1)
    response = sign_in(client, "sam@example.com", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_a_class_behind_one_address_all_signs_in_within_a_minute():
    """A lab of forty, eight of whom mistype their password first."""
    students = [make_student(f"student{n}") for n in range(40)]
    lab = {"REMOTE_ADDR": "203.0.113.7"}

    clients = []
    for n, student in enumerate(students):
        client = Client()
        if n % 5 == 0:
            assert "not correct" in sign_in(client, student.email, "typo", **lab).content.decode()
        assert sign_in(client, student.email, PASSWORD, **lab).status_code == 302
        clients.append(client)

    assert all(signed_in(client) for client in clients)


def test_the_sixty_first_sign_up_in_a_minute_gets_the_pause_page():
    def sign_up(n):
        form = {
            "first_name": "Student",
            "email": f"student{n}@example.com",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        }
        return Client().post("/accounts/signup/", form)

    for n in range(60):
        assert sign_up(n).status_code == 302
    users = get_user_model().objects.count()

    flooded = sign_up(60)

    assert flooded.status_code == 429
    assert "Too many tries for now" in flooded.content.decode()
    assert get_user_model().objects.count() == users
    assert not get_user_model().objects.filter(email="student60@example.com").exists()


def test_password_reset_mails_are_limited_per_address(client, sam):
    make_student("alex")
    for _ in range(5):
        assert (
            client.post("/accounts/password/reset/", {"email": "sam@example.com"}).status_code
            == 302
        )
    assert len(mail.outbox) == 5

    sixth = client.post("/accounts/password/reset/", {"email": "sam@example.com"})
    assert (
        client.post("/accounts/password/reset/", {"email": "alex@example.com"}).status_code == 302
    )

    assert sixth.status_code == 429
    assert "Too many tries for now" in sixth.content.decode()
    assert [message.to for message in mail.outbox[5:]] == [["alex@example.com"]]


def test_join_codes_are_paused_after_ten_wrong_ones_and_the_right_one_waits(client, sam):
    section = make_section()
    client.force_login(sam)
    for _ in range(throttle.LIMIT):
        client.post("/join/", {"code": "WRONG-CODE"})

    right = client.post("/join/", {"code": section.join_code})

    assert right.status_code == 429
    assert "Wait 15 minutes" in right.content.decode()
    assert not section.enrollments.exists()


@pytest.fixture
def professor():
    user = make_student("paul")
    course_grant(user=user, course=make_course(), role=Role.PROFESSOR)
    return user


def test_the_admin_sends_a_signed_out_visitor_to_the_sites_sign_in(client):
    response = client.get("/admin/", follow=True)

    landed = urlsplit(response.redirect_chain[-1][0])
    assert (landed.path, parse_qs(landed.query)) == ("/accounts/login/", {"next": ["/admin/"]})
    assert response.status_code == 200
    assert 'name="next" value="/admin/"' in response.content.decode()


def test_a_professor_signs_in_on_the_sites_form_and_lands_in_the_admin(client, professor):
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "paul", "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("door", ["/admin/login/", "/_util/login/"])
def test_wagtails_sign_in_forms_check_no_password(client, professor, door):
    form = {"username": "paul", "password": PASSWORD}

    response = client.post(f"{door}?next=/admin/", form)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert not signed_in(client)


@pytest.mark.parametrize("door", ["/admin/login/", "/_util/login/"])
def test_wagtails_sign_in_forms_are_no_way_around_a_lock(client, professor, door):
    five_wrong_passwords(client, "paul")

    client.post(door, {"username": "paul", "password": PASSWORD})

    assert not signed_in(client)
    assert LOCKED in sign_in(client, "paul", PASSWORD).content.decode()


def test_the_admins_password_reset_leads_to_the_sites_limited_one(client, professor):
    response = client.post("/admin/password_reset/", {"email": "paul@example.com"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"
    assert not mail.outbox


def test_every_worker_counts_the_same_tries(tmp_path):
    """Without Redis, the counters are files every process on the machine
    shares: wrong codes counted by one worker pause joining in another."""
    root = Path(__file__).resolve().parent.parent
    env = {
        **{k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ},
        "DEBUG": "1",
        "DATA_DIR": str(tmp_path),
    }
    student = "type('Student', (), {'pk': 7})()"

    def worker(code):
        script = f"from classes import throttle; student = {student}; {code}"
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    worker("[throttle.join_failure_record(user=student) for _ in range(throttle.LIMIT)]")

    assert worker("print(throttle.join_blocked(user=student))") == "True"
