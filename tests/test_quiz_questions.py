"""Quiz questions: what a professor may publish, and how a student's answer is graded.

Grading works on snapshots, so these tests need no database: each question is
written as the admin would store it, turned into a block value, and snapshotted
as an attempt would.
"""

import json

import pytest
from django.core.exceptions import ValidationError

from quizzes.blocks import QuizQuestionsBlock
from quizzes.grading import (
    Grade,
    InvalidAnswer,
    grade,
    public_question,
    question_snapshot,
    validate_answer,
)

QUESTION_BLOCKS = QuizQuestionsBlock().child_blocks


def snapshot(kind, **fields):
    block = QUESTION_BLOCKS[kind]
    return question_snapshot(kind, block.to_python(fields))


def a_single_choice(**overrides):
    return snapshot(
        "single_choice",
        **{
            "prompt": "<p>Who should you ask <b>first</b> for an introduction?</p>",
            "points": "2",
            "choices": [
                {
                    "text": "Everyone on LinkedIn",
                    "correct": False,
                    "feedback": "A connection is not a contact.",
                },
                {
                    "text": "A former manager who knows your work",
                    "correct": True,
                    "feedback": "They can vouch for you.",
                },
                {"text": "A recruiter you have never met", "correct": False, "feedback": ""},
            ],
            "explanation": "<p>Start with people who know you.</p>",
            **overrides,
        },
    )


def a_multiple_answer(scoring="all_or_nothing"):
    return snapshot(
        "multiple_answer",
        prompt="<p>Which belong in a thank-you note after an introduction?</p>",
        points="4",
        scoring=scoring,
        choices=[
            {"text": "Thanks", "correct": True, "feedback": "Always."},
            {"text": "How the conversation went", "correct": True, "feedback": "Close the loop."},
            {
                "text": "Your CV for their whole team",
                "correct": False,
                "feedback": "That volunteers other people's time.",
            },
            {"text": "A request for their boss's number", "correct": False, "feedback": ""},
        ],
        explanation="<p>Thank, report back, ask for nothing more.</p>",
    )


def a_true_false():
    return snapshot(
        "true_false",
        prompt="<p>Every US state requires severance pay.</p>",
        points="1",
        correct_answer="false",
        feedback_true="Most states leave severance to the employer.",
        feedback_false="Right: read your contract.",
        explanation="<p>Severance depends on where you live.</p>",
    )


def a_numeric(**overrides):
    return snapshot(
        "numeric",
        **{
            "prompt": "<p>Pi to two decimal places?</p>",
            "points": "1",
            "answer": 3.14,
            "tolerance": 0.01,
            "minimum": None,
            "maximum": None,
            "unit": "",
            "explanation": "<p>Roughly 3.14159.</p>",
            **overrides,
        },
    )


def a_numeric_range():
    return a_numeric(answer=None, tolerance=0, minimum=0.1, maximum=0.3, unit="of your savings")


def a_short_text(*accepted, case_sensitive=False):
    return snapshot(
        "short_text",
        prompt="<p>Where did you agree to meet?</p>",
        points="2",
        accepted_answers=[{"text": text, "credit": credit} for text, credit in accepted],
        case_sensitive=case_sensitive,
        explanation="<p>The corner one.</p>",
    )


def a_cafe_question(case_sensitive=False):
    return a_short_text(("Café", 100), ("Café Central", 100), case_sensitive=case_sensitive)


def every_question():
    return [
        a_single_choice(),
        a_multiple_answer(),
        a_true_false(),
        a_numeric(unit="weeks"),
        a_numeric_range(),
        a_cafe_question(),
    ]


# The snapshot an attempt stores


def test_a_snapshot_keeps_the_question_as_the_student_saw_it():
    question = a_single_choice()

    assert question == {
        "type": "single_choice",
        "prompt": "<p>Who should you ask <b>first</b> for an introduction?</p>",
        "points": 2.0,
        "explanation": "<p>Start with people who know you.</p>",
        "choices": [
            {
                "id": "c0",
                "text": "Everyone on LinkedIn",
                "correct": False,
                "credit": None,
                "feedback": "A connection is not a contact.",
            },
            {
                "id": "c1",
                "text": "A former manager who knows your work",
                "correct": True,
                "credit": None,
                "feedback": "They can vouch for you.",
            },
            {
                "id": "c2",
                "text": "A recruiter you have never met",
                "correct": False,
                "credit": None,
                "feedback": "",
            },
        ],
    }


