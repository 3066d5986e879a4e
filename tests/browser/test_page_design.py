"""The stylesheet's promises, measured in a real Chromium on the bundled course:
text large enough to read, lines of a comfortable length, a focus ring a
keyboard user can see, no sideways scrolling on a 320 px phone, and lessons
that print as text alone."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from course.models import CoursePage
from lessons.models import LessonPage
from quizzes.models import QuizPage
from tests.factories import make_student, site_as_migrated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
NARROWEST = {"width": 320, "height": 640}  # WCAG 1.4.10: reflow at 320 CSS px
PASSWORD = "not-if-when"  # what make_student gives everyone

# The text column's width in `ch` of its own font: a 1ch probe is measured
# inside a paragraph of the column, so the ratio is what a reader gets.
COLUMN_IN_CH = """prose => {
    const probe = document.createElement("span");
    probe.style.cssText = "display: inline-block; width: 1ch; padding: 0; border: 0";
    prose.querySelector("p").append(probe);
    const ch = probe.getBoundingClientRect().width;
    probe.remove();
    return prose.getBoundingClientRect().width / ch;
}"""

FOCUS_RING = """el => {
    const style = getComputedStyle(el);
    return {
        link: el.tagName === "A",
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
        outlineWidth: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
        boxShadow: style.boxShadow,
    };
}"""


@pytest.fixture
def course(live_server):
    site_as_migrated()
    call_command("load_course", stdout=io.StringIO())
    make_student("sam", first_name="Sam", last_name="Rivera")
    return CoursePage.objects.get(slug="not-if-when")


def sign_in(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=login]").fill("sam")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def test_the_stylesheet_keeps_lessons_readable_on_every_screen_and_on_paper(
    browser, live_server, course
):
    lesson = LessonPage.objects.get(slug="the-networking-handoff")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(live_server.url + lesson.url)

    # Text of at least 16 px, in lines of 60 to 75 characters.
    for what in ("body", ".prose p"):
        size = page.locator(what).first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= 16, f"{what} text is {size}px"
    measure = page.locator(".prose").first.evaluate(COLUMN_IN_CH)
    assert 60 <= measure <= 75, f"the lesson's lines are {measure:.1f}ch long"

    # A link reached with the keyboard shows where the focus is: an outline of
    # at least 2 px (more than the browser's thin default ring) or a shadow.
    course_link = page.get_by_role("main").get_by_role("link", name=course.title, exact=True)
    for _ in range(30):
        if course_link.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(course_link).to_be_focused()
    ring = course_link.evaluate(FOCUS_RING)
    assert ring["link"]
    assert ring["outlineWidth"] >= 2 or ring["boxShadow"] != "none", ring

    # On paper: the lesson alone, without the site's header or the outline.
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1, name=lesson.title)).to_be_visible()
    expect(page.get_by_role("banner")).to_be_hidden()
    expect(page.get_by_role("navigation", name=course.title)).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.get_by_role("banner")).to_be_visible()  # so the checks above saw them
    expect(page.get_by_role("navigation", name=course.title)).to_be_visible()

    # No sideways scrolling at 320 px on the course, any lesson, or a quiz
    # from its first page to the result.
    page.set_viewport_size(NARROWEST)
    quiz = QuizPage.objects.child_of(course).live().order_by("path").first()
    lessons = LessonPage.objects.child_of(course).live().order_by("path")
    too_wide = {}

    def measure_width(name):
        expect(page.locator("main h1")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST["width"]:
            too_wide[name] = width

    for name, url in [
        ("course", course.url),
        *((f"lesson {lesson.slug}", lesson.url) for lesson in lessons),
        ("quiz", quiz.url),
    ]:
        page.goto(live_server.url + url)
        measure_width(name)
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("button", name="Submit for grading")).to_be_visible()
    measure_width("quiz attempt")
    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("dialog").get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name="Not passed yet")).to_be_visible()
    measure_width("quiz result")
    context.close()

    assert not too_wide, f"pages wider than 320px (scrollWidth): {too_wide}"
