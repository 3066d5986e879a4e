"""Hostile names and answers, opened in a real Chromium by the people who
read them: nothing runs (no dialog opens, no injected element appears) and
the text reads exactly as it was typed."""

import pytest
from playwright.sync_api import expect

from certificates.services import certificate_issue
from classes.models import Enrollment
from tests.factories import (
    enroll,
    instructors_group,
    make_course,
    make_quiz,
    make_section,
    make_student,
    short_text,
    site_as_migrated,
    take_quiz,
)
from tests.test_hostile_text import HOSTILE, PUNCTUATION

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "not-if-when"  # tests.factories.make_student's
ATTACKS = [text for text in HOSTILE if "<" in text or "on" in text or "javascript" in text]


@pytest.fixture
def hostile_class(live_server):
    """A section with a hostile name; one student per hostile string, whose
    first name and short answer are that string; the first has a certificate."""
    site_as_migrated()
    course = make_course(title="Not If. When.", slug="not-if-when")
    quiz = make_quiz(course, [short_text("Name the introduction.", ["double opt-in"])])
    instructor = make_student("ines")
    instructor.groups.add(instructors_group())
    section = make_section(course, name=HOSTILE[1], term=PUNCTUATION, instructors=[instructor])
    students = []
    for number, text in enumerate(HOSTILE):
        student = make_student(f"s{number}", first_name=text, last_name=PUNCTUATION)
        enroll(section, student, sis_user_id=text)
        take_quiz(student, quiz, [text])
        students.append(student)
    finished = make_course(title="Finished", slug="finished")
    take_quiz(students[1], make_quiz(finished), ["c1"])
    certificate = certificate_issue(student=students[1], course=finished)
    return section, students, certificate


def open_watched(browser):
    """A page that records every dialog a script tries to open."""
    page = browser.new_context().new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def assert_nothing_ran(page):
    page.keyboard.press("Tab")  # an injected autofocus/onfocus would fire by now
    page.mouse.move(10, 10)
    page.mouse.move(300, 300)
    assert page.dialogs == []
    assert page.locator("img[src=x]").count() == 0
    assert (
        page.evaluate("document.querySelectorAll('[onerror],[onfocus],[onmouseover]').length") == 0
    )


def test_an_instructor_reads_hostile_names_and_answers_and_nothing_runs(
    browser, live_server, hostile_class
):
    section, students, _certificate = hostile_class
    page = open_watched(browser)
    sign_in(page, live_server, "ines")
    enrollment = Enrollment.objects.get(section=section, student=students[1])
    for path, texts in (
        (f"/admin/classes/{section.pk}/roster/", ATTACKS),
        (f"/admin/classes/{section.pk}/gradebook/", ATTACKS),
        (f"/admin/classes/{section.pk}/gradebook/{enrollment.pk}/", [HOSTILE[1]]),
    ):
        page.goto(live_server.url + path)
        for text in texts:
            expect(page.get_by_text(text, exact=False).first).to_be_attached()
        assert_nothing_ran(page)


def test_a_student_with_a_hostile_name_reads_their_result_and_certificate(
    browser, live_server, hostile_class
):
    _section, students, certificate = hostile_class
    page = open_watched(browser)
    sign_in(page, live_server, students[1].username)
    page.goto(live_server.url + "/dashboard/")
    assert_nothing_ran(page)
    attempt = students[1].quiz_attempts.order_by("pk").first()
    page.goto(live_server.url + f"/quizzes/attempts/{attempt.pk}/result/")
    expect(page.get_by_text(HOSTILE[1]).first).to_be_visible()
    assert_nothing_ran(page)

    stranger = open_watched(browser)
    stranger.goto(live_server.url + f"/certificates/{certificate.code}/")
    expect(stranger.get_by_text(HOSTILE[1], exact=False).first).to_be_visible()
    assert_nothing_ran(stranger)
