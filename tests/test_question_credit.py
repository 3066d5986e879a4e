"""Partly right answers: what a professor gives credit for, or takes it away for,
and the feedback a student gets for the answer they gave.

Choices carry a credit (a partly right single choice, Moodle-style weights in
a multiple-answer question), numeric questions list partly right numbers
checked in order, and short-text answers each have feedback; every kind has
feedback for any other answer.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from quizzes.blocks import QuizQuestionsBlock
from quizzes.grading import grade, public_question, question_snapshot
from quizzes.models import BankQuestion, QuestionCategory
from tests.factories import (
    make_course,
    make_professor,
    make_quiz,
    multiple_answer,
    numeric,
    partly_right_number,
    short_text,
    single_choice,
)

BLOCKS = QuizQuestionsBlock().child_blocks


def snapshot_of(question):
    block_type, raw = question
    return question_snapshot(block_type, BLOCKS[block_type].to_python(raw))


def publish_errors(question):
    """The messages shown next to each field when the question is published."""
    block_type, raw = question
    block = BLOCKS[block_type]
    with pytest.raises(ValidationError) as refused:
        block.clean(block.to_python(raw))
    return refused.value.block_errors


def publishes(question):
    block_type, raw = question
    block = BLOCKS[block_type]
    return block.clean(block.to_python(raw))


SWITCHBOARD = single_choice(
    "Where do you find the hiring manager?",
    [
        ("Their team's page", True, "Yes."),
        ("The company switchboard", False, "Slow, but it works.", 50),
        ("A guess at their address", False, "Never guess."),
    ],
)

FIRST_MESSAGE = multiple_answer(
    "Which help most in a first message?",
    [
        ("A shared contact", True, "", 70),
        ("One clear ask", True, "", 30),
        ("Your life story", False, "Too long.", -50),
        ("A thank-you", False),
    ],
    scoring="weighted",
)

FOUNDED = numeric(
    "In what year was the company founded?",
    1822,
    feedback="Right: the charter says so.",
    partial_answers=[
        partly_right_number(1822, 50, tolerance=2, feedback="Close: check the charter."),
        partly_right_number(1822, 25, tolerance=10, feedback="Right decade."),
        partly_right_number(1922, 0, feedback="A century off."),
    ],
    other_feedback="Look at the About page.",
)

REFERENCE = short_text(
    "Who writes the reference?",
    [
        ("a former manager", 100, "Yes: they saw your work."),
        ("a colleague", 50, "Half: a manager counts more."),
        ("a Colleague", 30, "Never shown: the better match wins."),
    ],
    other_feedback="Think of who judged your work.",
)


# Grading


def test_a_partly_right_single_choice_earns_its_credit_and_its_feedback():
    result = grade(snapshot_of(SWITCHBOARD), "c1")

    assert (result.correct, result.feedback) == (0.5, ["Slow, but it works."])


def test_a_wrong_single_choice_without_credit_earns_nothing():
    result = grade(snapshot_of(SWITCHBOARD), "c2")

    assert (result.correct, result.points, result.feedback) == (0, 0, ["Never guess."])


def test_a_single_choice_cannot_cost_points():
    question = single_choice("Q?", [("A", True), ("B", False, "", -100)])

    assert credit_messages(question) == {
        1: [
            "A question never scores below zero, so a choice cannot cost points here: "
            "leave this empty, or give the part it earns."
        ]
    }


@pytest.mark.parametrize(
    ("picks", "share"),
    [
        (["c0"], 0.7),
        (["c1"], 0.3),
        (["c0", "c1"], 1),
        (["c0", "c1", "c3"], 1),  # a choice worth nothing costs nothing
        (["c0", "c2"], 0.2),
        (["c1", "c2"], 0),  # never below zero
    ],
)
def test_weighted_scoring_adds_each_pick_s_credit(picks, share):
    assert grade(snapshot_of(FIRST_MESSAGE), picks).correct == pytest.approx(share)


def test_weighted_correct_choices_without_a_credit_share_what_is_left():
    question = multiple_answer(
        "Pick the three.",
        [("A", True, "", 50), ("B", True), ("C", True), ("D", False, "", -100)],
        scoring="weighted",
    )
    snapshot = snapshot_of(question)

    assert grade(snapshot, ["c1"]).correct == 0.25
    assert grade(snapshot, ["c0", "c1", "c2"]).correct == 1
    publishes(question)


@pytest.mark.parametrize(
    ("answer", "share", "feedback"),
    [
        ("1822", 1, "Right: the charter says so."),
        ("1823", 0.5, "Close: check the charter."),
        ("1830", 0.25, "Right decade."),  # 1830 is outside ±2, inside ±10
        ("1922", 0, "A century off."),
        ("2000", 0, "Look at the About page."),
    ],
)
def test_a_number_earns_the_first_matching_answer_s_credit_and_feedback(answer, share, feedback):
    result = grade(snapshot_of(FOUNDED), answer)

    assert (result.correct, result.feedback) == (share, [feedback])


@pytest.mark.parametrize(
    ("answer", "share", "feedback"),
    [
        ("A former manager", 1, "Yes: they saw your work."),
        ("a former manager\u2019s", 0, "Think of who judged your work."),
        ("a colleague", 0.5, "Half: a manager counts more."),
        ("my dog", 0, "Think of who judged your work."),
    ],
)
def test_a_typed_answer_gets_the_best_match_s_credit_and_feedback(answer, share, feedback):
    result = grade(snapshot_of(REFERENCE), answer)

    assert (result.correct, result.feedback) == (share, [feedback])


@pytest.mark.parametrize("typed", ["people you don\u2019t know", "people you don\u02bct know"])
def test_a_curly_apostrophe_matches_a_straight_one(typed):
    question = short_text("Don't go to ____.", [("strangers", 100), ("people you don't know", 50)])

    assert grade(snapshot_of(question), typed).correct == 0.5


def test_an_attempt_snapshot_taken_before_credits_existed_grades_as_it_did():
    old_choice = {
        "type": "single_choice",
        "prompt": "<p>Q?</p>",
        "points": 1.0,
        "explanation": "",
        "choices": [
            {"id": "c0", "text": "A", "correct": True, "feedback": ""},
            {"id": "c1", "text": "B", "correct": False, "feedback": "No."},
        ],
    }
    old_number = {
        "type": "numeric",
        "prompt": "<p>Q?</p>",
        "points": 1.0,
        "explanation": "",
        "answer": 2.0,
        "tolerance": 0.0,
        "minimum": None,
        "maximum": None,
        "unit": "",
    }

    assert (grade(old_choice, "c1").correct, grade(old_choice, "c1").feedback) == (0, ["No."])
    assert (grade(old_number, "2").correct, grade(old_number, "3").correct) == (1, 0)


@pytest.mark.parametrize("question", [SWITCHBOARD, FIRST_MESSAGE, FOUNDED, REFERENCE])
def test_credits_partly_right_answers_and_feedback_never_reach_the_student_early(question):
    public = repr(public_question(snapshot_of(question)))

    for secret in ("credit", "1922", "Close", "Half", "Too long", "About page", "feedback"):
        assert secret not in public


# What a professor may publish


def credit_messages(question):
    """{choice index: the message next to its credit}."""
    choices = publish_errors(question)["choices"]
    return {
        index: error.block_errors["credit"].messages
        for index, error in choices.block_errors.items()
    }


def test_the_correct_single_choice_cannot_be_given_less_than_full_credit():
    question = single_choice("Q?", [("A", True, "", 50), ("B", False)])

    assert credit_messages(question) == {
        0: ["The correct choice always earns 100%; leave this empty."]
    }


def test_a_wrong_single_choice_cannot_earn_full_credit():
    question = single_choice("Q?", [("A", True), ("B", False, "", 40), ("C", False, "", 100)])

    assert credit_messages(question) == {
        2: ["Only the correct choice earns 100%: give less, or tick this one."]
    }


def test_credits_on_a_question_not_scored_by_weight_are_refused():
    question = multiple_answer("Q?", [("A", True, "", 50), ("B", True)], scoring="partial")

    assert publish_errors(question)["choices"].messages == [
        "Credits count only with weighted scoring: choose it, or clear them."
    ]


def test_weighted_credits_must_make_a_full_answer_worth_full_points():
    question = multiple_answer(
        "Q?", [("A", True, "", 60), ("B", True, "", 30), ("C", False)], scoring="weighted"
    )

    assert publish_errors(question)["choices"].messages == [
        "The correct choices' credits add up to 90%; they must add up to 100% "
        "so that a full answer earns full points."
    ]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (
            [("A", True, "", 100), ("B", True, "", -20)],
            "A correct choice must earn something: give it a credit above 0.",
        ),
        (
            [("A", True, "", 100), ("B", False, "", 20)],
            "This choice earns credit: tick it correct, or give it 0 or less.",
        ),
    ],
)
def test_weighted_credits_match_what_is_ticked_correct(choices, message):
    question = multiple_answer("Q?", choices, scoring="weighted")

    assert credit_messages(question) == {1: [message]}


@pytest.mark.parametrize("credits", [(33.33333,) * 3, (33.335, 33.33, 33.33)])
def test_thirds_add_up_to_a_whole_and_a_full_answer_earns_full_points(credits):
    choices = [(text, True, "", credit) for text, credit in zip("ABC", credits, strict=True)]
    question = multiple_answer("Q?", [*choices, ("D", False)], scoring="weighted")

    publishes(question)
    full = grade(snapshot_of(question), ["c0", "c1", "c2"])
    assert (full.correct, full.points) == (1, 1)
    assert grade(snapshot_of(question), ["c0"]).correct == pytest.approx(1 / 3, abs=1e-4)


def test_an_empty_correct_credit_with_nothing_left_to_share_says_how_to_fix_it():
    question = multiple_answer(
        "Q?", [("A", True, "", 100), ("B", True), ("C", False)], scoring="weighted"
    )

    assert credit_messages(question) == {
        1: [
            "The other correct choices' credits already make 100%: give this one "
            "a credit, and lower theirs."
        ]
    }


def test_a_partly_right_number_needs_a_number_next_to_its_own_field():
    block_type, raw = numeric("Q?", 3, partial_answers=[partly_right_number(None, 50)])

    errors = publish_errors((block_type, raw))["partial_answers"].block_errors[0].block_errors

    assert errors["answer"].messages == ["Give an exact answer, or a range from and to."]


def test_a_draft_may_keep_a_partly_right_number_half_written():
    block_type, raw = numeric("Q?", 3, partial_answers=[partly_right_number(None, 50)])
    block = BLOCKS[block_type]

    block.clean_deferred(block.to_python(raw))


def test_whole_credits_are_stored_as_whole_numbers_and_thirds_as_typed():
    choice = BLOCKS["single_choice"].child_blocks["choices"].child_block
    value = choice.to_python({"text": "B", "correct": False, "credit": 50.0})

    assert choice.get_prep_value(value)["credit"] == 50
    assert isinstance(choice.get_prep_value(value)["credit"], int)
    value = choice.to_python({"text": "B", "correct": False, "credit": 33.33333})
    assert choice.get_prep_value(value)["credit"] == 33.33333


def test_a_question_saved_before_credits_existed_loads_and_publishes():
    stored = {
        "prompt": "<p>Q?</p>",
        "answer": 2,
        "tolerance": 0,
        "minimum": None,
        "maximum": None,
        "unit": "",
        "points": 1,
    }

    value = BLOCKS["numeric"].clean(BLOCKS["numeric"].to_python(stored))

    assert list(value["partial_answers"]) == []
    assert value["other_feedback"] == ""


# What the professor sees


@pytest.mark.django_db
def test_the_answer_key_preview_lists_what_earns_part_of_the_points():
    quiz = make_quiz(make_course(), [SWITCHBOARD, FOUNDED, REFERENCE])

    response = quiz.make_preview_request(preview_mode="answer_key")
    page = response.render().content.decode() if hasattr(response, "render") else ""

    assert "Credit per answer:</span> The company switchboard: 50%</p>" in page
    assert "1822 ± 2: 50%; 1822 ± 10: 25%; 1922: no credit" in page
    assert "a colleague: 50%; a Colleague: 30%" in page


@pytest.mark.django_db
def test_the_answer_key_of_a_weighted_question_lists_each_choice_s_credit():
    quiz = make_quiz(make_course(), [FIRST_MESSAGE])

    page = quiz.make_preview_request(preview_mode="answer_key").render().content.decode()

    assert "A shared contact: 70%; One clear ask: 30%; Your life story: -50%</p>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["", "answer_key"])
def test_a_draft_with_a_half_written_number_previews(mode):
    draft = numeric("Q?", None, partial_answers=[partly_right_number(None, 50)])
    quiz = make_quiz(make_course(), [draft])

    page = quiz.make_preview_request(preview_mode=mode).render().content.decode()

    assert "Q?" in page
    assert ("(not set yet)" in page) == (mode == "answer_key")


# Through the admin's form


def numeric_form(category, *, partly_right):
    """What the question bank's form posts for a numeric question with one partly right number."""
    return nested_form_data(
        {
            "category": category.pk,
            "title": "Founded",
            "question": streamfield(
                [
                    (
                        "numeric",
                        {
                            "prompt": rich_text("In what year was the company founded?"),
                            "answer": "1822",
                            "tolerance": "0",
                            "minimum": "",
                            "maximum": "",
                            "unit": "",
                            "feedback": "Right.",
                            "partial_answers": streamfield([("item", partly_right)]),
                            "other_feedback": "",
                            "explanation": rich_text(""),
                            "points": "1",
                        },
                    )
                ]
            ),
        }
    )


