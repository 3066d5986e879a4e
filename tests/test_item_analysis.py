"""An instructor opens a quiz's item analysis: per question, how many got it
right, which wrong answers drew students, and whether the question tells the
students who know the material from those who do not."""

import pytest

from classes.analysis import quiz_item_analysis, section_item_analysis
from classes.models import Enrollment
from quizzes.models import QuizPage
from tests.factories import (
    enroll,
    make_course,
    make_quiz,
    make_section,
    make_student,
    multiple_answer,
    numeric,
    short_text,
    single_choice,
    take_quiz,
    true_false,
)

pytestmark = pytest.mark.django_db

WHO = single_choice(
    "Who do you ask first?", [("A stranger", False), ("A friend", True), ("Nobody", False)]
)
WHAT = single_choice("What do you send?", [("One clear ask", True), ("A list", False)])
WHEN = single_choice("When do you follow up?", [("In a week", True), ("Never", False)])


@pytest.fixture
def course():
    return make_course(title="Not If. When.")


@pytest.fixture
def section(course):
    return make_section(course)


def students_take(section, quiz, answer_sheets, *, prefix="student"):
    """Enroll one student per answer sheet and have each submit it once."""
    students = []
    for number, answers in enumerate(answer_sheets, start=1):
        student = make_student(f"{prefix}{number}")
        enroll(section, student)
        take_quiz(student, quiz, answers)
        students.append(student)
    return students


# Three strong students get the first question right, three weak ones do not.
CLASS_OF_SIX = [
    ["c1", "c0", "c0"],
    ["c1", "c0", "c0"],
    ["c1", "c0", "c1"],
    ["c0", "c1", "c0"],
    ["c0", "c1", "c1"],
    ["c2", "c1", "c1"],
]


def test_each_question_shows_the_share_right_and_how_often_each_choice_was_picked(course, section):
    quiz = make_quiz(course, [WHO, WHAT, WHEN])
    students_take(section, quiz, CLASS_OF_SIX)

    analysis = quiz_item_analysis(section=section, quiz=quiz)

    assert analysis.students == 6
    assert [q.prompt for q in analysis.questions] == [
        "Who do you ask first?",
        "What do you send?",
        "When do you follow up?",
    ]
    who = analysis.questions[0]
    assert (who.position, who.type, who.shown, who.answered) == (1, "single_choice", 6, 6)
    assert who.correct_share == 0.5
    assert [(o.label, o.count, o.correct) for o in who.options] == [
        ("A stranger", 2, False),
        ("A friend", 3, True),
        ("Nobody", 1, False),
    ]
    assert [round(o.share, 3) for o in who.options] == [0.333, 0.5, 0.167]


def test_a_question_strong_students_get_right_and_weak_ones_wrong_discriminates(course, section):
    quiz = make_quiz(course, [WHO, WHAT, WHEN])
    students_take(section, quiz, CLASS_OF_SIX)

    who, what, _when = quiz_item_analysis(section=section, quiz=quiz).questions

    assert who.discrimination > 0.5
    assert what.discrimination > 0.5


def test_a_question_everyone_gets_right_has_no_discrimination_index(course, section):
    quiz = make_quiz(course, [WHO, WHAT])
    students_take(
        section, quiz, [["c1", "c0"], ["c1", "c1"], ["c1", "c0"], ["c1", "c1"], ["c1", "c0"]]
    )

    who, _what = quiz_item_analysis(section=section, quiz=quiz).questions

    assert who.correct_share == 1.0
    assert who.discrimination is None  # no variance: nothing to correlate


def test_fewer_than_five_students_give_no_discrimination_index(course, section):
    quiz = make_quiz(course, [WHO, WHAT, WHEN])
    students_take(section, quiz, CLASS_OF_SIX[1:5])

    analysis = quiz_item_analysis(section=section, quiz=quiz)

    assert analysis.students == 4
    assert [q.discrimination for q in analysis.questions] == [None, None, None]
    assert analysis.questions[0].correct_share == 0.5


def test_only_each_students_first_submitted_attempt_counts(course, section):
    quiz = make_quiz(course, [WHO])
    [sam] = students_take(section, quiz, [["c0"]])
    take_quiz(sam, quiz, ["c1"])  # better the second time, after feedback

    [who] = quiz_item_analysis(section=section, quiz=quiz).questions

    assert who.correct_share == 0.0
    assert [(o.label, o.count) for o in who.options] == [
        ("A stranger", 1),
        ("A friend", 0),
        ("Nobody", 0),
    ]


def test_dropped_students_and_other_sections_are_left_out(course, section):
    quiz = make_quiz(course, [WHO])
    students_take(section, quiz, [["c1"]])
    dropped = make_student("dropped")
    enroll(section, dropped, status=Enrollment.Status.DROPPED)
    take_quiz(dropped, quiz, ["c0"])
    elsewhere = make_section(course, name="CAREER 101 — Spring 2027 — 03")
    students_take(elsewhere, quiz, [["c0"], ["c2"]], prefix="other")
    take_quiz(make_student("unenrolled"), quiz, ["c0"])

    analysis = quiz_item_analysis(section=section, quiz=quiz)

    assert analysis.students == 1
    assert analysis.questions[0].correct_share == 1.0


