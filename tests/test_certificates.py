"""A student who finishes a course gets a certificate anyone can check from its link."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors import certificates_for
from certificates.services import CourseNotFinished, certificate_issue
from course.models import CoursePage
from lessons.services import lesson_complete
from tests.factories import make_course, make_lesson, make_quiz, make_student, take_quiz

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


def soup(response, status=200):
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    """An element's text as a reader hears it: words separated by single spaces."""
    return " ".join(element.get_text().split())


def claim_url(course):
    return reverse("certificates:claim", args=[course.pk])


def a_course(title="Not If. When."):
    """A lesson and a quiz: the smallest course with both kinds of item."""
    course = make_course(title=title)
    return course, make_lesson(course, title="The handoff"), make_quiz(course, title="Check")


def finish(student, course, lesson, quiz):
    lesson_complete(student=student, lesson=lesson)
    take_quiz(student, quiz, ["c1"])
    return course


def a_finished_course(student, title="Not If. When."):
    return finish(student, *a_course(title))


@pytest.fixture
def student():
    return make_student("sam", first_name="Sam", last_name="Rivers")


# Issuing


def test_a_student_who_has_not_finished_is_refused_and_nothing_is_written(student):
    course, lesson, quiz = a_course()
    lesson_complete(student=student, lesson=lesson)
    take_quiz(student, quiz, ["c0"])  # failed

    with pytest.raises(CourseNotFinished, match=r"pass every quiz in Not If\. When\."):
        certificate_issue(student=student, course=course)

    assert not Certificate.objects.exists()


def test_finishing_earns_a_certificate_that_keeps_the_name_and_course_as_they_were(
    client, student
):
    course = a_finished_course(student)

    certificate = certificate_issue(student=student, course=course)
    course.title = "Not If. When. (2nd edition)"
    course.save_revision().publish()
    student.first_name = "Samantha"
    student.save()

    certificate.refresh_from_db()
    assert (certificate.student_name, certificate.course_title) == ("Sam Rivers", "Not If. When.")
    assert (certificate.student, certificate.course_id) == (student, course.pk)
    main = text(soup(client.get(certificate.get_absolute_url())).main)
    assert "Sam Rivers completed Not If. When. on" in main
    assert "Samantha" not in main


def test_claiming_twice_returns_the_same_certificate(student):
    course = a_finished_course(student)

    first = certificate_issue(student=student, course=course)
    again = certificate_issue(student=student, course=course)

    assert (again.pk, again.code, again.issued_at) == (first.pk, first.code, first.issued_at)
    assert Certificate.objects.count() == 1


def test_a_certificate_outlives_new_lessons_added_to_its_course(student):
    course = a_finished_course(student)
    first = certificate_issue(student=student, course=course)
    make_lesson(course, title="A lesson added later")

    assert certificate_issue(student=student, course=course) == first


def test_losing_a_race_to_the_other_click_returns_its_certificate(student, monkeypatch):
    course = a_finished_course(student)
    winner = certificate_issue(student=student, course=course)
    real_first, real_get, gets = QuerySet.first, QuerySet.get, []

    def first_that_misses(queryset):
        """As if the other request committed just after this one looked."""
        if queryset.model is Certificate:
            return None
        return real_first(queryset)

    def get_that_misses_the_first_time(queryset, *args, **kwargs):
        if queryset.model is Certificate:
            gets.append(kwargs)
            if len(gets) == 1:
                raise Certificate.DoesNotExist
        return real_get(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "first", first_that_misses)
    monkeypatch.setattr(QuerySet, "get", get_that_misses_the_first_time)

    assert certificate_issue(student=student, course=course) == winner
    assert len(gets) == 2  # missed, lost the insert to the constraint, then read the winner's
    assert Certificate.objects.count() == 1


def test_the_database_keeps_one_certificate_per_student_and_course(student):
    course = a_finished_course(student)
    certificate_issue(student=student, course=course)

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            student=student, course=course, student_name="Sam", course_title="Again"
        )


