"""Every launch the LTI security framework forbids is refused: a 400 page that
says what to do, nothing created, nobody signed in, and a log line without
the token.

Each case is a launch the fake platform signs (or forges) with one thing
wrong; the rest of it is the valid launch of `test_lti_launch`.
"""

import logging
import time

import jwt
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from lti_tool.models import (
    LtiContext,
    LtiDeployment,
    LtiLineItem,
    LtiMembership,
    LtiResourceLink,
    LtiUser,
)

from classes.models import Enrollment, Section
from course.models import CourseIndexPage
from lti.launch.models import LinkedItem, SectionLink
from tests.factories import catalog, make_course, make_lesson, publish
from tests.lti_platform import LTI, TARGET_HOST, rsa_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

RECORDS = (
    get_user_model(),
    LtiUser,
    LtiContext,
    LtiMembership,
    LtiResourceLink,
    LtiLineItem,
    LinkedItem,
    SectionLink,
    Section,
    Enrollment,
)
HEADING = "We couldn't open this from your LMS"


@pytest.fixture
def lesson():
    return make_lesson(make_course(title="Not If. When."), title="The first 72 hours")


@pytest.fixture
def target(lesson):
    return TARGET_HOST + lesson.url


def counts():
    return {model.__name__: model.objects.count() for model in RECORDS}


def signed_and_posted(client, platform, registration, target, *, edit=None, **sign):
    """A launch whose claims `edit` changes; returns the response and the token."""
    login = platform.login(client, registration, target=target)
    claims = platform.resource_link_claims(nonce=login.nonce, target=target)
    if edit is not None:
        edit(claims)
    token = platform.sign(claims, **sign)
    return platform.post_launch(client, state=login.state, id_token=token), token


def assert_refused(response, client, before, *, says=None):
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("h1").get_text(strip=True) == HEADING
    assert page.find("link", rel="stylesheet")["href"].endswith("site.css")  # our look
    if says:
        assert says in page.find(role="alert").get_text(" ", strip=True)
    assert counts() == before
    assert "_auth_user_id" not in client.session


def now():
    return int(time.time())


def expired(claims):
    claims.update(iat=now() - 400, exp=now() - 120)


def issued_long_ago(claims):
    """Still within its `exp`, which a platform set a day away."""
    claims.update(iat=now() - 3600, exp=now() + 86_400)


def from_the_future(claims):
    claims.update(iat=now() + 300, exp=now() + 600)


def several_audiences(azp=None):
    def edit(claims):
        claims["aud"] = [claims["aud"], "another-tool"]
        if azp is not None:
            claims["azp"] = azp

    return edit


FORBIDDEN_CLAIMS = [
    pytest.param(lambda claims: claims.pop("exp"), "no_exp", id="no-exp"),
    pytest.param(lambda claims: claims.pop("iat"), "no_iat", id="no-iat"),
    pytest.param(lambda claims: claims.update(exp="soon"), "no_exp", id="exp-not-a-number"),
    pytest.param(expired, "expired", id="expired"),
    pytest.param(from_the_future, "issued_in_future", id="iat-in-the-future"),
    pytest.param(issued_long_ago, "too_old", id="iat-long-ago-exp-far-off"),
    pytest.param(
        lambda claims: claims.update(iss="https://lms.example.edu/"), "issuer", id="wrong-iss"
    ),
    pytest.param(lambda claims: claims.update(aud="another-tool"), "audience", id="aud-not-ours"),
    pytest.param(
        lambda claims: claims.update(aud=["another-tool", "a-third"]),
        "audience",
        id="aud-list-without-ours",
    ),
    pytest.param(several_audiences(), "azp_missing", id="several-aud-no-azp"),
    pytest.param(several_audiences("another-tool"), "azp", id="several-aud-azp-not-ours"),
    pytest.param(
        lambda claims: claims.update(azp="another-tool"), "azp", id="one-aud-azp-not-ours"
    ),
    pytest.param(
        lambda claims: claims.update(nonce="a-nonce-we-never-issued"),
        "nonce_mismatch",
        id="nonce-not-ours",
    ),
    pytest.param(
        lambda claims: claims.update({LTI + "deployment_id": "deployment-unknown"}),
        "deployment",
        id="unknown-deployment",
    ),
    pytest.param(
        lambda claims: claims.update({LTI + "message_type": "LtiSubmissionReviewRequest"}),
        "message_type",
        id="wrong-message-type",
    ),
    pytest.param(
        lambda claims: claims.update({LTI + "version": "1.1"}), "version", id="wrong-version"
    ),
    pytest.param(
        lambda claims: claims.update(
            {LTI + "target_link_uri": "https://evil.example.com/not-if-when/first-72-hours/"}
        ),
        "foreign_target",
        id="target-on-another-host",
    ),
    pytest.param(lambda claims: claims.pop("sub"), "no_sub", id="no-sub"),
    pytest.param(lambda claims: claims.pop(LTI + "context"), "no_context", id="no-context"),
]