def test_a_question_removed_after_some_attempts_still_shows_after_the_current_ones(
    course, section
):
    quiz = make_quiz(course, [WHO, WHAT])
    students_take(section, quiz, [["c1", "c1"], ["c0", "c0"]], prefix="early")
    # The professor drops the second question, rewords the first and adds one.
    page = QuizPage.objects.get(pk=quiz.pk)
    stream = list(page.questions.raw_data)
    stream[0]["value"]["prompt"] = "<p>Who do you ask <em>first</em> &amp; why?</p>"
    page.questions = [stream[0], {"type": WHEN[0], "value": WHEN[1]}]
    page.save_revision().publish()
    quiz.refresh_from_db()
    students_take(section, quiz, [["c1", "c0"]], prefix="late")

    analysis = quiz_item_analysis(section=section, quiz=quiz)

    assert analysis.students == 3
    assert [(q.position, q.prompt, q.shown) for q in analysis.questions] == [
        (1, "Who do you ask first & why?", 3),
        (2, "When do you follow up?", 1),
        (3, "What do you send?", 2),
    ]
    assert analysis.questions[2].correct_share == 0.5


def test_true_false_and_multiple_answer_questions_count_each_option(course, section):
    quiz = make_quiz(
        course,
        [
            true_false("A connection is a contact.", False),
            multiple_answer(
                "What goes in a thank-you note?",
                [("Thanks", True), ("How it went", True), ("Your CV", False)],
            ),
        ],
    )
    students_take(section, quiz, [[False, ["c0", "c1"]], [True, ["c0", "c2"]], [False, None]])

    true_or_false, note = quiz_item_analysis(section=section, quiz=quiz).questions

    assert [(o.label, o.count, o.correct) for o in true_or_false.options] == [
        ("True", 1, False),
        ("False", 2, True),
    ]
    assert (note.shown, note.answered) == (3, 2)  # one student skipped it
    assert [(o.label, o.count, o.correct) for o in note.options] == [
        ("Thanks", 2, True),
        ("How it went", 1, True),
        ("Your CV", 1, False),
    ]


def test_numeric_and_short_text_questions_list_the_most_common_answers_then_other(course, section):
    quiz = make_quiz(
        course,
        [
            numeric("How many weeks of pay is fair?", 4, unit="weeks"),
            short_text("Who negotiates severance for you?", ["a lawyer"]),
        ],
    )
    weeks = ["4", "4", "4.0", "2", "2", "8", "1", "12", "26"]
    who = ["A lawyer", "a lawyer", "a  LAWYER", "HR", "hr", "me", "my union", "a friend", "nobody"]
    students_take(section, quiz, [list(pair) for pair in zip(weeks, who, strict=True)])

    pay, negotiator = quiz_item_analysis(section=section, quiz=quiz).questions

    assert [(o.label, o.count, o.correct) for o in pay.options] == [
        ("4 weeks", 3, True),
        ("2 weeks", 2, False),
        ("1 weeks", 1, False),
        ("8 weeks", 1, False),
        ("12 weeks", 1, False),
        ("Other", 1, False),
    ]
    assert [(o.label, o.count, o.correct) for o in negotiator.options] == [
        ("A lawyer", 3, True),
        ("HR", 2, False),
        ("a friend", 1, False),
        ("me", 1, False),
        ("my union", 1, False),
        ("Other", 1, False),
    ]
    assert negotiator.options[0].share == pytest.approx(3 / 9)


def test_a_quiz_nobody_has_taken_has_no_questions_to_analyse(course, section):
    quiz = make_quiz(course, [WHO])

    analysis = quiz_item_analysis(section=section, quiz=quiz)

    assert (analysis.students, analysis.questions) == (0, [])


# Query counts


@pytest.mark.parametrize("class_size", [3, 30])
def test_the_query_count_does_not_grow_with_students_or_attempts(
    course, section, class_size, django_assert_max_num_queries
):
    quiz = make_quiz(course, [WHO, WHAT, WHEN])
    students = students_take(section, quiz, (CLASS_OF_SIX * 5)[:class_size])
    for student in students[::2]:
        take_quiz(student, quiz, ["c1", "c0", "c0"])

    with django_assert_max_num_queries(3):
        analysis = quiz_item_analysis(section=section, quiz=quiz)

    assert analysis.students == class_size


@pytest.mark.parametrize("quiz_count", [1, 3])
def test_the_query_count_does_not_grow_with_quizzes(
    course, section, quiz_count, django_assert_max_num_queries
):
    quizzes = [make_quiz(course, [WHO, WHAT], title=f"Quiz {n}") for n in range(quiz_count)]
    for number, answers in enumerate(CLASS_OF_SIX):
        student = make_student(f"student{number}")
        enroll(section, student)
        for quiz in quizzes:
            take_quiz(student, quiz, answers[:2])
    # A later revision of the first quiz, so snapshots come from two revisions.
    page = QuizPage.objects.get(pk=quizzes[0].pk)
    page.save_revision().publish()
    late = make_student("late")
    enroll(section, late)
    take_quiz(late, quizzes[0], ["c1", "c0"])

    with django_assert_max_num_queries(3):
        analyses = section_item_analysis(section=section, quizzes=quizzes)

    assert [a.quiz.title for a in analyses] == [quiz.title for quiz in quizzes]
    assert [a.students for a in analyses] == [7] + [6] * (quiz_count - 1)
