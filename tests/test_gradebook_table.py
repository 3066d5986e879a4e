"""The gradebook page words each cell the way the template filters would:
percentages rounded half up, attempts counted in words, one link per student."""

from dataclasses import replace

import pytest
from django.template import Context, Template
from django.urls import reverse

from classes.gradebook import section_gradebook
from classes.gradebook_table import gradebook_table
from tests.factories import enroll, make_course, make_quiz, make_section, make_student, take_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded():
    """A section with one student who took one quiz once."""
    course = make_course()
    section = make_section(course)
    make_quiz(course, title="First contact")
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    enrollment = enroll(section, sam)
    take_quiz(sam, course.get_children().specific().get(), ["c1"])
    [row] = section_gradebook(section=section).rows()
    return section, enrollment, row


def floatformat(value, places):
    return Template("{{ value|floatformat:places }}").render(
        Context({"value": value, "places": places})
    )


@pytest.mark.parametrize("percent", [84.5, 85.5, 66.666, 0.049, 99.95, 100.0, 0.0])
def test_percentages_read_as_floatformat_writes_them(graded, percent):
    section, _enrollment, row = graded
    row = replace(
        row,
        total_percent=percent,
        cells=(replace(row.cells[0], percent=percent),),
    )

    [line] = gradebook_table(section=section, rows=[row])

    assert line.cells[0].grade == floatformat(percent, 0) + "%"
    assert line.total == floatformat(percent, 1) + "%"


def test_no_grade_and_no_attempts_read_as_nothing(graded):
    section, _enrollment, row = graded
    row = replace(
        row, total_percent=None, cells=(replace(row.cells[0], percent=None, attempts=0),)
    )

    [line] = gradebook_table(section=section, rows=[row])

    assert (line.cells[0].grade, line.cells[0].attempts, line.total) == ("", "", "")


def test_attempts_are_counted_in_words(graded):
    section, _enrollment, row = graded
    rows = [replace(row, cells=(replace(row.cells[0], attempts=n),)) for n in (1, 2, 1)]

    lines = gradebook_table(section=section, rows=rows)

    assert [line.cells[0].attempts for line in lines] == ["1 attempt", "2 attempts", "1 attempt"]


def test_each_row_links_to_its_own_students_record(graded):
    section, enrollment, row = graded

    [line] = gradebook_table(section=section, rows=[row])

    assert line.record_url == reverse("classes_section:student", args=[section.pk, enrollment.pk])
    assert line.name == "Rivera, Sam"
    assert line.cells[0].grade == "100%"
