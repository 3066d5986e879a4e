"""A student's drafts are theirs: only they, and the instructors of a section
they are in, can read them. Everyone else gets the answer a stranger gets:
404 for a draft or a student they have no business with, a sign-in page when
signed out, and the admin's "no permission" for people outside classes."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts.services import account_delete
from course.roles import Role, course_grant
from lessons.models import PracticeDraft
from lessons.services import practice_draft_submit
from tests.factories import (
    enroll,
    make_course,
    make_instructor,
    make_lesson,
    make_section,
    make_student,
    practice,
)

pytestmark = pytest.mark.django_db

SAMS_MESSAGE = "Hi Dana, could we talk about Brightwater? Sam Rivera, your old intern"
SAMS_ASK = "could we talk about Brightwater?"


def shown(response):
    """The page's text as a reader gets it (marks split the message in the HTML)."""
    return BeautifulSoup(response.content, "html.parser").get_text()


@pytest.fixture
def course():
    return make_course(title="Not If. When.", slug="not-if-when")


@pytest.fixture
def lesson(course):
    return make_lesson(course, body=[practice("ask-dana")])


@pytest.fixture
def world(course, lesson):
    """Sam in Ines's section, Kim in Omar's; Sam has one draft."""
    sam, kim = make_student("sam"), make_student("kim")
    ines, omar = make_instructor("ines"), make_instructor("omar")
    section = make_section(course, name="01", instructors=[ines])
    other = make_section(course, name="02", instructors=[omar])
    professor = make_student("paula")
    course_grant(user=professor, course=course, role=Role.PROFESSOR)
    return {
        "sam": sam,
        "kim": kim,
        "ines": ines,
        "omar": omar,
        "professor": professor,
        "section": section,
        "other": other,
        "sams_seat": enroll(section, sam),
        "kims_seat": enroll(other, kim),
        "draft": practice_draft_submit(
            student=sam, lesson=lesson, key="ask-dana", text=SAMS_MESSAGE
        ),
    }


def as_user(client, user):
    client.force_login(user)
    return client


def student_practice_url(section, seat):
    return reverse("classes_section:student_practice", args=[section.pk, seat.pk])


def test_the_author_reads_their_draft(client, world):
    response = as_user(client, world["sam"]).get(
        reverse("lessons:draft", args=[world["draft"].pk])
    )

    assert response.status_code == 200
    assert SAMS_ASK in shown(response)
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["kim", "ines", "omar", "professor"])
def test_nobody_else_reads_a_draft_at_its_address(client, world, who):
    response = as_user(client, world[who]).get(reverse("lessons:draft", args=[world["draft"].pk]))

    assert response.status_code == 404
    assert SAMS_ASK not in shown(response)


def test_signed_out_visitors_are_sent_to_sign_in(client, world, lesson):
    draft = client.get(reverse("lessons:draft", args=[world["draft"].pk]))
    practice_page = client.get(reverse("lessons:practice", args=[lesson.pk, "ask-dana"]))

    for response in (draft, practice_page):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_another_student_never_sees_the_draft_on_their_own_pages(client, world, lesson):
    client = as_user(client, world["kim"])

    pages = [
        client.get(lesson.url),
        client.get(reverse("lessons:practice", args=[lesson.pk, "ask-dana"])),
    ]

    for response in pages:
        assert response.status_code == 200
        assert SAMS_ASK not in shown(response)


def test_the_instructor_of_the_authors_section_reads_it(client, world):
    response = as_user(client, world["ines"]).get(
        student_practice_url(world["section"], world["sams_seat"])
    )

    assert response.status_code == 200
    assert SAMS_ASK in shown(response)


def test_an_instructor_of_another_section_cannot_reach_the_student(client, world):
    client = as_user(client, world["omar"])

    through_their_section = client.get(student_practice_url(world["other"], world["sams_seat"]))
    through_hers = client.get(student_practice_url(world["section"], world["sams_seat"]))
    practice_page = client.get(reverse("classes_section:practice", args=[world["section"].pk]))

    assert through_their_section.status_code == 404
    assert through_hers.status_code == 404
    assert practice_page.status_code == 404


def test_an_instructor_reads_only_the_students_of_their_own_section(client, world):
    response = as_user(client, world["ines"]).get(
        student_practice_url(world["section"], world["kims_seat"])
    )

    assert response.status_code == 404


def test_a_professor_without_a_section_finds_no_such_student(client, world):
    response = as_user(client, world["professor"]).get(
        student_practice_url(world["section"], world["sams_seat"])
    )

    assert response.status_code == 404
    assert SAMS_ASK not in shown(response)


def test_a_student_never_gets_into_the_classes_area(client, world):
    response = as_user(client, world["sam"]).get(
        student_practice_url(world["section"], world["sams_seat"])
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_deleting_an_account_deletes_the_drafts_it_wrote(world):
    account_delete(user=world["sam"])

    assert not PracticeDraft.objects.filter(student=world["sam"]).exists()
