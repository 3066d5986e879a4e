"""A lesson page: the blocks a professor writes, the outline around them."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image

from tests.factories import make_course, make_course_with_lessons, make_lesson

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=soft-landing"


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def a_picture():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 20), "#1d5c8c").save(buffer, "PNG")
    return Image.objects.create(title="Diagram", file=ImageFile(buffer, name="diagram.png"))


def a_stored_video():
    """The embed as Wagtail caches it, so rendering never calls YouTube."""
    return Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        type="video",
        html='<iframe title="Networking in practice" src="https://www.youtube.com/embed/x"></iframe>',
        width=640,
        height=360,
    )


def test_every_block_type_shows_its_content(client):
    course = make_course()
    a_stored_video()
    lesson = make_lesson(
        course,
        title="The networking handoff",
        estimated_minutes=9,
        body=[
            ("heading", {"text": "What a handoff looks like", "level": "h2"}),
            ("heading", {"text": "Why it feels generous", "level": "h3"}),
            ("text", "<p>A stranger forwards a stranger.</p>"),
            (
                "image",
                {"image": a_picture(), "alt": "Three people, no arrows", "caption": "Fig 1"},
            ),
            ("video", {"video": VIDEO_URL, "transcript": "<p>Everything said aloud.</p>"}),
            (
                "callout",
                {"kind": "varies", "title": "Severance", "text": "<p>Check your state.</p>"},
            ),
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
            (
                "reflection",
                {"prompt": "Who would take your call?", "guidance": "<p>Ten names.</p>"},
            ),
            ("checklist", {"title": "Before you leave", "items": ["Get it in writing"]}),
            ("takeaways", {"items": ["A connection is not a contact."]}),
        ],
    )

    page = soup(client.get(lesson.url))

    assert [h.get_text() for h in page.find_all("h1")] == ["The networking handoff"]
    assert page.find("h2", string="What a handoff looks like")
    assert page.find("h3", string="Why it feels generous")
    assert page.find("img", alt="Three people, no arrows")
    assert page.find("iframe", title="Networking in practice")
    text = page.get_text(" ", strip=True)
    for expected in (
        "9 minute read",
        "A stranger forwards a stranger.",
        "Fig 1",
        "Everything said aloud.",
        "Depends on where you live",
        "Check your state.",
        "Ask first",
        "Copy ten people",
        "Priya's email",
        "Nobody knew her.",
        "One person, one ask.",
        "Who would take your call?",
        "Get it in writing",
        "A connection is not a contact.",
    ):
        assert expected in text, expected


def test_outline_lists_every_lesson_in_order_and_marks_the_current_one(client):
    _, lessons = make_course_with_lessons(4, title="Not If. When.")

    page = soup(client.get(lessons[1].url))

    nav = page.find("nav", class_="course-nav")
    assert [a.get_text() for a in nav.select("ol a")] == [lesson.title for lesson in lessons]
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "Lesson 2"
    assert "Lesson 2 of 4" in page.get_text()


def test_previous_and_next_follow_the_page_tree(client):
    _, (first, second, third) = make_course_with_lessons(3)

    middle = soup(client.get(second.url))
    assert middle.find("a", rel="prev")["href"] == first.url
    assert middle.find("a", rel="next")["href"] == third.url

    start = soup(client.get(first.url))
    assert start.find("a", rel="prev") is None
    end = soup(client.get(third.url))
    assert end.find("a", rel="next") is None


def test_lesson_page_has_a_skip_link_to_the_main_content(client):
    _, (lesson,) = make_course_with_lessons(1)

    page = soup(client.get(lesson.url))

    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main"
    assert page.find(id="main").name == "main"
    assert page.find("link", media="print")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lesson_page_queries_do_not_grow_with_the_course(client, django_assert_max_num_queries):
    _, small = make_course_with_lessons(8, title="Small", slug="small")
    _, large = make_course_with_lessons(40, title="Large", slug="large")
    for url in (small[1].url, large[30].url):
        count_queries(client, url)  # the first visit fills the shared route and outline

    # The lesson itself and Wagtail's view-restriction check (2).
    with django_assert_max_num_queries(3):
        small_count = count_queries(client, small[1].url)
    assert count_queries(client, large[30].url) == small_count
