"""Passwords are stored with Argon2id at OWASP's baseline (`accounts.hashers`);
one stored earlier with PBKDF2 still signs its owner in, and is re-stored."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from course import settings as project_settings
from tests.factories import make_student

pytestmark = pytest.mark.django_db

PASSWORD = "not-if-when-2027"


@pytest.fixture(autouse=True)
def production_hashers(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_a_new_password_is_stored_with_argon2id_at_owasps_baseline():
    sam = make_student("sam")
    sam.set_password(PASSWORD)

    assert sam.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert sam.check_password(PASSWORD) and not sam.check_password("wrong")


def test_a_pbkdf2_password_signs_in_and_is_stored_anew(client):
    sam = make_student("sam")
    pbkdf2 = make_password(PASSWORD, hasher="pbkdf2_sha256")
    get_user_model().objects.filter(pk=sam.pk).update(password=pbkdf2)

    response = client.post("/accounts/login/", {"login": "sam@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert get_user_model().objects.get(pk=sam.pk).password.startswith("argon2$argon2id$")
