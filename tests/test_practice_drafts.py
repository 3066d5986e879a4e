"""A student writes a message in a lesson's practice block, checks it, and
comes back to improve it: every check keeps a numbered draft with its time
and what the coach said, and the lesson shows the latest with its sentences
marked."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from lessons.models import PracticeDraft
from lessons.services import MAX_MESSAGE_CHARACTERS
from tests.factories import make_course, make_lesson, make_student, practice

pytestmark = pytest.mark.django_db

FIRST = "Dear all,\nCould you forward my résumé to anyone you know? Anything helps."
BETTER = (
    "Hi Dana,\n\nI'm Kelsey Moreno; you managed our team at Corliss Freight in 2024. Would "
    "you have 20 minutes next week to tell me how you'd look for analyst roles? No worries "
    "if the timing is bad.\n\nThank you,\nKelsey Moreno"
)


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


@pytest.fixture
def lesson(course):
    return make_lesson(
        course,
        title="Asking well",
        slug="asking-well",
        body=[
            ("text", "<p>Read this first.</p>"),
            practice("ask-dana", scenario="Ask Dana, your old manager, for advice."),
            ("text", "<p>After the practice.</p>"),
        ],
    )


@pytest.fixture
def sam(client):
    student = make_student("sam")
    client.force_login(student)
    return student


def check(client, lesson, text, key="ask-dana", **extra):
    return client.post(reverse("lessons:practice", args=[lesson.pk, key]), {"text": text, **extra})


def page(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_each_check_keeps_a_new_numbered_draft_with_its_time_and_feedback(client, lesson, sam):
    first = check(client, lesson, FIRST)
    second = check(client, lesson, BETTER)

    assert first.status_code == second.status_code == 303
    assert first["Location"] == f"{lesson.url}#practice-ask-dana-feedback"
    drafts = list(PracticeDraft.objects.filter(student=sam).order_by("number"))
    assert [(d.number, d.text, d.key) for d in drafts] == [
        (1, FIRST, "ask-dana"),
        (2, BETTER, "ask-dana"),
    ]
    assert drafts[0].created_at <= drafts[1].created_at
    assert drafts[0].problems >= 3
    assert drafts[1].problems == 0
    assert {f["rule"] for f in drafts[0].feedback["findings"]} >= {"mass-greeting", "handoff"}


def test_the_same_text_sent_twice_keeps_one_draft(client, lesson, sam):
    check(client, lesson, FIRST)
    check(client, lesson, f"  {FIRST}\n")

    assert PracticeDraft.objects.filter(student=sam).count() == 1


def test_an_empty_message_is_refused_and_nothing_is_kept(client, lesson, sam):
    response = check(client, lesson, " \n\t ")

    assert response.status_code == 400
    assert "Write your message first" in response.content.decode()
    assert not PracticeDraft.objects.exists()


def test_an_overlong_message_comes_back_as_typed_with_the_reason(client, lesson, sam):
    text = "Hi Dana. " + "word " * (MAX_MESSAGE_CHARACTERS // 5)

    response = check(client, lesson, text)

    assert response.status_code == 400
    html = BeautifulSoup(response.content, "html.parser")
    box = html.find("textarea", attrs={"name": "text"})
    assert box.get_text() == text
    assert box["aria-invalid"] == "true"
    assert "Keep your message under 20,000 characters" in html.get_text()
    assert not PracticeDraft.objects.exists()


def test_every_box_takes_as_many_characters_as_the_coach(client, lesson, sam):
    check(client, lesson, FIRST)
    draft = PracticeDraft.objects.get(student=sam)

    for url in (
        lesson.url,
        reverse("lessons:practice", args=[lesson.pk, "ask-dana"]),
        reverse("lessons:draft", args=[draft.pk]),
    ):
        box = page(client.get(url)).find("textarea", attrs={"name": "text"})
        assert box["maxlength"] == str(MAX_MESSAGE_CHARACTERS), url


def test_the_lesson_shows_the_latest_draft_in_the_box_and_its_feedback(client, lesson, sam):
    check(client, lesson, FIRST)
    check(client, lesson, BETTER)

    html = page(client.get(lesson.url))

    practice_block = html.find(id="practice-ask-dana")
    assert practice_block.find("textarea").get_text() == BETTER
    assert practice_block.find(id="practice-ask-dana-feedback-title").get_text() == (
        "Feedback on draft 2"
    )
    assert "Ask Dana, your old manager, for advice." in practice_block.get_text()
    assert [p.get_text(strip=True) for p in html.select(".prose p")] == [
        "Read this first.",
        "After the practice.",
    ]


def test_the_feedback_marks_the_sentences_it_refers_to(client, lesson, sam):
    check(client, lesson, FIRST)

    html = page(client.get(lesson.url))

    findings = {
        item.find("strong").get_text(): item
        for item in html.select("#practice-ask-dana-feedback .coach-finding")
    }

    def marked(finding_name):
        """The marked sentences a finding links to, as the page shows them."""
        links = findings[finding_name].select(".coach-finding__quote a")
        marks = [html.find(id=link["href"].lstrip("#")) for link in links]
        return [mark.find(string=True, recursive=False).strip() for mark in marks]

    assert marked("Greeting") == ["Dear all,"]
    assert marked("Asking to be handed off") == ["Could you forward my résumé to anyone you know?"]
    assert marked("A vague ask") == ["Anything helps."]
    greeting = html.find("mark", id=findings["Greeting"].find("a")["href"].lstrip("#"))
    assert "coach-mark--problem" in greeting["class"]
    back = greeting.select_one(".coach-mark__refs a")["href"]
    assert html.find(id=back.lstrip("#")) is findings["Greeting"]


def test_what_works_comes_before_what_to_improve(client, lesson, sam):
    check(client, lesson, "Hi Dana,\nCould you forward my résumé to anyone you know? Thanks!")

    html = page(client.get(lesson.url))

    groups = [h.get_text() for h in html.select("#practice-ask-dana-feedback .coach__group")]
    assert groups == ["What works", "What to improve"]
    verdicts = [
        badge.get_text() for badge in html.select("#practice-ask-dana-feedback .coach-badge")
    ]
    assert verdicts == sorted(verdicts, key=["Good", "Problem", "To improve"].index)
    assert verdicts[0] == "Good" and "Problem" in verdicts


def test_a_finding_links_to_the_lesson_that_teaches_it(client, course, lesson, sam):
    handoff = make_lesson(course, title="The networking handoff", slug="the-networking-handoff")

    check(client, lesson, FIRST)

    html = page(client.get(lesson.url))
    item = next(
        li
        for li in html.select(".coach-finding")
        if li.find("strong").get_text() == "Asking to be handed off"
    )
    assert item.select_one(".coach-finding__lesson a")["href"] == handoff.url


def test_the_practice_page_lists_every_draft_and_each_opens(client, lesson, sam):
    check(client, lesson, FIRST)
    check(client, lesson, BETTER)
    first = PracticeDraft.objects.get(number=1)

    html = page(client.get(reverse("lessons:practice", args=[lesson.pk, "ask-dana"])))

    assert [a.get_text() for a in html.select(".practice-drafts__list a")] == [
        "Draft 2",
        "Draft 1",
    ]
    draft_page = page(client.get(reverse("lessons:draft", args=[first.pk])))
    assert draft_page.find(class_="coach__text").get_text().startswith("Problem: Dear all,")
    assert draft_page.find("textarea").get_text() == FIRST


def test_a_check_from_the_practice_page_comes_back_to_it(client, lesson, sam):
    url = reverse("lessons:practice", args=[lesson.pk, "ask-dana"])

    response = check(client, lesson, FIRST, back="practice")

    assert response["Location"] == f"{url}#feedback"


def test_a_block_the_lesson_does_not_have_or_an_unpublished_lesson_is_not_found(
    client, lesson, sam
):
    assert check(client, lesson, FIRST, key="no-such-block").status_code == 404
    lesson.unpublish()
    assert check(client, lesson, FIRST).status_code == 404
    assert not PracticeDraft.objects.exists()


def test_someone_signed_out_is_asked_to_sign_in_and_nothing_is_kept(client, lesson):
    url = reverse("lessons:practice", args=[lesson.pk, "ask-dana"])

    posted = check(client, lesson, FIRST)
    html = page(client.get(lesson.url))

    assert posted.status_code == 302
    assert posted["Location"].startswith(reverse("account_login"))
    assert client.get(url)["Location"].startswith(reverse("account_login"))
    assert not PracticeDraft.objects.exists()
    assert html.find(id="practice-ask-dana").find("form") is None
    assert html.find(id="practice-ask-dana").find(
        "a", string="Sign in to write your message and check it"
    )


def test_a_message_with_markup_is_shown_as_text_and_runs_nothing(client, lesson, sam):
    hostile = 'Hi <script>alert("x")</script> <img src=x onerror=alert(1)>, hire me?'

    check(client, lesson, hostile)

    html = page(client.get(lesson.url))
    assert html.find("script", string=lambda text: text and "alert" in text) is None
    assert html.find("img", attrs={"onerror": True}) is None
    assert '<script>alert("x")</script>' in html.find(class_="coach__text").get_text()
