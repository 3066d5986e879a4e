"""Two app servers on one PostgreSQL and one Redis behave as one site.

A college that outgrows one machine runs the same code on two, behind a
load balancer that may send each request to either. In a real Chromium: a
student signs in on server A, answers half a quiz there and finishes it on
server B with every answer in place; a professor publishes on A and B
serves the new text at once, although B had the old page in its page cache.

Both servers are gunicorn with the production settings, started here
against the test database and a Redis database of their own. The test runs
where the suite runs on PostgreSQL (see `pytest_collection_modifyitems` in
tests/conftest.py), as in CI.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from playwright.sync_api import expect

from course import settings as project_settings
from quizzes.models import Attempt, Response
from tests.browser.editing import retype_paragraph
from tests.browser.test_quiz import PASSPHRASE, five_questions, start_quiz, wait_until
from tests.browser.test_reading import VIEWPORTS
from tests.factories import make_course, make_lesson, make_quiz, site_as_migrated

pytestmark = [
    pytest.mark.browser,
    pytest.mark.two_servers,
    pytest.mark.django_db(transaction=True),
]

PROJECT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/13")
OLD_TEXT = "A connection is anyone who clicked Accept."
NEW_TEXT = "A contact is someone who would take your call this week."


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The test database, as the servers' DATABASE_URL."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def redis_db():
    """An empty Redis database for the servers' sessions, caches and page cache."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: two servers need one to share.")
    yield REDIS_URL
    client.flushdb()


def wait_for(url, process, log, seconds=60):
    """Wait until the server answers at all (any status: the site may be empty)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server for {url} stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s: {log.read_text()}")


@pytest.fixture(autouse=True)
def real_password_hashing(settings):
    """The servers check passwords with production's hashers, so the
    accounts made here are hashed with them too (the suite uses MD5)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


@pytest.fixture
def servers(redis_db, tmp_path):
    """Two gunicorns (2 sync workers each) on two ports: the documented command line."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_db,
        "PAGE_CACHE": "1",
        "SECRET_KEY": "two-servers-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Plain HTTP on loopback: no HTTPS redirect, cookies without Secure.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    env.pop("DEBUG", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "collectstatic", "--no-input", "-v0"], env=env, cwd=PROJECT, check=True
    )
    started = []
    try:
        for name in ("a", "b"):
            port, log = free_port(), tmp_path / f"server-{name}.log"
            command = [sys.executable, "-m", "gunicorn", "course.wsgi", "--workers", "2"]
            with log.open("w") as output:
                process = subprocess.Popen(
                    [*command, "--bind", f"127.0.0.1:{port}"],
                    env=env,
                    cwd=PROJECT,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            started.append((f"http://127.0.0.1:{port}", process, log))
        for url, process, log in started:
            wait_for(url + "/", process, log)
        yield [url for url, _, _ in started]
    finally:
        for _, process, _ in started:
            process.terminate()
        for _, process, _ in started:
            process.wait(timeout=20)


@pytest.fixture
def course_content():
    site_as_migrated()
    course = make_course(title="Not If. When.", slug="not-if-when")
    lesson = make_lesson(
        course,
        title="A connection is not a contact",
        slug="a-connection-is-not-a-contact",
        body=[("text", f"<p>{OLD_TEXT}</p>")],
    )
    quiz = make_quiz(course, five_questions(), title="Check: asking well", slug="check")
    get_user_model().objects.create_user("sam", "sam@example.edu", PASSPHRASE)
    get_user_model().objects.create_superuser("paul", "paul@example.edu", PASSPHRASE)
    return lesson, quiz


def test_a_quiz_started_on_one_server_is_finished_on_the_other(browser, servers, course_content):
    a, b = servers
    _lesson, quiz = course_content
    page = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    page.goto(a + "/accounts/login/")
    page.locator("input[name=login]").fill("sam@example.edu")
    page.locator("input[name=password]").fill(PASSPHRASE)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    page.goto(a + quiz.url)
    start_quiz(page)
    page.get_by_label("A friend").check()
    page.get_by_label("One clear ask").check()
    wait_until(lambda: Response.objects.exclude(answer=None).count() == 2)
    expect(page.get_by_role("status")).to_have_text("Saved")

    page.goto(b + page.url.removeprefix(a))  # the same attempt, from the other server
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    assert page.get_by_label("A friend").is_checked()
    assert page.get_by_label("One clear ask").is_checked()
    page.get_by_label("False").check()
    page.locator("input[inputmode=decimal]").fill("1")
    page.locator("fieldset[data-type=short_text] input[type=text]").fill("double opt-in")
    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("heading", name="You passed").wait_for()

    attempt = Attempt.objects.get()
    assert attempt.percent == 100
    assert Response.objects.filter(attempt=attempt, points__isnull=False).count() == 5
    page.context.close()


def test_a_publish_on_one_server_is_served_by_the_other_at_once(browser, servers, course_content):
    a, b = servers
    lesson, _quiz = course_content
    reader = browser.new_context(viewport=VIEWPORTS["phone"]).new_page()
    reader.goto(b + lesson.url)
    assert reader.goto(b + lesson.url).headers["x-page-cache"] == "hit"
    expect(reader.get_by_text(OLD_TEXT)).to_be_visible()

    professor = browser.new_context(viewport=VIEWPORTS["desktop"]).new_page()
    professor.goto(a + "/admin/")
    professor.get_by_label("Email or username").fill("paul")  # the site's sign-in form
    professor.get_by_label("Password", exact=True).fill(PASSPHRASE)
    professor.get_by_role("button", name="Sign in").click()
    expect(professor.get_by_role("navigation", name="Main menu")).to_be_visible()
    professor.goto(a + f"/admin/pages/{lesson.pk}/edit/")
    retype_paragraph(professor, OLD_TEXT, NEW_TEXT)
    professor.get_by_role("button", name="More actions").click()
    professor.get_by_role("button", name="Publish", exact=True).click()
    expect(professor.get_by_text("has been published")).to_be_visible()

    assert reader.reload().headers["x-page-cache"] == "miss"
    expect(reader.get_by_text(NEW_TEXT)).to_be_visible()
    expect(reader.get_by_text(OLD_TEXT)).to_have_count(0)
    reader.context.close()
    professor.context.close()
