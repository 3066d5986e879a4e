"""A timed quiz in a real Chromium: the clock counts down from the server's
figure, the polite region speaks only at its thresholds, the attempt submits
itself when time is up, and the timed pages pass axe on a phone and a laptop,
light and dark, with an error summary showing."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from quizzes.models import Attempt
from tests.browser.test_quiz import five_questions, sign_in, start_quiz
from tests.browser.test_reading import VIEWPORTS, WCAG_21_AA
from tests.factories import make_course, make_quiz, site_as_migrated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every text the polite region takes, in order, kept in the tab's session
# storage so it outlives the page submitting itself.
RECORD_SPEECH = """() => {
  sessionStorage.setItem("said", "[]");
  const region = document.querySelector("[data-countdown-announce]");
  new MutationObserver(() => {
    const said = JSON.parse(sessionStorage.getItem("said"));
    sessionStorage.setItem("said", JSON.stringify([...said, region.textContent]));
  }).observe(region, {childList: true, characterData: true, subtree: true});
}"""
SAID = "JSON.parse(sessionStorage.getItem('said'))"


def timed_quiz(minutes):
    site_as_migrated()
    return make_quiz(
        make_course(), five_questions(), title="Timed check", time_limit_minutes=minutes
    )


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    yield context
    context.close()


def test_the_clock_speaks_at_thresholds_and_submits_when_time_is_up(
    context, live_server, screenshots
):
    quiz = timed_quiz(1)
    page = sign_in(context, live_server)
    page.goto(live_server.url + quiz.url)
    start_quiz(page)
    # 70 seconds left, by the server's clock; the page's own clock is faked
    # so the minute passes in an instant.
    Attempt.objects.update(deadline=timezone.now() + timedelta(seconds=70))
    page.clock.install()
    page.reload()
    page.clock.pause_at(page.evaluate("Date.now() / 1000 + 0.1"))  # seconds, in Python
    page.evaluate(RECORD_SPEECH)
    timer = page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^1:(09|10)$"))
    assert timer.evaluate("el => el.closest('[aria-live]')") is None
    page.get_by_label("A friend").check()
    expect(page.get_by_role("status")).to_have_text("Saved")

    page.clock.run_for(5_000)
    assert page.evaluate(SAID) == []  # a tick is seen, not heard
    page.clock.run_for(6_000)
    expect(timer).to_have_text(re.compile(r"^0:5[89]$"))
    assert page.evaluate(SAID) == ["1 minute left."]
    page.screenshot(path=screenshots / "quiz-timer-phone.png")
    page.clock.run_for(30_000)
    expect(timer).to_have_text(re.compile(r"^0:2[89]$"))
    assert page.evaluate(SAID) == ["1 minute left.", "30 seconds left."]

    page.clock.run_for(32_000)  # time is up, and a moment later the page submits

    page.get_by_role("heading", name="Not passed yet").wait_for()
    expect(page.get_by_text("Time is up, so your answers were submitted for you.")).to_be_visible()
    assert Attempt.objects.get().score == 1
    assert page.evaluate(SAID) == [
        "1 minute left.",
        "30 seconds left.",
        "Time is up. Your answers are being submitted.",
    ]


def test_the_clock_ticks_in_real_time_and_never_flashes(browser, live_server):
    quiz = timed_quiz(20)
    context = browser.new_context(viewport=VIEWPORTS["phone"], reduced_motion="reduce")
    page = sign_in(context, live_server)
    page.goto(live_server.url + quiz.url)
    start_quiz(page)
    timer = page.get_by_role("timer")

    expect(timer).to_have_text(re.compile(r"^(20:00|19:5\d)$"))
    first = timer.text_content()
    expect(timer).not_to_have_text(first, timeout=3000)
    Attempt.objects.update(deadline=timezone.now() + timedelta(seconds=45))
    page.reload()

    box = page.locator("[data-countdown]")
    expect(box).to_have_class("countdown countdown--low")
    for element in (box, timer):
        style = element.evaluate(
            "el => [getComputedStyle(el).animationName, el.getAnimations().length]"
        )
        assert style == ["none", 0]
    context.close()


def test_timed_pages_with_an_error_summary_pass_axe(browser, live_server, screenshots):
    quiz = timed_quiz(20)
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = sign_in(context, live_server)
    page.goto(live_server.url + quiz.url)
    start_quiz(page)
    page.get_by_label("A friend").check()
    page.get_by_label("Your answer").first.fill("about three")
    page.get_by_role("button", name="Save answers").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text("Question 4: “about three” is not a number.")
    assert_axe_everywhere(page, screenshots, "quiz-error-summary")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Your answer").first).to_be_focused()

    page.get_by_label("Your answer").first.fill("")
    page.locator("form.quiz-form").evaluate("form => form.submit()")  # past the dialog
    expect(page.get_by_role("heading", name="Submit anyway?")).to_be_visible()
    assert_axe_everywhere(page, screenshots, "quiz-confirm-page")
    context.close()


def assert_axe_everywhere(page, screenshots, name):
    for viewport, size in VIEWPORTS.items():
        for scheme in ("light", "dark"):
            page.set_viewport_size(size)
            page.emulate_media(color_scheme=scheme)
            page.screenshot(path=screenshots / f"{name}-{viewport}-{scheme}.png", full_page=True)
            results = Axe().run(page, options=WCAG_21_AA)
            assert results.violations_count == 0, (viewport, scheme, results.generate_report())
