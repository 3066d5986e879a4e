"""An instructor exports the grades of a large section: the click queues a job,
a page shows it being written, and the file comes down when it is ready.

Small sections still download at once. The file the worker writes is the
file the immediate download would have sent. Jobs, like every page of a
section, exist only for those who teach it: another instructor gets 404,
a student and a stranger get nowhere."""

import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from classes.exports import jobs
from classes.exports.jobs import export_job_run
from classes.models import ExportJob
from tests.factories import (
    enroll,
    make_course,
    make_instructor,
    make_lesson,
    make_quiz,
    make_section,
    make_student,
    site_as_migrated,
    take_quiz,
    two_point_quiz,
)
from tests.workers import run_worker

pytestmark = pytest.mark.django_db

STUDENTS = [("ana", "Ana", "de la Cruz"), ("bo", "Bo", "Lund"), ("kai", "Kai", "Okafor")]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Three students x three items (two quizzes, a lesson) = 9 cells: over this limit.
SMALL_LIMIT = 8


@pytest.fixture
def large(settings):
    """Every section with more than a handful of gradebook cells counts as large."""
    settings.EXPORT_IMMEDIATE_MAX_CELLS = SMALL_LIMIT


def class_of_three(course, instructor):
    """Three students, two quizzes and a lesson; Ana and Kai have taken a quiz."""
    first = two_point_quiz(course, title="The first 72 hours")
    make_quiz(course, title="The networking handoff")
    make_lesson(course)
    section = make_section(course, instructors=[instructor])
    students = {}
    for username, first_name, last_name in STUDENTS:
        students[username] = make_student(username, first_name=first_name, last_name=last_name)
        enroll(section, students[username], sis_user_id=f"S-{username}")
    take_quiz(students["ana"], first, ["c1", "c0"])
    take_quiz(students["kai"], first, ["c1", "c1"])
    return section


@pytest.fixture
def section(ines):
    return class_of_three(make_course(title="Not If. When."), ines)


def url(name, section, *args):
    return reverse(f"classes_section:{name}", args=[section.pk, *args])


def job_url(name, job):
    return reverse(f"classes_section:{name}", args=[job.section_id, job.pk])


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def immediate_download(client, settings, section, format):
    """The file as a section under the limit gets it: streamed in the request."""
    limit = settings.EXPORT_IMMEDIATE_MAX_CELLS
    settings.EXPORT_IMMEDIATE_MAX_CELLS = 10**9
    response = client.get(url("export", section, format))
    settings.EXPORT_IMMEDIATE_MAX_CELLS = limit
    assert response.status_code == 200
    return response


def queue(client, section, format):
    """Click the export button of a large section: the job behind the page it lands on."""
    response = client.post(url("export", section, format))
    assert response.status_code == 302
    job_id = int(re.search(r"/exports/(\d+)/$", response["Location"]).group(1))
    return ExportJob.objects.get(pk=job_id)


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


# Small sections stay immediate.


def test_a_section_under_the_limit_downloads_at_once_and_queues_nothing(client, ines, section):
    client.force_login(ines)

    response = client.get(url("export", section, "csv"))
    posted = client.post(url("export", section, "canvas"))

    assert response["Content-Disposition"].startswith("attachment;")
    assert download(response).startswith("\ufeffStudent,".encode())
    assert posted["Content-Disposition"].startswith("attachment;")
    assert not ExportJob.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize("page", ["overview", "gradebook"])
def test_the_pages_with_export_buttons_know_which_kind_to_offer(
    client, settings, ines, section, page
):
    """Under the limit a button downloads; over it, a button posts to queue a job."""
    client.force_login(ines)
    canvas = url("export", section, "canvas")

    small = BeautifulSoup(client.get(url(page, section)).content, "html.parser")
    settings.EXPORT_IMMEDIATE_MAX_CELLS = SMALL_LIMIT
    large = BeautifulSoup(client.get(url(page, section)).content, "html.parser")

    assert small.select(f'a[download][href="{canvas}"]')
    assert not small.select(f'form[action="{canvas}"]')
    assert large.select(f'form[method=post][action="{canvas}"] button')
    assert not large.select(f'a[download][href="{canvas}"]')


# A large section: queue, progress, download.


