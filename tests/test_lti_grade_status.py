"""The instructor of a class taught in an LMS sees, per student and quiz,
whether each grade reached the LMS gradebook: sent, pending or failed.

The page belongs to the section, like its gradebook: its instructors and
admins see it and may send a failed grade again; another instructor gets
404, a student never gets into the admin, and nothing changes for either.
Its query count stays the same however many students the class has.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lti.assignments.models import ScorePost
from tests.factories import make_instructor, make_section, make_student
from tests.lti_world import lms_course, quiz_in_lms

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    return quiz_in_lms(monkeypatch)


def graded(world, student, *, status, score=1.0, error=""):
    """A grade of `student` as grade passback left it."""
    return ScorePost.objects.create(
        line_item=world.line_item,
        lti_user=world.lms.member(student),
        score_given=score,
        score_maximum=2.0,
        status=status,
        tries=3 if status == ScorePost.Status.FAILED else 1,
        last_error=error,
    )


@pytest.fixture
def failed(world):
    ana = make_student("ana", first_name="Ana", last_name="de la Cruz")
    return graded(world, ana, status=ScorePost.Status.FAILED, error="HTTP 503 down for repairs")


def page_url(world):
    return reverse("lti_score_posts", args=[world.lms.section.pk])


def resend_url(world, post):
    return reverse("lti_score_post_resend", args=[world.lms.section.pk, post.pk])


def other_instructor():
    return make_instructor("olu")


def unchanged(post):
    fresh = ScorePost.objects.get(pk=post.pk)
    return (fresh.status, fresh.sequence) == (post.status, post.sequence) and not (
        DBTaskResult.objects.exists()
    )


def test_the_page_lists_each_grade_failed_first_with_its_status(world, failed, client):
    bo = make_student("bo", first_name="Bo", last_name="Lund")
    graded(world, bo, status=ScorePost.Status.SENT, score=2.0)
    client.force_login(world.instructor)

    page = BeautifulSoup(client.get(page_url(world)).content, "html.parser")

    rows = [" ".join(row.get_text().split()) for row in page.select("table tbody tr")]
    assert rows[0].startswith("Ana de la Cruz The first 72 hours 1 of 2 Failed")
    assert "HTTP 503 down for repairs" in rows[0] and "Send again" in rows[0]
    assert rows[1].startswith("Bo Lund The first 72 hours 2 of 2 Sent")
    numbers = {dt.get_text(): dt.find_next("dd").get_text() for dt in page.select("dt")}
    assert numbers == {"Pending": "0", "Sent": "1", "Failed": "1"}


def test_a_co_instructor_and_an_admin_see_it_too(world, failed, client):
    colleague = other_instructor()
    world.lms.section.instructors.add(colleague)
    admin = User.objects.create_superuser("root", "root@example.com", "not-if-when")

    for person in (colleague, admin):
        client.force_login(person)
        assert "Ana de la Cruz" in client.get(page_url(world)).content.decode()


def test_another_sections_instructor_gets_404_and_cannot_resend(world, failed, client):
    client.force_login(other_instructor())

    assert client.get(page_url(world)).status_code == 404
    assert client.post(resend_url(world, failed)).status_code == 404
    assert unchanged(failed)


def test_a_student_never_gets_in(world, failed, client):
    client.force_login(failed.lti_user.auth_user)

    response = client.get(page_url(world))
    resend = client.post(resend_url(world, failed))

    assert response.status_code == resend.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert unchanged(failed)


def test_a_stranger_is_sent_to_sign_in(world, failed, client):
    assert client.post(resend_url(world, failed))["Location"].startswith("/admin/login/")
    assert unchanged(failed)


def test_a_grade_of_another_sections_lms_course_is_not_found_here(world, client):
    other_section = make_section(world.lms.section.course, instructors=[world.instructor])
    other = lms_course(world.platform, section=other_section, context_id="course-202")
    post = ScorePost.objects.create(
        line_item=other.link(world.quiz),
        lti_user=other.member(make_student("kai")),
        score_given=0,
        score_maximum=2,
        status=ScorePost.Status.FAILED,
    )
    client.force_login(world.instructor)

    assert client.post(resend_url(world, post)).status_code == 404
    assert unchanged(post)


def test_resend_is_a_post(world, failed, client):
    client.force_login(world.instructor)

    assert client.get(resend_url(world, failed)).status_code == 405


def test_the_overview_links_to_the_page_only_for_a_class_in_an_lms(world, client):
    client.force_login(world.instructor)
    unlinked = make_section(world.lms.section.course, instructors=[world.instructor])

    linked_page = client.get(reverse("classes_section:overview", args=[world.lms.section.pk]))
    unlinked_page = client.get(reverse("classes_section:overview", args=[unlinked.pk]))

    assert page_url(world) in linked_page.content.decode()
    assert "Grades sent to the LMS" not in unlinked_page.content.decode()
    not_linked = client.get(reverse("lti_score_posts", args=[unlinked.pk]))
    assert "not linked to a course in an LMS" in not_linked.content.decode()


@pytest.mark.parametrize("students", [2, 20])
def test_the_page_runs_the_same_queries_for_any_class_size(
    world, client, students, django_assert_max_num_queries
):
    for n in range(students):
        status = ScorePost.Status.FAILED if n % 2 else ScorePost.Status.SENT
        graded(world, make_student(f"s{n}", first_name="S", last_name=f"{n}"), status=status)
    client.force_login(world.instructor)
    client.get(page_url(world))  # warm the session and permission caches

    with django_assert_max_num_queries(13):
        response = client.get(page_url(world))

    assert response.content.decode().count("Send again") == students // 2
