"""A professor exports questions to GIFT, for Moodle or for another of our courses.

What we export reads back into exactly the questions we wrote, for every kind
of question; and the GIFT itself is what Moodle's documentation and its own
exporter write, so Moodle imports it.
"""

import pytest

from quizzes.blocks import QuizQuestionsBlock
from quizzes.gift import ExportQuestion, gift_parse, gift_write
from tests.factories import (
    multiple_answer,
    numeric,
    partly_right_number,
    short_text,
    single_choice,
    true_false,
)

NASTY = "Ça {marche}? ~50% = #1: C:\\Temp\\new [html] -> <b>&amp;</b> 日本語 ✓"

QUESTIONS = {
    "single choice": single_choice(
        "Who do you ask <b>first</b>?",
        [("A friend", True, "Yes: they know you."), ("A stranger", False, "Not yet.")],
        explanation="Start with the people who <i>know</i> you.",
    ),
    "single choice with special characters": single_choice(
        "Which of these is text: <i>{~=#:}</i> &amp; &lt;tags&gt;?",
        [(NASTY, True, NASTY), ("%50% off", False), ("[plain] text", False)],
        explanation="\\ is a backslash, \\n is not a line break.",
    ),
    "multiple answer, all or nothing": multiple_answer(
        "Which belong in a cover letter?",
        [("The role", True), ("Your salary today", False, "Leave it out."), ("Why you", True)],
    ),
    "multiple answer, partial credit": multiple_answer(
        "Which are primes?",
        [("Two", True), ("Three", True), ("Five", True), ("Four", False), ("Nine", False)],
        scoring="partial",
        points=3,
    ),
    "single choice with partial credit": single_choice(
        "Where do you find the hiring manager?",
        [
            ("Their team's page", True, "Yes."),
            ("The company switchboard", False, "Slow, but it works.", 50),
            ("A guess at their address", False, "Never."),
        ],
    ),
    "multiple answer, weighted": multiple_answer(
        "What makes a reference worth asking for?",
        [
            ("They saw your work", True, "The heart of it.", 60),
            ("They will answer the phone", True, "", 40),
            ("A famous name", False, "Not if they can't speak to your work.", -50),
            ("A long title", False),
        ],
        scoring="weighted",
    ),
    "multiple answer, weighted, equal shares and a penalty": multiple_answer(
        "Which two?",
        [("One", True), ("Two", True), ("Three", False, "No.", -100), ("Four", False)],
        scoring="weighted",
    ),
    "true, with both feedbacks": true_false(
        "A reference can be a former manager.",
        True,
        feedback_true="Right: they saw your work.",
        feedback_false="They can, and often should.\nAsk them first.",
    ),
    "false, with only the right answer's feedback": true_false(
        "You must accept the first offer.", False, feedback_false="You may negotiate."
    ),
    "numeric with a tolerance and a unit": numeric(
        "How many weeks of notice are usual?", 2.5, tolerance=0.5, unit="weeks", points=2
    ),
    "numeric below zero": numeric("What is -3 - 4?", -7),
    "numeric with partly right numbers and feedback": numeric(
        "In what year was the company founded?",
        1822,
        feedback="Right: the founding charter says so.",
        partial_answers=[
            partly_right_number(1822, 50, tolerance=2, feedback="Close: check the charter."),
            partly_right_number(1922, 0, feedback="A century off #1: {sic}"),
        ],
        other_feedback="Look at the About page.",
    ),
    "short text with partial credit": short_text(
        "What do you send after an interview?",
        [("a thank-you note", 100), ("an email", 50), ("C:\\notes {draft}", 10)],
        case_sensitive=True,
        explanation="A short note, the same day.",
    ),
    "short text with feedback and a third of the credit": short_text(
        "Who writes the reference?",
        [
            ("a former manager", 100, "Yes: they saw your work."),
            ("a colleague", 33.33333, "Only a third: a manager counts more."),
        ],
        other_feedback="Think of who judged your work.",
    ),
}


def numeric_range(prompt, low, high):
    block_type, value = numeric(prompt, None)
    return block_type, value | {"minimum": low, "maximum": high}


def range_number(low, high, credit):
    return partly_right_number(None, credit) | {"minimum": low, "maximum": high}


def with_prompt(question, prompt):
    block_type, value = question
    return block_type, value | {"prompt": prompt}


QUESTIONS["numeric range"] = numeric_range("Pick a number from 1 to 5.", 1, 5)
QUESTIONS["numeric range with a partly right range"] = (
    "numeric",
    numeric_range("Pick a number from 1 to 5.", 1, 5)[1]
    | {"partial_answers": [range_number(0, 6, 25)]},
)
QUESTIONS["links and lists"] = with_prompt(
    single_choice("", [("One", True), ("Two", False)]),
    '<p><a href="https://example.org/guide?a=1&amp;b=2#part">The guide</a> lists:</p>'
    "<ul><li>one</li><li><b>two</b><ul><li>two and a half</li></ul></li></ul>"
    "<ol><li>three</li></ol><p>Which<br/>one?</p>",
)


