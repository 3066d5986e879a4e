"""An instructor sees, per section, who has practised writing the course's
messages and how their drafts improved: the problems the coach found in
each student's first draft against their latest, without the page's queries
growing with the class."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classes.models import Enrollment
from lessons.services import practice_draft_submit
from tests.factories import (
    enroll,
    make_course,
    make_lesson,
    make_section,
    make_student,
    practice,
)

pytestmark = pytest.mark.django_db

ROUGH = "Dear all, could you forward my résumé to anyone you know?"
BETTER = "Hi Dana, could you forward my résumé to anyone you know? Thanks, Sam Rivera"


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


@pytest.fixture
def lessons(course):
    return [
        make_lesson(
            course, title="Asking well", body=[practice("intro", title="Ask for an intro")]
        ),
        make_lesson(course, title="Saying no", body=[practice("reply", title="Say no kindly")]),
    ]


def student(section, username, last_name):
    person = make_student(username, first_name=username.title(), last_name=last_name)
    enroll(section, person)
    return person


def write(person, lesson, key, *texts):
    for text in texts:
        practice_draft_submit(student=person, lesson=lesson, key=key, text=text)


def page(client, section):
    response = client.get(reverse("classes_section:practice", args=[section.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_class_page_shows_who_practised_and_first_against_latest(
    client, section, lessons, ines
):
    intro, reply = lessons
    sam = student(section, "sam", "Rivera")
    kim = student(section, "kim", "Abara")
    student(section, "lee", "Zhou")
    write(sam, intro, "intro", ROUGH, BETTER)
    write(kim, intro, "intro", ROUGH)
    write(kim, reply, "reply", BETTER)
    client.force_login(ines)

    html = page(client, section)

    summary = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in html.select("table")[0].select("tbody tr")
    ]
    first_problems = sam.practice_drafts.get(number=1).problems
    latest_problems = sam.practice_drafts.get(number=2).problems
    assert summary == [
        ["Ask for an intro Asking well", "2 of 3", "0", str(first_problems - latest_problems)],
        ["Say no kindly Saying no", "1 of 3", "0", "0"],
    ]
    rows = {
        row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in html.select("table")[1].select("tbody tr")
    }
    assert list(rows) == ["Abara, Kim", "Rivera, Sam", "Zhou, Lee"]
    assert rows["Rivera, Sam"][0] == f"2 drafts problems: {first_problems} → {latest_problems}"
    assert rows["Zhou, Lee"] == ["— not yet", "— not yet"]
    assert latest_problems < first_problems


def test_a_students_page_shows_every_draft_with_its_feedback(client, section, lessons, ines):
    sam = student(section, "sam", "Rivera")
    write(sam, lessons[0], "intro", ROUGH, BETTER)
    client.force_login(ines)
    seat = Enrollment.objects.get(student=sam)

    response = client.get(reverse("classes_section:student_practice", args=[section.pk, seat.pk]))

    html = BeautifulSoup(response.content, "html.parser")
    summaries = [s.get_text(" ", strip=True) for s in html.select("details summary")]
    assert [s.split(",")[0] for s in summaries] == ["Draft 2", "Draft 1"]
    assert html.select("details")[0].has_attr("open")
    assert "Greeting" in html.select("details")[1].get_text()
    assert "No drafts yet." in html.get_text()  # the reply block


def test_dropped_students_are_left_out(client, section, lessons, ines):
    sam = student(section, "sam", "Rivera")
    write(sam, lessons[0], "intro", ROUGH)
    Enrollment.objects.filter(student=sam).update(status=Enrollment.Status.DROPPED)
    client.force_login(ines)

    html = page(client, section)

    assert html.select("table")[0].select_one("tbody td").get_text() == "0 of 0"
    assert "Rivera" not in html.get_text()


def test_the_page_queries_do_not_grow_with_the_class(client, course, lessons, ines):
    small, large = (
        make_section(course, instructors=[ines]),
        make_section(course, instructors=[ines]),
    )
    for number in range(3):
        write(student(small, f"s{number}", "Small"), lessons[0], "intro", ROUGH, BETTER)
    for number in range(12):
        person = student(large, f"l{number}", "Large")
        write(person, lessons[0], "intro", ROUGH, BETTER)
        write(person, lessons[1], "reply", BETTER)
    client.force_login(ines)
    url = "classes_section:practice"

    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url, args=[small.pk]))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(url, args=[large.pk]))

    assert len(many) == len(few)


def test_a_course_without_practice_says_so(client, course, ines):
    section = make_section(course, instructors=[ines])
    client.force_login(ines)

    assert "This course has no practice blocks yet." in page(client, section).get_text()
