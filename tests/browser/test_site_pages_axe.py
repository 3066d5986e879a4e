"""Every page a student meets on the way through the bundled course passes
axe-core's WCAG 2.1 AA rules on a phone and on a laptop: the catalog, the
course, each of its lessons, a quiz, the dashboard with progress on it, and
the join pages, with and without an error."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from course.models import CoursePage
from lessons.models import LessonPage
from lessons.services import lesson_complete
from quizzes.models import QuizPage
from quizzes.services import attempt_start, attempt_submit
from tests.browser.axe import assert_no_axe_failures, axe_failures
from tests.factories import make_section, make_student, site_as_migrated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "not-if-when"  # what make_student gives everyone


@pytest.fixture
def course(live_server):
    site_as_migrated()
    call_command("load_course", stdout=io.StringIO())
    return CoursePage.objects.get(slug="not-if-when")


@pytest.fixture
def student(course):
    """Sam, two lessons in, with one graded try at the first quiz, so progress
    bars, ticks, grades and "Try again" are all on the pages."""
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    for lesson in LessonPage.objects.child_of(course).order_by("path")[:2]:
        lesson_complete(student=sam, lesson=lesson)
    quiz = QuizPage.objects.child_of(course).order_by("path").first()
    attempt_submit(attempt=attempt_start(student=sam, quiz=quiz))
    return sam


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_students_pages_pass_axe(
    browser, live_server, course, student, screenshots, fresh_cache, viewport
):
    section = make_section(course)
    page = browser.new_context(viewport=VIEWPORTS[viewport]).new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("sam")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    assert len(lessons) == 8  # every bundled lesson, not a sample
    quiz = QuizPage.objects.child_of(course).order_by("path").first()
    failures = []

    pages = [
        ("catalog", "/"),
        ("course", course.url),
        *((f"lesson-{lesson.slug}", lesson.url) for lesson in lessons),
        ("quiz", quiz.url),
        ("dashboard", "/dashboard/"),
        ("join", "/join/"),
        ("join-confirm", f"/join/{section.join_code}/"),
    ]
    for name, url in pages:
        page.goto(live_server.url + url)
        expect(page.locator("main h1")).to_be_visible()
        failures.append(axe_failures(page, name))
        if not name.startswith("lesson-") and name not in ("catalog", "course"):
            page.screenshot(path=screenshots / f"axe-{name}-{viewport}.png", full_page=True)

    # A mistyped code: the form comes back with the error tied to the field.
    page.goto(live_server.url + "/join/")
    page.get_by_label("Join code").fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_text("We don't know that code.")).to_be_visible()
    expect(page.get_by_label("Join code")).to_have_attribute("aria-invalid", "true")
    failures.append(axe_failures(page, "join with an error"))
    page.screenshot(path=screenshots / f"axe-join-error-{viewport}.png", full_page=True)

    # The dashboard really had progress to show.
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("progressbar", name="2 of 12 done")).to_be_visible()
    page.context.close()

    assert_no_axe_failures(failures)
