"""The platform's key set: fetched with a timeout, kept in the shared cache,
fetched again when the platform starts signing with a new key, and a launch
refused with a page (not a server error) when the LMS does not answer."""

import pytest
from django.core.cache import cache
from django.test import Client

from lti.launch.platform_keys import TIMEOUT
from tests.factories import make_course, make_lesson
from tests.lti_platform import TARGET_HOST, rsa_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def target():
    lesson = make_lesson(make_course(title="Not If. When."), title="The first 72 hours")
    return TARGET_HOST + lesson.url


def test_the_key_set_is_fetched_once_with_a_timeout(platform, registration, target):
    for student in ("student-1", "student-2", "student-3"):
        response = platform.launch(
            Client(),
            registration,
            target=target,
            edit=lambda claims, sub=student: claims.update(sub=sub),
        )
        assert response.status_code == 302

    fetches = platform.requests_to("/jwks")
    assert len(fetches) == 1
    assert fetches[0].timeout == TIMEOUT


def test_the_key_set_lives_in_the_shared_cache_not_in_a_worker(platform, registration, target):
    platform.launch(Client(), registration, target=target)
    cache.clear()  # as another worker with nothing of its own would see it

    platform.launch(Client(), registration, target=target)

    assert len(platform.requests_to("/jwks")) == 2


def test_a_platform_signing_with_a_new_key_is_looked_up_again(platform, registration, target):
    platform.launch(Client(), registration, target=target)
    platform.key, platform.kid = rsa_key(), "platform-key-2"  # the LMS rotated its keys

    response = platform.launch(Client(), registration, target=target)

    assert response.status_code == 302
    assert len(platform.requests_to("/jwks")) == 2


def test_unknown_key_ids_do_not_make_us_hammer_the_lms(platform, registration, target):
    platform.launch(Client(), registration, target=target)

    for number in range(3):
        response = platform.launch(
            Client(), registration, target=target, key=rsa_key(), kid=f"made-up-{number}"
        )
        assert response.status_code == 400

    assert len(platform.requests_to("/jwks")) == 2  # the first fetch, and one more


@pytest.mark.parametrize(
    "answer",
    [
        (500, {}, {"error": "down"}),
        (200, {}, b"<html>not json</html>"),
        (200, {}, {"keys": "none"}),
    ],
    ids=["server-error", "not-json", "not-a-key-set"],
)
def test_an_lms_whose_key_set_cannot_be_read_gets_a_page_saying_so(
    client, platform, registration, target, answer
):
    platform.handlers[("GET", "/jwks")] = lambda request: answer

    response = platform.launch(client, registration, target=target)

    assert response.status_code == 400
    assert "could not reach your LMS" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_malformed_key_in_the_lms_key_set_refuses_the_launch(
    client, platform, registration, target
):
    broken = {"kty": "RSA", "kid": platform.kid, "n": "!!", "e": "AQAB"}
    platform.handlers[("GET", "/jwks")] = lambda request: (200, {}, {"keys": [broken]})

    response = platform.launch(client, registration, target=target)

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