def test_every_kind_of_question_snapshots_to_plain_json_that_grades_the_same():
    answers = [
        "c1",
        ["c0", "c1"],
        False,
        "3.14",
        0.2,
        "café",
    ]
    for question, answer in zip(every_question(), answers, strict=True):
        stored = json.loads(json.dumps(question))

        assert stored == question
        assert grade(stored, answer) == grade(question, answer)
        assert grade(stored, answer).correct == 1.0


def test_a_numeric_snapshot_keeps_the_key_and_unit():
    question = a_numeric(unit="weeks")

    assert question["answer"] == 3.14
    assert question["tolerance"] == 0.01
    assert question["minimum"] is None
    assert question["maximum"] is None
    assert question["unit"] == "weeks"


# What a student's browser may receive


@pytest.mark.parametrize("question", every_question(), ids=lambda q: q["type"])
def test_the_public_question_gives_nothing_away(question):
    public = json.dumps(public_question(question))

    assert '"correct' not in public
    assert "feedback" not in public
    assert "explanation" not in public
    assert question["explanation"] not in public
    for key in ("answer", "tolerance", "minimum", "maximum", "accepted_answers"):
        assert f'"{key}"' not in public
    for choice in question.get("choices", []):
        assert choice["text"] in public
        if choice["feedback"]:
            assert choice["feedback"] not in public
    for text in (question.get("feedback_true"), question.get("feedback_false")):
        if text:
            assert text not in public
    for accepted in question.get("accepted_answers", []):
        assert accepted["text"] not in public


def test_the_public_question_keeps_what_the_student_needs_to_answer():
    assert public_question(a_single_choice()) == {
        "type": "single_choice",
        "prompt": "<p>Who should you ask <b>first</b> for an introduction?</p>",
        "points": 2.0,
        "choices": [
            {"id": "c0", "text": "Everyone on LinkedIn"},
            {"id": "c1", "text": "A former manager who knows your work"},
            {"id": "c2", "text": "A recruiter you have never met"},
        ],
    }
    assert public_question(a_numeric(unit="weeks"))["unit"] == "weeks"


# Single choice


def test_picking_the_right_choice_earns_full_points_and_its_feedback():
    result = grade(a_single_choice(), "c1")

    assert result == Grade(
        correct=1.0,
        points=2.0,
        feedback=["They can vouch for you."],
        readable_answer="A former manager who knows your work",
    )


def test_picking_a_wrong_choice_earns_nothing_and_shows_why():
    result = grade(a_single_choice(), "c0")

    assert (result.correct, result.points) == (0.0, 0.0)
    assert result.feedback == ["A connection is not a contact."]
    assert result.readable_answer == "Everyone on LinkedIn"


def test_a_choice_without_feedback_adds_no_empty_message():
    assert grade(a_single_choice(), "c2").feedback == []


@pytest.mark.parametrize("skipped", [None, "", "   ", []])
def test_a_skipped_question_scores_zero_without_complaint(skipped):
    for question in every_question():
        assert grade(question, skipped) == Grade(0.0, 0.0, [], "")


@pytest.mark.parametrize("answer", ["c9", "Everyone on LinkedIn", ["c1"], 1])
def test_a_single_choice_answer_that_is_not_one_choice_is_refused(answer):
    with pytest.raises(InvalidAnswer):
        grade(a_single_choice(), answer)


# Multiple answer


def test_all_or_nothing_needs_exactly_the_right_set():
    question = a_multiple_answer()

    assert grade(question, ["c1", "c0"]).points == 4.0
    assert grade(question, ["c0"]).points == 0.0
    assert grade(question, ["c0", "c1", "c2"]).points == 0.0


def test_the_readable_answer_lists_picks_in_question_order():
    result = grade(a_multiple_answer(), ["c1", "c2", "c0"])

    assert (
        result.readable_answer == "Thanks; How the conversation went; Your CV for their whole team"
    )
    assert result.feedback == [
        "Always.",
        "Close the loop.",
        "That volunteers other people's time.",
    ]


def test_partial_credit_gives_a_share_for_each_right_pick():
    question = a_multiple_answer("partial")

    assert grade(question, ["c0"]) == Grade(0.5, 2.0, ["Always."], "Thanks")
    assert grade(question, ["c0", "c1"]).correct == 1.0