@pytest.fixture
def bank_form(client):
    course = make_course()
    client.force_login(make_professor(course))
    category = QuestionCategory.objects.create(name="Week 1", course=course)
    return category, reverse("wagtailsnippets_quizzes_bankquestion:add")


@pytest.mark.django_db
def test_a_professor_adds_a_partly_right_number_in_the_admin(client, bank_form):
    category, url = bank_form
    partly_right = {
        "answer": "1822",
        "tolerance": "2",
        "minimum": "",
        "maximum": "",
        "credit": "50",
        "feedback": "Close.",
    }

    response = client.post(url, numeric_form(category, partly_right=partly_right))

    assert response.status_code == 302
    stored = BankQuestion.objects.get(title="Founded").question.raw_data[0]["value"]
    assert stored["partial_answers"][0]["value"] == partly_right_number(
        1822, 50, tolerance=2, feedback="Close."
    )
    assert isinstance(stored["partial_answers"][0]["value"]["credit"], int)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("credit", "message"),
    [
        ("50", "Give an exact answer, or a range from and to."),
        ("", "This field is required."),
        ("half", "Enter a number."),
    ],
)
def test_a_half_written_partly_right_number_is_sent_back_with_its_messages(
    client, bank_form, credit, message
):
    category, url = bank_form
    partly_right = {
        "answer": "",
        "tolerance": "0",
        "minimum": "",
        "maximum": "",
        "credit": credit,
        "feedback": "Typed, and kept.",
    }

    response = client.post(url, numeric_form(category, partly_right=partly_right))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Typed, and kept." in page
    assert not BankQuestion.objects.exists()


