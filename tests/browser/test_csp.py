"""The Content Security Policy in a real Chromium: a student reads the catalog
and a lesson of every block kind, takes a quiz whose answers still save as
they are given, and opens a certificate whose Print button its script shows,
and the browser blocks nothing; an editor still gets the Wagtail editing bar
on the site, and an admin whose page preview works."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from certificates.services import certificate_issue
from lessons.services import lesson_complete
from quizzes.models import Response
from tests.browser.test_certificate_page import signed_in_context
from tests.browser.test_quiz import start_quiz, wait_until
from tests.factories import make_course, make_lesson, make_quiz, site_as_migrated, take_quiz
from tests.test_headers import every_block_kind
from tests.test_lesson_page import a_stored_video
from tests.test_uploads_embeds import media_served  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_served"),
]

# Chromium reports each blocked script, style, frame or picture as an event
# on the document; this turns them into console messages the test collects.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""


def watch_for_violations(context, live_server):
    """Pages of `context` and the violations they report, as (url, text) pairs.

    Whatever the policy lets through to other sites (a video player, an
    editor's avatar) gets a stand-in page: the test must not need the internet.
    """
    violations = []
    context.add_init_script(REPORT_VIOLATIONS)
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.fulfill(body="<!DOCTYPE html><title>Elsewhere</title><p>Playing</p>"),
    )

    def on_page(page):
        def on_console(message):
            if "Content Security Policy" in message.text or "CSP violation" in message.text:
                violations.append((page.url, message.text))

        page.on("console", on_console)

    context.on("page", on_page)
    return violations


def assert_none(violations):
    assert not violations, "\n".join(f"{url}: {text}" for url, text in violations)


@pytest.fixture
def course(live_server):
    """A course with one lesson of every block kind and one quiz."""
    site_as_migrated()
    a_stored_video()
    course = make_course(title="Not If. When.", slug="not-if-when")
    make_lesson(course, title="The handoff", slug="the-handoff", body=every_block_kind())
    make_quiz(course, title="Check", slug="check")
    return course


def test_a_students_pages_run_under_the_policy_and_answers_still_save(
    browser, live_server, course
):
    student = get_user_model().objects.create_user("sam", "sam@example.edu", "not-if-when")
    context = signed_in_context(browser, live_server, student)
    violations = watch_for_violations(context, live_server)
    page = context.new_page()
    lesson, quiz = (child.specific for child in course.get_children())

    page.goto(live_server.url + "/")
    page.goto(live_server.url + lesson.url)
    expect(page.frame_locator(".video iframe").locator("p")).to_have_text("Playing")
    expect(page.locator("figure img")).to_have_js_property("complete", True)
    assert page.locator("figure img").evaluate("img => img.naturalWidth") > 0

    page.goto(live_server.url + quiz.url)
    start_quiz(page)
    page.get_by_label("A friend").check()
    wait_until(lambda: Response.objects.exclude(answer=None).exists())
    expect(page.get_by_role("status")).to_have_text("Saved")

    lesson_complete(student=student, lesson=lesson)
    take_quiz(student, quiz, ["c1"])
    certificate = certificate_issue(student=student, course=course)
    page.goto(live_server.url + certificate.get_absolute_url())
    expect(page.get_by_role("button", name="Print")).to_be_visible()

    assert_none(violations)
    context.close()


@pytest.fixture
def editor_context(browser, live_server):
    editor = get_user_model().objects.create_superuser("ed", "ed@example.edu", "pw")
    # Made now, not by the admin's first requests racing each other on SQLite.
    UserProfile.get_for_user(editor)
    context = signed_in_context(browser, live_server, editor)
    yield context
    context.close()


def test_an_editor_still_gets_the_editing_bar_on_the_site(editor_context, live_server, course):
    violations = watch_for_violations(editor_context, live_server)
    page = editor_context.new_page()
    lesson = course.get_children().first()

    page.goto(live_server.url + lesson.url)
    page.locator("#wagtail-userbar-trigger").click()

    expect(page.get_by_role("menuitem", name="Edit this page")).to_be_visible()
    assert_none(violations)


def test_the_admin_works_under_its_own_policy(editor_context, live_server, course):
    violations = watch_for_violations(editor_context, live_server)
    page = editor_context.new_page()
    lesson = course.get_children().first()

    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(lesson.title)
    expect(preview.frame_locator(".video iframe").locator("p")).to_have_text("Playing")
    page.goto(f"{live_server.url}/admin/images/multiple/add/")
    page.goto(f"{live_server.url}/admin/")

    assert_none(violations)
