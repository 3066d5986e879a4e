"""A student starts a quiz, comes back to it, and saves answers as they go.

Starting snapshots the published quiz; saving stores an answer without
grading it, and anything the attempt cannot accept is refused with a message
and leaves the database as it was.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quizzes import services
from quizzes.models import Attempt, Response
from quizzes.services import (
    AttemptClosed,
    AttemptExpired,
    AttemptLimitReached,
    BadAnswer,
    QuizError,
    QuizNotOpen,
    StaleAnswer,
    UnknownQuestion,
    answer_save,
    attempt_start,
    attempt_submit,
)
from tests.factories import (
    make_course,
    make_quiz,
    make_student,
    multiple_answer,
    numeric,
    short_text,
    single_choice,
    true_false,
)

pytestmark = pytest.mark.django_db


def five_questions():
    return [
        single_choice(
            "Who do you ask first for an introduction?",
            [("Everyone on LinkedIn", False), ("A former manager", True), ("A recruiter", False)],
            points=2,
        ),
        multiple_answer(
            "What goes in a thank-you note?",
            [("Thanks", True), ("How it went", True), ("Your CV for the team", False)],
        ),
        true_false("A connection is a contact.", False),
        numeric("How many weeks until the first paycheck stops?", 2, unit="weeks"),
        short_text("Who do you never go to?", ["strangers"]),
    ]


def many_questions(count):
    return [
        single_choice(f"Question {n}?", [(f"Wrong {n}", False), (f"Right {n}", True)])
        for n in range(1, count + 1)
    ]


def database_state():
    """Everything an answer save could change, to prove a refusal changed nothing."""
    return (
        list(Attempt.objects.order_by("pk").values()),
        list(Response.objects.order_by("pk").values()),
    )


@pytest.fixture
def student():
    return make_student()


@pytest.fixture
def quiz():
    return make_quiz(make_course(), five_questions())


def key_of(attempt, kind):
    return next(q["key"] for q in attempt.questions if q["question"]["type"] == kind)


# Starting and resuming


def test_start_snapshots_the_published_quiz_with_an_empty_response_per_question(student, quiz):
    now = timezone.now()

    attempt = attempt_start(student=student, quiz=quiz, now=now)

    assert attempt.number == 1
    assert attempt.state == Attempt.State.IN_PROGRESS
    assert attempt.started_at == now
    assert attempt.deadline is None
    assert attempt.pass_mark == 70
    assert attempt.revision_id == quiz.live_revision_id
    assert [q["key"] for q in attempt.questions] == [block.id for block in quiz.questions]
    first = attempt.questions[0]
    assert first["question"]["prompt"] == "<p>Who do you ask first for an introduction?</p>"
    assert first["question"]["choices"][1] == {
        "id": "c1",
        "text": "A former manager",
        "correct": True,
        "credit": None,
        "feedback": "",
    }
    assert first["choice_order"] == ["c0", "c1", "c2"]
    assert "choice_order" not in attempt.questions[2]  # true/false has no choices
    responses = list(attempt.responses.order_by("position"))
    assert [(r.position, r.question_key) for r in responses] == [
        (n, q["key"]) for n, q in enumerate(attempt.questions, start=1)
    ]
    assert all(r.answer is None and r.correct is None and r.version == 0 for r in responses)


def test_a_time_limit_sets_the_deadline_when_the_attempt_starts(student):
    quiz = make_quiz(make_course(), time_limit_minutes=15)
    now = timezone.now()

    attempt = attempt_start(student=student, quiz=quiz, now=now)

    assert attempt.deadline == now + timedelta(minutes=15)


def test_starting_again_resumes_the_open_attempt(student, quiz):
    first = attempt_start(student=student, quiz=quiz)

    again = attempt_start(student=student, quiz=quiz)

    assert again.pk == first.pk
    assert Attempt.objects.count() == 1
    assert Response.objects.count() == 5


def test_two_starts_at_once_make_one_attempt(student, quiz, monkeypatch):
    first = attempt_start(student=student, quiz=quiz)
    # The second start looked before the first one was committed, and saw nothing.
    calls = []
    real_lookup = services._open_attempt

    def lookup(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real_lookup(**kwargs)

    monkeypatch.setattr(services, "_open_attempt", lookup)

    second = attempt_start(student=student, quiz=quiz)

    assert second.pk == first.pk
    assert len(calls) == 2  # the database refused the duplicate; the retry found it
    assert Attempt.objects.count() == 1
    assert Response.objects.count() == 5


def test_the_next_attempt_is_numbered_after_the_last(student, quiz):
    attempt_submit(attempt=attempt_start(student=student, quiz=quiz))

    second = attempt_start(student=student, quiz=quiz)

    assert second.number == 2


def test_no_attempt_beyond_the_limit_and_nothing_is_created(student):
    quiz = make_quiz(make_course(), attempts_allowed=1)
    attempt_submit(attempt=attempt_start(student=student, quiz=quiz))
    before = database_state()

    with pytest.raises(AttemptLimitReached) as refused:
        attempt_start(student=student, quiz=quiz)

    assert refused.value.message == "You have used all 1 attempts at this quiz."
    assert isinstance(refused.value, QuizError)
    assert database_state() == before


def test_an_open_attempt_is_resumed_even_at_the_limit(student):
    quiz = make_quiz(make_course(), attempts_allowed=1)
    attempt = attempt_start(student=student, quiz=quiz)

    assert attempt_start(student=student, quiz=quiz).pk == attempt.pk


def test_an_unpublished_quiz_cannot_be_started(student, quiz):
    quiz.unpublish()

    with pytest.raises(QuizNotOpen):
        attempt_start(student=student, quiz=quiz)
    assert not Attempt.objects.exists()


def test_another_students_attempt_is_not_resumed(quiz):
    sam, alex = make_student("sam"), make_student("alex")
    mine = attempt_start(student=sam, quiz=quiz)

    theirs = attempt_start(student=alex, quiz=quiz)

    assert theirs.pk != mine.pk
    assert theirs.number == 1


# Shuffling


def shuffled_quiz():
    return make_quiz(
        make_course(),
        [*many_questions(8), single_choice("Pick", [(f"Choice {n}", n == 0) for n in range(6)])],
        shuffle_questions=True,
        shuffle_choices=True,
    )


def presented(attempt):
    return [q["key"] for q in attempt.questions], [
        q.get("choice_order") for q in attempt.questions
    ]


def test_a_resumed_attempt_keeps_its_order(student, monkeypatch):
    quiz = shuffled_quiz()
    monkeypatch.setattr(services.secrets, "randbelow", lambda limit: 1234)
    attempt = attempt_start(student=student, quiz=quiz)

    resumed = attempt_start(student=student, quiz=quiz)

    assert presented(resumed) == presented(attempt)
    assert (
        list(resumed.responses.order_by("position").values_list("question_key", flat=True))
        == (presented(attempt)[0])
    )


def test_each_attempt_draws_its_own_order_from_its_seed(student, monkeypatch):
    quiz = shuffled_quiz()
    seeds = iter([1, 2])
    monkeypatch.setattr(services.secrets, "randbelow", lambda limit: next(seeds))

    first = attempt_submit(attempt=attempt_start(student=student, quiz=quiz))
    second = attempt_start(student=student, quiz=quiz)

    assert (first.seed, second.seed) == (1, 2)
    (first_keys, first_choices), (second_keys, second_choices) = (
        presented(first),
        presented(second),
    )
    assert first_keys != second_keys
    assert sorted(first_keys) == sorted(second_keys)  # the same questions, reordered
    assert first_choices != second_choices
    pick = next(order for order in second_choices if len(order) == 6)
    assert sorted(pick) == [f"c{n}" for n in range(6)]
    # The same seed always gives the same presentation.
    assert services.questions_presented(quiz, seed=1) == first.questions


def test_without_shuffling_questions_keep_the_professors_order(student):
    quiz = make_quiz(make_course(), many_questions(6))

    attempt = attempt_start(student=student, quiz=quiz)

    assert [q["key"] for q in attempt.questions] == [block.id for block in quiz.questions]
    assert all(q["choice_order"] == ["c0", "c1"] for q in attempt.questions)


# Saving answers


def test_an_answer_is_stored_in_normal_form_without_a_grade(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)

    response = answer_save(
        attempt=attempt, question_key=key_of(attempt, "numeric"), answer=" 2 ", version=0
    )

    assert response.answer == 2.0
    assert response.readable_answer == "2 weeks"
    assert response.version == 1
    assert response.correct is None and response.points is None


def test_saving_again_needs_the_version_last_seen(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    key = key_of(attempt, "multiple_answer")
    first = answer_save(attempt=attempt, question_key=key, answer=["c1"], version=0)

    second = answer_save(attempt=attempt, question_key=key, answer=["c1", "c0"], version=1)

    assert (first.version, second.version) == (1, 2)
    assert second.answer == ["c0", "c1"]
    assert second.readable_answer == "Thanks; How it went"


def test_an_empty_answer_clears_the_saved_one(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    key = key_of(attempt, "short_text")
    answer_save(attempt=attempt, question_key=key, answer="strangers", version=0)

    response = answer_save(attempt=attempt, question_key=key, answer="  ", version=1)

    assert response.answer is None
    assert response.readable_answer == ""


@pytest.mark.parametrize(
    ("kind", "answer", "refusal", "message"),
    [
        ("single_choice", "c9", BadAnswer, "“c9” is not a choice of this question."),
        ("single_choice", 1, BadAnswer, "A choice must be given by its id."),
        ("multiple_answer", "c0", BadAnswer, "Several choices must be given as a list."),
        ("true_false", "maybe", BadAnswer, "The answer must be true or false."),
        ("numeric", "two", BadAnswer, "“two” is not a number."),
        ("short_text", ["strangers"], BadAnswer, "The answer must be text."),
    ],
)
def test_an_answer_that_does_not_fit_is_refused(student, quiz, kind, answer, refusal, message):
    attempt = attempt_start(student=student, quiz=quiz)
    before = database_state()

    with pytest.raises(refusal) as refused:
        answer_save(attempt=attempt, question_key=key_of(attempt, kind), answer=answer, version=0)

    assert refused.value.message == message
    assert database_state() == before


def test_an_unknown_question_is_refused(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    before = database_state()

    with pytest.raises(UnknownQuestion):
        answer_save(attempt=attempt, question_key="not-a-key", answer="c0", version=0)

    assert database_state() == before


def test_a_stale_tab_cannot_overwrite_a_newer_answer(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    key = key_of(attempt, "single_choice")
    answer_save(attempt=attempt, question_key=key, answer="c1", version=0)  # tab one
    before = database_state()

    with pytest.raises(StaleAnswer) as refused:
        answer_save(attempt=attempt, question_key=key, answer="c0", version=0)  # tab two

    assert "another tab" in refused.value.message
    assert database_state() == before


def test_answers_after_the_deadline_and_its_grace_are_refused(student):
    quiz = make_quiz(make_course(), time_limit_minutes=10)
    started = timezone.now()
    attempt = attempt_start(student=student, quiz=quiz, now=started)
    key = attempt.questions[0]["key"]
    deadline = started + timedelta(minutes=10)
    answer_save(
        attempt=attempt,
        question_key=key,
        answer="c0",
        version=0,
        now=deadline + timedelta(seconds=30),
    )  # within the grace
    before = database_state()

    with pytest.raises(AttemptExpired):
        answer_save(
            attempt=attempt,
            question_key=key,
            answer="c1",
            version=1,
            now=deadline + timedelta(seconds=31),
        )

    assert database_state() == before


def test_answers_after_submit_are_refused(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    key = key_of(attempt, "single_choice")
    attempt_submit(attempt=attempt)
    before = database_state()

    with pytest.raises(AttemptClosed):
        answer_save(attempt=attempt, question_key=key, answer="c1", version=0)  # stale object
    attempt.refresh_from_db()
    with pytest.raises(AttemptClosed):
        answer_save(attempt=attempt, question_key=key, answer="c1", version=0)

    assert database_state() == before


# Query counts


def queries_for_a_quiz_of(count):
    quiz = make_quiz(make_course(title=f"Course {count}"), many_questions(count))
    student = make_student(f"student{count}")
    with CaptureQueriesContext(connection) as start:
        attempt = attempt_start(student=student, quiz=quiz)
    with CaptureQueriesContext(connection) as save:
        answer_save(
            attempt=attempt, question_key=attempt.questions[-1]["key"], answer="c1", version=0
        )
    with CaptureQueriesContext(connection) as submit:
        attempt_submit(attempt=attempt)
    return len(start), len(save), len(submit)


def test_query_counts_do_not_grow_with_the_number_of_questions():
    assert queries_for_a_quiz_of(3) == queries_for_a_quiz_of(20)


def test_each_step_takes_a_handful_of_queries(student, django_assert_max_num_queries):
    quiz = make_quiz(make_course(), many_questions(20))
    with django_assert_max_num_queries(8):
        attempt = attempt_start(student=student, quiz=quiz)
    with django_assert_max_num_queries(5):
        answer_save(
            attempt=attempt, question_key=attempt.questions[0]["key"], answer="c1", version=0
        )
    with django_assert_max_num_queries(8):
        attempt_submit(attempt=attempt)
