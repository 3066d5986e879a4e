"""A student reads the bundled course in a real Chromium, on a phone and a
laptop: the pages pass axe-core's WCAG 2.1 AA rules and work from the keyboard."""

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from course.models import CoursePage
from lessons.models import LessonPage
from tests.factories import site_as_migrated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def bundled_course(live_server):
    site_as_migrated()
    call_command("load_course", stdout=io.StringIO())
    return CoursePage.objects.get(slug="not-if-when")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_course_and_lesson_pages_pass_axe(
    browser, live_server, bundled_course, screenshots, viewport, scheme
):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    lesson = LessonPage.objects.get(slug="the-networking-handoff")
    for name, url in [("catalog", "/"), ("course", bundled_course.url), ("lesson", lesson.url)]:
        page.goto(live_server.url + url)
        page.screenshot(path=screenshots / f"{name}-{viewport}-{scheme}.png", full_page=True)

        results = Axe().run(page, options=WCAG_21_AA)

        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    context.close()


def test_a_keyboard_user_skips_to_the_lesson_and_walks_the_course(
    browser, live_server, bundled_course
):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    first = LessonPage.objects.get(slug="not-if-when")
    page.goto(live_server.url + first.url)

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # on screen once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.get_by_role("link", name="Next The first 72 hours").click()
    assert page.locator("h1").inner_text() == "The first 72 hours"
    assert page.locator(".course-nav [aria-current=page]").inner_text() == "The first 72 hours"
    page.close()
