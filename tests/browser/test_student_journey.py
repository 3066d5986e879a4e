"""A new student's whole first course, in a real Chromium: sign up, join the
class with its code, read a lesson and mark it complete, take the quiz (the
answers survive a reload), fail it by one answer, read the feedback, retake
it and pass, and watch the dashboard's progress move.

Once on a phone with JavaScript, where answers save themselves, and once on
a laptop without it, where the Save answers button keeps them.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from classes.models import Enrollment
from lessons.models import LessonCompletion
from quizzes.models import Attempt, Response
from tests.factories import (
    make_course,
    make_lesson,
    make_quiz,
    make_section,
    numeric,
    short_text,
    single_choice,
    site_as_migrated,
    true_false,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
EMAIL = "ada.okafor@example.edu"
PASSWORD = "a-long-passphrase-1"
SECTION = "CAREER 101 — Spring 2027 — 02"
# The save status once every answer is on the server ("Not saved…" never matches).
SAVED = re.compile(r"\bsaved\.?$", re.IGNORECASE)


@pytest.fixture
def course(live_server):
    """A lesson, then a quiz of four questions where one wrong answer fails (75 % < 80 %)."""
    site_as_migrated()
    course = make_course(title="Not If. When.", slug="not-if-when")
    make_lesson(
        course,
        title="Losing a job is normal",
        slug="losing-a-job-is-normal",
        body=[
            ("heading", {"text": "It's weather, not a verdict", "level": "h2"}),
            ("text", "<p>Most careers include at least one job you did not choose to leave.</p>"),
        ],
    )
    make_quiz(
        course,
        [
            single_choice(
                "Who do you ask for help first?",
                [
                    ("A stranger with an impressive title", False, "Strangers owe you nothing."),
                    ("A former colleague who knows your work", True, "Yes: they can vouch."),
                ],
            ),
            true_false(
                "400 LinkedIn connections are 400 people you can ask for help.",
                False,
                feedback_true="A connection is a click, not someone who picks up the phone.",
                feedback_false="Right: count the people who would take your call.",
            ),
            numeric("How many documents do you sign in the meeting?", 0, unit="documents"),
            short_text("Finish the rule: if it isn't ____, it didn't happen.", ["in writing"]),
        ],
        title="Check: the first days",
        slug="check-the-first-days",
        pass_mark=80,
        attempts_allowed=3,
    )
    return course


def snap(page, screenshots, name):
    """Leave a picture of the page as a phone and as a laptop show it."""
    size = page.viewport_size
    # The width the page was opened at first: the admin's sidebar settles into
    # a different layout once the window has been narrowed.
    for width, viewport in sorted(VIEWPORTS.items(), key=lambda item: item[1] != size):
        page.set_viewport_size(viewport)
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def question(page, number):
    """A question's fieldset, named by its legend ("Question 2 …")."""
    return page.get_by_role("group", name=re.compile(rf"^Question {number}\b"))


def answer_quiz(page, *, second):
    """Answer the four questions; `second` is the true/false pick ("True" is wrong)."""
    page.get_by_label("A former colleague who knows your work").check()
    question(page, 2).get_by_label(second, exact=True).check()
    question(page, 3).get_by_label("Your answer").fill("0")
    question(page, 4).get_by_label("Your answer").fill("In writing")


def answers_saved(attempt):
    return Response.objects.filter(attempt=attempt).exclude(answer=None).count()