@pytest.mark.parametrize("name", QUESTIONS)
def test_every_question_type_reads_back_as_written(name):
    block_type, value = QUESTIONS[name]

    parsed = gift_parse(gift_write([ExportQuestion(name, block_type, value)]))

    assert parsed.errors == []
    assert [(q.title, q.block_type, q.value) for q in parsed.questions] == [
        (name, block_type, value)
    ]


def test_a_quiz_s_live_block_values_export_like_raw_data():
    block_type, raw = QUESTIONS["multiple answer, partial credit"]
    live = QuizQuestionsBlock().child_blocks[block_type].to_python(raw)

    assert gift_write([("Primes", block_type, live, "")]) == gift_write(
        [("Primes", block_type, raw, "")]
    )


def test_titles_and_categories_read_back_as_written():
    questions = [
        ("Ça va? {Oui}", *true_false("First?", True), ""),
        ("Second", *true_false("Second?", False), "Week 1/Basics"),
        ("Third", *true_false("Third?", True), "Week 1/Basics"),
        ("Fourth", *true_false("Fourth?", True), "Week 2"),
    ]

    parsed = gift_parse(gift_write(questions))

    assert [(q.title, q.category) for q in parsed.questions] == [
        ("Ça va? {Oui}", ""),
        ("Second", "Week 1/Basics"),
        ("Third", "Week 1/Basics"),
        ("Fourth", "Week 2"),
    ]


def test_import_then_export_then_import_gives_the_same_questions():
    moodle_file = (
        "$CATEGORY: $course$/top/Job search\n\n"
        "::Grant:: Who's buried in Grant's tomb?{~Grant ~Jefferson =no one#Right!}\n\n"
        "Grant is buried in Grant's tomb.{FALSE#It's not false#Right}\n\n"
        "Which are primes? {~%50%Two ~%50%Three ~%-100%Four ~%-100%Six}\n\n"
        "When was Grant born?{#\n=1822:0 #Correct\n=%50%1822:2\n####He was born in 1822.}\n\n"
        "[markdown]Name **one** of them.{=%50%Grant =%100%Julia Grant}\n"
    )
    first = gift_parse(moodle_file)

    second = gift_parse(gift_write(first.questions))

    def questions(parsed):
        return [(q.title, q.category, q.block_type, q.value) for q in parsed.questions]

    assert len(first.questions) == 5
    assert second.errors == []
    assert questions(second) == questions(first)


# What Moodle reads


def test_export_is_written_as_moodle_writes_it():
    block_type, value = single_choice(
        "Who do you ask first?",
        [("A friend", True, "Yes."), ("A stranger", False)],
        explanation="Start close.",
    )

    gift = gift_write([("First call", block_type, value, "Week 1")])

    assert gift == (
        "// question: 0  name: Switch category to $course$/top/Week 1\n"
        "$CATEGORY: $course$/top/Week 1\n"
        "\n"
        "// question: 1  name: First call\n"
        "::First call::[html]<p>Who do you ask first?</p>{\n"
        "\t=A friend#Yes.\n"
        "\t~A stranger\n"
        "\t####<p>Start close.</p>\n"
        "}\n"
    )


def test_true_false_export_puts_the_wrong_answer_feedback_first():
    block_type, value = true_false(
        "Ask for references early.", True, feedback_true="Right.", feedback_false="No: ask early."
    )

    gift = gift_write([("Early", block_type, value, "")])

    assert "{TRUE#No\\: ask early.#Right.}" in gift


def test_numeric_export_writes_a_tolerance_or_a_range():
    exact = numeric("Pi?", 3.14, tolerance=0.01)
    ranged = numeric_range("From 1 to 5?", 1, 5)

    gift = gift_write([("Pi", *exact, ""), ("Range", *ranged, "")])

    assert "{#\n\t=3.14:0.01\n}" in gift
    assert "{#\n\t=1..5\n}" in gift


def test_multiple_answer_export_writes_moodle_weights():
    block_type, value = multiple_answer(
        "Which are primes?", [("Two", True), ("Four", False), ("Three", True)], scoring="partial"
    )

    gift = gift_write([("Primes", block_type, value, "")])

    assert "\t~%50%Two\n\t~%-50%Four\n\t~%50%Three\n" in gift
    assert '// options: {"scoring": "partial"}' in gift


def test_export_escapes_gift_s_special_characters():
    block_type, value = short_text("Type {this}: a=b #1 ~x \\", ["a=b #1 ~x {y}: \\"])

    gift = gift_write([("Escapes", block_type, value, "")])

    assert "[html]<p>Type \\{this\\}\\: a\\=b \\#1 \\~x \\\\</p>" in gift
    assert "\t=%100%a\\=b \\#1 \\~x \\{y\\}\\: \\\\\n" in gift
