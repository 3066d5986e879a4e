"""`create_section`: an admin scripts each term's classes and hands out the codes."""

import io

import pytest
from django.core.management import CommandError, call_command

from classes.models import Section
from tests.factories import make_course, make_student

pytestmark = pytest.mark.django_db


def test_creates_the_section_and_prints_its_code():
    course = make_course(slug="not-if-when")
    instructor = make_student("ines")
    out = io.StringIO()

    call_command(
        "create_section",
        "--course=not-if-when",
        "--name=CAREER 101 — Spring 2027 — 02",
        "--term=Spring 2027",
        "--instructor=INES@example.com",
        stdout=out,
    )

    section = Section.objects.get()
    assert section.course.pk == course.pk
    assert list(section.instructors.all()) == [instructor]
    assert f"Join code: {section.join_code_display}" in out.getvalue()
    assert f"/join/{section.join_code_display}/" in out.getvalue()


def test_an_unknown_course_is_an_error_and_creates_nothing():
    with pytest.raises(CommandError, match='No course with the slug "nope"'):
        call_command("create_section", "--course=nope", "--name=X", "--term=T")

    assert not Section.objects.exists()


def test_an_unknown_instructor_is_an_error_and_creates_nothing():
    make_course(slug="not-if-when")

    with pytest.raises(CommandError, match=r"No account with the email who@example\.com"):
        call_command(
            "create_section",
            "--course=not-if-when",
            "--name=X",
            "--term=T",
            "--instructor=who@example.com",
        )

    assert not Section.objects.exists()
