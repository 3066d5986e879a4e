"""A student takes a quiz in a real Chromium: answers save as they are given,
survive a reload, and the graded result comes back; the pages pass axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from quizzes.models import Attempt, Response
from tests.factories import (
    make_course,
    make_quiz,
    multiple_answer,
    numeric,
    short_text,
    single_choice,
    site_as_migrated,
    true_false,
)
from tests.test_browser_reading import VIEWPORTS, WCAG_21_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quiz(live_server):
    site_as_migrated()
    return make_quiz(
        make_course(title="Not If. When.", slug="not-if-when"),
        [
            single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)]),
            multiple_answer("Which help?", [("One clear ask", True), ("A long list", False)]),
            true_false("A connection is a contact.", False),
            numeric("How many asks per message?", 1),
            short_text("The introduction that asks both sides first?", ["double opt-in"]),
        ],
        title="Check: asking well",
        slug="check-asking-well",
    )


@pytest.fixture
def signed_in(browser, live_server):
    get_user_model().objects.create_user("sam", "sam@example.edu", "a-long-passphrase-1")
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("sam@example.edu")
    page.locator("input[name=password]").fill("a-long-passphrase-1")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    yield page
    context.close()


def test_answers_autosave_survive_a_reload_and_are_graded(
    signed_in, live_server, quiz, screenshots
):
    page = signed_in
    page.goto(live_server.url + quiz.url)
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label("A friend").check()
    page.get_by_label("One clear ask").check()
    page.get_by_label("False").check()
    page.locator("input[inputmode=decimal]").fill("1")
    page.locator("fieldset[data-type=short_text] input[type=text]").fill("Double opt-in")
    page.locator("[data-save-status]").filter(has_text="All answers saved.").wait_for()
    page.wait_for_timeout(1200)  # the typed answers save after a short pause
    page.locator("[data-save-status]").filter(has_text="All answers saved.").wait_for()
    attempt = Attempt.objects.get()
    assert Response.objects.filter(attempt=attempt).exclude(answer=None).count() == 5

    page.reload()
    assert page.get_by_label("A friend").is_checked()
    assert (
        page.locator("fieldset[data-type=short_text] input[type=text]").input_value()
        == "Double opt-in"
    )
    page.screenshot(path=screenshots / "quiz-attempt-phone.png", full_page=True)
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("heading", name="You passed").wait_for()
    page.screenshot(path=screenshots / "quiz-result-phone.png", full_page=True)
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    assert Attempt.objects.get().percent == 100


def test_submitting_with_unanswered_questions_asks_first(signed_in, live_server, quiz):
    page = signed_in
    page.goto(live_server.url + quiz.url)
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_label("A friend").check()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.get_by_role("button", name="Submit for grading").click()

    assert dialogs and "4 question(s) have no answer" in dialogs[0]
    assert Attempt.objects.get().is_open
