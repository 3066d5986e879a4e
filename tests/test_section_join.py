"""A student joins their class with the code the instructor gave them: by typing
it or following a link, once, only while the class is open, without guessing."""

import time
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classes import services, throttle
from classes.models import Enrollment
from classes.services import AlreadyEnrolled, section_join
from tests.factories import make_course, make_section, make_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

JOIN = "/join/"
WRONG = "ZZZZ-ZZZZ"


@pytest.fixture
def section():
    return make_section(make_course(title="Not If, When", slug="not-if-when"))


@pytest.fixture
def student(client):
    student = make_student()
    client.force_login(student)
    return student


def soup(response, status=200):
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def link(section):
    return f"/join/{section.join_code_display}/"


def error_on_the_field(page):
    field = page.find("input", id="join-code")
    error = page.find(id="join-code-error")
    assert error is not None
    assert "join-code-error" in field["aria-describedby"].split()
    assert field["aria-invalid"] == "true"
    return error.get_text(" ", strip=True), field["value"]


def test_the_urls_are_where_instructors_say_they_are():
    assert reverse("classes:join") == JOIN
    assert reverse("classes:join_link", args=["ABCD-EFGH"]) == "/join/ABCD-EFGH/"


def test_the_dashboard_invites_the_student_to_join_a_class(client, student):
    page = soup(client.get("/dashboard/"))

    form = page.find("form", action=JOIN)
    assert form["method"] == "post"
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("label", string="Join code")["for"] == "join-code"
    assert form.find("input", id="join-code")["name"] == "code"


def test_typing_the_code_joins_the_class_and_goes_to_the_course(client, student, section):
    page = soup(client.get(JOIN))
    assert page.find("label", string="Join code")

    typed = section.join_code_display.lower().replace("-", " ")
    response = client.post(JOIN, {"code": typed})

    assert response.status_code == 303
    assert response["Location"] == section.course.url
    enrollment = Enrollment.objects.get()
    assert (enrollment.student, enrollment.section, enrollment.status) == (
        student,
        section,
        "active",
    )
    course_page = soup(client.get(response["Location"]))
    assert "You joined CAREER 101 — Spring 2027 — 02." in course_page.find(
        class_="messages"
    ).get_text(" ", strip=True)


def test_a_link_asks_first_and_joins_only_with_the_button(client, student, section):
    page = soup(client.get(link(section)))

    assert page.find("h1").get_text(strip=True) == "Join CAREER 101 — Spring 2027 — 02?"
    assert not Enrollment.objects.exists()  # a GET never joins
    form = page.find("form", action=JOIN)
    assert form["method"] == "post"
    code = form.find("input", attrs={"name": "code"})["value"]

    response = client.post(JOIN, {"code": code})

    assert response.status_code == 303
    assert Enrollment.objects.filter(student=student, section=section).count() == 1


def test_a_link_typed_in_lower_case_works_too(client, student, section):
    page = soup(client.get(link(section).lower()))

    assert page.find("button", string="Join this class")


def test_a_wrong_code_says_so_next_to_the_field_keeps_it_and_changes_nothing(
    client, student, section
):
    page = soup(client.post(JOIN, {"code": "abcd-wxyz"}))

    message, value = error_on_the_field(page)
    assert message == "We don't know that code. Check it with your instructor."
    assert value == "abcd-wxyz"
    assert not Enrollment.objects.exists()


def test_a_wrong_link_shows_the_form_with_the_error(client, student, section):
    message, value = error_on_the_field(soup(client.get(f"/join/{WRONG}/")))

    assert message == "We don't know that code. Check it with your instructor."
    assert value == WRONG


def test_an_empty_code_is_asked_for_again(client, student):
    page = soup(client.post(JOIN, {"code": ""}))

    message, _value = error_on_the_field(page)
    assert message == "This field is required."


