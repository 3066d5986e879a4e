"""A professor revises a lesson in the Wagtail admin, in a real Chromium:
signs in, rewrites a paragraph in the lesson's body with the rich-text
editor, publishes, and a student reading the lesson sees the new text.

The professor is a real one, not a superuser: an account granted the
professor role on this one course (`course.roles.course_grant`, as
`grant_course --role professor` does), which may edit and publish only that
course's pages.

A course starts without review, and there the professor's Publish puts the
new text in front of students at once. Under "Review before publish"
(`course.workflows`; the demo turns it on for the bundled course) the
professor has no Publish button: they submit the change, students keep
reading the live text, and the new text reaches them only when a reviewer
of the course approves it from the admin dashboard. Both are walked here.
"""

from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from course.roles import Role, course_grant
from course.workflows import course_review_enable
from tests.browser.editing import retype_paragraph
from tests.factories import make_course, make_lesson, make_student, site_as_migrated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_cache"),
]

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "not-if-when"  # make_student's
LESSON_TITLE = "A connection is not a contact"
OLD_TEXT = "A connection is anyone who clicked Accept."
NEW_TEXT = "A contact is someone who would take your call this week."


@pytest.fixture
def lesson(live_server):
    site_as_migrated()
    course = make_course(title="Not If. When.", slug="not-if-when")
    return make_lesson(
        course,
        title=LESSON_TITLE,
        slug="a-connection-is-not-a-contact",
        body=[
            ("heading", {"text": "Count the people who would answer", "level": "h2"}),
            ("text", f"<p>{OLD_TEXT}</p>"),
        ],
    )


@pytest.fixture
def course(lesson):
    return lesson.get_parent().specific


def member_of_course(username, course, role, **names):
    """An ordinary account given a role on `course`, as `grant_course` gives it."""
    # The "Professors" group (admin access), rebuilt as its migration makes it:
    # the flush after a transactional test before this one emptied it.
    import_module("course.migrations.0003_roles").create_group(apps, None)
    user = make_student(username, **names)
    course_grant(user=user, course=course, role=role)
    assert not user.is_superuser
    return user


def student_reading(browser, live_server, lesson):
    """Sam, signed in on a phone, with the lesson open."""
    make_student("sam")
    student = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    student.goto(live_server.url + "/accounts/login/")
    student.locator("input[name=login]").fill("sam")
    student.locator("input[name=password]").fill(PASSWORD)
    student.locator("main form button[type=submit]").click()
    expect(student.get_by_role("link", name="Sign out")).to_be_visible()
    student.goto(live_server.url + lesson.url)
    expect(student.get_by_text(OLD_TEXT)).to_be_visible()
    return student


def sign_in_to_admin(browser, live_server, username):
    """Open the admin on a laptop; it sends the visitor to the site's sign-in form."""
    page = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Email or username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    return page


def rewrite_the_paragraph(professor, live_server, course):
    """Pages → the course → the lesson, and the paragraph typed over."""
    professor.goto(live_server.url + f"/admin/pages/{course.pk}/")
    professor.get_by_role("link", name=LESSON_TITLE).first.click()
    expect(professor.get_by_role("heading", level=1)).to_contain_text(LESSON_TITLE)
    retype_paragraph(professor, OLD_TEXT, NEW_TEXT)


def snap(page, screenshots, name):
    """Leave a picture of the page as a phone and as a laptop show it."""
    size = page.viewport_size
    # The width the page was opened at first: the admin's sidebar settles into
    # a different layout once the window has been narrowed.
    for width, viewport in sorted(VIEWPORTS.items(), key=lambda item: item[1] != size):
        page.set_viewport_size(viewport)
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def assert_live_body(lesson, *, shows, hides, change_waiting):
    """What the database serves students, and whether a change waits behind it."""
    lesson.refresh_from_db()
    assert lesson.live
    assert shows in str(lesson.body)
    assert hides not in str(lesson.body)
    assert lesson.has_unpublished_changes is change_waiting


def test_a_professor_rewrites_a_paragraph_and_students_read_it_once_published(
    browser, live_server, lesson, course, screenshots
):
    member_of_course("paul", course, Role.PROFESSOR, first_name="Paul", last_name="Lindqvist")
    student = student_reading(browser, live_server, lesson)

    professor = sign_in_to_admin(browser, live_server, "paul")
    rewrite_the_paragraph(professor, live_server, course)
    snap(professor, screenshots, "professor-1-editor")
    professor.get_by_role("button", name="More actions").click()
    professor.get_by_role("button", name="Publish", exact=True).click()
    expect(professor.get_by_text("has been published")).to_be_visible()
    snap(professor, screenshots, "professor-2-published")
    assert_live_body(lesson, shows=NEW_TEXT, hides=OLD_TEXT, change_waiting=False)

    # The student, on the lesson since before the edit, reloads it.
    student.reload()
    expect(student.get_by_text(NEW_TEXT)).to_be_visible()
    expect(student.get_by_text(OLD_TEXT)).to_have_count(0)
    snap(student, screenshots, "professor-3-student-reads-it")
    student.context.close()
    professor.context.close()


def test_under_review_the_new_text_reaches_students_once_a_reviewer_approves_it(
    browser, live_server, lesson, course, screenshots
):
    course_review_enable(course=course)
    member_of_course("paul", course, Role.PROFESSOR, first_name="Paul", last_name="Lindqvist")
    member_of_course("maya", course, Role.REVIEWER, first_name="Maya", last_name="Osei")
    student = student_reading(browser, live_server, lesson)

    professor = sign_in_to_admin(browser, live_server, "paul")
    rewrite_the_paragraph(professor, live_server, course)
    professor.get_by_role("button", name="More actions").click()
    expect(professor.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    professor.get_by_role(
        "button", name="Submit to Review before publish: Not If. When.", exact=True
    ).click()
    expect(professor.get_by_text("has been submitted for moderation")).to_be_visible()
    snap(professor, screenshots, "professor-review-1-submitted")
    assert_live_body(lesson, shows=OLD_TEXT, hides=NEW_TEXT, change_waiting=True)
    student.reload()
    expect(student.get_by_text(OLD_TEXT)).to_be_visible()
    expect(student.get_by_text(NEW_TEXT)).to_have_count(0)

    reviewer = sign_in_to_admin(browser, live_server, "maya")
    waiting = reviewer.get_by_role("region", name="Awaiting your review").get_by_role(
        "row", name=LESSON_TITLE
    )
    expect(waiting).to_contain_text("Paul Lindqvist")
    snap(reviewer, screenshots, "professor-review-2-awaiting-review")
    waiting.get_by_role("button", name="Actions").click()
    waiting.get_by_role("button", name="Approve", exact=True).click()
    # Approved, the lesson leaves the reviewer's dashboard.
    expect(reviewer.get_by_role("region", name="Awaiting your review")).to_have_count(0)
    assert_live_body(lesson, shows=NEW_TEXT, hides=OLD_TEXT, change_waiting=False)

    student.reload()
    expect(student.get_by_text(NEW_TEXT)).to_be_visible()
    expect(student.get_by_text(OLD_TEXT)).to_have_count(0)
    snap(student, screenshots, "professor-review-3-student-reads-it")
    for page in (student, professor, reviewer):
        page.context.close()