def test_a_large_sections_link_offers_a_button_instead_of_a_file(client, ines, section, large):
    client.force_login(ines)

    response = client.get(url("export", section, "canvas"))

    assert response.status_code == 200
    assert "Content-Disposition" not in response
    form = BeautifulSoup(response.content, "html.parser").select_one("main form[method=post]")
    assert form["action"] == url("export", section, "canvas")
    assert "written in the background" in page_text(response)
    assert not ExportJob.objects.exists()


def test_the_click_queues_a_job_and_lands_on_a_page_that_refreshes_itself(
    client, ines, section, large
):
    client.force_login(ines)

    job = queue(client, section, "csv")
    page = client.get(job_url("export_job", job))

    assert job.status == ExportJob.Status.QUEUED
    assert job.requested_by == ines
    assert DBTaskResult.objects.get().backend_name == "background"
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("progress") is not None
    assert "Waiting to start" in soup.select_one("[data-export-text]").get_text()
    assert soup.select_one("[data-export-status-url]")["data-export-status-url"] == job_url(
        "export_job_status", job
    )
    assert soup.find("script", src=re.compile(r"classes/export_job(\.\w+)?\.js$"))
    assert 'http-equiv="refresh"' in page.content.decode()
    assert soup.find("a", string=re.compile("Check again"))


def test_a_second_click_while_the_job_waits_joins_it(client, ines, section, large):
    client.force_login(ines)

    first = queue(client, section, "xlsx")
    second = queue(client, section, "xlsx")
    other_format = queue(client, section, "canvas")

    assert second == first
    assert other_format != first
    assert ExportJob.objects.count() == 2
    assert DBTaskResult.objects.count() == 2


def test_the_page_says_how_many_students_are_written(client, ines, section, large):
    client.force_login(ines)
    job = queue(client, section, "csv")
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_done=1200, rows_total=5000
    )

    page = BeautifulSoup(client.get(job_url("export_job", job)).content, "html.parser")
    status = client.get(job_url("export_job_status", job))

    bar = page.select_one("progress")
    assert (bar["value"], bar["max"]) == ("1200", "5000")
    assert page.select_one("[data-export-text]").get_text() == "Writing 1,200 of 5,000 students"
    assert status.json() == {
        "status": "running",
        "done": 1200,
        "total": 5000,
        "text": "Writing 1,200 of 5,000 students",
        "finished": False,
    }
    assert cache_control(status) >= {"private", "no-store"}


def test_a_job_nobody_has_started_for_a_while_says_the_worker_may_be_down(
    client, ines, section, large
):
    client.force_login(ines)
    job = queue(client, section, "csv")
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    status = client.get(job_url("export_job_status", job)).json()

    assert status["status"] == "queued"
    assert "ask your site's administrator whether it is running" in status["text"]


def test_the_worker_records_progress_as_it_writes(client, ines, section, large, monkeypatch):
    """While the third student is written, the page already reports the first two."""
    client.force_login(ines)
    job = queue(client, section, "csv")
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 1)
    seen = []
    real_export_chunks = jobs.export_chunks

    def watched_export_chunks(*, section, format, progress):
        def watching(rows, *, total):
            for row in progress(rows, total=total):
                seen.append(client.get(job_url("export_job_status", job)).json()["text"])
                yield row

        return real_export_chunks(section=section, format=format, progress=watching)

    monkeypatch.setattr(jobs, "export_chunks", watched_export_chunks)

    export_job_run.call(job.pk)

    assert seen == [
        "Writing 0 of 3 students",
        "Writing 1 of 3 students",
        "Writing 2 of 3 students",
    ]
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == ("done", 3, 3)
    assert job.started_at <= job.finished_at


@pytest.mark.parametrize("format", ["canvas", "moodle", "csv"])
def test_the_finished_file_is_byte_for_byte_the_immediate_download(
    client, settings, ines, section, large, format
):
    client.force_login(ines)
    immediate = immediate_download(client, settings, section, format)
    job = queue(client, section, format)

    export_job_run.call(job.pk)
    response = client.get(job_url("export_job_download", job))

    assert response.status_code == 200
    assert download(response) == download(immediate)
    assert response["Content-Disposition"] == immediate["Content-Disposition"]
    assert response["Content-Type"] == immediate["Content-Type"]
    assert cache_control(response) >= {"private", "no-store"}