@pytest.mark.django_db
def test_choices_left_without_a_credit_save_through_the_admin(client, bank_form):
    category, _url = bank_form
    question = BankQuestion.objects.create(
        category=category,
        title="First call",
        question=[single_choice("Who first?", [("A friend", True), ("A stranger", False)])],
    )
    choice = {"correct": "", "credit": "", "feedback": ""}
    form = nested_form_data(
        {
            "category": category.pk,
            "title": "First call",
            "question": streamfield(
                [
                    (
                        "single_choice",
                        {
                            "prompt": rich_text("Who do you call first?"),
                            "choices": streamfield(
                                [
                                    ("item", choice | {"text": "A friend", "correct": "on"}),
                                    ("item", choice | {"text": "A stranger"}),
                                ]
                            ),
                            "explanation": rich_text(""),
                            "points": "1",
                        },
                    )
                ]
            ),
        }
    )

    response = client.post(
        reverse("wagtailsnippets_quizzes_bankquestion:edit", args=[question.pk]), form
    )

    assert response.status_code == 302
    question.refresh_from_db()
    choices = question.question.raw_data[0]["value"]["choices"]
    assert [item["value"]["credit"] for item in choices] == [None, None]
    assert "Who do you call first?" in question.question.raw_data[0]["value"]["prompt"]
