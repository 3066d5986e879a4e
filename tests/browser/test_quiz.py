"""A student takes a quiz in a real Chromium: answers save as they are given,
survive a reload, and the graded result comes back; blank questions are asked
about first, in a dialog or (without JavaScript) on a page of their own; the
whole quiz can be taken from the keyboard alone; the pages pass axe."""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.urls import reverse
from playwright.sync_api import expect

from quizzes.models import Attempt, Response
from quizzes.services import answer_save, attempt_start, attempt_submit
from tests.browser.axe import assert_no_axe_failures, axe_failures
from tests.browser.test_reading import VIEWPORTS, WCAG_21_AA
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSPHRASE = "a-long-passphrase-1"


def five_questions():
    return [
        single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)]),
        multiple_answer("Which help?", [("One clear ask", True), ("A long list", False)]),
        true_false("A connection is a contact.", False),
        numeric("How many asks per message?", 1),
        short_text("The introduction that asks both sides first?", ["double opt-in"]),
    ]


@pytest.fixture
def quiz(live_server):
    site_as_migrated()
    return make_quiz(
        make_course(title="Not If. When.", slug="not-if-when"),
        five_questions(),
        title="Check: asking well",
        slug="check-asking-well",
    )


def sign_in(context, live_server):
    """A page in `context`, signed in as the student sam."""
    if not get_user_model().objects.filter(username="sam").exists():
        get_user_model().objects.create_user("sam", "sam@example.edu", PASSPHRASE)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("sam@example.edu")
    page.locator("input[name=password]").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


@pytest.fixture
def signed_in(browser, live_server):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    yield sign_in(context, live_server)
    context.close()


def start_quiz(page):
    """Press Start and wait until the attempt page's script has run."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Start the quiz").click()


def assert_axe_passes(page):
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_answers_autosave_survive_a_reload_and_are_graded(
    signed_in, live_server, quiz, screenshots
):
    page = signed_in
    page.goto(live_server.url + quiz.url)
    start_quiz(page)
    page.get_by_label("A friend").check()
    page.get_by_label("One clear ask").check()
    page.get_by_label("False").check()
    page.locator("input[inputmode=decimal]").fill("1")
    page.locator("fieldset[data-type=short_text] input[type=text]").fill("Double opt-in")
    # The typed answers save after a short pause.
    wait_until(lambda: Response.objects.exclude(answer=None).count() == 5)
    expect(page.get_by_role("status")).to_have_text("Saved")

    page.reload()
    assert page.get_by_label("A friend").is_checked()
    assert (
        page.locator("fieldset[data-type=short_text] input[type=text]").input_value()
        == "Double opt-in"
    )
    page.screenshot(path=screenshots / "quiz-attempt-phone.png", full_page=True)
    assert_axe_passes(page)

    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("heading", name="You passed").wait_for()
    page.screenshot(path=screenshots / "quiz-result-phone.png", full_page=True)
    assert_axe_passes(page)
    assert Attempt.objects.get().percent == 100


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_result_with_right_partial_and_wrong_answers_passes_axe(
    browser, live_server, screenshots, viewport, scheme
):
    """The result page as a student who did not pass sees it: one answer right,
    one half right, one wrong and one left blank, with the feedback and
    explanations beside them, in every colour it uses."""
    site_as_migrated()
    quiz = make_quiz(
        make_course(),
        [
            single_choice(
                "Who do you ask first?",
                [("A stranger", False), ("A friend", True, "Friends answer first.")],
                explanation="Start with the people who know your work.",
            ),
            multiple_answer(
                "Which help?",
                [("One clear ask", True), ("A short update", True), ("A long list", False)],
                scoring="partial",
            ),
            true_false(
                "A connection is a contact.",
                False,
                feedback_true="A contact knows your name; a connection knows your work.",
            ),
            short_text("The introduction that asks both sides first?", ["double opt-in"]),
        ],
        title="Check: asking well",
    )
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = sign_in(context, live_server)
    attempt = attempt_start(student=get_user_model().objects.get(username="sam"), quiz=quiz)
    answers = ["c1", ["c0"], True, None]
    for response, answer in zip(attempt.responses.order_by("position"), answers, strict=True):
        answer_save(attempt=attempt, question_key=response.question_key, answer=answer, version=0)
    attempt_submit(attempt=attempt)

    page.goto(live_server.url + reverse("quizzes:result", args=[attempt.pk]))

    expect(page.get_by_role("heading", name="Not passed yet")).to_be_visible()
    expect(page.get_by_role("heading", name="Question 2: Partly correct")).to_be_visible()
    expect(page.get_by_text("Friends answer first.")).to_be_visible()
    expect(page.get_by_text("a connection knows your work")).to_be_visible()
    page.screenshot(path=screenshots / f"quiz-result-{viewport}-{scheme}.png", full_page=True)
    failures = [axe_failures(page, f"quiz result, {viewport}, {scheme}")]
    context.close()
    assert_no_axe_failures(failures)


def test_a_lost_connection_is_reported_and_the_answer_kept(signed_in, live_server, quiz):
    page = signed_in
    page.goto(live_server.url + quiz.url)
    start_quiz(page)
    page.context.set_offline(True)

    page.get_by_label("A friend").check()

    expect(page.get_by_role("status")).to_have_text(
        "Not saved — check your connection; your answers are kept on this page."
    )
    assert page.get_by_label("A friend").is_checked()
    page.context.set_offline(False)
    expect(page.get_by_role("status")).to_have_text("Saved")
    assert Response.objects.exclude(answer=None).count() == 1


def test_submitting_with_blank_questions_asks_in_a_dialog_first(
    signed_in, live_server, quiz, screenshots
):
    page = signed_in
    page.goto(live_server.url + quiz.url)
    start_quiz(page)
    page.get_by_label("A friend").check()

    page.get_by_role("button", name="Submit for grading").click()

    dialog = page.get_by_role("dialog", name="Submit anyway?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("4 questions have no answer: 2, 3, 4, 5.")
    expect(dialog.get_by_role("button", name="Go back and answer")).to_be_focused()
    page.screenshot(path=screenshots / "quiz-confirm-dialog-phone.png")
    assert_axe_passes(page)

    page.keyboard.press("Enter")  # Go back and answer
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("One clear ask")).to_be_focused()
    assert Attempt.objects.get().is_open

    page.get_by_role("button", name="Submit for grading").click()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Submit for grading")).to_be_focused()
    assert Attempt.objects.get().is_open

    page.get_by_role("button", name="Submit for grading").click()
    dialog.get_by_role("button", name="Submit anyway").click()
    page.get_by_role("heading", name="Not passed yet").wait_for()
    assert Attempt.objects.get().score == 1


def test_a_quiz_taken_without_javascript_from_start_to_result(browser, live_server, screenshots):
    site_as_migrated()
    quiz = make_quiz(make_course(), five_questions(), title="Timed check", time_limit_minutes=20)
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = sign_in(context, live_server)
    page.goto(live_server.url + quiz.url)
    start_quiz(page)

    expect(page.get_by_text("20 minutes left when this page loaded.")).to_be_visible()
    expect(page.get_by_role("timer")).to_be_hidden()
    page.get_by_label("A friend").check()
    page.get_by_label("False").check()
    page.get_by_role("button", name="Submit for grading").click()

    expect(page.get_by_role("heading", name="Submit anyway?")).to_be_visible()
    expect(page.get_by_text("3 questions have no answer: 2, 4, 5.")).to_be_visible()
    page.screenshot(path=screenshots / "quiz-confirm-page-phone.png", full_page=True)
    assert Attempt.objects.get().is_open
    page.get_by_role("link", name="Go back and answer").click()

    assert page.get_by_label("A friend").is_checked()  # saved on the way
    page.get_by_label("One clear ask").check()
    page.get_by_label("Your answer").first.fill("1")
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    page.get_by_label("Your answer").last.fill("double opt-in")
    page.get_by_role("button", name="Submit for grading").click()

    page.get_by_role("heading", name="You passed").wait_for()
    assert Attempt.objects.get().percent == 100
    context.close()


def wait_until(condition, *, seconds=5):
    """Wait for the page's saves to reach the database."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except OperationalError:  # the test database is busy with the page's save
            pass
        assert time.monotonic() < deadline, "the answers never reached the database"
        time.sleep(0.1)