def test_partial_credit_takes_a_share_away_for_each_wrong_pick():
    assert grade(a_multiple_answer("partial"), ["c0", "c1", "c3"]).correct == 0.5


def test_partial_credit_never_goes_below_zero():
    result = grade(a_multiple_answer("partial"), ["c0", "c2", "c3"])

    assert (result.correct, result.points) == (0.0, 0.0)


@pytest.mark.parametrize("scoring", ["partial", "all_or_nothing"])
def test_ticking_every_choice_earns_nothing(scoring):
    assert grade(a_multiple_answer(scoring), ["c0", "c1", "c2", "c3"]).points == 0.0


def test_ticking_the_same_choice_twice_counts_once():
    assert validate_answer(a_multiple_answer(), ["c1", "c0", "c1"]) == ["c0", "c1"]
    assert grade(a_multiple_answer("partial"), ["c0", "c0"]).correct == 0.5


@pytest.mark.parametrize("answer", ["c0", ["c0", "c7"], [0, 1]])
def test_a_multiple_answer_that_is_not_a_list_of_choices_is_refused(answer):
    with pytest.raises(InvalidAnswer):
        grade(a_multiple_answer(), answer)


# True or false


@pytest.mark.parametrize("answer", [False, "false", " FALSE "])
def test_the_right_truth_value_is_accepted_as_a_boolean_or_as_text(answer):
    result = grade(a_true_false(), answer)

    assert result == Grade(1.0, 1.0, ["Right: read your contract."], "False")


def test_the_wrong_truth_value_earns_nothing_and_its_own_feedback():
    result = grade(a_true_false(), True)

    assert result == Grade(0.0, 0.0, ["Most states leave severance to the employer."], "True")


@pytest.mark.parametrize("answer", ["maybe", 1, 0, ["true"]])
def test_a_true_false_answer_that_is_neither_is_refused(answer):
    with pytest.raises(InvalidAnswer):
        grade(a_true_false(), answer)


# Numeric


@pytest.mark.parametrize("answer", [3.14, 3.15, 3.13, "3.15", "  3.13 ", "+3.14"])
def test_a_number_exactly_at_the_tolerance_edge_counts(answer):
    assert grade(a_numeric(), answer).correct == 1.0


@pytest.mark.parametrize("answer", [3.1501, 3.1299, "3.16"])
def test_a_number_just_outside_the_tolerance_earns_nothing(answer):
    assert grade(a_numeric(), answer).correct == 0.0


def test_zero_is_an_answer_not_a_skipped_question():
    result = grade(a_numeric(answer=0, tolerance=0), 0)

    assert (result.correct, result.readable_answer) == (1.0, "0")


@pytest.mark.parametrize("answer", [0.1, 0.3, 0.1 + 0.2, "0.2"])
def test_both_ends_of_a_range_count(answer):
    assert grade(a_numeric_range(), answer).correct == 1.0


@pytest.mark.parametrize("answer", [0.0999, 0.3001, -0.2])
def test_a_number_outside_the_range_earns_nothing(answer):
    assert grade(a_numeric_range(), answer).correct == 0.0


def test_the_readable_number_carries_the_unit():
    assert grade(a_numeric(unit="weeks"), " 26 ").readable_answer == "26 weeks"
    assert validate_answer(a_numeric(), " 26 ") == 26.0


@pytest.mark.parametrize(
    "answer", ["abc", "3,5", "1_000", "nan", "inf", "1e999", "3.5 weeks", True, ["3.14"]]
)
def test_a_numeric_answer_that_is_not_a_number_is_refused(answer):
    with pytest.raises(InvalidAnswer):
        grade(a_numeric(), answer)


# Short text


def test_padding_and_capitals_do_not_matter_by_default():
    result = grade(a_cafe_question(), "  CAFÉ   central ")

    assert (result.correct, result.points) == (1.0, 2.0)
    assert result.readable_answer == "CAFÉ central"


def test_accents_matter_but_not_how_they_were_typed():
    question = a_cafe_question()

    assert grade(question, "cafe").correct == 0.0
    assert grade(question, "Cafe\u0301").correct == 1.0
    assert validate_answer(question, "Cafe\u0301") == "Café"


def test_capitals_matter_when_the_question_is_case_sensitive():
    question = a_cafe_question(case_sensitive=True)

    assert grade(question, "café").correct == 0.0
    assert grade(question, " Café ").correct == 1.0


