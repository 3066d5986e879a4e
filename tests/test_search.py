"""A student searches the site for the lesson they half remember: a word from its
text finds it, with its course and summary; drafts and private pages never show."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from lessons.models import LessonPage
from tests.factories import make_course, make_lesson, make_quiz

pytestmark = pytest.mark.django_db


def body(text):
    return [("text", f"<p>{text}</p>")]


@pytest.fixture
def course():
    return make_course(title="Not If. When.", summary="What to do when you get fired.")


def search(client, query, **params):
    return client.get(reverse("search"), {"q": query, **params})


def test_a_word_from_a_lessons_body_finds_it_with_its_course_and_summary(client, course):
    make_lesson(
        course,
        title="The networking handoff",
        summary="Pass a contact on, warmly.",
        body=body("Write the introduction email as if the recruiter will forward it."),
    )
    make_lesson(course, title="The first 72 hours", body=body("Sleep, then make a list."))

    response = search(client, "recruiter")

    assert response.status_code == 200
    hits = response.context["hits"]
    assert [hit.page.title for hit in hits] == ["The networking handoff"]
    assert hits[0].course_title == "Not If. When."
    page = response.content.decode()
    assert "Pass a contact on, warmly." in page
    assert "Lesson in Not If. When." in page
    assert "1 result for “recruiter”" in page


def test_a_course_is_found_by_its_summary(client, course):
    response = search(client, "fired")

    assert [hit.page.title for hit in response.context["hits"]] == ["Not If. When."]
    assert response.context["hits"][0].course_title == ""


def test_drafts_private_lessons_and_quizzes_never_appear(client, course):
    make_lesson(course, title="Published severance", body=body("Read the severance letter."))
    draft = LessonPage(
        title="Draft severance", summary="Unfinished.", body=body("severance"), live=False
    )
    course.add_child(instance=draft)
    draft.save_revision()
    private = make_lesson(course, title="Private severance", body=body("severance again"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_quiz(course, title="Severance quiz")

    titles = [hit.page.title for hit in search(client, "severance").context["hits"]]

    assert titles == ["Published severance"]


def test_an_empty_query_shows_the_form_and_a_hint(client):
    response = search(client, "   ")

    assert response.status_code == 200
    assert response.context["hits"] == []
    assert b"Type what you are looking for above" in response.content
    assert b'role="search"' in response.content


def test_no_results_suggest_another_word(client, course):
    response = search(client, "zeppelin")

    assert b"Nothing matched" in response.content
    assert b"try a single word" in response.content


def test_results_come_ten_a_page(client, course):
    for number in range(1, 13):
        make_lesson(course, title=f"Reference letter {number}", body=body("Ask for a reference."))

    first = search(client, "reference")
    second = search(client, "reference", page=2)

    assert len(first.context["hits"]) == 10
    assert len(second.context["hits"]) == 2
    assert b"Page 2 of 2" in second.content


def test_the_header_has_a_labelled_search_form(client, course):
    page = client.get(course.url).content.decode()

    assert 'role="search"' in page
    assert '<label class="visually-hidden" for="site-search-q">' in page


@pytest.mark.parametrize("lessons", [2, 12])
def test_the_query_count_does_not_grow_with_the_results(
    client, course, lessons, django_assert_max_num_queries
):
    for number in range(1, lessons + 1):
        make_lesson(course, title=f"Cover letter {number}", body=body("A short cover letter."))

    with django_assert_max_num_queries(9):
        response = search(client, "cover letter")

    assert len(response.context["hits"]) == min(lessons, 10)