def tab_to(page, target, *, key="Tab", limit=60):
    """Press Tab (or `key`) until `target` has the focus."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached {target}")


def test_a_quiz_taken_with_the_keyboard_alone(browser, live_server, quiz):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = sign_in(context, live_server)
    page.goto(live_server.url + quiz.url)
    keys = page.keyboard

    tab_to(page, page.get_by_role("button", name="Start the quiz"))
    keys.press("Enter")
    page.get_by_role("heading", name="Check: asking well").wait_for()

    tab_to(page, page.get_by_label("A stranger"))
    keys.press("ArrowDown")  # arrows move within the question's radios
    expect(page.get_by_label("A friend")).to_be_checked()
    keys.press("Tab")
    expect(page.get_by_label("One clear ask")).to_be_focused()
    keys.press("Space")
    expect(page.get_by_label("One clear ask")).to_be_checked()
    keys.press("Tab")
    keys.press("Tab")
    expect(page.get_by_label("True")).to_be_focused()
    keys.press("ArrowDown")
    expect(page.get_by_label("False")).to_be_checked()
    keys.press("Tab")
    keys.type("3")
    keys.press("Shift+Tab")  # back to the True/False question, then on again
    expect(page.get_by_label("False")).to_be_focused()
    keys.press("Tab")
    keys.press("Backspace")
    keys.type("1")
    keys.press("Tab")
    keys.type("double opt-in")
    keys.press("Enter")  # saves that answer; the quiz is not submitted
    expect(page.get_by_role("status")).to_have_text("Saved")
    wait_until(lambda: Response.objects.exclude(answer=None).count() == 5)
    assert Attempt.objects.get().is_open

    tab_to(page, page.get_by_role("button", name="Submit for grading"))
    keys.press("Enter")

    page.get_by_role("heading", name="You passed").wait_for()
    assert Attempt.objects.get().percent == 100
    context.close()
