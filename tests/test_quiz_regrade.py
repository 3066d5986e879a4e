"""`regrade_quiz`: after a professor fixes a wrong key, past attempts follow, on purpose only."""

import io

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import Attempt, QuizPage
from quizzes.services import answer_save, attempt_start, attempt_submit
from tests.factories import make_course, make_quiz, make_student, numeric, single_choice

pytestmark = pytest.mark.django_db


def taken(quiz, student, answers):
    attempt = attempt_start(student=student, quiz=quiz)
    for entry, answer in zip(attempt.questions, answers, strict=True):
        answer_save(attempt=attempt, question_key=entry["key"], answer=answer, version=0)
    return attempt_submit(attempt=attempt)


def publish_fixed_key(quiz, *, correct_choice_text, numeric_answer=None):
    page = QuizPage.objects.get(pk=quiz.pk)
    for block in page.questions:
        if block.block_type == "single_choice":
            for choice in block.value["choices"]:
                choice["correct"] = choice["text"] == correct_choice_text
        if block.block_type == "numeric" and numeric_answer is not None:
            block.value["answer"] = numeric_answer
    page.save_revision().publish()


@pytest.fixture
def wrongly_keyed_quiz():
    """The key says 'A stranger' is right; it should be 'A friend'."""
    return make_quiz(
        make_course(),
        [
            single_choice("Who do you ask first?", [("A stranger", True), ("A friend", False)]),
            numeric("How many asks per message?", 1),
        ],
        slug="check",
    )


def run(*args):
    out = io.StringIO()
    call_command("regrade_quiz", *args, stdout=out)
    return out.getvalue()


def test_editing_the_key_alone_changes_no_past_grade(wrongly_keyed_quiz):
    attempt = taken(wrongly_keyed_quiz, make_student("sam"), ["c1", "1"])

    publish_fixed_key(wrongly_keyed_quiz, correct_choice_text="A friend")

    assert Attempt.objects.get(pk=attempt.pk).percent == 50


def test_dry_run_prints_old_and_new_scores_and_changes_nothing(wrongly_keyed_quiz):
    attempt = taken(wrongly_keyed_quiz, make_student("sam"), ["c1", "1"])
    publish_fixed_key(wrongly_keyed_quiz, correct_choice_text="A friend")

    output = run("check", "--dry-run")

    assert "sam attempt 1: 50.0% → 100.0%  changed" in output
    assert "1 attempts regraded; 1 would change." in output
    assert Attempt.objects.get(pk=attempt.pk).percent == 50


def test_regrade_applies_only_what_the_key_fix_changes(wrongly_keyed_quiz):
    friend = taken(wrongly_keyed_quiz, make_student("sam"), ["c1", "1"])
    stranger = taken(wrongly_keyed_quiz, make_student("alex"), ["c0", "2"])
    publish_fixed_key(wrongly_keyed_quiz, correct_choice_text="A friend")

    run(str(wrongly_keyed_quiz.pk))

    friend.refresh_from_db()
    stranger.refresh_from_db()
    assert (friend.percent, friend.passed) == (100, True)
    assert stranger.percent == 0
    numeric_response = friend.responses.get(position=2)
    assert numeric_response.correct == 1  # untouched by the fix
    shown = friend.questions[0]["question"]
    assert [c["text"] for c in shown["choices"]] == ["A stranger", "A friend"]
    assert [c["correct"] for c in shown["choices"]] == [False, True]


def test_a_question_whose_choices_were_reworded_keeps_its_old_grade(wrongly_keyed_quiz):
    attempt = taken(wrongly_keyed_quiz, make_student("sam"), ["c1", "1"])
    page = QuizPage.objects.get(pk=wrongly_keyed_quiz.pk)
    page.questions[0].value["choices"][1]["text"] = "A friend who knows you"
    page.questions[0].value["choices"][1]["correct"] = True
    page.questions[0].value["choices"][0]["correct"] = False
    page.save_revision().publish()

    output = run("check")

    assert "1 question(s) kept their old key" in output
    assert Attempt.objects.get(pk=attempt.pk).percent == 50


def test_an_unknown_quiz_is_a_clear_error():
    with pytest.raises(CommandError, match="No published quiz 'nope'"):
        run("nope")
