"""What every response tells the browser: run only our own scripts and styles,
never show this site in someone else's frame, come back over HTTPS only, and
keep a signed-in student's pages out of every cache."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from certificates.services import certificate_issue
from lessons.services import lesson_complete
from quizzes.services import attempt_start
from tests.factories import (
    make_course,
    make_lesson,
    make_quiz,
    make_student,
    take_quiz,
    two_point_quiz,
)
from tests.test_lesson_page import VIDEO_URL, a_picture, a_stored_video

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-src": [
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def policy(response, header="Content-Security-Policy"):
    """The policy `header` as {directive: [sources]}."""
    directives = (part.split() for part in response[header].split(";"))
    return {name: sources for name, *sources in directives}


def inline_code(html):
    """Everything in a page that a policy without 'unsafe-inline' would block."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name == "script" and not tag.get("src") and tag.get("type") != "application/json":
            found.append(f"<script> {tag.get_text()[:60]!r}")
        if tag.name == "style":
            found.append(f"<style> {tag.get_text()[:60]!r}")
        if "style" in tag.attrs:
            found.append(f"<{tag.name} style={tag['style']!r}>")
        found += [f"<{tag.name} {name}=...>" for name in tag.attrs if name.startswith("on")]
        if str(tag.get("href", "")).lower().startswith("javascript:"):
            found.append(f"<{tag.name} href=javascript:...>")
    return found


def every_block_kind():
    return [
        ("heading", {"text": "What a handoff looks like", "level": "h2"}),
        ("text", "<p>A stranger forwards a stranger.</p>"),
        ("image", {"image": a_picture(), "alt": "Three people, no arrows", "caption": "Fig 1"}),
        ("video", {"video": VIDEO_URL, "transcript": "<p>Everything said aloud.</p>"}),
        ("callout", {"kind": "varies", "title": "Severance", "text": "<p>Check your state.</p>"}),
        ("do_dont", {"title": "", "do": ["Ask first"], "dont": ["Copy ten people"]}),
        (
            "case_study",
            {
                "title": "Priya's email",
                "situation": "<p>She wrote to all.</p>",
                "what_went_wrong": "<p>Nobody knew her.</p>",
                "better_way": "<p>One person, one ask.</p>",
            },
        ),
        ("reflection", {"prompt": "Who would take your call?", "guidance": "<p>Ten names.</p>"}),
        ("checklist", {"title": "Before you leave", "items": ["Get it in writing"]}),
        ("takeaways", {"items": ["A connection is not a contact."]}),
    ]


@pytest.fixture
def course_site():
    """A course with a lesson of every block kind and a quiz, both done by Sam,
    who has his certificate and is part way through a second quiz added since."""
    a_stored_video()
    course = make_course(title="Not If. When.")
    sam = make_student("sam")
    lesson = make_lesson(course, title="The handoff", body=every_block_kind())
    lesson_complete(student=sam, lesson=lesson)
    passed = take_quiz(sam, make_quiz(course, title="Check"), ["c1"])
    certificate = certificate_issue(student=sam, course=course)
    open_attempt = attempt_start(student=sam, quiz=two_point_quiz(course, title="Asking well"))
    return {
        "sam": sam,
        "course": course,
        "lesson": lesson,
        "certificate": certificate,
        "passed": passed,
        "open_attempt": open_attempt,
    }


def course_urls(site):
    return [
        "/",
        site["course"].url,
        site["lesson"].url,
        site["passed"].quiz.url,
        site["certificate"].get_absolute_url(),
        "/search/?q=handoff",
        "/join/",
        "/no-such-page/",
    ]


def public_urls(site):
    return [
        *course_urls(site),
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]


def student_urls(site):
    return [
        *course_urls(site),
        reverse("dashboard"),
        reverse("quizzes:attempt", args=[site["open_attempt"].pk]),
        reverse("quizzes:result", args=[site["passed"].pk]),
        reverse("accounts:overview"),
        reverse("accounts:data"),
        reverse("accounts:delete"),
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/reauthenticate/",
        "/accounts/logout/",
    ]


def test_public_pages_run_only_the_sites_own_scripts_and_styles(client, course_site):
    for url in public_urls(course_site):
        response = client.get(url)
        assert policy(response) == PUBLIC_POLICY, url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url


def test_no_page_a_visitor_or_a_student_sees_has_inline_code(client, course_site):
    for url in public_urls(course_site):
        assert inline_code(client.get(url).content) == [], url

    client.force_login(course_site["sam"])
    for url in student_urls(course_site):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert inline_code(response.content) == [], url


def test_a_page_that_asks_about_blank_answers_has_no_inline_code(client, course_site):
    client.force_login(course_site["sam"])

    response = client.post(reverse("quizzes:submit", args=[course_site["open_attempt"].pk]))

    assert b"Submit anyway?" in response.content
    assert policy(response) == PUBLIC_POLICY
    assert inline_code(response.content) == []


def test_the_admin_has_its_own_policy_and_the_public_site_stays_strict_for_editors(client):
    editor = get_user_model().objects.create_superuser("ed", "ed@example.edu", "pw")
    client.force_login(editor)

    admin = policy(client.get(reverse("wagtailadmin_home")))
    public = policy(client.get("/"))

    assert "'unsafe-inline'" in admin["script-src"]
    assert admin["frame-ancestors"] == ["'self'"]  # the page editor's live preview
    assert public == PUBLIC_POLICY


def test_a_stored_page_is_sent_with_the_policy_in_force(client, settings, course_site):
    settings.PAGE_CACHE = True
    lesson = course_site["lesson"].url
    client.get(lesson)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**PUBLIC_POLICY, "img-src": ["'self'"]}}

    replayed = client.get(lesson)

    assert replayed["X-Page-Cache"] == "hit"
    assert policy(replayed)["img-src"] == ["'self'"]


def test_a_stricter_policy_can_be_tried_in_report_only_mode_first(client, settings):
    trial = {**PUBLIC_POLICY, "img-src": ["'self'"]}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": trial}

    response = client.get("/")

    assert policy(response) == PUBLIC_POLICY
    assert policy(response, "Content-Security-Policy-Report-Only") == trial


def test_djangos_debug_error_pages_keep_their_styles_in_development(client, settings):
    settings.DEBUG = True

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Content-Security-Policy" not in response


def test_https_only_for_a_year_with_subdomains(client):
    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_session_and_form_cookies_never_travel_over_plain_http(client):
    make_student("sam")
    form = client.get("/accounts/login/", secure=True)
    assert form.cookies["csrftoken"]["secure"]

    signed_in = client.post(
        "/accounts/login/", {"login": "sam", "password": "not-if-when"}, secure=True
    )

    assert signed_in.status_code == 302
    assert signed_in.cookies["sessionid"]["secure"]
    assert signed_in.cookies["sessionid"]["httponly"]


def cache_control(response):
    return set(re.split(r",\s*", response.get("Cache-Control", ""))) - {""}


def test_every_page_a_student_sees_is_private_and_not_stored(client, course_site):
    client.force_login(course_site["sam"])

    for url in student_urls(course_site):
        assert {"private", "no-store"} <= cache_control(client.get(url)), url


def test_a_visitors_page_stays_cacheable(client, settings, course_site):
    settings.PAGE_CACHE = True
    lesson = course_site["lesson"].url

    first, second = client.get(lesson), client.get(lesson)

    assert not {"private", "no-store"} & cache_control(first)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
