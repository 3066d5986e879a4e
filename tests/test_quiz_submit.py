"""A student submits an attempt: it is graded once, from what the attempt stored.

A second submit (a double click, another tab) returns the first result, and a
professor who edits the quiz afterwards changes nobody's past grade.
"""

import random
import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from quizzes.models import Attempt, QuizPage, Response
from quizzes.selectors import attempts_used, quiz_grade
from quizzes.services import answer_save, attempt_start, attempt_submit
from tests.factories import (
    make_course,
    make_quiz,
    make_student,
    multiple_answer,
    short_text,
    single_choice,
    site_as_migrated,
    true_false,
)

pytestmark = pytest.mark.django_db


def three_questions():
    return [
        single_choice(
            "Who do you ask first for an introduction?",
            [("Everyone on LinkedIn", False), ("A former manager", True)],
            points=2,
        ),
        multiple_answer(
            "What goes in a thank-you note?",
            [("Thanks", True), ("How it went", True), ("Your CV for the team", False)],
            scoring="partial",
        ),
        true_false("A connection is a contact.", False),
    ]


def answer(attempt, kind, value):
    key = next(q["key"] for q in attempt.questions if q["question"]["type"] == kind)
    version = Response.objects.get(attempt=attempt, question_key=key).version
    return answer_save(attempt=attempt, question_key=key, answer=value, version=version)


def graded(attempt):
    return {
        r.question_key: (r.correct, r.points, r.readable_answer) for r in attempt.responses.all()
    }


@pytest.fixture
def student():
    return make_student()


@pytest.fixture
def quiz():
    return make_quiz(make_course(), three_questions(), pass_mark=60)


