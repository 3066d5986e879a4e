"""The Classes area of the admin, as instructors use it: their sections only,
the roster, the gradebook, due dates, join codes and downloads.

Every rule is tried from the wrong side too: another section's instructor
gets 404 on every page, a student gets nowhere."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from classes.models import Enrollment, Section, SectionItem
from tests.factories import (
    enroll,
    make_instructor,
    make_lesson,
    make_quiz,
    make_section,
    make_student,
    take_quiz,
)

pytestmark = pytest.mark.django_db

SECTION_PAGES = ["overview", "roster", "roster_upload", "gradebook", "due_dates", "edit"]


@pytest.fixture
def other_section(course):
    return make_section(
        course, name="CAREER 101 — Spring 2027 — 03", instructors=[make_instructor("omar")]
    )


def url(name, section, *args):
    return reverse(f"classes_section:{name}", args=[section.pk, *args])


def test_the_classes_menu_lists_only_the_sections_an_instructor_teaches(
    client, ines, section, other_section
):
    client.force_login(ines)

    page = client.get(reverse("classes_section:index"))

    assert page.status_code == 200
    assert section.name in page.content.decode()
    assert other_section.name not in page.content.decode()


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_every_page_of_another_instructors_section_is_a_404(client, ines, other_section, name):
    client.force_login(ines)

    assert client.get(url(name, other_section)).status_code == 404


@pytest.mark.parametrize("name", SECTION_PAGES)
def test_every_page_of_a_taught_section_opens(client, ines, section, name):
    client.force_login(ines)

    assert client.get(url(name, section)).status_code == 200


def test_another_section_cannot_be_changed_by_post(client, ines, other_section):
    student = make_student()
    enrollment = enroll(other_section, student)
    old_code = other_section.join_code
    client.force_login(ines)

    assert client.post(url("join_code", other_section)).status_code == 404
    assert (
        client.post(
            url("enrollment_status", other_section, enrollment.pk), {"status": "dropped"}
        ).status_code
        == 404
    )
    assert client.get(url("export", other_section, "canvas")).status_code == 404
    other_section.refresh_from_db()
    enrollment.refresh_from_db()
    assert other_section.join_code == old_code
    assert enrollment.status == Enrollment.Status.ACTIVE


def test_a_student_reaches_none_of_the_instructor_area(client, section):
    sam = make_student()
    enroll(section, sam)
    client.force_login(sam)

    for response in [
        client.get(reverse("classes_section:index")),
        client.get(url("overview", section)),
        client.get(url("gradebook", section)),
        client.get(url("export", section, "csv")),
    ]:
        assert response.status_code in (302, 403)
        assert section.join_code_display not in response.content.decode()


def test_an_enrollment_of_another_section_is_a_404_even_under_ones_own(
    client, ines, section, other_section
):
    stranger = enroll(other_section, make_student())
    client.force_login(ines)

    assert client.get(url("student", section, stranger.pk)).status_code == 404
    response = client.post(url("enrollment_status", section, stranger.pk), {"status": "dropped"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == Enrollment.Status.ACTIVE


def test_an_instructor_creates_a_section_and_teaches_it(client, ines, course):
    client.force_login(ines)

    response = client.post(
        reverse("classes_section:add"),
        {"course": course.pk, "name": "CAREER 101 — Fall 2027 — 01", "term": "Fall 2027"},
    )

    section = Section.objects.get(name="CAREER 101 — Fall 2027 — 01")
    assert response.status_code == 302
    assert response["Location"] == url("overview", section)
    assert list(section.instructors.all()) == [ines]
    assert len(section.join_code) == 8


def test_closing_before_opening_is_refused_with_a_message(client, ines, section):
    client.force_login(ines)
    data = {
        "course": section.course.pk,
        "name": section.name,
        "term": section.term,
        "instructors": [ines.pk],
        "opens_at": "2027-02-01 09:00",
        "closes_at": "2027-01-01 09:00",
    }

    response = client.post(url("edit", section), data)

    assert response.status_code == 200
    assert "Closing must come after opening." in response.content.decode()
    section.refresh_from_db()
    assert section.closes_at is None


def test_the_overview_shows_the_join_code_and_link(client, ines, section):
    client.force_login(ines)

    page = client.get(url("overview", section)).content.decode()

    assert section.join_code_display in page
    assert f"/join/{section.join_code_display}/" in page


def test_making_a_new_code_retires_the_old_one(client, ines, section):
    old = section.join_code
    client.force_login(ines)

    response = client.post(url("join_code", section))

    section.refresh_from_db()
    assert response.status_code == 302
    assert section.join_code != old
    assert client.get(url("join_code", section)).status_code == 405


def test_dropping_and_bringing_back_a_student(client, ines, section):
    sam = enroll(section, make_student("sam", first_name="Sam", last_name="Rivera"))
    client.force_login(ines)

    client.post(url("enrollment_status", section, sam.pk), {"status": "dropped"})
    sam.refresh_from_db()
    assert sam.status == Enrollment.Status.DROPPED
    roster = client.get(url("roster", section)).content.decode()
    assert "Bring back<span" in roster

    client.post(url("enrollment_status", section, sam.pk), {"status": "active"})
    sam.refresh_from_db()
    assert sam.status == Enrollment.Status.ACTIVE


def test_an_unknown_status_changes_nothing(client, ines, section):
    sam = enroll(section, make_student())
    client.force_login(ines)

    response = client.post(url("enrollment_status", section, sam.pk), {"status": "expelled"})

    sam.refresh_from_db()
    assert response.status_code == 404
    assert sam.status == Enrollment.Status.ACTIVE


def test_the_roster_shows_each_students_progress(client, ines, course, section):
    make_lesson(course)
    quiz = make_quiz(course)
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    enroll(section, sam)
    take_quiz(sam, quiz, ["c1"])
    client.force_login(ines)

    page = client.get(url("roster", section)).content.decode()

    assert "Rivera, Sam" in page
    assert '<progress max="2" value="1"' in page
    assert "1 of 2 done" in page


def test_due_dates_are_saved_per_item_and_cleared(client, ines, course, section):
    lesson, quiz = make_lesson(course), make_quiz(course)
    client.force_login(ines)

    client.post(
        url("due_dates", section),
        {f"item_{quiz.pk}": "2027-03-01 17:00", f"item_{lesson.pk}": ""},
    )

    [row] = SectionItem.objects.filter(section=section)
    assert row.item_id == quiz.pk
    assert timezone.localtime(row.due_at).replace(tzinfo=None) == datetime(2027, 3, 1, 17, 0)

    client.post(url("due_dates", section), {f"item_{quiz.pk}": ""})
    assert not SectionItem.objects.filter(section=section).exists()


def test_a_malformed_due_date_gets_a_message_and_changes_nothing(client, ines, course, section):
    quiz = make_quiz(course)
    client.force_login(ines)

    response = client.post(url("due_dates", section), {f"item_{quiz.pk}": "next Tuesday-ish"})

    assert response.status_code == 200
    assert "Enter a valid date/time." in response.content.decode()
    assert not SectionItem.objects.exists()


def test_the_gradebook_page_shows_grades_and_links_to_each_student(client, ines, course, section):
    quiz = make_quiz(course, title="First contact")
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    enrollment = enroll(section, sam)
    take_quiz(sam, quiz, ["c1"])
    client.force_login(ines)

    page = client.get(url("gradebook", section)).content.decode()

    assert "First contact" in page
    assert "100%" in page
    assert url("student", section, enrollment.pk) in page
    record = client.get(url("student", section, enrollment.pk)).content.decode()
    assert "Attempt 1" in record and "A friend" in record


def test_a_download_is_private_and_named_for_the_section(client, ines, section):
    client.force_login(ines)

    response = client.get(url("export", section, "canvas"))

    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]
    assert client.get(url("export", section, "pdf")).status_code == 404


def test_a_large_class_reads_a_hundred_students_a_page(client, ines, section, monkeypatch):
    from classes import instructor_views

    monkeypatch.setattr(instructor_views, "GRADEBOOK_PAGE_SIZE", 2)
    for n in range(5):
        enroll(section, make_student(f"s{n}", first_name="Student", last_name=f"Name {n}"))
    client.force_login(ines)

    first = client.get(url("gradebook", section)).content.decode()
    last = client.get(url("gradebook", section) + "?p=3").content.decode()

    assert "Name 0, Student" in first and "Name 2, Student" not in first
    assert "Name 4, Student" in last and "Name 0, Student" not in last
    assert "Page 1 of 3" in first
