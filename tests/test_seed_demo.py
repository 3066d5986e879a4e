"""`seed_demo`: demo accounts for a local try-out, never in production."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")

    assert not get_user_model().objects.exists()


def test_creates_one_account_per_role_with_the_printed_passwords(settings):
    settings.DEBUG = True
    out = io.StringIO()

    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())  # a second run resets, never duplicates

    assert get_user_model().objects.count() == 5
    for username in ("student", "instructor", "professor", "reviewer", "admin"):
        password = f"not-if-when-{username}"
        assert password in out.getvalue()
        assert authenticate(username=username, password=password) is not None
    professor = get_user_model().objects.get(username="professor")
    assert professor.has_perm("wagtailadmin.access_admin")
    assert (
        not get_user_model().objects.get(username="student").has_perm("wagtailadmin.access_admin")
    )
    assert get_user_model().objects.get(username="admin").is_superuser


def test_the_demo_student_is_part_way_through_the_bundled_course(settings, client):
    settings.DEBUG = True
    call_command("load_course", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    client.force_login(get_user_model().objects.get(username="student"))
    page = client.get("/dashboard/").content.decode()

    assert "2 of 12 done" in page
    assert "Continue where you left off" in page


def test_the_demo_class_has_the_instructor_and_the_student(settings):
    from classes.models import Section

    settings.DEBUG = True
    call_command("load_course", stdout=io.StringIO())
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    call_command("seed_demo", stdout=second)

    section = Section.objects.get()
    assert str(section) == "CAREER 101 — Spring 2027 — 01"
    assert section.course.slug == "not-if-when"
    assert [user.username for user in section.instructors.all()] == ["instructor"]
    enrollment = section.enrollments.get(student__username="student")
    assert enrollment.status == "active"
    for out in (first, second):  # the same code, run after run
        assert f"join code {section.join_code_display}" in out.getvalue()


def test_the_demo_instructor_finds_a_class_with_work_to_grade(settings, client):
    from classes.gradebook import section_gradebook
    from classes.models import Section

    settings.DEBUG = True
    call_command("load_course", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # classmates are not duplicated

    section = Section.objects.get()
    rows = list(section_gradebook(section=section).rows())
    assert len(rows) == 13
    assert sum(cell.percent is not None for row in rows for cell in row.cells) > 12
    client.force_login(get_user_model().objects.get(username="instructor"))
    assert client.get(f"/admin/classes/{section.pk}/gradebook/").status_code == 200


def test_without_the_bundled_course_there_is_no_demo_class(settings):
    from classes.models import Section

    settings.DEBUG = True
    out = io.StringIO()

    call_command("seed_demo", stdout=out)

    assert not Section.objects.exists()
    assert "No demo class" in out.getvalue()
