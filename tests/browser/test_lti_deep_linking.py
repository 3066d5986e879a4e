"""Deep linking in a real Chromium: the chooser passes axe-core's WCAG 2.1 AA
rules on a phone and a laptop, and the instructor's picks reach the LMS's
return URL by themselves (with JavaScript) or with one press of a button
(without), under the site's strict Content Security Policy.

The LMS is a stand-in: Playwright answers its return URL and keeps what was
posted there, so nothing leaves the machine.
"""

import io
from importlib import import_module
from urllib.parse import parse_qs

import pytest
from django.conf import settings
from django.core.management import call_command
from jwt import decode
from playwright.sync_api import expect

from course.models import CoursePage
from lti.assignments.deep_linking import SESSION_KEY
from tests.browser.test_certificate_page import assert_axe_passes, signed_in_context
from tests.factories import make_student, site_as_migrated
from tests.lti_platform import FakePlatform
from tests.lti_world import registration_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
RETURN_URL = "https://lms.example.edu/courses/101/deep_linking_response"
LTI_DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"


@pytest.fixture
def ines(live_server):
    """An instructor, the bundled course, and a registered platform."""
    site_as_migrated()
    call_command("load_course", stdout=io.StringIO())
    registration_of(FakePlatform())
    return make_student("ines", first_name="Ines", last_name="Okafor")


def arriving_from_the_lms(browser, live_server, ines, **options):
    """A browser context as a deep-linking launch leaves it, and the LMS's
    return URL answered by the test: the list of what was posted there."""
    context = signed_in_context(browser, live_server, ines, **options)
    cookie = next(c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[SESSION_KEY] = {
        "registration": registration_of(FakePlatform()).pk,
        "deployment_id": "deployment-1",
        "return_url": RETURN_URL,
        "data": "state-7",
        "accept_types": ["ltiResourceLink"],
        "accept_multiple": True,
        "course": CoursePage.objects.get(slug="not-if-when").pk,
    }
    session.save()
    posted = []

    def lms(route):
        posted.append(parse_qs(route.request.post_data)["JWT"][0])
        route.fulfill(body="<!DOCTYPE html><title>LMS</title><h1>Items added</h1>")

    context.route(RETURN_URL, lms)
    return context, posted


def content_items(token):
    claims = decode(token, options={"verify_signature": False})
    return [item["title"] for item in claims[LTI_DL + "content_items"]]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_chooser_passes_axe(browser, live_server, ines, screenshots, viewport):
    context, _posted = arriving_from_the_lms(
        browser, live_server, ines, viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    page.goto(live_server.url + "/lti/deep-linking/")
    page.screenshot(path=screenshots / f"lti-deep-linking-{viewport}.png", full_page=True)
    assert_axe_passes(page)

    page.get_by_role("button", name="Add the ticked items").click()  # nothing ticked
    expect(page.locator(".error-summary")).to_be_visible()
    page.screenshot(path=screenshots / f"lti-deep-linking-error-{viewport}.png", full_page=True)
    assert_axe_passes(page)
    context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_refusal_passes_axe(browser, live_server, ines, screenshots, viewport):
    context = signed_in_context(browser, live_server, ines, viewport=VIEWPORTS[viewport])
    page = context.new_page()

    response = page.goto(live_server.url + "/lti/deep-linking/")

    assert response.status == 400
    expect(page.get_by_role("heading", name="Open this page from your LMS")).to_be_visible()
    page.screenshot(path=screenshots / f"lti-deep-linking-refused-{viewport}.png", full_page=True)
    assert_axe_passes(page)
    context.close()


def test_the_picks_go_back_to_the_lms_by_themselves(browser, live_server, ines):
    context, posted = arriving_from_the_lms(browser, live_server, ines)
    page = context.new_page()
    page.goto(live_server.url + "/lti/deep-linking/")
    first, second = page.locator("input[name=items]").all()[:2]
    first.check()
    second.check()

    page.get_by_role("button", name="Add the ticked items").click()

    expect(page.get_by_role("heading", name="Items added")).to_be_visible()
    assert len(posted) == 1
    titles = content_items(posted[0])
    assert len(titles) == 2
    context.close()


def test_without_javascript_one_press_takes_them_back(browser, live_server, ines, screenshots):
    context, posted = arriving_from_the_lms(
        browser, live_server, ines, java_script_enabled=False, viewport=VIEWPORTS["phone"]
    )
    page = context.new_page()
    page.goto(live_server.url + "/lti/deep-linking/")
    page.locator("input[name=items]").first.check()
    page.get_by_role("button", name="Add the ticked items").click()
    expect(page.get_by_role("heading", name="Back to your LMS")).to_be_visible()
    page.screenshot(path=screenshots / "lti-deep-linking-return-phone.png", full_page=True)
    assert posted == []

    page.get_by_role("button", name="Continue to your LMS").click()

    expect(page.get_by_role("heading", name="Items added")).to_be_visible()
    assert len(content_items(posted[0])) == 1
    context.close()
