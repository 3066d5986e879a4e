"""A professor uploads questions written in Moodle's GIFT format.

Each test is one construct from Moodle's GIFT documentation, read into the
raw block data our quiz StreamField stores (the shape `tests/factories.py`
builds).
"""

import random

import pytest

from quizzes.gift import gift_parse
from quizzes.grading import grade, question_snapshot
from tests.factories import (
    multiple_answer,
    numeric,
    partly_right_number,
    short_text,
    single_choice,
    true_false,
)


def only_question(gift):
    """The one question in `gift`, which must read without errors or skips."""
    parsed = gift_parse(gift)
    assert parsed.errors == []
    assert parsed.skipped == []
    assert len(parsed.questions) == 1
    return parsed.questions[0]


def as_data(question):
    return question.block_type, question.value


# Question types


def test_equals_among_tildes_is_a_single_choice_question():
    question = only_question("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")

    assert as_data(question) == single_choice(
        "Who's buried in Grant's tomb?", [("Grant", False), ("Jefferson", False), ("no one", True)]
    )


def test_answers_may_sit_on_their_own_lines():
    question = only_question(
        "Japanese characters originally came from what country? {\n~India\n=China\n~Korea\n}"
    )

    assert [choice["text"] for choice in question.value["choices"]] == ["India", "China", "Korea"]


def test_tab_indented_answers_read_like_any_others():
    question = only_question("Which is a colour? {\n\t=Red\n\t~Seven\n\t\t~Tuesday\n}")

    assert question.value["choices"] == [
        {"text": "Red", "correct": True, "credit": None, "feedback": ""},
        {"text": "Seven", "correct": False, "credit": None, "feedback": ""},
        {"text": "Tuesday", "correct": False, "credit": None, "feedback": ""},
    ]


def test_weighted_tildes_are_a_multiple_answer_question():
    question = only_question("Which are primes? {~%50%Two ~%50%Three ~%-50%Four ~%-50%Six}")

    assert as_data(question) == multiple_answer(
        "Which are primes?",
        [("Two", True), ("Three", True), ("Four", False), ("Six", False)],
        scoring="partial",
    )
    assert question.warnings == []


def test_minus_hundred_weights_are_kept_as_weighted_scoring_that_grades_like_moodle():
    question = only_question(
        "What two people are entombed in Grant's tomb? {\n"
        "~%-100%No one\n~%50%Grant\n~%50%Grant's wife\n~%-100%Grant's father\n}"
    )

    assert question.block_type == "multiple_answer"
    choices = question.value["choices"]
    assert [(choice["correct"], choice["credit"]) for choice in choices] == [
        (False, -100),
        (True, None),  # the right choices share 100% equally: no credit to type
        (True, None),
        (False, -100),
    ]
    assert question.value["scoring"] == "weighted"
    assert question.warnings == []
    snapshot = question_snapshot("multiple_answer", question.value)
    # Moodle: Grant alone 50%; both 100%; both and a wrong one 0%.
    assert grade(snapshot, ["c1"]).correct == 0.5
    assert grade(snapshot, ["c1", "c2"]).correct == 1
    assert grade(snapshot, ["c1", "c2", "c3"]).correct == 0


def test_weights_that_are_exactly_partial_scoring_read_as_partial():
    question = only_question("Pick the two. {~%50%A ~%50%B ~%-50%C ~%-50%D}")

    assert question.value["scoring"] == "partial"
    assert [choice["credit"] for choice in question.value["choices"]] == [None] * 4


def test_one_right_choice_and_minus_hundred_elsewhere_read_as_all_or_nothing():
    question = only_question("Pick it. {~%100%A ~%-100%B ~%-100%C}")

    assert question.value["scoring"] == "all_or_nothing"


def test_a_partly_right_choice_in_a_single_choice_question_keeps_its_credit():
    question = only_question(
        "Jesus Christ was from {~Jerusalem ~%25%Bethlehem ~%50%Galilee =Nazareth}"
    )

    assert question.block_type == "single_choice"
    choices = question.value["choices"]
    assert [(c["correct"], c["credit"]) for c in choices] == [
        (False, None),
        (False, 25),
        (False, 50),
        (True, None),
    ]
    assert question.warnings == []
    snapshot = question_snapshot("single_choice", question.value)
    assert [grade(snapshot, f"c{index}").correct for index in range(4)] == [0, 0.25, 0.5, 1]