def test_codes_are_long_random_and_safe_in_a_url(student):
    course = a_finished_course(student)
    codes = {certificate_issue(student=student, course=course).code}
    for n in range(20):
        other = make_student(f"student{n}", first_name="Alex")
        codes.add(certificate_issue(student=finish_again(other, course), course=course).code)

    assert len(codes) == 21
    for code in codes:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", code)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(code=next(iter(codes))).update(code="short-guessable")


def finish_again(student, course):
    """Another student finishes the same course; returns the student."""
    lesson, quiz = (item.specific for item in course.get_children().live())
    finish(student, course, lesson, quiz)
    return student


# A student without a name on their account


def test_an_account_without_a_name_gets_its_username_and_learns_how_to_set_one(client):
    student = make_student("river42")
    course = a_finished_course(student)
    client.force_login(student)

    hint = soup(client.get(course.url)).select_one(".certificate-action .note")
    assert "will show your username, river42" in hint.get_text()
    assert hint.find("a", string="Set your name")["href"] == "/accounts/"

    response = client.post(claim_url(course))
    certificate = Certificate.objects.get()
    assert certificate.student_name == "river42"
    assert certificate.name_is_placeholder
    tools = soup(client.get(response["Location"])).select_one(".certificate-tools")
    assert "your certificate shows your username, river42" in tools.get_text()
    assert tools.find("a", string="Set your name on your account page")["href"] == "/accounts/"


def test_setting_a_name_later_puts_it_on_the_same_certificate(client):
    student = make_student("river42")
    course = a_finished_course(student)
    client.force_login(student)
    first = certificate_issue(student=student, course=course)
    student.first_name, student.last_name = "River", "Song"
    student.save()

    page = soup(client.get(first.get_absolute_url()))
    form = page.select_one(".certificate-tools form")
    assert form["action"] == claim_url(course)
    assert form.find("button").get_text() == "Put my name on it"
    client.post(form["action"])

    certificate = Certificate.objects.get()
    assert (certificate.code, certificate.student_name) == (first.code, "River Song")
    assert not certificate.name_is_placeholder
    assert "River Song completed" in soup(client.get(first.get_absolute_url())).main.get_text()


# Claiming from the site


def test_a_finished_student_claims_it_from_the_course_page_and_then_finds_it_there(
    client, student
):
    course = a_finished_course(student)
    client.force_login(student)

    form = soup(client.get(course.url)).select_one(".course-progress form.certificate-action")
    assert form["method"] == "post"
    assert form["action"] == claim_url(course)
    assert form.button.get_text() == "Get your certificate"
    response = client.post(form["action"])

    certificate = Certificate.objects.get(student=student)
    assert response.status_code == 303
    assert response["Location"] == certificate.get_absolute_url()
    link = soup(client.get(course.url)).find("a", string="Your certificate")
    assert link["href"] == certificate.get_absolute_url()
    assert not soup(client.get(course.url)).find("button", string="Get your certificate")


def test_the_dashboard_offers_a_certificate_for_each_finished_course_only(client, student):
    claimed = a_finished_course(student, title="Claimed")
    certificate = certificate_issue(student=student, course=claimed)
    unclaimed = a_finished_course(student, title="Unclaimed")
    course, lesson, _ = a_course(title="Part way")
    lesson_complete(student=student, lesson=lesson)
    client.force_login(student)

    sections = {
        section.h2.get_text(): section
        for section in soup(client.get(DASHBOARD)).select(".dashboard-course")
    }

    assert sections["Claimed"].find("a", string="Your certificate")["href"] == (
        certificate.get_absolute_url()
    )
    assert sections["Unclaimed"].find("form", action=claim_url(unclaimed))
    assert not sections["Part way"].select(".certificate-action")
    assert not sections["Part way"].find("form", action=claim_url(course))


