"""The bundled course practises what it teaches: three practice blocks, in
the lessons that explain them (asking for an introduction, getting back in
touch with a former colleague, saying no kindly to a stranger's handoff),
each answerable with a message the coach finds no problem in."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from course.bundled import CONTENT_DIR, read_course
from course.models import CoursePage
from lessons.coach.engine import coach_check
from lessons.models import LessonPage
from lessons.selectors import course_coach_rules, lesson_practice_spots

pytestmark = pytest.mark.django_db

EXERCISES = {
    "ask-for-an-introduction": "asking-well",
    "reconnect-with-a-colleague": "a-connection-is-not-a-contact",
    "reply-with-boundaries": "other-peoples-networks",
}

# A message a student might write for each exercise, doing what the lesson teaches.
ANSWERS = {
    "ask-for-an-introduction": (
        "Hi Dana,\n\nI hope the new role is treating you well. It's Jordan Park; you managed "
        "our team at Corliss Distribution two years ago, when we rebuilt the returns process "
        "together.\n\nI was laid off last week and I'm looking at analytics roles. I noticed "
        "Priya Shah, who worked with you, now runs analytics at Brightwater Foods. Would you be "
        "comfortable introducing me to her by email? Completely fine if not, since I know it's "
        "a favour.\n\nThank you either way,\nJordan Park"
    ),
    "reconnect-with-a-colleague": (
        "Hi Sam,\n\nIt's been too long! It's Jordan Park from the support desk at Fieldline; we "
        "covered each other's Friday shifts for most of 2024.\n\nI saw you moved into product, "
        "and your post about the onboarding redesign made me curious how the switch went. "
        "Would you have fifteen minutes for a call in the next couple of weeks? No worries if "
        "things are busy.\n\nThanks, and congratulations on the new role,\nJordan Park"
    ),
    "reply-with-boundaries": (
        "Hi Jen and Marcus,\n\nThanks for thinking of me, Jen. Marcus, I'm sorry to hear about "
        "Halvorsen.\n\nI keep introductions for people whose work I know, so I won't be sending "
        "your résumé to my contacts. What I can offer is my own time: I'd be glad to read your "
        "résumé and give you honest notes, or to have a 20-minute call about how supply-chain "
        "consulting looks right now. Would either of those help? No pressure if not.\n\nBest "
        "wishes,\nAlex Moreno\nSupply-chain consultant"
    ),
}


def test_three_lessons_of_the_bundled_course_have_a_practice_block():
    source = read_course(CONTENT_DIR / "not-if-when")

    found = {
        block["value"]["key"]: lesson.fields["slug"]
        for lesson in source.lessons
        for block in lesson.body
        if block["type"] == "practice"
    }

    assert found == EXERCISES


@pytest.fixture
def course():
    call_command("load_course", stdout=io.StringIO())
    return CoursePage.objects.get(slug="not-if-when")


def test_each_exercise_shows_in_its_lesson(client, course):
    for key, slug in EXERCISES.items():
        lesson = LessonPage.objects.get(slug=slug)
        html = BeautifulSoup(client.get(lesson.url).content, "html.parser")
        block = html.find(id=f"practice-{key}")
        assert block is not None, key
        assert block.find("h2").get_text().startswith("Practice: ")
        assert [spot.key for spot in lesson_practice_spots(lesson=lesson)] == [key]

    reply = LessonPage.objects.get(slug="other-peoples-networks")
    html = BeautifulSoup(client.get(reply.url).content, "html.parser")
    assert "I told Marcus you'd be happy to help." in html.find("blockquote").get_text()


def test_a_message_that_follows_the_lesson_passes_each_exercise(course):
    rules = course_coach_rules(course=course)

    for key, answer in ANSWERS.items():
        feedback = coach_check(text=answer, rules=rules)
        assert (feedback.problems, feedback.improvements) == (0, 0), key
        assert feedback.goods >= 6, key


def test_the_email_students_answer_is_itself_a_handoff_the_coach_catches(course):
    reply = LessonPage.objects.get(slug="other-peoples-networks")
    (block,) = [block for block in reply.body if block.block_type == "practice"]
    rules = course_coach_rules(course=course)

    feedback = coach_check(text=block.value["incoming"], rules=rules)

    problems = {f.rule: f for f in feedback.findings if f.verdict == "problem"}
    assert {"handoff", "volunteered-time", "job-or-list"} <= set(problems)
    assert problems["volunteered-time"].lesson == reply.pk
    handoff_lesson = LessonPage.objects.get(slug="the-networking-handoff")
    assert problems["handoff"].lesson == handoff_lesson.pk