def test_the_finished_workbook_has_the_immediate_workbooks_cells(
    client, settings, ines, section, large
):
    client.force_login(ines)
    immediate = openpyxl.load_workbook(
        io.BytesIO(download(immediate_download(client, settings, section, "xlsx")))
    )
    job = queue(client, section, "xlsx")

    export_job_run.call(job.pk)
    response = client.get(job_url("export_job_download", job))
    workbook = openpyxl.load_workbook(io.BytesIO(download(response)))

    assert workbook.sheetnames == immediate.sheetnames
    for name in workbook.sheetnames:
        cells = list(workbook[name].iter_rows(values_only=True))
        assert cells == list(immediate[name].iter_rows(values_only=True))
        assert len(cells) > 1
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_the_done_page_offers_the_download_and_says_how_long_it_is_kept(
    client, ines, section, large
):
    client.force_login(ines)
    job = queue(client, section, "canvas")
    export_job_run.call(job.pk)
    job.refresh_from_db()

    page = client.get(job_url("export_job", job))
    status = client.get(job_url("export_job_status", job)).json()

    soup = BeautifulSoup(page.content, "html.parser")
    link = soup.find("a", href=job_url("export_job_download", job))
    assert link.get_text(strip=True) == f"Download {job.filename}"
    assert job.filename.endswith(".csv") and "canvas" in job.filename
    assert "The file is kept until" in page_text(page)
    assert soup.select_one("progress") is None
    assert not soup.find("script", src=re.compile("export_job"))
    assert status["finished"] is True
    assert status["text"] == "Your file is ready."


def test_the_file_is_kept_out_of_the_public_media_folder(
    client, ines, section, large, exports_storage, media_root
):
    client.force_login(ines)
    job = queue(client, section, "csv")

    export_job_run.call(job.pk)
    job.refresh_from_db()

    assert (exports_storage / job.file).is_file()
    assert not media_root.exists() or not any(media_root.rglob("*.csv"))
    assert client.get(f"/media/{job.file}").status_code == 404


# Failures.


def test_a_failed_job_shows_its_error_and_a_way_to_try_again(
    client, ines, section, large, monkeypatch
):
    client.force_login(ines)
    job = queue(client, section, "xlsx")

    def broken(**kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(jobs, "export_chunks", broken)
    with pytest.raises(OSError):
        export_job_run.call(job.pk)

    page = client.get(job_url("export_job", job))
    alert = BeautifulSoup(page.content, "html.parser").select_one("[role=alert]")
    assert "The export failed." in alert.get_text()
    assert "No space left on device" in alert.get_text()
    retry = BeautifulSoup(page.content, "html.parser").select_one("main form[method=post]")
    assert retry["action"] == url("export", section, "xlsx")
    assert client.get(job_url("export_job_status", job)).json()["finished"] is True
    assert client.get(job_url("export_job_download", job)).status_code == 404
    assert queue(client, section, "xlsx") != job  # trying again starts afresh


def test_a_job_lost_by_a_stopped_worker_is_given_up_on_the_next_click(
    client, ines, section, large
):
    client.force_login(ines)
    lost = queue(client, section, "csv")
    ExportJob.objects.filter(pk=lost.pk).update(
        status=ExportJob.Status.RUNNING, updated_at=timezone.now() - timedelta(hours=1)
    )

    fresh = queue(client, section, "csv")
    export_job_run.call(lost.pk)  # the worker reaches the old task after all: nothing happens

    lost.refresh_from_db()
    assert fresh != lost
    assert lost.status == ExportJob.Status.FAILED
    assert "stopped before it finished" in lost.error
    assert fresh.status == ExportJob.Status.QUEUED


def test_files_are_deleted_a_day_after_they_were_written(
    client, ines, section, large, exports_storage
):
    client.force_login(ines)
    old = queue(client, section, "csv")
    export_job_run.call(old.pk)
    old.refresh_from_db()
    a_day_ago = timezone.now() - timedelta(hours=25)
    ExportJob.objects.filter(pk=old.pk).update(updated_at=a_day_ago)
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=a_day_ago)

    queue(client, section, "canvas")  # any new export prunes what has expired

    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.get().status == "READY"  # only the new export's task is left
    assert not (exports_storage / old.file).exists()
    assert client.get(job_url("export_job", old)).status_code == 404
    assert client.get(job_url("export_job_download", old)).status_code == 404