def test_claiming_needs_a_post(client, student):
    course = a_finished_course(student)
    client.force_login(student)

    assert client.get(claim_url(course)).status_code == 405
    assert not Certificate.objects.exists()


def test_claiming_needs_a_signed_in_student(client, student):
    course = a_finished_course(student)

    response = client.post(claim_url(course))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={course.url}"
    assert not Certificate.objects.exists()


def test_claiming_needs_the_csrf_token(student):
    course = a_finished_course(student)
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)

    assert client.post(claim_url(course)).status_code == 403
    assert not Certificate.objects.exists()


def test_claiming_before_finishing_goes_back_to_the_course_with_the_reason(client, student):
    course, lesson, _quiz = a_course()
    lesson_complete(student=student, lesson=lesson)
    client.force_login(student)

    response = client.post(claim_url(course))

    assert response.status_code == 303
    assert response["Location"] == course.url
    message = soup(client.get(course.url)).select_one(".messages")
    assert "Finish every lesson and pass every quiz in Not If. When." in message.get_text()
    assert not Certificate.objects.exists()


def test_an_unpublished_course_cannot_be_claimed(client, student):
    course = a_finished_course(student)
    course.unpublish()
    client.force_login(student)

    assert client.post(claim_url(course)).status_code == 404
    assert not Certificate.objects.exists()


# Checking a certificate


def test_anyone_with_the_link_sees_it_is_genuine_with_name_course_and_date(client, student):
    course = a_finished_course(student)
    certificate = certificate_issue(student=student, course=course)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=datetime.datetime(2027, 6, 3, 15, 0, tzinfo=datetime.UTC)
    )

    response = client.get(certificate.get_absolute_url())

    page = soup(response)
    check = page.select_one(".certificate-check")
    assert text(check) == (
        "✓ This certificate is genuine: Sam Rivers completed Not If. When. on June 3, 2027."
    )
    assert check.find("a", string="Not If. When.")["href"] == course.url
    assert check.time["datetime"] == "2027-06-03"
    assert page.h1.get_text() == "Certificate of completion"
    assert text(page.select_one(".certificate__statement")) == (
        "This certifies that Sam Rivers completed the course Not If. When. on June 3, 2027."
    )
    url = f"http://testserver/certificates/{certificate.code}/"
    assert url in page.select_one(".certificate__verify").get_text()
    assert response["X-Robots-Tag"] == "noindex"
    assert {"private", "no-store"} <= set(re.split(r",\s*", response["Cache-Control"]))


def test_a_certificate_of_a_course_taken_down_is_still_genuine_without_the_link(client, student):
    course = a_finished_course(student)
    certificate = certificate_issue(student=student, course=course)
    course.unpublish()

    check = soup(client.get(certificate.get_absolute_url())).select_one(".certificate-check")

    assert "Sam Rivers completed Not If. When. on" in check.get_text()
    assert not check.find("a")


def test_an_unknown_code_says_there_is_no_such_certificate(client, student):
    certificate_issue(student=student, course=a_finished_course(student))

    response = client.get("/certificates/AAAAAAAAAAAAAAAAAAAAAA/")

    page = soup(response, status=404)
    assert page.h1.get_text() == "No certificate with this code"
    assert "genuine" not in page.get_text()
    assert response["X-Robots-Tag"] == "noindex"


def test_only_the_owner_sees_the_print_button_and_the_link_to_share(client, student):
    certificate = certificate_issue(student=student, course=a_finished_course(student))
    url = certificate.get_absolute_url()
    client.force_login(student)

    mine = soup(client.get(url))
    tools = mine.select_one(".certificate-tools")
    assert tools.find("button", attrs={"data-print-certificate": True}).get_text() == (
        "Print or save as PDF"
    )
    assert "use your browser's Print command" in tools.get_text()  # without JavaScript
    assert tools.find("input", id="certificate-link")["value"] == f"http://testserver{url}"
    assert mine.find("script", src=re.compile(r"certificates/print\.js$"))
    assert "private" in client.get(url)["Cache-Control"]

    client.force_login(make_student("alex", first_name="Alex"))
    for viewer in (client, Client()):
        theirs = soup(viewer.get(url))
        assert "Sam Rivers" in theirs.select_one(".certificate__name").get_text()
        assert not theirs.select(".certificate-tools, [data-print-certificate], #certificate-link")
        assert not theirs.find("script", src=re.compile("print"))


