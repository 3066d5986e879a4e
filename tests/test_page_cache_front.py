"""Stored anonymous pages are answered in front of Django (`course.page_cache_front`),
exactly as Django answered them, and only where the page cache would serve them."""

import io
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtail.models import PageViewRestriction

from course.wsgi import application
from tests.factories import make_course_with_lessons
from tests.test_page_cache import page_cache_on  # noqa: F401  (autouse: the page cache, on)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    _course, lessons = make_course_with_lessons(2)
    return lessons[0]


@pytest.fixture(autouse=True)
def connection_kept():
    """Django's handler closes old database connections around each request;
    inside a test's transaction that is the test's own, which PostgreSQL
    would then refuse to reopen. Django's test client keeps it the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def django_calls():
    """How many requests reached Django's own handling."""
    calls = []

    def count(**kwargs):
        calls.append(1)

    request_started.connect(count)
    yield calls
    request_started.disconnect(count)


def served(path, *, method="GET", scheme="http", cookie="", query=""):
    """(status, headers, body) as a WSGI server gets them from the site."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "443" if scheme == "https" else "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    sent = {}

    def start_response(status, headers, exc_info=None):
        sent.update(status=status, headers=dict(headers))

    result = application(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return sent["status"], sent["headers"], body


def test_a_stored_page_is_answered_without_django_as_django_answered_it(lesson, django_calls):
    first = served(lesson.url)  # stored by the page cache
    second = served(lesson.url)  # served by the page cache, remembered in front
    calls = len(django_calls)

    third = served(lesson.url)

    assert len(django_calls) == calls  # Django never saw it
    assert third[0] == "200 OK" and third[2] == first[2]
    assert third[1] == second[1]  # every header, security and policy headers included
    assert third[1]["X-Page-Cache"] == "hit"
    assert "Content-Security-Policy" in third[1] and "X-Content-Type-Options" in third[1]


def test_head_gets_the_headers_and_no_body(lesson):
    served(lesson.url)
    served(lesson.url)

    status, headers, body = served(lesson.url, method="HEAD")

    assert status == "200 OK" and headers["X-Page-Cache"] == "hit" and body == b""


def test_a_publish_shows_at_once(lesson, django_calls):
    served(lesson.url)
    served(lesson.url)
    lesson.title = "The first three days"
    lesson.save_revision().publish()
    calls = len(django_calls)

    _status, headers, body = served(lesson.url)

    assert len(django_calls) == calls + 1
    assert headers["X-Page-Cache"] == "miss"
    assert b"The first three days" in body


@pytest.mark.parametrize(
    "visit",
    [
        {"cookie": "sessionid=abc"},
        {"cookie": "messages=a-message-waiting"},
        {"query": "utm_source=lms"},
        {"method": "POST"},
    ],
    ids=["session", "message", "query", "post"],
)
def test_what_the_page_cache_would_not_serve_goes_to_django(lesson, django_calls, visit):
    served(lesson.url)
    served(lesson.url)
    calls = len(django_calls)

    _status, headers, _body = served(lesson.url, **visit)

    assert len(django_calls) == calls + 1
    assert headers.get("X-Page-Cache") != "hit"


def test_https_and_http_are_answered_apart(lesson):
    """HSTS is sent over HTTPS only: a page remembered for one is never sent for the other."""
    served(lesson.url, scheme="https")
    secure = served(lesson.url, scheme="https")
    plain = served(lesson.url)
    plain_again = served(lesson.url)

    assert "Strict-Transport-Security" in secure[1]
    assert "Strict-Transport-Security" not in plain[1]
    assert "Strict-Transport-Security" not in plain_again[1]


def test_a_page_closed_after_it_was_stored_is_refused_at_once(lesson):
    served(lesson.url)
    served(lesson.url)

    PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)
    status, headers, _body = served(lesson.url)

    assert status.startswith("302") and headers["Location"].startswith("/accounts/login/")


def test_static_files_go_straight_to_django(lesson, django_calls, monkeypatch):
    from course import page_cache_front

    reads = []
    monkeypatch.setattr(page_cache_front, "content_version", lambda: reads.append(1) or 1)

    served("/static/css/site.css")

    assert reads == [] and len(django_calls) == 1