# Who may see a job.


JOB_PAGES = ["export_job", "export_job_status", "export_job_download"]


@pytest.fixture
def finished_job(client, ines, section, large):
    client.force_login(ines)
    job = queue(client, section, "csv")
    export_job_run.call(job.pk)
    client.logout()
    return job


@pytest.mark.parametrize("name", JOB_PAGES)
def test_another_sections_instructor_gets_404_for_every_page_of_a_job(client, finished_job, name):
    omar = make_instructor("omar")
    make_section(finished_job.section.course, name="CAREER 101 — 03", instructors=[omar])
    client.force_login(omar)

    assert client.get(job_url(name, finished_job)).status_code == 404


def test_a_job_is_not_reachable_under_another_sections_address(client, ines, finished_job):
    """Teaching two sections does not make one's jobs answer under the other."""
    other = make_section(finished_job.section.course, name="CAREER 101 — 03", instructors=[ines])
    client.force_login(ines)

    for name in JOB_PAGES:
        address = reverse(f"classes_section:{name}", args=[other.pk, finished_job.pk])
        assert client.get(address).status_code == 404


def test_another_instructor_cannot_queue_an_export_of_a_section_they_do_not_teach(
    client, section, large
):
    client.force_login(make_instructor("omar"))

    assert client.post(url("export", section, "csv")).status_code == 404
    assert not ExportJob.objects.exists()


def test_a_co_instructor_shares_the_sections_jobs(client, section, finished_job):
    """A job belongs to its section: everyone who teaches it sees the same file."""
    lee = make_instructor("lee")
    section.instructors.add(lee)
    client.force_login(lee)

    assert client.get(job_url("export_job_download", finished_job)).status_code == 200


@pytest.mark.parametrize("name", JOB_PAGES)
def test_a_student_gets_nowhere_near_a_job(client, section, finished_job, name):
    client.force_login(make_student("sam"))

    response = client.get(job_url(name, finished_job))

    assert response.status_code in (302, 403)
    assert b"Student," not in response.content


@pytest.mark.parametrize("name", JOB_PAGES)
def test_a_stranger_is_sent_to_sign_in(client, finished_job, name):
    response = client.get(job_url(name, finished_job))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_student_cannot_queue_an_export(client, section, large):
    client.force_login(make_student("sam"))

    assert client.post(url("export", section, "csv")).status_code in (302, 403)
    assert not ExportJob.objects.exists()


# The worker in its own process, as production runs it: jobs are committed first.


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_picks_up_a_committed_job(client, settings, large):
    site_as_migrated()
    ines = make_instructor("ines")
    section = class_of_three(make_course(title="Not If. When."), ines)
    client.force_login(ines)
    job = queue(client, section, "csv")

    run_worker()

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.rows_done == len(STUDENTS)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    response = client.get(job_url("export_job_download", job))
    assert download(response).startswith("\ufeffStudent,".encode())


# In a real browser: the page follows the job without a reload by hand.


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_progress_page_moves_on_by_itself_then_hands_over_the_file(
    browser, live_server, settings, large
):
    site_as_migrated()
    ines = make_instructor("ines")
    section = class_of_three(make_course(title="Not If. When."), ines)
    client = Client()
    client.force_login(ines)
    context = browser.new_context(accept_downloads=True)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + url("export", section, "csv"))

    page.get_by_role("button", name="Prepare the file").click()
    words, bar = page.locator("[data-export-text]"), page.locator("progress")
    expect(words).to_have_text("Waiting to start…")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, rows_done=1, rows_total=3
    )
    expect(words).to_have_text("Writing 1 of 3 students")
    expect(bar).to_have_js_property("value", 1)
    expect(bar).to_have_js_property("max", 3)

    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.QUEUED)
    export_job_run.call(job.pk)
    link = page.get_by_role("link", name=re.compile(r"^Download .+\.csv$"))
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()

    assert Path(download.value.path()).read_bytes().startswith("\ufeffStudent,".encode())
    context.close()