def test_a_course_with_certificates_cannot_be_deleted_in_the_admin(client, student):
    course = a_finished_course(student)
    certificate_issue(student=student, course=course)
    editor = get_user_model().objects.create_superuser("editor", "editor@example.edu", "pw")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:delete", args=[course.pk])

    assert client.get(url).context["is_protected"]
    client.post(url)

    assert CoursePage.objects.filter(pk=course.pk).exists()
    assert Certificate.objects.get().course.pk == course.pk


def test_deleting_an_account_deletes_its_certificates(client, student):
    certificate = certificate_issue(student=student, course=a_finished_course(student))

    student.delete()

    assert client.get(certificate.get_absolute_url()).status_code == 404


# Query counts


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_certificate_page_queries_are_few_and_fixed(
    client, student, django_assert_max_num_queries
):
    small = certificate_issue(student=student, course=a_finished_course(student, title="A"))
    for n in range(3):
        other = make_student(f"other{n}", first_name="Other")
        certificate_issue(student=other, course=a_finished_course(other, title=f"B{n}"))
    count_queries(client, small.get_absolute_url())  # warm the site-root cache

    # The certificate with its course (1), the site for the course's link (1).
    with django_assert_max_num_queries(2):
        anonymous = count_queries(client, small.get_absolute_url())
    client.force_login(student)
    # And the signed-in owner (1).
    with django_assert_max_num_queries(anonymous + 1):
        count_queries(client, small.get_absolute_url())


def test_certificates_cost_the_dashboard_one_query_however_many_courses(
    client, student, django_assert_max_num_queries
):
    first = a_finished_course(student, title="One")
    certificate_issue(student=student, course=first)
    client.force_login(student)
    count_queries(client, DASHBOARD)  # warm the site-root cache

    # The dashboard's four (see test_dashboard) and the certificates (1).
    with django_assert_max_num_queries(5):
        one = count_queries(client, DASHBOARD)
    for title in ("Two", "Three"):
        course = a_finished_course(student, title=title)
    certificate_issue(student=student, course=course)
    count_queries(client, DASHBOARD)  # reads the published courses once (see test_dashboard)

    assert count_queries(client, DASHBOARD) == one
    page = soup(client.get(DASHBOARD))
    assert len(page.find_all("a", string="Your certificate")) == 2
    assert len(page.find_all("button", string="Get your certificate")) == 1


def test_the_certificate_lookup_costs_nothing_until_a_course_is_finished(
    student, django_assert_num_queries
):
    course, lesson, _ = a_course()
    lesson_complete(student=student, lesson=lesson)

    with django_assert_num_queries(0):
        assert certificates_for(student=student, course_ids=[]) == {}
    with django_assert_num_queries(1):
        assert certificates_for(student=student, course_ids=[course.pk]) == {}


def test_the_course_page_pays_one_query_for_a_finished_students_certificate(
    client, student, django_assert_max_num_queries
):
    course, lesson, quiz = a_course()
    lesson_complete(student=student, lesson=lesson)
    client.force_login(student)
    count_queries(client, course.url)  # warm the site-root cache
    part_way = count_queries(client, course.url)
    take_quiz(student, quiz, ["c1"])

    finished = count_queries(client, course.url)
    certificate_issue(student=student, course=course)

    assert finished == part_way + 1
    assert count_queries(client, course.url) == finished
    assert soup(client.get(course.url)).find("a", string="Your certificate")
