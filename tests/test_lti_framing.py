"""Inside the LMS's page: who may frame us, and cookies that survive the frame.

Pages reached from a launch may be framed by the launching platform's
registered origins, and by nobody else; every other page of the site stays
`frame-ancestors 'none'` with `X-Frame-Options: DENY`. On the LTI host name
cookies are `SameSite=None; Secure`, and nowhere else. A browser that keeps
no cookies in the frame is offered a new tab, where the launch completes.
"""

from importlib import import_module
from urllib.parse import urlsplit

import csp.middleware
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

import course.middleware
from tests.factories import make_course, make_lesson, make_student
from tests.lti_platform import ORIGIN, TARGET_HOST
from tests.test_headers import policy
from tests.test_lesson_page import a_picture
from tests.test_uploads_embeds import media_served  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

LTI_HOST = "lti.example.edu"
SECOND_ORIGIN = "https://college.instructure.com"


@pytest.fixture
def registration(platform):
    """The LMS, registered with two origins that may frame us."""
    return platform.register(frame_origins=[ORIGIN, SECOND_ORIGIN])


@pytest.fixture
def lesson():
    return make_lesson(make_course(title="Not If. When."), title="The first 72 hours")


@pytest.fixture
def lti_host(settings):
    settings.LTI_HOST = LTI_HOST
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, LTI_HOST]
    return LTI_HOST


def launched(client, platform, registration, lesson, host="testserver"):
    response = platform.launch(client, registration, target=f"http://{host}{lesson.url}")
    assert response.status_code == 302
    return response


def framing(response):
    return policy(response)["frame-ancestors"], response.get("X-Frame-Options")


def session_loads(monkeypatch) -> list:
    """The session keys read from the session store from now on, one per read."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    loads, load = [], store.load

    def counted(session):
        loads.append(session.session_key)
        return load(session)

    monkeypatch.setattr(store, "load", counted)
    return loads


def policy_builds(monkeypatch) -> list:
    """Each policy header built from now on, by our middleware or django-csp's."""
    builds = []
    for module in (course.middleware, csp.middleware):

        def counted(*args, build=module.build_policy, **kwargs):
            builds.append(kwargs)
            return build(*args, **kwargs)

        monkeypatch.setattr(module, "build_policy", counted)
    return builds


def test_pages_reached_from_a_launch_may_be_framed_by_the_lms_only(
    client, platform, registration, lesson
):
    launched(client, platform, registration, lesson)

    for url in (lesson.url, lesson.get_parent().url, "/dashboard/"):
        response = client.get(url)
        assert response.status_code == 200
        assert framing(response) == ([ORIGIN, SECOND_ORIGIN], None), url


def test_the_rest_of_the_site_is_framed_by_no_one(client, platform, registration, lesson):
    launched(client, platform, registration, lesson)
    someone_else = Client()
    someone_else.force_login(make_student("sam"))

    for visitor in (Client(), someone_else):
        response = visitor.get(lesson.url)
        assert framing(response) == (["'none'"], "DENY")


def test_the_admin_keeps_its_own_framing_in_an_lms_session(client, platform, registration, lesson):
    launched(client, platform, registration, lesson)

    response = client.get("/admin/")

    assert policy(response)["frame-ancestors"] == ["'self'"]


@pytest.mark.usefixtures("media_served")
def test_pictures_in_an_lms_session_are_sent_without_reading_the_session(
    client, platform, registration, lesson, monkeypatch
):
    """A lesson's pictures are the same files for everyone and are not pages:
    each one must not cost a read of the session."""
    launched(client, platform, registration, lesson)
    picture = a_picture().get_rendition("width-20")
    loads = session_loads(monkeypatch)

    response = client.get(picture.url)

    assert response.status_code == 200
    assert loads == []
    client.get(lesson.url)
    assert loads, "a page of the session reads it"


def test_the_policy_naming_the_lms_is_built_once_and_reused(
    client, platform, registration, lesson, monkeypatch
):
    launched(client, platform, registration, lesson)
    client.get(lesson.url)
    builds = policy_builds(monkeypatch)

    for url in (lesson.url, lesson.get_parent().url, "/dashboard/"):
        response = client.get(url)
        assert framing(response) == ([ORIGIN, SECOND_ORIGIN], None), url

    assert builds == []


def test_a_registration_without_origins_is_framed_by_no_one(client, platform, lesson):
    registration = platform.register(frame_origins=[])
    launched(client, platform, registration, lesson)

    response = client.get(lesson.url)

    assert framing(response) == (["'none'"], "DENY")


def test_a_refused_launch_can_be_read_inside_the_lms(client, platform, registration, lesson):
    response = platform.launch(
        client,
        registration,
        target=TARGET_HOST + lesson.url,
        edit=lambda claims: claims.pop("exp"),
    )

    assert response.status_code == 400
    assert framing(response) == ([ORIGIN, SECOND_ORIGIN], None)


def test_a_post_from_nowhere_is_framed_by_no_one(client):
    response = client.post("/lti/launch/")

    assert framing(response) == (["'none'"], "DENY")


def test_cookies_on_the_lti_host_work_inside_the_frame(platform, registration, lesson, lti_host):
    browser = Client(HTTP_HOST=lti_host)

    response = launched(browser, platform, registration, lesson, host=lti_host)

    session = response.cookies["sessionid"]
    assert (session["samesite"], session["secure"]) == ("None", True)
    page = browser.get(lesson.url)
    assert page.status_code == 200
    assert framing(page) == ([ORIGIN, SECOND_ORIGIN], None)


def test_cookies_elsewhere_stay_lax(client, platform, registration, lesson, lti_host):
    response = launched(client, platform, registration, lesson)

    assert response.cookies["sessionid"]["samesite"] == "Lax"
    sign_in = Client().get("/accounts/login/")
    assert sign_in.cookies["csrftoken"]["samesite"] == "Lax"
    on_lti_host = Client(HTTP_HOST=lti_host).get("/accounts/login/")
    assert on_lti_host.cookies["csrftoken"]["samesite"] == "None"


def test_a_browser_blocking_cookies_in_the_frame_completes_the_launch_in_a_new_tab(
    platform, registration, lesson
):
    target = TARGET_HOST + lesson.url
    frame = Client()
    login_url = f"/lti/login/{registration.uuid}/"
    start = frame.get(
        login_url,
        {"iss": platform.issuer, "login_hint": "hint-1", "target_link_uri": target},
    )
    assert start.status_code == 302
    assert start.cookies["lti-cookies"].value == "1"
    frame.cookies.clear()  # the browser dropped it, as it does inside another site's frame

    check = frame.get(start["Location"])

    assert check.status_code == 200
    assert framing(check) == ([ORIGIN, SECOND_ORIGIN], None)
    page = BeautifulSoup(check.content, "html.parser")
    link = page.find("main").find("a", class_="button")
    assert link["target"] == "_blank"
    assert urlsplit(link["href"]).path == login_url

    tab = Client()  # a tab of its own: a first-party page, cookies kept
    login = platform.login_from(tab, link["href"])
    claims = platform.resource_link_claims(nonce=login.nonce, target=target)
    response = platform.post_launch(tab, state=login.state, id_token=platform.sign(claims))

    assert response.status_code == 302
    assert response["Location"] == lesson.url
    assert "_auth_user_id" in tab.session