@pytest.mark.parametrize(("edit", "reason"), FORBIDDEN_CLAIMS)
def test_a_launch_breaking_a_rule_is_refused(
    client, platform, registration, target, caplog, edit, reason
):
    before = counts()

    with caplog.at_level(logging.WARNING, logger="lti.launch"):
        response, token = signed_and_posted(client, platform, registration, target, edit=edit)

    assert_refused(response, client, before)
    assert f"LTI launch refused: {reason}" in caplog.text
    assert token not in caplog.text
    assert token.split(".")[2] not in caplog.text  # not even the signature


@pytest.mark.parametrize(
    "odd",
    [
        {"aud": 42},
        {"nonce": ["a", "list"]},
        {"azp": 5},
        {LTI + "deployment_id": 7},
        {LTI + "target_link_uri": 7},
        {LTI + "context": "course-101"},
        {LTI + "resource_link": ["link-1"]},
        {"sub": {"id": "student-1"}},
        {"nbf": "later"},
    ],
    ids=lambda odd: next(iter(odd)).rpartition("/")[2],
)
def test_claims_of_the_wrong_shape_are_refused_never_a_server_error(
    client, platform, registration, target, odd
):
    before = counts()

    response, _token = signed_and_posted(
        client, platform, registration, target, edit=lambda claims: claims.update(odd)
    )

    assert_refused(response, client, before)


def test_the_clock_may_be_a_few_seconds_off(client, platform, registration, target):
    def a_little_late(claims):
        claims.update(iat=now() - 300, exp=now() - 20)

    response, _token = signed_and_posted(
        client, platform, registration, target, edit=a_little_late
    )

    assert response.status_code == 302


def test_a_launch_signed_with_another_key_is_refused(client, platform, registration, target):
    before = counts()

    response, _token = signed_and_posted(client, platform, registration, target, key=rsa_key())

    assert_refused(response, client, before, says="could not verify")


def test_a_token_with_alg_none_is_refused(client, platform, registration, target):
    before = counts()
    login = platform.login(client, registration, target=target)
    claims = platform.resource_link_claims(nonce=login.nonce, target=target)
    unsigned = jwt.encode(claims, None, algorithm="none", headers={"kid": platform.kid})

    response = platform.post_launch(client, state=login.state, id_token=unsigned)

    assert_refused(response, client, before)


def test_an_unknown_key_id_is_looked_up_once_more_then_refused(
    client, platform, registration, target
):
    platform.launch(client, registration, target=target)  # the key set is now cached
    fetched = len(platform.requests_to("/jwks"))
    other = Client()
    before = counts()

    response, _token = signed_and_posted(
        other, platform, registration, target, key=rsa_key(), kid="platform-key-2"
    )

    assert_refused(response, other, before)
    assert len(platform.requests_to("/jwks")) == fetched + 1


def test_a_launch_posted_twice_is_refused_the_second_time(client, platform, registration, target):
    login = platform.login(client, registration, target=target)
    claims = platform.resource_link_claims(nonce=login.nonce, target=target)
    token = platform.sign(claims)
    assert platform.post_launch(client, state=login.state, id_token=token).status_code == 302
    client.logout()
    before = counts()

    replay = platform.post_launch(client, state=login.state, id_token=token)

    assert_refused(replay, client, before, says="already used")


