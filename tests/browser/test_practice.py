"""Practice in a real Chromium: a student checks a draft and improves it with
JavaScript off, and every practice page (the lesson with feedback, the
practice page, a draft, the instructor's pages and the professor's coach)
passes axe-core's WCAG 2.1 AA rules on a phone and a laptop, in light and
dark themes. Screenshots are left for a reviewer to look at."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import expect

from classes.models import Enrollment
from course.roles import Role, course_grant
from lessons.models import PracticeDraft
from lessons.services import practice_draft_submit
from tests.browser.axe import assert_no_axe_failures, axe_failures
from tests.factories import (
    enroll,
    instructors_group,
    make_course,
    make_lesson,
    make_section,
    make_student,
    practice,
    site_as_migrated,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "not-if-when"  # what make_student gives everyone

ROUGH = (
    "Dear all,\n\nI was laid off last week and I'm looking for my next role. Could you "
    "forward my résumé to anyone you know at Brightwater? Anything you can do would be "
    "amazing!! I told Priya you'd be happy to help."
)
BETTER = (
    "Hi Dana,\n\nIt's Sam Rivera; you managed our team at Corliss in 2024, when we rebuilt "
    "the returns process together. I was laid off last week and I'm looking at analytics "
    "roles.\n\nWould you have 20 minutes next week to tell me how you'd approach "
    "Brightwater? No worries if the timing is bad.\n\nThank you,\nSam Rivera"
)


@pytest.fixture
def lesson(live_server):
    site_as_migrated()
    course = make_course(title="Not If. When.", slug="not-if-when")
    make_lesson(course, title="The networking handoff", slug="the-networking-handoff")
    return make_lesson(
        course,
        title="Asking well",
        slug="asking-well",
        body=[
            ("text", "<p>A busy person reads your message on a phone, between meetings.</p>"),
            practice(
                "ask-for-an-introduction",
                title="Practice: ask for an introduction",
                scenario="You were laid off last week. Ask Dana Okafor, who managed your team "
                "two years ago, whether she would introduce you to someone at Brightwater.",
            ),
            ("text", "<p>Thank them the same day, and tell them later how it went.</p>"),
        ],
    )


@pytest.fixture
def sam(lesson):
    return make_student("sam", first_name="Sam", last_name="Rivera")


def sign_in(browser, live_server, username, **context):
    page = browser.new_context(**context).new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    return page


def test_a_draft_is_checked_and_improved_with_javascript_off(
    browser, live_server, lesson, sam, screenshots
):
    page = sign_in(
        browser, live_server, "sam", viewport=VIEWPORTS["phone"], java_script_enabled=False
    )
    page.goto(live_server.url + lesson.url)
    box = page.get_by_label("Your message")

    box.fill(ROUGH)
    page.get_by_role("button", name="Check my message").click()

    expect(page.get_by_role("heading", name="Feedback on draft 1")).to_be_visible()
    expect(page.locator("mark.coach-mark--problem").first).to_contain_text("Dear all,")
    expect(page.get_by_text("Asking to be handed off")).to_be_visible()
    expect(box).to_have_value(ROUGH)
    page.screenshot(path=screenshots / "practice-no-js-draft-1.png", full_page=True)

    box.fill(BETTER)
    page.get_by_role("button", name="Check my message").click()

    expect(page.get_by_role("heading", name="Feedback on draft 2")).to_be_visible()
    expect(page.get_by_text("Nothing to fix")).to_be_visible()
    assert list(PracticeDraft.objects.order_by("number").values_list("text", flat=True)) == [
        ROUGH,
        BETTER,
    ]
    page.get_by_role("link", name="All your drafts").click()
    page.get_by_role("link", name="Draft 1").click()
    expect(page.get_by_role("heading", name="Draft 1", exact=True)).to_be_visible()
    page.context.close()


def test_the_word_count_shows_with_javascript_on(browser, live_server, lesson, sam):
    page = sign_in(browser, live_server, "sam", viewport=VIEWPORTS["desktop"])
    page.goto(live_server.url + lesson.url)

    page.get_by_label("Your message").fill("Hi Dana, could we talk?")

    expect(page.get_by_text("5 words")).to_be_visible()
    page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_students_practice_pages_pass_axe(
    browser, live_server, lesson, sam, screenshots, viewport, scheme
):
    practice_draft_submit(student=sam, lesson=lesson, key="ask-for-an-introduction", text=ROUGH)
    latest = practice_draft_submit(
        student=sam, lesson=lesson, key="ask-for-an-introduction", text=ROUGH + " Thanks!"
    )
    page = sign_in(browser, live_server, "sam", viewport=VIEWPORTS[viewport], color_scheme=scheme)
    failures = []
    for name, url in [
        ("lesson", lesson.url + "#practice-ask-for-an-introduction-feedback"),
        ("page", reverse("lessons:practice", args=[lesson.pk, "ask-for-an-introduction"])),
        ("draft", reverse("lessons:draft", args=[latest.pk])),
    ]:
        page.goto(live_server.url + url)
        expect(page.locator(".coach__text")).to_be_visible()
        failures.append(axe_failures(page, name))
        page.screenshot(
            path=screenshots / f"practice-{name}-{viewport}-{scheme}.png", full_page=True
        )
    page.context.close()

    assert_no_axe_failures(failures)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_instructors_and_professors_practice_pages_pass_axe(
    browser, live_server, lesson, sam, screenshots, viewport
):
    course = lesson.get_parent().specific
    ines = make_student("ines", first_name="Ines", last_name="Okafor")
    ines.groups.add(instructors_group())
    # The "Professors" group, rebuilt as the migration makes it: the flush of
    # a transactional test before this one emptied it.
    import_module("course.migrations.0003_roles").create_group(apps, None)
    course_grant(user=ines, course=course, role=Role.PROFESSOR)
    section = make_section(course, instructors=[ines])
    enroll(section, sam)
    practice_draft_submit(student=sam, lesson=lesson, key="ask-for-an-introduction", text=ROUGH)
    practice_draft_submit(student=sam, lesson=lesson, key="ask-for-an-introduction", text=BETTER)
    seat = Enrollment.objects.get(student=sam)
    page = sign_in(browser, live_server, "ines", viewport=VIEWPORTS[viewport])
    failures = []
    for name, url in [
        ("class", reverse("classes_section:practice", args=[section.pk])),
        ("student", reverse("classes_section:student_practice", args=[section.pk, seat.pk])),
        ("coach", reverse("lessons_coach_course", args=[course.pk])),
    ]:
        page.goto(live_server.url + url)
        if name == "coach":
            page.get_by_label("A sample message").fill(ROUGH)
            page.get_by_role("button", name="Check this message").click()
            expect(page.get_by_role("heading", name="Feedback", exact=True)).to_be_visible()
        failures.append(axe_failures(page, name))
        page.screenshot(path=screenshots / f"practice-admin-{name}-{viewport}.png", full_page=True)
    page.context.close()

    assert_no_axe_failures(failures)