@pytest.mark.parametrize(
    ("javascript", "viewport"),
    [(True, "phone"), (False, "desktop")],
    ids=["phone-with-javascript", "laptop-without-javascript"],
)
def test_a_new_student_signs_up_joins_learns_fails_once_and_passes(
    browser, live_server, course, screenshots, fresh_cache, javascript, viewport
):
    section = make_section(course)
    lesson, quiz = (item.specific for item in course.get_children().order_by("path"))
    name = "student-" + ("js" if javascript else "nojs")
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    page = context.new_page()

    # Sign up.
    page.goto(live_server.url + "/accounts/signup/")
    form = page.locator("form:has(input[name=password2])")
    form.locator("input[name=email]").fill(EMAIL)
    for field, value in (("first_name", "Ada"), ("last_name", "Okafor")):
        if form.locator(f"input[name={field}]").count():
            form.locator(f"input[name={field}]").fill(value)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    snap(page, screenshots, f"{name}-1-signup")
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    student = get_user_model().objects.get(email=EMAIL)

    # Join the class with the code the instructor gave out, typed in lower case.
    page.goto(live_server.url + "/join/")
    page.get_by_label("Join code").fill(section.join_code.lower())
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_text(f"You joined {SECTION}.")).to_be_visible()
    assert Enrollment.objects.filter(section=section, student=student).exists()

    # The course page: nothing done yet.
    expect(page.get_by_role("heading", level=1)).to_have_text("Not If. When.")
    expect(page.get_by_role("progressbar", name="0 of 2 done")).to_be_visible()
    snap(page, screenshots, f"{name}-2-course")

    # Read the lesson and mark it complete.
    page.get_by_role("link", name="Start the course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Losing a job is normal")
    expect(page.get_by_text("Most careers include at least one job")).to_be_visible()
    snap(page, screenshots, f"{name}-3-lesson")
    page.get_by_role("button", name="Mark complete", exact=True).click()
    expect(page.get_by_role("region", name="Your progress")).to_contain_text("Completed")
    expect(page.get_by_role("progressbar", name="1 of 2 done")).to_be_visible()
    assert LessonCompletion.objects.filter(student=student, lesson=lesson).exists()
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("progressbar", name="1 of 2 done")).to_have_attribute("value", "1")

    # Start the quiz and answer two questions.
    page.goto(live_server.url + quiz.url)
    page.get_by_role("button", name="Start the quiz").click()
    expect(question(page, 4)).to_be_visible()
    attempt = Attempt.objects.get(student=student, quiz=quiz)
    status = page.locator("[data-save-status]")
    page.get_by_label("A former colleague who knows your work").check()
    if javascript:
        expect(status).to_have_text(SAVED)
        with page.expect_response(re.compile(r"/answer/$")):  # typing saves after a pause
            question(page, 4).get_by_label("Your answer").fill("In writing")
        expect(status).to_have_text(SAVED)
        assert answers_saved(attempt) == 2
    else:
        question(page, 4).get_by_label("Your answer").fill("In writing")
        assert answers_saved(attempt) == 0  # nothing saves itself without JavaScript
        page.get_by_role("button", name="Save answers").click()
        expect(page.get_by_text("Your answers are saved.")).to_be_visible()
        assert answers_saved(attempt) == 2

    # A reload loses nothing.
    page.reload()
    expect(page.get_by_label("A former colleague who knows your work")).to_be_checked()
    expect(question(page, 4).get_by_label("Your answer")).to_have_value("In writing")
    snap(page, screenshots, f"{name}-4-attempt")

    # Submit with one wrong answer: not passed, and the feedback says why.
    answer_quiz(page, second="True")
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_role("heading", name="Not passed yet")).to_be_visible()
    expect(page.locator(".score")).to_contain_text("75%")
    expect(page.locator(".score")).to_contain_text("3 of 4 points; the pass mark is 80%.")
    expect(page.get_by_role("heading", name=re.compile(r"^Question 2: Incorrect"))).to_be_visible()
    expect(page.get_by_text("A connection is a click, not someone who picks up")).to_be_visible()
    snap(page, screenshots, f"{name}-5-result-not-passed")
    first = Attempt.objects.get(pk=attempt.pk)
    assert (first.state, first.percent, first.passed) == (Attempt.State.SUBMITTED, 75, False)
    wrong = Response.objects.get(attempt=first, correct=0)
    assert wrong.position == 2 and wrong.answer in (True, "true")

    # Retake it and pass.
    page.get_by_role("link", name="Back to the quiz").click()
    expect(page.get_by_role("link", name="Attempt 1: 75%")).to_be_visible()
    page.get_by_role("button", name="Try again").click()
    expect(question(page, 4).get_by_label("Your answer")).to_have_value("")
    answer_quiz(page, second="False")
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    expect(page.locator(".score")).to_contain_text("4 of 4 points")
    snap(page, screenshots, f"{name}-6-result-passed")
    assert [
        (a.number, a.percent, a.passed)
        for a in Attempt.objects.filter(student=student).order_by("number")
    ] == [(1, 75, False), (2, 100, True)]

    # The dashboard has moved on: the course is done.
    page.goto(live_server.url + "/dashboard/")
    expect(page.get_by_role("progressbar", name="2 of 2 done")).to_have_attribute("value", "2")
    expect(page.get_by_text("Finished")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Check: the first days"))
    expect(row).to_contain_text("100%")
    expect(row).to_contain_text("2 of 3")
    expect(row).to_contain_text("Passed")
    snap(page, screenshots, f"{name}-7-dashboard")
    context.close()