def test_of_two_launches_racing_with_one_nonce_only_one_gets_in(
    client, platform, registration, target
):
    """Both carry the state's cookie and find the state before either clears it
    (two workers at once); the nonce, used up atomically in the shared cache,
    lets one through."""
    login = platform.login(client, registration, target=target)
    remembered = cache.get(f"lti:state:{login.state}")
    token = platform.sign(platform.resource_link_claims(nonce=login.nonce, target=target))
    assert platform.post_launch(client, state=login.state, id_token=token).status_code == 302
    client.logout()
    cache.set(f"lti:state:{login.state}", remembered)
    client.cookies[f"lti-state-{login.state}"] = login.state
    before = counts()

    second = platform.post_launch(client, state=login.state, id_token=token)

    assert_refused(second, client, before, says="already used")


def test_a_state_we_never_issued_is_refused(client, platform, registration, target):
    login = platform.login(client, registration, target=target)
    token = platform.sign(platform.resource_link_claims(nonce=login.nonce, target=target))
    before = counts()

    response = platform.post_launch(client, state="x" * 43, id_token=token)

    assert_refused(response, client, before)


def test_a_state_issued_to_another_browser_is_refused(client, platform, registration, target):
    """An attacker's own login and launch, posted from the victim's browser
    (login CSRF): the victim's browser lacks the state's cookie."""
    attacker = Client()
    login = platform.login(attacker, registration, target=target)
    token = platform.sign(platform.resource_link_claims(nonce=login.nonce, target=target))
    before = counts()

    response = platform.post_launch(client, state=login.state, id_token=token)

    assert_refused(response, client, before, says="new tab")
    page = BeautifulSoup(response.content, "html.parser")
    restart = page.find("main").find("a", class_="button")
    assert restart.get_text(" ", strip=True).startswith("Open in a new tab")
    assert restart["href"].startswith(f"/lti/login/{registration.uuid}/?")
    assert restart["target"] == "_blank"


def test_a_switched_off_deployment_is_refused(client, platform, registration, target):
    LtiDeployment.objects.update(is_active=False)
    before = counts()

    response, _token = signed_and_posted(client, platform, registration, target)

    assert_refused(response, client, before, says="switched off")


def test_a_page_outside_every_course_is_refused(client, platform, registration):
    loose = publish(catalog(), CourseIndexPage(title="Elsewhere", slug="elsewhere"))
    before = counts()

    response, _token = signed_and_posted(client, platform, registration, TARGET_HOST + loose.url)

    assert_refused(response, client, before, says="does not lead to a lesson or quiz")


def test_a_verified_launch_refused_goes_back_to_the_lms_with_the_reason(
    client, platform, registration, target
):
    LtiDeployment.objects.update(is_active=False)
    presentation = {"return_url": f"{platform.issuer}/courses/101?tab=modules"}
    before = counts()

    response, _token = signed_and_posted(
        client,
        platform,
        registration,
        target,
        edit=lambda claims: claims.update({LTI + "launch_presentation": presentation}),
    )

    assert response.status_code == 302
    assert response["Location"].startswith(f"{platform.issuer}/courses/101?tab=modules&")
    assert "lti_errormsg=" in response["Location"]
    assert counts() == before


def test_a_browser_posting_nothing_gets_a_page_not_an_error(client):
    response = client.post("/lti/launch/")

    assert response.status_code == 400
    assert "not for a browser" in response.content.decode()


def test_the_platform_saying_no_is_a_400_not_a_500(client):
    response = client.post("/lti/launch/", {"error": "login_required", "state": "x" * 43})

    assert response.status_code == 400


def test_a_launch_from_a_switched_off_registration_is_refused(
    client, platform, registration, target
):
    login = platform.login(client, registration, target=target)
    token = platform.sign(platform.resource_link_claims(nonce=login.nonce, target=target))
    registration.is_active = False
    registration.save()
    before = counts()

    response = platform.post_launch(client, state=login.state, id_token=token)

    assert_refused(response, client, before)


def test_a_login_naming_another_issuer_or_host_is_refused(client, platform, registration, target):
    wrong_issuer = platform.login(client, registration, target=target, iss="https://evil.example")
    foreign = platform.login(client, registration, target="https://evil.example.com/x/")
    unknown = client.get("/lti/login/00000000-0000-0000-0000-000000000000/")

    assert wrong_issuer.response.status_code == 400
    assert foreign.response.status_code == 400
    assert unknown.status_code == 400
