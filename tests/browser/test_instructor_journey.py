"""An instructor checks a class's grades in a real Chromium: signs in to the
admin, opens the section from the Classes menu, finds a student's grade in
the gradebook, and downloads the Canvas import and the Excel workbook, whose
cells say the same as the page."""

import csv
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from lessons.models import LessonPage
from lessons.services import lesson_complete
from tests.factories import (
    enroll,
    instructors_group,
    make_course,
    make_lesson,
    make_section,
    make_student,
    site_as_migrated,
    take_quiz,
    two_point_quiz,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "not-if-when"  # what make_student gives everyone
SECTION = "CAREER 101 — Spring 2027 — 02"
QUIZ = "Check: asking well"


@pytest.fixture
def section(live_server):
    """A class of two: Ada has read the lesson and scored 1 of 2 on the quiz;
    Ben has done nothing yet."""
    site_as_migrated()
    course = make_course(title="Not If. When.", slug="not-if-when")
    lesson = make_lesson(course, title="Asking well")
    quiz = two_point_quiz(course, title=QUIZ)
    ines = make_student("ines", first_name="Ines", last_name="Moreau")
    ines.groups.add(instructors_group())
    section = make_section(course, instructors=[ines])
    ada = make_student("ada", first_name="Ada", last_name="Okafor")
    ben = make_student("ben", first_name="Ben", last_name="Adeyemi")
    enroll(section, ada, sis_user_id="S-1001", sis_login_id="aokafor")
    enroll(section, ben, sis_user_id="S-1002", sis_login_id="badeyemi")
    lesson_complete(student=ada, lesson=LessonPage.objects.get(pk=lesson.pk))
    take_quiz(ada, quiz, ["c1", "c1"])  # "A friend" is right, "A list" is wrong
    return section


def snap(page, screenshots, name):
    """Leave a picture of the page as a laptop and as a phone show it."""
    size = page.viewport_size
    # The width the page was opened at first: the admin's sidebar settles into
    # a different layout once the window has been narrowed.
    for width, viewport in sorted(VIEWPORTS.items(), key=lambda item: item[1] != size):
        page.set_viewport_size(viewport)
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)


def download(page, link_name):
    """Click a download link; return the file's bytes and its suggested name."""
    with page.expect_download() as started:
        page.get_by_role("link", name=link_name).click()
    file = started.value
    with open(file.path(), "rb") as saved:
        return saved.read(), file.suggested_filename


def test_an_instructor_finds_a_grade_and_downloads_it_for_canvas_and_excel(
    browser, live_server, section, screenshots, fresh_cache
):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], accept_downloads=True)
    page = context.new_page()

    # Sign in to the admin and open the class from the Classes menu.
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Email or username").fill("ines")  # the site's sign-in form
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Classes").click()
    page.get_by_role("link", name=SECTION).click()
    expect(page.get_by_role("heading", name="Join code")).to_be_visible()
    snap(page, screenshots, "instructor-1-section")

    # The gradebook: Ada's row shows her grade, Ben's shows none yet.
    page.get_by_role("navigation", name="Section").get_by_role("link", name="Gradebook").click()
    ada = page.get_by_role("row", name="Okafor, Ada")
    # SIS user ID, the quiz, lessons done, course total.
    expect(ada.get_by_role("cell")).to_have_text(["S-1001", "50% 1 attempt", "1", "50.0%"])
    expect(page.get_by_role("row", name="Adeyemi, Ben").get_by_label("No grade")).to_be_visible()
    snap(page, screenshots, "instructor-2-gradebook")

    # The Canvas import: a points-possible row, then a row per student, by SIS id.
    content, filename = download(page, "Canvas gradebook import (CSV)")
    assert filename.endswith(".csv") and "canvas" in filename
    header, points, *students = csv.reader(io.StringIO(content.decode("utf-8")))
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", QUIZ]
    assert points == ["    Points Possible", "", "", "", "", "2"]
    assert students == [
        ["Adeyemi, Ben", "", "S-1002", "badeyemi", SECTION, ""],
        ["Okafor, Ada", "", "S-1001", "aokafor", SECTION, "1"],
    ]

    # The workbook: the same numbers, as numbers.
    content, filename = download(page, "Full gradebook (Excel workbook)")
    assert filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    header, *rows = workbook["Gradebook"].iter_rows(values_only=True)
    row = dict(zip(header, next(r for r in rows if r[0] == "Okafor, Ada"), strict=True))
    assert row["SIS user ID"] == "S-1001"
    assert row[f"{QUIZ} (%)"] == 50
    assert row[f"{QUIZ} (points of 2)"] == 1
    assert row[f"{QUIZ} attempts"] == 1
    assert row["Lessons completed"] == 1
    assert [r[0] for r in rows] == ["Adeyemi, Ben", "Okafor, Ada"]
    context.close()
