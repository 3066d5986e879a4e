"""Anonymous visitors get pages from the shared page cache; a publish shows
at once; nothing personal, no form token and no preview is ever stored."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import make_course_with_lessons, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, tmp_path):
    settings.PAGE_CACHE = True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "page-cache"),
        },
    }


@pytest.fixture
def lessons():
    _course, lessons = make_course_with_lessons(2)
    return lessons


def test_the_second_visit_is_served_without_touching_the_database(
    client, lessons, django_assert_num_queries
):
    first = client.get(lessons[0].url)

    with django_assert_num_queries(0):
        second = client.get(lessons[0].url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_a_publish_shows_at_once(client, lessons):
    lesson = lessons[0]
    client.get(lesson.url)

    lesson.title = "The first 72 hours, revised"
    lesson.save_revision().publish()

    page = client.get(lesson.url)
    assert page["X-Page-Cache"] == "miss"
    assert "The first 72 hours, revised" in page.content.decode()


def test_a_renamed_sibling_is_not_stale_in_the_outline(client, lessons):
    first, second = lessons
    client.get(first.url)

    second.title = "Asking well"
    second.save_revision().publish()

    assert "Asking well" in client.get(first.url).content.decode()


def test_an_unpublished_or_deleted_page_is_gone_at_once(client, lessons):
    first, second = lessons
    client.get(first.url)
    client.get(second.url)

    first.unpublish()
    second.delete()

    assert client.get(first.url).status_code == 404
    assert client.get(second.url).status_code == 404


def test_a_signed_in_student_never_gets_or_leaves_a_stored_page(client, lessons):
    client.force_login(make_student("sam", first_name="Sam", last_name="Rivera"))

    mine = client.get(lessons[0].url)
    client.logout()
    anonymous = client.get(lessons[0].url)

    assert "X-Page-Cache" not in mine
    assert "private" in mine["Cache-Control"]
    assert anonymous["X-Page-Cache"] == "miss"
    assert "Sam Rivera" not in anonymous.content.decode()


def test_a_page_with_a_form_token_is_never_stored(client):
    client.get("/accounts/login/")

    assert "X-Page-Cache" not in client.get("/accounts/login/")


def test_a_query_string_goes_past_the_cache(client, lessons):
    client.get(lessons[0].url)

    assert "X-Page-Cache" not in client.get(lessons[0].url + "?utm_source=lms")


def test_head_is_answered_from_the_stored_page(client, lessons):
    client.get(lessons[0].url)

    head = client.head(lessons[0].url)

    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""


def test_it_is_off_unless_asked_for(client, lessons, settings):
    settings.PAGE_CACHE = False

    client.get(lessons[0].url)

    assert "X-Page-Cache" not in client.get(lessons[0].url)


def test_a_visitor_with_a_message_waiting_gets_the_page_with_it(client, lessons):
    client.get(lessons[0].url)
    client.cookies["messages"] = "a signed message"

    assert "X-Page-Cache" not in client.get(lessons[0].url)


def test_a_page_put_behind_a_sign_in_is_not_served_from_the_cache(client, lessons):
    lesson = lessons[0]
    client.get(lesson.url)
    assert client.get(lesson.url)["X-Page-Cache"] == "hit"

    PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(lesson.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_page_built_on_a_miss_reads_the_content_version_once(client, lessons, monkeypatch):
    from course import page_cache

    reads, read = [], page_cache.content_version
    monkeypatch.setattr(page_cache, "content_version", lambda: reads.append(1) or read())

    assert client.get(lessons[0].url)["X-Page-Cache"] == "miss"
    assert len(reads) == 1  # the page cache's read serves the shared page parts too
