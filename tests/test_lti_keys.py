"""Our key set and its rotation: platforms verify what we sign with the public
halves we publish, never see a private one, and keep being able to verify
while keys change (an old key stays published for the overlap)."""

import json
from datetime import timedelta
from io import StringIO

import jwt
import pytest
from django.core.management import call_command
from django.utils import timezone
from lti_tool.models import Key

from lti.launch.keys import signing_key

pytestmark = pytest.mark.django_db

PRIVATE_FIELDS = {"d", "p", "q", "dp", "dq", "qi"}


def published(client):
    response = client.get("/lti/jwks/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response


def kids(client):
    return [key["kid"] for key in published(client).json()["keys"]]


def key_made(days_ago):
    key = Key.objects.generate()
    Key.objects.filter(pk=key.pk).update(
        datetime_created=timezone.now() - timedelta(days=days_ago)
    )
    key.refresh_from_db()
    return key


def rotate(*args):
    out = StringIO()
    call_command("rotate_lti_keys", *args, stdout=out)
    return out.getvalue()


def test_the_key_set_has_public_fields_only(client):
    key_made(days_ago=3)
    key_made(days_ago=1)

    response = published(client)

    keys = response.json()["keys"]
    assert len(keys) == 2
    for key in keys:
        assert set(key) == {"kty", "kid", "n", "e", "alg", "use"}
        assert not PRIVATE_FIELDS & set(key)
        assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    raw = json.loads(response.content)
    assert not any(PRIVATE_FIELDS & set(key) for key in raw["keys"])


def test_platforms_may_keep_the_key_set_for_an_hour(client):
    key_made(days_ago=1)

    response = published(client)

    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]


def test_what_we_sign_verifies_with_the_published_key(client):
    key_made(days_ago=9)
    signer = key_made(days_ago=1)
    assert signing_key() == signer
    kid = signer.as_jwk()["kid"]
    token = jwt.encode({"iss": "us"}, signer.private_key, algorithm="RS256", headers={"kid": kid})

    published_key = next(key for key in published(client).json()["keys"] if key["kid"] == kid)

    public = jwt.PyJWK(published_key).key
    assert jwt.decode(token, public, algorithms=["RS256"]) == {"iss": "us"}


def test_a_new_key_signs_at_once_and_the_old_one_stays_published_for_the_overlap(client):
    old = key_made(days_ago=400)

    output = rotate("--overlap-days", "7")

    new = signing_key()
    assert new != old
    assert kids(client) == [new.as_jwk()["kid"], old.as_jwk()["kid"]]
    assert f"New signing key {new}." in output
    assert f"Kept in the key set for the overlap: {old}." in output


def test_a_key_replaced_longer_ago_than_the_overlap_is_retired(client):
    oldest = key_made(days_ago=40)
    replaced_recently = key_made(days_ago=8)

    output = rotate("--overlap-days", "7")

    newest = signing_key()
    oldest.refresh_from_db()
    replaced_recently.refresh_from_db()
    assert not oldest.is_active
    assert replaced_recently.is_active  # replaced only now, by `newest`
    assert kids(client) == [newest.as_jwk()["kid"], replaced_recently.as_jwk()["kid"]]
    assert f"Retired: {oldest}." in output


def test_rotating_with_no_key_yet_makes_the_first(client):
    rotate()

    assert len(kids(client)) == 1
