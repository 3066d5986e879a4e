"""A student downloads everything the site keeps about them: their own
progress, attempts and answers, and nothing of anyone else's."""

import csv
import io
import json

import pytest

from lessons.services import lesson_complete, practice_draft_submit
from quizzes.services import answer_save, attempt_start, attempt_submit
from tests.factories import (
    enroll,
    make_course,
    make_lesson,
    make_quiz,
    make_section,
    make_student,
    practice,
    short_text,
    single_choice,
    take_quiz,
    two_point_quiz,
)

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("x")'


@pytest.fixture
def course():
    return make_course(title="Not If. When.")


@pytest.fixture
def sam(client):
    sam = make_student("sam", first_name="Sam", last_name="Rivera")
    client.force_login(sam)
    return sam


def a_short_answer_quiz(course, **fields):
    return make_quiz(
        course,
        [short_text("<b>Who</b> do you tell first?", ["A friend"])],
        title="Telling people",
        **fields,
    )


def answer_in_words(student, quiz, text):
    attempt = attempt_start(student=student, quiz=quiz)
    response = attempt.responses.get()
    answer_save(attempt=attempt, question_key=response.question_key, answer=text, version=0)
    return attempt_submit(attempt=attempt)


def csv_rows(response):
    text = b"".join(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_data_page_says_what_is_kept_and_links_both_downloads(client, sam):
    response = client.get("/accounts/data/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert 'href="/accounts/data/export.json"' in html
    assert 'href="/accounts/data/export.csv"' in html


def test_the_json_holds_my_progress_attempts_and_answers_and_nobody_elses(client, sam, course):
    lesson = make_lesson(course, title="The first 72 hours")
    quiz = two_point_quiz(course, title="Asking for help")
    lesson_complete(student=sam, lesson=lesson)
    take_quiz(sam, quiz, ["c1", "c1"])
    enroll(make_section(course), sam, sis_user_id="S-1001")
    ali = make_student("ali", first_name="Ali")
    lesson_complete(student=ali, lesson=lesson)
    take_quiz(ali, quiz, ["c0", "c0"])
    take_quiz(ali, quiz, ["c0", "c0"])

    response = client.get("/accounts/data/export.json")

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="soft-landing-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["username"] == "sam"
    assert data["profile"]["first_name"] == "Sam"
    assert [c["lesson"] for c in data["lesson_completions"]] == ["The first 72 hours"]
    assert data["lesson_completions"][0]["course"] == "Not If. When."
    [attempt] = data["quiz_attempts"]
    assert (attempt["quiz"], attempt["number"], attempt["percent"]) == ("Asking for help", 1, 50)
    assert [r["question"] for r in attempt["responses"]] == [
        "Who do you ask first?",
        "What do you send?",
    ]
    assert [r["answer"] for r in attempt["responses"]] == ["A friend", "A list"]
    assert [r["correct"] for r in attempt["responses"]] == [1, 0]
    assert data["enrollments"][0]["sis_user_id"] == "S-1001"
    assert "ali" not in response.content.decode().lower()


def test_the_csv_has_a_row_per_answer_and_per_lesson_completed(client, sam, course):
    lesson = make_lesson(course, title="The first 72 hours")
    quiz = two_point_quiz(course, title="Asking for help")
    lesson_complete(student=sam, lesson=lesson)
    take_quiz(sam, quiz, ["c1", "c0"])
    take_quiz(make_student("ali"), quiz, ["c0", "c1"])

    response = client.get("/accounts/data/export.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    rows = csv_rows(response)
    assert [row["Record"] for row in rows] == ["Lesson completed", "Quiz answer", "Quiz answer"]
    assert rows[0]["Item"] == "The first 72 hours"
    answers = rows[1:]
    assert [row["Your answer"] for row in answers] == ["A friend", "One clear ask"]
    assert {row["Percent"] for row in answers} == {"100"}
    assert {row["Passed"] for row in answers} == {"yes"}


def test_text_a_spreadsheet_would_run_is_inert_in_the_csv(client, sam, course):
    quiz = a_short_answer_quiz(course)
    answer_in_words(sam, quiz, HOSTILE)

    rows = csv_rows(client.get("/accounts/data/export.csv"))

    [row] = rows
    assert row["Your answer"] == "'" + HOSTILE
    assert row["Prompt"] == "Who do you tell first?"  # plain text, tags gone
    assert row["Correct (0 to 1)"] == "0"


def test_answers_are_not_marked_right_or_wrong_before_the_quiz_shows_that(client, sam, course):
    quiz = two_point_quiz(course, feedback_policy="never")
    take_quiz(sam, quiz, ["c1", "c0"])

    [attempt] = json.loads(client.get("/accounts/data/export.json").content)["quiz_attempts"]

    assert attempt["percent"] == 100  # the score itself is never hidden
    assert {(r["correct"], r["points"]) for r in attempt["responses"]} == {(None, None)}


@pytest.mark.parametrize(
    "url",
    ["/accounts/", "/accounts/data/", "/accounts/data/export.json", "/accounts/data/export.csv"],
)
def test_someone_signed_out_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_export_takes_the_same_queries_for_one_attempt_or_five(
    client, sam, course, django_assert_max_num_queries
):
    def export_after(attempts):
        quizzes = [two_point_quiz(course) for _ in range(attempts)]
        lessons = [make_lesson(course) for _ in range(attempts)]
        for quiz, lesson in zip(quizzes, lessons, strict=True):
            take_quiz(sam, quiz, ["c1", "c0"])
            lesson_complete(student=sam, lesson=lesson)
            enroll(make_section(course, name=f"Section {quiz.pk}"), sam)
        for url in ["/accounts/data/export.json", "/accounts/data/export.csv"]:
            with django_assert_max_num_queries(11):
                assert client.get(url).status_code == 200

    export_after(1)
    export_after(4)  # five of each now


def test_my_quiz_attempts_in_progress_are_included_with_what_i_saved(client, sam, course):
    quiz = make_quiz(course, [single_choice("Which first?", [("Friend", True), ("Boss", False)])])
    attempt = attempt_start(student=sam, quiz=quiz)
    key = attempt.responses.get().question_key
    answer_save(attempt=attempt, question_key=key, answer="c1", version=0)

    [exported] = json.loads(client.get("/accounts/data/export.json").content)["quiz_attempts"]

    assert exported["state"] == "In progress"
    assert exported["responses"][0]["answer"] == "Boss"
    assert exported["responses"][0]["correct"] is None


def test_my_certificates_are_in_the_json_with_their_public_address(client, sam, course):
    from certificates.services import certificate_issue

    lesson_complete(student=sam, lesson=make_lesson(course))
    certificate = certificate_issue(student=sam, course=course)

    data = json.loads(client.get("/accounts/data/export.json").content)

    [exported] = data["certificates"]
    assert exported["student_name"] == "Sam Rivera"
    assert exported["url"] == certificate.get_absolute_url()


def test_my_practice_messages_are_in_both_downloads_and_nobody_elses(client, sam, course):
    lesson = make_lesson(
        course, title="Asking well", body=[("text", "<p>Ask once.</p>"), practice("intro")]
    )
    practice_draft_submit(student=sam, lesson=lesson, key="intro", text="Hi Dana, it's Sam.")
    practice_draft_submit(
        student=sam, lesson=lesson, key="intro", text="Hi Dana, it's Sam Rivera from Acme."
    )
    practice_draft_submit(
        student=make_student("ali"), lesson=lesson, key="intro", text="Ali's own message."
    )

    data = json.loads(client.get("/accounts/data/export.json").content)
    rows = csv_rows(client.get("/accounts/data/export.csv"))

    assert [(d["number"], d["message"]) for d in data["practice_drafts"]] == [
        (1, "Hi Dana, it's Sam."),
        (2, "Hi Dana, it's Sam Rivera from Acme."),
    ]
    assert data["practice_drafts"][0]["lesson"] == "Asking well"
    drafts = [row for row in rows if row["Record"] == "Practice draft"]
    assert [row["Your answer"] for row in drafts] == [
        "Hi Dana, it's Sam.",
        "Hi Dana, it's Sam Rivera from Acme.",
    ]
    assert [row["Attempt"] for row in drafts] == ["1", "2"]
