"""The page of grades sent to the LMS in a real Chromium: it passes axe-core's
WCAG 2.1 AA rules on a phone and a laptop, and its button queues a failed
grade again."""

import pytest
from playwright.sync_api import expect

from lti.assignments.models import ScorePost
from tests.browser.test_certificate_page import assert_axe_passes, signed_in_context
from tests.factories import make_student, site_as_migrated
from tests.lti_world import quiz_in_lms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def world(live_server, monkeypatch):
    """A class in an LMS with one grade sent, one on its way and one failed."""
    site_as_migrated()
    world = quiz_in_lms(monkeypatch)
    for username, first, last, status, error in [
        (
            "ana",
            "Ana",
            "de la Cruz",
            ScorePost.Status.FAILED,
            "The platform refused the "
            'score: HTTP 503 {"errors":[{"message":"Service unavailable, try later"}]}',
        ),
        ("bo", "Bo", "Lund", ScorePost.Status.PENDING, ""),
        ("kai", "Kai", "Okafor", ScorePost.Status.SENT, ""),
    ]:
        student = make_student(username, first_name=first, last_name=last)
        ScorePost.objects.create(
            line_item=world.line_item,
            lti_user=world.lms.member(student),
            score_given=1.5,
            score_maximum=2,
            status=status,
            tries=3 if error else 1,
            last_error=error,
        )
    return world


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_page_passes_axe_and_its_button_queues_the_grade(
    browser, live_server, world, screenshots, viewport
):
    context = signed_in_context(
        browser, live_server, world.instructor, viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/classes/{world.lms.section.pk}/")
    page.get_by_role("link", name="Grades sent to the LMS").click()
    page.screenshot(path=screenshots / f"lti-grades-{viewport}.png", full_page=True)
    assert_axe_passes(page)

    page.get_by_role("button", name="Send again the grade of Ana de la Cruz").click()

    expect(page.get_by_text("Ana de la Cruz's grade is queued to be sent again.")).to_be_visible()
    assert not ScorePost.objects.filter(status=ScorePost.Status.FAILED).exists()
    context.close()
