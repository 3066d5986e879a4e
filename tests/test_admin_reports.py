"""A professor opens the admin's reports: lessons nobody has checked for a year,
and quiz questions that students' first attempts show are too easy, too hard
or do not tell strong students from weak ones."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from classes.reports import questions_to_review
from lessons.models import LessonPage
from lessons.reports import lessons_to_review, review_cutoff, with_course_titles
from tests.factories import (
    enroll,
    make_course,
    make_lesson,
    make_quiz,
    make_section,
    make_student,
    single_choice,
    take_quiz,
)

pytestmark = pytest.mark.django_db

LESSONS_REPORT = reverse("lessons_reports_lessons_to_review")
QUESTIONS_REPORT = reverse("classes_reports_questions_to_review")

EASY = single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)])
HARD = single_choice("How long is severance by law?", [("It depends", True), ("Two weeks", False)])
GOOD = single_choice("What do you send?", [("One clear ask", True), ("A list", False)])
ANCHOR = single_choice("When do you follow up?", [("In a week", True), ("Never", False)])

# Ten students: all get EASY right, two get HARD right, the six strongest get
# GOOD and ANCHOR right, so GOOD separates strong students from weak ones.
TEN_STUDENTS = (
    [["c1", "c0", "c0", "c0"]] * 2
    + [["c1", "c1", "c0", "c0"]] * 4
    + [["c1", "c1", "c1", "c1"]] * 4
)


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("ada", "ada@example.edu", "pw")
    client.force_login(user)
    return client


def make_professor(django_user_model, course):
    """A professor whose group may edit one course and everything under it."""
    group = Group.objects.create(name=f"Professors of {course.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=course, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user("prof", "prof@example.edu", "pw")
    user.groups.add(group)
    return user


def months_ago(months):
    return timezone.localdate() - datetime.timedelta(days=round(months * 30.5))


def class_takes(course, quiz, sheets, *, prefix):
    """Two sections of the course share the answer sheets; each student submits once."""
    sections = [
        make_section(course, name=f"{prefix} 01"),
        make_section(course, name=f"{prefix} 02"),
    ]
    for number, answers in enumerate(sheets):
        student = make_student(f"{prefix}{number}")
        enroll(sections[number % 2], student)
        take_quiz(student, quiz, answers)


# Lessons to review


def test_lessons_never_reviewed_or_not_for_a_year_are_listed_oldest_first(admin):
    course = make_course(title="Not If. When.")
    make_lesson(course, title="Severance basics", last_reviewed=months_ago(13))
    make_lesson(course, title="The first 72 hours")
    make_lesson(course, title="Dear LinkedIn Friends", last_reviewed=months_ago(1))
    course.add_child(instance=LessonPage(title="A draft", summary="Not yet.", body=[], live=False))

    response = admin.get(LESSONS_REPORT)

    assert response.status_code == 200
    assert [lesson.title for lesson in response.context["object_list"]] == [
        "The first 72 hours",
        "Severance basics",
    ]
    page = response.content.decode()
    assert "Not If. When." in page
    assert "Never" in page
    assert "Dear LinkedIn Friends" not in page
    assert "A draft" not in page


def test_a_professor_records_the_review_date_in_the_lessons_settings(admin):
    course = make_course()
    lesson = make_lesson(course, title="Severance basics")

    page = admin.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()

    assert "When a professor last checked this lesson is still right" in page


def test_the_lessons_to_review_export_to_a_spreadsheet(admin):
    course = make_course(title="Not If. When.")
    make_lesson(course, title="Severance basics")

    response = admin.get(LESSONS_REPORT, {"export": "csv"})

    assert response.status_code == 200
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert rows[0] == "Lesson,Course,Last reviewed,Last published"
    assert rows[1].startswith("Severance basics,Not If. When.,")


def test_a_lesson_reviewed_exactly_a_year_ago_is_not_yet_due():
    assert review_cutoff(today=datetime.date(2027, 3, 1)) == datetime.date(2026, 3, 1)
    assert review_cutoff(today=datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


def test_a_professor_sees_only_lessons_they_may_edit(client, django_user_model):
    theirs = make_course(title="Not If. When.")
    other = make_course(title="Someone else's course")
    make_lesson(theirs, title="Severance basics")
    make_lesson(other, title="Not theirs")
    client.force_login(make_professor(django_user_model, theirs))

    response = client.get(LESSONS_REPORT)

    assert [lesson.title for lesson in response.context["object_list"]] == ["Severance basics"]


@pytest.mark.parametrize("lessons", [2, 8])
def test_the_lessons_report_query_count_does_not_grow_with_lessons(
    django_user_model, lessons, django_assert_max_num_queries
):
    course = make_course()
    for number in range(lessons):
        make_lesson(course, title=f"Lesson {number}")
    admin = django_user_model.objects.create_superuser("ada", "ada@example.edu", "pw")

    with django_assert_max_num_queries(2):
        rows = with_course_titles(lessons_to_review(user=admin))

    assert len(rows) == lessons


# Questions to review


def test_too_easy_and_too_hard_questions_are_listed_and_a_good_one_is_not(admin):
    course = make_course(title="Not If. When.")
    quiz = make_quiz(course, [EASY, HARD, GOOD, ANCHOR], title="Asking well")
    class_takes(course, quiz, TEN_STUDENTS, prefix="student")

    response = admin.get(QUESTIONS_REPORT)

    assert response.status_code == 200
    rows = response.context["object_list"]
    assert [(row.prompt, row.share_right) for row in rows] == [
        ("Who do you ask first?", "100%"),
        ("How long is severance by law?", "20%"),
    ]
    page = response.content.decode()
    assert "Too easy" in page and "Too hard" in page
    assert "What do you send?" not in page
    assert reverse("wagtailadmin_pages:edit", args=[quiz.pk]) in page


def test_a_question_fewer_than_ten_students_answered_is_not_judged(admin):
    course = make_course()
    quiz = make_quiz(course, [EASY, HARD, GOOD, ANCHOR])
    class_takes(course, quiz, TEN_STUDENTS[:9], prefix="student")

    response = admin.get(QUESTIONS_REPORT)

    assert list(response.context["object_list"]) == []
    assert b"once ten students have answered them" in response.content


def test_a_question_strong_and_weak_students_get_right_alike_does_not_discriminate(
    django_user_model,
):
    course = make_course()
    quiz = make_quiz(course, [GOOD, ANCHOR])
    # GOOD is right for half the class, but not more often for those who got ANCHOR right.
    sheets = [["c0", "c0"], ["c1", "c0"], ["c0", "c1"], ["c1", "c1"]] * 3
    class_takes(course, quiz, sheets, prefix="student")
    admin = django_user_model.objects.create_superuser("ada", "ada@example.edu", "pw")

    rows = questions_to_review(user=admin)

    assert {row.prompt for row in rows} == {"What do you send?", "When do you follow up?"}
    assert all("Does not discriminate" in row.reason for row in rows)


def test_a_professor_sees_questions_only_of_quizzes_they_may_edit(client, django_user_model):
    theirs, other = make_course(title="Not If. When."), make_course(title="Other")
    their_quiz = make_quiz(theirs, [EASY, GOOD, ANCHOR], title="Asking well")
    other_quiz = make_quiz(other, [EASY, GOOD, ANCHOR], title="Not theirs")
    sheets = [[a, c, d] for a, _b, c, d in TEN_STUDENTS]
    class_takes(theirs, their_quiz, sheets, prefix="mine")
    class_takes(other, other_quiz, sheets, prefix="other")
    client.force_login(make_professor(django_user_model, theirs))

    response = client.get(QUESTIONS_REPORT)

    assert response.status_code == 200
    assert [row.quiz.title for row in response.context["object_list"]] == ["Asking well"]


def test_an_instructor_without_page_rights_is_turned_away(client):
    instructor = make_student("ines")
    instructor.groups.add(Group.objects.get(name="Instructors"))
    client.force_login(instructor)

    for url in (QUESTIONS_REPORT, LESSONS_REPORT):
        response = client.get(url)
        assert response.status_code == 302  # to the admin's home, with "Sorry, you do not have..."
        assert response["Location"] == reverse("wagtailadmin_home")
    assert questions_to_review(user=instructor) == []


def test_a_student_never_reaches_the_reports(client):
    client.force_login(make_student("sam"))

    for url in (QUESTIONS_REPORT, LESSONS_REPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]


@pytest.mark.parametrize("students", [10, 20])
def test_the_questions_report_query_count_does_not_grow_with_students(
    django_user_model, students, django_assert_max_num_queries
):
    course = make_course()
    quiz = make_quiz(course, [EASY, HARD, GOOD, ANCHOR])
    class_takes(course, quiz, (TEN_STUDENTS * 2)[:students], prefix="student")
    admin = django_user_model.objects.create_superuser("ada", "ada@example.edu", "pw")

    with django_assert_max_num_queries(4):
        rows = questions_to_review(user=admin)

    assert len(rows) == 2


def test_both_reports_are_in_the_reports_menu(admin):
    page = admin.get(reverse("wagtailadmin_home")).content.decode()

    assert "Lessons to review" in page
    assert "Questions to review" in page


def test_a_title_that_looks_like_a_formula_is_exported_as_text(admin):
    course = make_course(title="Not If. When.")
    make_lesson(course, title="=HYPERLINK(1)", slug="formula")

    rows = b"".join(admin.get(LESSONS_REPORT, {"export": "csv"}).streaming_content).decode()

    assert "'=HYPERLINK(1)" in rows


def test_the_questions_to_review_export_to_a_spreadsheet(admin):
    course = make_course(title="Not If. When.")
    quiz = make_quiz(course, [EASY, HARD, GOOD, ANCHOR], title="Asking well")
    class_takes(course, quiz, TEN_STUDENTS, prefix="student")

    csv_rows = b"".join(admin.get(QUESTIONS_REPORT, {"export": "csv"}).streaming_content)
    xlsx = admin.get(QUESTIONS_REPORT, {"export": "xlsx"})

    lines = csv_rows.decode().splitlines()
    assert lines[0] == "Quiz,Question,Students,Share right,Discrimination,Why"
    assert lines[1].startswith("Asking well,Who do you ask first?,10,1.0,")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