def test_a_closed_class_takes_no_new_students(client, student, section):
    section.closes_at = timezone.now() - timedelta(days=1)
    section.save()

    message, _value = error_on_the_field(soup(client.post(JOIN, {"code": section.join_code})))
    link_page = soup(client.get(link(section)))

    assert "is closed to new students" in message
    assert "is closed to new students" in link_page.find(role="alert").get_text()
    assert not link_page.find("button", string="Join this class")
    assert not Enrollment.objects.exists()


def test_a_class_not_open_yet_says_when_it_opens(client, student, section):
    section.opens_at = timezone.now() + timedelta(days=3)
    section.save()

    message, _value = error_on_the_field(soup(client.post(JOIN, {"code": section.join_code})))

    assert "opens to new students on" in message
    assert not Enrollment.objects.exists()
    assert section.is_open(section.opens_at)
    assert not section.is_open(section.opens_at - timedelta(seconds=1))


def test_joining_twice_says_so_and_leaves_one_enrollment(client, student, section):
    client.post(JOIN, {"code": section.join_code})
    first = Enrollment.objects.get()

    response = client.post(JOIN, {"code": section.join_code})

    assert response.status_code == 303
    assert response["Location"] == section.course.url
    page = soup(client.get(response["Location"]))
    assert "You're already in this class." in page.find(class_="messages").get_text()
    assert Enrollment.objects.get() == first
    assert client.get(link(section))["Location"] == section.course.url


def test_a_dropped_student_cannot_rejoin_on_their_own(client, student, section):
    Enrollment.objects.create(student=student, section=section, status="dropped")

    message, _value = error_on_the_field(soup(client.post(JOIN, {"code": section.join_code})))

    assert message == "Your instructor removed you from this class; ask them to add you back."
    assert Enrollment.objects.get().status == "dropped"


def test_an_anonymous_visitor_signs_in_first_and_comes_back_to_the_link(section):
    client = Client()

    response = client.get(link(section))
    posted = client.post(JOIN, {"code": section.join_code})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={link(section)}"
    assert posted["Location"] == f"{reverse('account_login')}?next={JOIN}"
    assert not Enrollment.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(section):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_student())

    assert client.post(JOIN, {"code": section.join_code}).status_code == 403
    assert not Enrollment.objects.exists()


def test_join_pages_are_private_to_the_student(client, student, section):
    assert "private" in client.get(JOIN)["Cache-Control"]
    assert "private" in client.get(link(section))["Cache-Control"]


def test_guessing_is_stopped_after_ten_wrong_codes(client, student, section, monkeypatch):
    for _ in range(throttle.LIMIT):
        assert client.post(JOIN, {"code": WRONG}).status_code == 200

    eleventh = client.post(JOIN, {"code": WRONG})
    right = client.post(JOIN, {"code": section.join_code})
    by_link = client.get(link(section))

    assert eleventh.status_code == right.status_code == by_link.status_code == 429
    assert "tried too many codes" in right.content.decode()
    assert not Enrollment.objects.exists()

    later = time.time() + throttle.WINDOW + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.post(JOIN, {"code": section.join_code}).status_code == 303
    assert Enrollment.objects.count() == 1


def test_wrong_guesses_are_counted_per_student(client, student, section):
    for _ in range(throttle.LIMIT):
        client.post(JOIN, {"code": WRONG})
    other = Client()
    other.force_login(make_student("alex"))

    assert other.post(JOIN, {"code": section.join_code}).status_code == 303


def test_wrong_guesses_by_link_count_too(client, student, section):
    for _ in range(throttle.LIMIT):
        client.get(f"/join/{WRONG}/")

    assert client.get(link(section)).status_code == 429


def test_losing_a_race_to_the_other_click_leaves_one_enrollment(section, monkeypatch):
    student = make_student()
    winner = section_join(student=student, code=section.join_code)
    monkeypatch.setattr(services, "_enrollment_of", lambda **kwargs: None)

    with pytest.raises(AlreadyEnrolled):
        section_join(student=student, code=section.join_code)

    assert list(Enrollment.objects.all()) == [winner]
