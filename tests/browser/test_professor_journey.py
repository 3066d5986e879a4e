"""A professor revises a lesson in the Wagtail admin, in a real Chromium:
signs in, rewrites a paragraph in the lesson's body with the rich-text
editor, publishes, and a student reading the lesson sees the new text."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.factories import make_course, make_lesson, make_student, site_as_migrated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "not-if-when"
OLD_TEXT = "A connection is anyone who clicked Accept."
NEW_TEXT = "A contact is someone who would take your call this week."


@pytest.fixture
def lesson(live_server):
    site_as_migrated()
    course = make_course(title="Not If. When.", slug="not-if-when")
    return make_lesson(
        course,
        title="A connection is not a contact",
        slug="a-connection-is-not-a-contact",
        body=[
            ("heading", {"text": "Count the people who would answer", "level": "h2"}),
            ("text", f"<p>{OLD_TEXT}</p>"),
        ],
    )


def wait_until_saved_in_form(page, text):
    """Draftail copies what was typed into the form's hidden field a moment
    later; publishing before that would publish the old text."""
    page.wait_for_function(
        "text => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(field => field.value.includes(text))",
        arg=text,
    )


def snap(page, screenshots, name):
    """Leave a picture of the page as a phone and as a laptop show it."""
    size = page.viewport_size
    # The width the page was opened at first: the admin's sidebar settles into
    # a different layout once the window has been narrowed.
    for width, viewport in sorted(VIEWPORTS.items(), key=lambda item: item[1] != size):
        page.set_viewport_size(viewport)
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def test_a_professor_rewrites_a_paragraph_and_students_read_it_once_published(
    browser, live_server, lesson, screenshots, fresh_cache
):
    get_user_model().objects.create_superuser(
        "paul", "paul@example.edu", PASSWORD, first_name="Paul", last_name="Lindqvist"
    )
    make_student("sam")
    student = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    student.goto(live_server.url + "/accounts/login/")
    student.locator("input[name=login]").fill("sam")
    student.locator("input[name=password]").fill(PASSWORD)
    student.locator("main form button[type=submit]").click()
    expect(student.get_by_role("link", name="Sign out")).to_be_visible()
    student.goto(live_server.url + lesson.url)
    expect(student.get_by_text(OLD_TEXT)).to_be_visible()

    professor = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    professor.goto(live_server.url + "/admin/")
    professor.get_by_label("Email or username").fill("paul")  # the site's sign-in form
    professor.get_by_label("Password", exact=True).fill(PASSWORD)
    professor.get_by_role("button", name="Sign in").click()
    expect(professor.get_by_role("navigation", name="Main menu")).to_be_visible()
    # Pages → the course → the lesson.
    professor.goto(live_server.url + f"/admin/pages/{lesson.get_parent().pk}/")
    professor.get_by_role("link", name="A connection is not a contact").first.click()
    expect(professor.get_by_role("heading", level=1)).to_contain_text(
        "A connection is not a contact"
    )
    paragraph = professor.locator("[contenteditable=true]")  # the body's one rich-text block
    expect(paragraph).to_have_text(OLD_TEXT)
    paragraph.click()
    professor.keyboard.press("ControlOrMeta+a")
    professor.keyboard.type(NEW_TEXT)
    expect(paragraph).to_have_text(NEW_TEXT)
    wait_until_saved_in_form(professor, NEW_TEXT)
    snap(professor, screenshots, "professor-1-editor")
    professor.get_by_role("button", name="More actions").click()
    professor.get_by_role("button", name="Publish", exact=True).click()
    expect(professor.get_by_text("has been published")).to_be_visible()
    snap(professor, screenshots, "professor-2-published")
    lesson.refresh_from_db()
    assert lesson.live and not lesson.has_unpublished_changes
    assert NEW_TEXT in str(lesson.body) and OLD_TEXT not in str(lesson.body)

    # The student, on the lesson since before the edit, reloads it.
    student.reload()
    expect(student.get_by_text(NEW_TEXT)).to_be_visible()
    expect(student.get_by_text(OLD_TEXT)).to_have_count(0)
    snap(student, screenshots, "professor-3-student-reads-it")
    student.context.close()
    professor.context.close()