def test_submit_grades_every_response_and_the_attempt(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    answer(attempt, "single_choice", "c1")  # right: 2 points
    answer(attempt, "multiple_answer", ["c0"])  # half right: 0.5 points
    # true/false skipped: 0 points
    now = timezone.now()

    result = attempt_submit(attempt=attempt, now=now)

    assert result.state == Attempt.State.SUBMITTED
    assert result.submitted_at == now
    assert (result.score, result.max_score) == (2.5, 4.0)
    assert result.percent == 62.5
    assert result.passed is True
    assert sorted(graded(result).values()) == [
        (0.0, 0.0, ""),
        (0.5, 0.5, "Thanks"),
        (1.0, 2.0, "A former manager"),
    ]


def test_below_the_pass_mark_fails(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    answer(attempt, "single_choice", "c0")

    result = attempt_submit(attempt=attempt)

    assert (result.percent, result.passed) == (0.0, False)


def test_a_second_submit_returns_the_first_result_and_changes_nothing(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    answer(attempt, "single_choice", "c1")
    first = attempt_submit(attempt=attempt)
    responses = graded(first)

    second = attempt_submit(attempt=attempt, now=timezone.now() + timedelta(minutes=5))

    assert second.submitted_at == first.submitted_at
    assert (second.score, second.percent, second.passed) == (
        first.score,
        first.percent,
        first.passed,
    )
    assert graded(second) == responses


def test_an_expired_attempt_is_graded_from_what_was_saved_in_time(student):
    quiz = make_quiz(make_course(), three_questions(), time_limit_minutes=5)
    started = timezone.now()
    attempt = attempt_start(student=student, quiz=quiz, now=started)
    answer_save(
        attempt=attempt,
        question_key=attempt.questions[0]["key"],
        answer="c1",
        version=0,
        now=started + timedelta(minutes=1),
    )

    result = attempt_submit(attempt=attempt, now=started + timedelta(hours=2))

    assert (result.score, result.max_score) == (2.0, 4.0)


def test_a_stored_answer_that_no_longer_fits_counts_as_skipped(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    key = next(q["key"] for q in attempt.questions if q["question"]["type"] == "single_choice")
    Response.objects.filter(attempt=attempt, question_key=key).update(answer="c7")

    result = attempt_submit(attempt=attempt)

    assert graded(result)[key] == (0.0, 0.0, "")


def test_a_quiz_worth_nothing_scores_zero_percent(student):
    quiz = make_quiz(make_course(), [short_text("Anything?", ["yes"], points=0)], pass_mark=0)
    attempt = attempt_start(student=student, quiz=quiz)
    answer(attempt, "short_text", "yes")

    result = attempt_submit(attempt=attempt)

    assert (result.score, result.max_score, result.percent, result.passed) == (0, 0, 0, True)


def test_republishing_the_quiz_never_changes_a_past_grade(student, quiz):
    done = attempt_start(student=student, quiz=quiz)
    answer(done, "single_choice", "c1")
    done = attempt_submit(attempt=done)
    student_two = make_student("alex")
    open_attempt = attempt_start(student=student_two, quiz=quiz)
    answer(open_attempt, "single_choice", "c1")
    snapshots = (done.questions, open_attempt.questions)

    # The professor decides the other choice is the right one, and republishes.
    edited = QuizPage.objects.get(pk=quiz.pk)
    stream = edited.questions.raw_data
    choices = stream[0]["value"]["choices"]
    choices[0]["value"]["correct"], choices[1]["value"]["correct"] = True, False
    edited.questions = stream
    edited.save_revision().publish()

    done.refresh_from_db()
    open_attempt = attempt_submit(attempt=open_attempt)
    assert (done.questions, open_attempt.questions) == snapshots
    assert done.score == open_attempt.score == 2.0
    assert done.revision_id == open_attempt.revision_id == quiz.live_revision_id
    # A new attempt is graded by the corrected key.
    fresh = attempt_start(student=student, quiz=quiz)
    assert fresh.revision_id != quiz.live_revision_id
    answer(fresh, "single_choice", "c1")
    assert attempt_submit(attempt=fresh).score == 0.0


# Several attempts, one grade


def take(student, quiz, choices):
    """One attempt, answering the questions in the professor's order."""
    attempt = attempt_start(student=student, quiz=quiz)
    for response, choice in zip(attempt.responses.all(), choices, strict=False):
        answer_save(attempt=attempt, question_key=response.question_key, answer=choice, version=0)
    return attempt_submit(attempt=attempt) if len(choices) == len(attempt.questions) else attempt


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (QuizPage.GradingMethod.HIGHEST, 100.0),
        (QuizPage.GradingMethod.LATEST, 50.0),
        (QuizPage.GradingMethod.FIRST, 0.0),
        (QuizPage.GradingMethod.AVERAGE, 50.0),
    ],
)
def test_the_grading_method_picks_the_grade_from_several_attempts(student, method, expected):
    yes_or_no = [("No", False), ("Yes", True)]
    quiz = make_quiz(
        make_course(),
        [single_choice("One?", yes_or_no), single_choice("Two?", yes_or_no)],
        grading_method=method,
    )
    scores = [take(student, quiz, answers).percent for answers in (["c0", "c0"], ["c1", "c1"])]
    scores.append(take(student, quiz, ["c1", "c0"]).percent)
    take(student, quiz, ["c1"])  # started, not submitted: does not count
    assert scores == [0.0, 100.0, 50.0]

    assert quiz_grade(student=student, quiz=quiz) == expected


def test_only_submitted_attempts_count_towards_the_grade(student, quiz, django_assert_num_queries):
    assert quiz_grade(student=student, quiz=quiz) is None
    attempt_start(student=student, quiz=quiz)

    with django_assert_num_queries(1):
        assert quiz_grade(student=student, quiz=quiz) is None
    with django_assert_num_queries(1):
        assert attempts_used(student=student, quiz=quiz) == 1


# Two submits at once


def submit_retrying_table_locks(attempt, at):
    """Submit, retrying where SQLite's shared-cache test database refuses at once.

    The in-memory test database is shared between threads through SQLite's
    shared cache, which reports "table is locked" instead of waiting as the
    busy timeout of a real database file does. A retry is what that wait
    would have done; the random pause keeps two threads from retrying in
    lock-step and refusing each other forever. PostgreSQL never gets here.
    """
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            return attempt_submit(attempt=attempt, now=at)
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(random.uniform(0.005, 0.05))
    raise AssertionError("the database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_grade_the_attempt_once():
    site_as_migrated()
    student = make_student()
    quiz = make_quiz(make_course(), three_questions())
    attempt = attempt_start(student=student, quiz=quiz)
    answer(attempt, "single_choice", "c1")
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit(at):
        try:
            barrier.wait()
            results.append(submit_retrying_table_locks(attempt, at))
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    moments = [timezone.now(), timezone.now() + timedelta(seconds=1)]
    threads = [threading.Thread(target=submit, args=(moment,)) for moment in moments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    stored = Attempt.objects.get(pk=attempt.pk)
    assert stored.submitted_at in moments
    assert [(r.submitted_at, r.score, r.percent) for r in results] == [
        (stored.submitted_at, 2.0, 50.0)
    ] * 2
    assert Response.objects.filter(attempt=attempt, points__isnull=False).count() == 3
