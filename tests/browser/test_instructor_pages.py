"""An instructor runs a class in a real Chromium: the section's pages pass
axe-core's WCAG 2.1 AA rules on a phone and a laptop, a roster goes in
through preview and confirm, and the Canvas file comes down."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from classes.demo import demo_classmates_seed
from classes.exports.jobs import export_job_run
from classes.models import ExportJob, PendingEnrollment
from course.models import CoursePage
from quizzes.models import QuizPage
from tests.browser.axe import assert_no_axe_failures, axe_failures
from tests.factories import instructors_group, make_section, make_student, site_as_migrated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
PASSWORD = "not-if-when"


@pytest.fixture
def section(live_server):
    site_as_migrated()
    call_command("load_course", stdout=io.StringIO())
    ines = make_student("ines", first_name="Ines", last_name="Okafor")
    ines.groups.add(instructors_group())
    section = make_section(CoursePage.objects.get(slug="not-if-when"), instructors=[ines])
    demo_classmates_seed(section=section)
    return section


def signed_in(browser, live_server, **context):
    page = browser.new_context(**context).new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "ines")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    return page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_section_pages_pass_axe(
    browser, live_server, section, screenshots, settings, tmp_path, viewport
):
    page = signed_in(browser, live_server, viewport=VIEWPORTS[viewport])
    quiz = QuizPage.objects.child_of(section.course).first()
    student = section.enrollments.get(student__username="classmate1")
    base = f"{live_server.url}/admin/classes/{section.pk}/"
    failures = []

    def check(name):
        page.screenshot(path=screenshots / f"instructor-{name}-{viewport}.png", full_page=True)
        failures.append(axe_failures(page, name))

    for name, url in [
        ("classes", f"{live_server.url}/admin/classes/"),
        ("overview", base),
        ("roster", base + "roster/"),
        ("gradebook", base + "gradebook/"),
        ("student", base + f"gradebook/{student.pk}/"),
        ("analysis", base + f"quizzes/{quiz.pk}/"),
        ("due-dates", base + "due-dates/"),
        ("roster-upload", base + "roster/upload/"),
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check(name)

    # The roster's preview, importable and not.
    for name, rows in [
        ("roster-preview", "new.student@example.edu,Zoë,Ñúñez"),
        ("roster-preview-errors", "not an address,Zoë,Ñúñez"),
    ]:
        roster = tmp_path / f"{name}.csv"
        roster.write_text(f"Email,First name,Last name\n{rows}\n")
        page.set_input_files("input[type=file]", str(roster))
        page.get_by_role("button", name="Preview").click()
        expect(page.get_by_role("heading", name=f"Preview of {roster.name}")).to_be_visible()
        check(name)

    # A new join code: the overview comes back saying so.
    page.goto(base)
    page.get_by_role("button", name="Make a new code").click()
    expect(page.get_by_text("New join code:")).to_be_visible()
    expect(page.locator(".messages > ul")).to_have_css("opacity", "1")  # faded in
    check("join-code")

    # A class too large to export within the request: the export page, then
    # the job's page while it waits and once the file is written.
    settings.EXPORT_IMMEDIATE_MAX_CELLS = 0
    page.goto(base + "export/csv/")
    prepare = page.get_by_role("button", name="Prepare the file")
    expect(prepare).to_be_visible()
    check("export")
    prepare.click()
    expect(page.locator("[data-export-text]")).to_have_text("Waiting to start…")
    check("export-job-waiting")
    export_job_run.call(ExportJob.objects.get(section=section).pk)
    expect(page.get_by_role("link", name=re.compile(r"^Download .+\.csv$"))).to_be_visible()
    check("export-job-done")
    page.context.close()

    assert_no_axe_failures(failures)


def test_a_roster_goes_in_after_a_preview(browser, live_server, section, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("Email,First name,Last name\nnew.student@example.edu,Zoë,Ñúñez\n")
    page = signed_in(browser, live_server, viewport=VIEWPORTS["desktop"])
    page.goto(f"{live_server.url}/admin/classes/{section.pk}/roster/")

    page.get_by_role("link", name="Upload a roster (CSV)").click()
    page.set_input_files("input[type=file]", str(roster))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Waiting for sign-up: 1")).to_be_visible()
    assert not PendingEnrollment.objects.exists()
    page.get_by_role("button", name="Import this roster").click()

    expect(page.get_by_role("heading", name="Awaiting sign-up")).to_be_visible()
    assert PendingEnrollment.objects.get().email == "new.student@example.edu"
    page.context.close()


def test_the_canvas_file_downloads_from_the_gradebook(browser, live_server, section):
    page = signed_in(browser, live_server, viewport=VIEWPORTS["desktop"], accept_downloads=True)
    page.goto(f"{live_server.url}/admin/classes/{section.pk}/gradebook/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Canvas gradebook import (CSV)").click()

    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("Student,ID,SIS User ID,SIS Login ID,Section")
    assert "Ñúñez, Zoë" in text
    page.context.close()