def test_a_penalty_in_a_single_choice_question_is_said_to_cost_nothing_here():
    question = only_question("Guess. {=Right ~%-100%Wrong}")

    assert question.value["choices"][1]["credit"] is None
    assert question.warnings == [
        "Choosing “Wrong” cost 100% in Moodle; a question never scores below zero here, "
        "so it costs nothing."
    ]


def test_moodle_thirds_grade_a_full_answer_as_fully_right():
    question = only_question("Pick three. {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d ~%0%e}")

    assert question.value["scoring"] == "weighted"
    assert [choice["credit"] for choice in question.value["choices"]] == [
        None,
        None,
        None,
        -100,
        None,
    ]
    snapshot = question_snapshot("multiple_answer", question.value)
    assert grade(snapshot, ["c0", "c1", "c2"]).correct == 1
    assert grade(snapshot, ["c0", "c1", "c2", "c3"]).correct == 0


def test_weights_that_do_not_make_a_whole_are_kept_with_a_warning():
    question = only_question("Pick. {~%50%a ~%30%b ~c}")

    assert [choice["credit"] for choice in question.value["choices"]] == [50, 30, None]
    assert question.warnings == [
        "The right choices' weights add up to 80%; a full answer earns that much until "
        "they add up to 100%, which publishing asks for."
    ]
    snapshot = question_snapshot("multiple_answer", question.value)
    assert grade(snapshot, ["c0", "c1"]).correct == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("answer", "correct"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_and_false_answers_in_every_spelling(answer, correct):
    question = only_question(f"Grant is buried in Grant's tomb.{{{answer}}}")

    assert as_data(question) == true_false("Grant is buried in Grant's tomb.", correct)


def test_true_false_feedback_comes_wrong_answer_first_then_right_answer():
    question = only_question("The sun rises in the east.{TRUE#No, it does.#Yes, it does.}")

    assert question.value["feedback_false"] == "No, it does."
    assert question.value["feedback_true"] == "Yes, it does."


def test_true_false_feedback_order_holds_when_the_statement_is_false():
    question = only_question("The sun rises in the west.{FALSE#No, it doesn't.#Right.}")

    assert question.value["feedback_true"] == "No, it doesn't."
    assert question.value["feedback_false"] == "Right."


def test_only_equals_answers_are_a_short_answer_with_several_accepted_answers():
    question = only_question("Who's buried in Grant's tomb?{=no one =nobody}")

    assert as_data(question) == short_text("Who's buried in Grant's tomb?", ["no one", "nobody"])


def test_short_answer_weights_are_partial_credit():
    question = only_question("Name a primary colour of light.{=red =%50%yellow}")

    assert question.value["accepted_answers"] == [
        {"text": "red", "credit": 100, "feedback": ""},
        {"text": "yellow", "credit": 50, "feedback": ""},
    ]


def test_an_earlier_answer_matching_the_same_for_less_is_warned_about():
    question = only_question("Who is buried here? {=%50%grant =Grant =%25%someone}")

    assert question.warnings == [
        "“grant” and “Grant” match the same answers: Moodle gives the first (50%), "
        "here the best (100%)."
    ]


def test_short_answer_credits_off_the_whole_numbers_are_kept_exactly():
    question = only_question("A third? {=one =%33.33333%some}")

    assert question.value["accepted_answers"][1]["credit"] == 33.33333
    assert question.warnings == []


def test_numeric_answer_with_a_tolerance():
    question = only_question("What is pi to two decimals?{#3.14:0.01}")

    assert as_data(question) == numeric("What is pi to two decimals?", 3.14, tolerance=0.01)


def test_numeric_answer_given_as_a_range():
    question = only_question("What is a number from 1 to 5?{#1..5}")

    assert question.block_type == "numeric"
    assert (question.value["minimum"], question.value["maximum"]) == (1, 5)
    assert question.value["answer"] is None


def test_several_numeric_answers_keep_their_partial_credit_and_feedback():
    question = only_question(
        "When was Ulysses S. Grant born?{#\n=1822:0 # Correct!\n=%50%1822:2 # Close.\n}"
    )

    value = question.value
    assert (value["answer"], value["tolerance"], value["feedback"]) == (1822, 0, "Correct!")
    assert value["partial_answers"] == [
        partly_right_number(1822, 50, tolerance=2, feedback="Close.")
    ]
    assert question.warnings == []
    snapshot = question_snapshot("numeric", value)
    assert (grade(snapshot, "1822").correct, grade(snapshot, "1822").feedback) == (1, ["Correct!"])
    assert (grade(snapshot, "1821").correct, grade(snapshot, "1821").feedback) == (0.5, ["Close."])
    assert grade(snapshot, "1800").correct == 0


def test_a_numeric_star_answer_is_the_feedback_for_any_other_number():
    question = only_question("Two plus two?{#=4 =%0%*#Count again.}")

    assert question.value["other_feedback"] == "Count again."
    assert question.value["partial_answers"] == []
    snapshot = question_snapshot("numeric", question.value)
    assert grade(snapshot, "5").feedback == ["Count again."]


def test_a_partly_right_number_before_the_full_one_that_overlaps_it_is_warned_about():
    question = only_question("Year?{#=%50%1822:5 =1822}")

    assert "1822:5 comes before the full answer 1822" in question.warnings[0]


def test_feedback_on_accepted_answers_is_kept_and_shown_for_the_match():
    question = only_question("Two plus two?{=four#Right =4#Also right =%0%*#Count again.}")

    assert question.warnings == []
    assert [a["feedback"] for a in question.value["accepted_answers"]] == ["Right", "Also right"]
    snapshot = question_snapshot("short_text", question.value)
    assert grade(snapshot, "4").feedback == ["Also right"]
    assert grade(snapshot, "five").feedback == ["Count again."]


def test_the_file_lists_every_question_s_warnings_with_its_line():
    parsed = gift_parse("Fine?{T}\n\n// lossy\nWhen?{=1822 ~%-50%1821}")

    assert [(warning.line, warning.message) for warning in parsed.warnings] == [
        (
            4,
            "Choosing “1821” cost 50% in Moodle; a question never scores below zero here, "
            "so it costs nothing.",
        )
    ]


# Titles, feedback, comments and categories


def test_a_title_between_double_colons_names_the_question():
    question = only_question("::Grant's tomb:: Who is buried there?{=no one}")

    assert question.title == "Grant's tomb"
    assert question.value["prompt"] == "<p>Who is buried there?</p>"


def test_a_question_without_a_title_is_named_by_its_text():
    question = only_question("Who is buried in Grant's tomb?{=no one}")

    assert question.title == "Who is buried in Grant's tomb?"


def test_hash_after_a_choice_is_that_choice_s_feedback():
    question = only_question(
        "What's between orange and green? { =yellow # right; good! ~red # wrong, it's yellow }"
    )

    assert [choice["feedback"] for choice in question.value["choices"]] == [
        "right; good!",
        "wrong, it's yellow",
    ]


def test_four_hashes_are_general_feedback_shown_as_the_explanation():
    question = only_question("How many sides has a square?{#4####Count the corners.}")

    assert question.value["explanation"] == "<p>Count the corners.</p>"


def test_comment_lines_are_ignored_wherever_they_are():
    question = only_question(
        "// A note for colleagues\nWhich is a fruit? {\n// the right one\n=Apple\n~Brick\n}"
    )

    assert [choice["text"] for choice in question.value["choices"]] == ["Apple", "Brick"]


def test_category_lines_set_the_category_of_the_questions_below():
    parsed = gift_parse(
        "Before any category?{T}\n\n"
        "$CATEGORY: $course$/top/Week 1/Basics\n\n"
        "First?{T}\n\n"
        "Second?{F}\n\n"
        "$CATEGORY: $course$/top/Week 2\n\n"
        "Third?{T}\n"
    )

    assert [(q.title, q.category) for q in parsed.questions] == [
        ("Before any category?", ""),
        ("First?", "Week 1/Basics"),
        ("Second?", "Week 1/Basics"),
        ("Third?", "Week 2"),
    ]


def test_a_question_right_below_a_category_line_is_read_too():
    parsed = gift_parse("$CATEGORY: Week 3\nReady?{T}")

    assert [(q.line, q.category) for q in parsed.questions] == [(2, "Week 3")]


def test_a_question_may_span_several_lines():
    question = only_question("Which ocean\nis the largest?\n{\n=Pacific\n~Atlantic\n}")

    assert question.value["prompt"] == "<p>Which ocean<br/>is the largest?</p>"


# Escapes


@pytest.mark.parametrize("char", ["~", "=", "#", "{", "}", ":"])
def test_an_escaped_special_character_is_plain_text(char):
    question = only_question(f"Is \\{char} a symbol?{{=yes \\{char} it is ~no}}")

    assert question.value["prompt"] == f"<p>Is {char} a symbol?</p>"
    assert question.value["choices"][0]["text"] == f"yes {char} it is"


def test_double_backslash_is_one_literal_backslash():
    question = only_question("Which folder is C\\:\\\\Windows?{=The system one ~A game}")

    assert question.value["prompt"] == "<p>Which folder is C:\\Windows?</p>"


def test_double_backslash_does_not_escape_the_character_after_it():
    question = only_question("Pick the path {=C\\:\\\\~D\\:\\\\}")

    assert [choice["text"] for choice in question.value["choices"]] == ["C:\\", "D:\\"]


def test_backslash_n_is_a_line_break_inside_the_text():
    question = only_question("First line\\nSecond line{T}")

    assert question.value["prompt"] == "<p>First line<br/>Second line</p>"


# Text formats


def test_html_keeps_the_formatting_our_prompts_have():
    question = only_question(
        '[html]<p>Is <strong>this</strong> <em>it</em>? <a href="https://example.org">See</a></p>'
        "<ul><li>one</li></ul>{T}"
    )

    assert question.value["prompt"] == (
        '<p>Is <b>this</b> <i>it</i>? <a href="https://example.org">See</a></p>'
        "<ul><li>one</li></ul>"
    )


def test_html_from_an_upload_is_sanitised():
    question = only_question(
        '[html]<p onclick="steal()">Safe?<script>alert("x")</script>'
        '<img src=x onerror="steal()"><a href="javascript:steal()">click</a></p>{T}'
    )

    assert question.value["prompt"] == "<p>Safe?click</p>"


def test_html_headings_and_loose_text_become_paragraphs():
    question = only_question("[html]<h2>Warm-up</h2>Ready?<div>Go</div>{T}")

    assert question.value["prompt"] == "<p><b>Warm-up</b></p><p>Ready?</p><p>Go</p>"


def test_markdown_becomes_rich_text():
    question = only_question("[markdown]Is **this** *Markdown*?{TRUE}")

    assert question.value["prompt"] == "<p>Is <b>this</b> <i>Markdown</i>?</p>"


def test_plain_text_is_escaped_not_read_as_html():
    question = only_question("[plain]Does <b> make text bold & black?{T}")

    assert question.value["prompt"] == "<p>Does &lt;b&gt; make text bold &amp; black?</p>"


def test_moodle_auto_format_turns_line_breaks_into_breaks_and_blank_lines_into_paragraphs():
    question = only_question("[moodle]First\\nsecond\\n\\nNew paragraph{T}")

    assert question.value["prompt"] == "<p>First<br/>second</p><p>New paragraph</p>"


def test_moodle_auto_format_is_the_default_and_keeps_simple_html_as_moodle_does():
    question = only_question("Is <b>this</b> bold & black?{T}")

    assert question.value["prompt"] == "<p>Is <b>this</b> bold &amp; black?</p>"


def test_answers_take_the_question_s_format_and_read_as_plain_text():
    question = only_question("[html]<p>Pick one</p>{=<b>Bold</b> &amp; brave ~Plain}")

    assert question.value["choices"][0]["text"] == "Bold & brave"


# What we cannot import


def test_questions_of_types_we_do_not_have_are_listed_with_their_lines_and_skipped():
    parsed = gift_parse(
        "::Essay:: How are you? {}\n\n"
        "::Match:: Which animal eats which food? { =cat -> cat food =dog -> dog food }\n\n"
        "::Missing:: Two plus {=two =2} equals four.\n\n"
        "::About:: You are about to start the quiz.\n\n"
        "::Kept:: Ready?{T}\n"
    )

    assert [(s.line, s.kind, s.title) for s in parsed.skipped] == [
        (1, "essay", "Essay"),
        (3, "matching", "Match"),
        (5, "missing_word", "Missing"),
        (7, "description", "About"),
    ]
    assert all(s.reason for s in parsed.skipped)
    assert [question.title for question in parsed.questions] == ["Kept"]


def test_text_after_a_numeric_answer_makes_it_a_missing_word_question():
    parsed = gift_parse("Grant was born in {#1822} in Ohio.")

    assert [(s.line, s.kind) for s in parsed.skipped] == [(1, "missing_word")]


def test_stray_text_inside_a_numeric_answer_is_an_error_naming_the_line():
    parsed = gift_parse("Ready?{T}\n\nWhen was Grant born?{#\n=1822 or so\n}")

    assert [(e.line, e.message) for e in parsed.errors] == [(4, "“1822 or so” is not a number.")]
    assert parsed.questions[0].title == "Ready?"


# Syntax errors


def test_an_unclosed_answer_brace_is_an_error_naming_its_line():
    parsed = gift_parse("First?{T}\n\nSecond?\n{=yes ~no\n\nThird?{F}")

    assert [error.line for error in parsed.errors] == [4]
    assert [question.title for question in parsed.questions] == ["First?", "Third?"]


def test_two_questions_without_a_blank_line_between_them_are_an_error():
    parsed = gift_parse("First?{T}\nSecond?{F}")

    assert [error.line for error in parsed.errors] == [2]
    assert "blank line" in parsed.errors[0].message


def test_an_unclosed_title_is_an_error():
    parsed = gift_parse("::Grant Who is buried here?{=no one}")

    assert [error.line for error in parsed.errors] == [1]


def test_a_choice_question_needs_two_choices():
    parsed = gift_parse("Only one?{~%100%lonely}")

    assert len(parsed.errors) == 1


def test_a_multiple_answer_question_needs_a_right_choice():
    parsed = gift_parse("Which?{~a ~b ~c}")

    assert "No choice is right" in parsed.errors[0].message


def test_a_numeric_question_needs_a_fully_right_answer():
    parsed = gift_parse("How many?{#=%50%3}")

    assert parsed.errors[0].message == "No numeric answer is worth 100%."


# Files as they come


def test_windows_line_endings_and_a_byte_order_mark_are_accepted():
    parsed = gift_parse("\ufeff::One:: First?{T}\r\n\r\n::Two:: Second?{\r\n=yes\r\n~no\r\n}\r\n")

    assert [(q.line, q.title) for q in parsed.questions] == [(1, "One"), (3, "Two")]
    assert parsed.errors == []


def test_a_file_exported_by_moodle_reads_in_full():
    parsed = gift_parse(
        "// question: 0  name: Switch category to $course$/top/Default for CAREER 101\n"
        "$CATEGORY: $course$/top/Default for CAREER 101\n\n\n"
        "// question: 12  name: Notice period\n"
        "::Notice period::[html]<p>How many <b>weeks</b> of notice?</p>{#\n"
        "\t=%100%2:0#\n"
        "\t####<p>Check your contract.</p>\n"
        "}\n\n\n"
        "// question: 13  name: First call\n"
        "::First call::[html]<p>Who do you call first?</p>{\n"
        "\t=<p>A friend</p>#<p>Yes.</p>\n"
        "\t~<p>A stranger</p>#\n"
        "}\n\n"
    )

    assert parsed.errors == []
    notice, first_call = parsed.questions
    assert (notice.category, notice.line, notice.value["answer"]) == (
        "Default for CAREER 101",
        6,
        2,
    )
    assert notice.value["explanation"] == "<p>Check your contract.</p>"
    assert first_call.value["choices"][0] == {
        "text": "A friend",
        "correct": True,
        "credit": None,
        "feedback": "Yes.",
    }


def test_garbage_never_raises():
    alphabet = "{}~=#:\\%[]<>-.\n\t 0123456789TFabc/$"
    rng = random.Random(20240607)
    for _ in range(500):
        gift_parse("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))))