def test_a_partly_right_answer_earns_its_credit():
    question = a_short_text(("the corner café", 100), ("a café", 50))

    assert grade(question, "A café") == Grade(0.5, 1.0, [], "A café")
    assert grade(question, "the library").points == 0.0


def test_the_best_matching_accepted_answer_wins():
    question = a_short_text(("café", 40), ("Café", 100), ("CAFÉ", 70))

    assert grade(question, "café").correct == 1.0


@pytest.mark.parametrize("answer", [42, ["Café"], "x" * 1001])
def test_a_short_text_answer_that_is_not_short_text_is_refused(answer):
    with pytest.raises(InvalidAnswer):
        grade(a_cafe_question(), answer)


# What a professor may publish


def publish_errors(kind, **fields):
    """The messages the admin would show next to each field, by field name."""
    block = QUESTION_BLOCKS[kind]
    with pytest.raises(ValidationError) as refused:
        block.clean(block.to_python(fields))
    return {name: error.messages for name, error in refused.value.block_errors.items()}


def choices(*correct_flags):
    return [
        {"text": f"Choice {index}", "correct": flag, "feedback": ""}
        for index, flag in enumerate(correct_flags)
    ]


def test_the_stream_offers_every_kind_of_question_and_a_draw_from_the_bank():
    assert list(QUESTION_BLOCKS) == [
        "single_choice",
        "multiple_answer",
        "true_false",
        "numeric",
        "short_text",
        "random_draw",
    ]


def test_a_complete_single_choice_question_can_be_published():
    block = QUESTION_BLOCKS["single_choice"]
    value = block.clean(block.to_python({"prompt": "<p>Q?</p>", "choices": choices(False, True)}))

    assert value["points"] == 1


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ((False, False), "Tick the correct choice."),
        ((True, True, False), "Tick only one choice as correct (2 are ticked)."),
        ((True,), "Give at least two choices."),
    ],
)
def test_a_single_choice_question_needs_exactly_one_correct_choice(flags, message):
    errors = publish_errors("single_choice", prompt="<p>Q?</p>", choices=choices(*flags))

    assert errors == {"choices": [message]}


def test_a_multiple_answer_question_needs_a_correct_choice():
    errors = publish_errors("multiple_answer", prompt="<p>Q?</p>", choices=choices(False, False))

    assert errors == {"choices": ["Tick every correct choice."]}


def test_a_draft_may_be_saved_before_the_correct_choice_is_ticked():
    block = QUESTION_BLOCKS["single_choice"]

    block.clean_deferred(block.to_python({"prompt": "<p>Q?</p>", "choices": choices(False)}))


def test_a_numeric_tolerance_cannot_be_negative():
    errors = publish_errors("numeric", prompt="<p>Q?</p>", answer=3, tolerance=-0.5)

    assert list(errors) == ["tolerance"]


@pytest.mark.parametrize(
    "fields",
    [{"answer": 3, "tolerance": 0.5}, {"answer": 0}, {"minimum": 5, "maximum": 10}],
)
def test_a_numeric_question_with_an_answer_or_a_range_publishes(fields):
    block = QUESTION_BLOCKS["numeric"]

    block.clean(block.to_python({"prompt": "<p>Q?</p>", **fields}))


def test_a_numeric_question_needs_an_answer_or_a_range():
    errors = publish_errors("numeric", prompt="<p>Q?</p>")

    assert errors == {"answer": ["Give an exact answer, or a range from and to."]}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"minimum": 1}, "maximum"),
        ({"maximum": 1}, "minimum"),
        ({"minimum": 2, "maximum": 1}, "maximum"),
        ({"answer": 1.5, "minimum": 1, "maximum": 2}, "answer"),
    ],
)
def test_a_numeric_range_needs_both_ends_in_order_and_no_exact_answer(fields, field):
    assert list(publish_errors("numeric", prompt="<p>Q?</p>", **fields)) == [field]


def test_a_short_text_question_needs_an_accepted_answer():
    errors = publish_errors("short_text", prompt="<p>Q?</p>", accepted_answers=[])

    assert errors == {"accepted_answers": ["Give at least one accepted answer."]}


def test_a_short_text_credit_is_a_percentage():
    errors = publish_errors(
        "short_text", prompt="<p>Q?</p>", accepted_answers=[{"text": "café", "credit": 120}]
    )

    assert list(errors) == ["accepted_answers"]
