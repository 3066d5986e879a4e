"""A professor's quiz draws its questions from the question bank, afresh for every attempt.

Each attempt stores what it drew, keyed by the bank question, and is graded
from that; the quiz's worth counts a draw as the questions it will hold.
"""

import pytest

from quizzes import services
from quizzes.models import BankQuestion, QuestionCategory
from quizzes.services import answer_save, attempt_start, attempt_submit, questions_presented
from tests.factories import make_course, make_quiz, make_student, single_choice

pytestmark = pytest.mark.django_db


def bank(course, name="Networking/Handoffs", size=10, points=1):
    """A category of `size` single-choice questions whose right answer is always "c1"."""
    category = QuestionCategory.objects.create(course=course, name=name)
    for number in range(1, size + 1):
        BankQuestion.objects.create(
            category=category,
            title=f"{name} {number}",
            question=[
                single_choice(
                    f"{name}: question {number}?",
                    [("Wrong", False), ("Right", True)],
                    points=points,
                )
            ],
        )
    return category


def draw(category, count):
    return ("random_draw", {"category": category, "count": count})


def right_answers(attempt):
    """Answer every question of the attempt right: "c1" in each snapshot."""
    for response in attempt.responses.order_by("position"):
        answer_save(attempt=attempt, question_key=response.question_key, answer="c1", version=0)


def test_two_attempts_draw_different_questions_and_each_is_graded_right(monkeypatch):
    course = make_course()
    category = bank(course)
    quiz = make_quiz(course, [draw(category, 3)])
    ana, ben = make_student("ana"), make_student("ben")
    # Fixed seeds, chosen because they draw different threes out of ten: with
    # random ones, two attempts draw the same three once in 120 times.
    seeds = iter([1, 2])
    monkeypatch.setattr(services.secrets, "randbelow", lambda limit: next(seeds))

    first = attempt_start(student=ana, quiz=quiz)
    second = attempt_start(student=ben, quiz=quiz)

    assert (first.seed, second.seed) == (1, 2)
    assert {q["key"] for q in first.questions} != {q["key"] for q in second.questions}
    ids = set(category.questions.values_list("pk", flat=True))
    for attempt in (first, second):
        keys = [q["key"] for q in attempt.questions]
        assert len(keys) == len(set(keys)) == 3
        assert {int(key.removeprefix("bank-")) for key in keys} <= ids
        assert sorted(attempt.responses.values_list("question_key", flat=True)) == sorted(keys)

    right_answers(first)
    graded = attempt_submit(attempt=first)
    assert (graded.score, graded.max_score, graded.percent) == (3, 3, 100)

    responses = list(second.responses.order_by("position"))
    answer_save(attempt=second, question_key=responses[0].question_key, answer="c1", version=0)
    answer_save(attempt=second, question_key=responses[1].question_key, answer="c0", version=0)
    graded = attempt_submit(attempt=second)
    assert (graded.score, graded.max_score) == (1, 3)


def test_the_same_seed_draws_the_same_questions():
    course = make_course()
    quiz = make_quiz(course, [draw(bank(course), 4)], shuffle_choices=True)
    assert questions_presented(quiz, seed=7) == questions_presented(quiz, seed=7)
    draws = {tuple(q["key"] for q in questions_presented(quiz, seed=s)) for s in range(20)}
    assert len(draws) > 1


def test_a_draw_sits_among_the_quiz_own_questions_and_never_repeats_a_question():
    course = make_course()
    category = bank(course, size=4)
    own = single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)])
    quiz = make_quiz(course, [own, draw(category, 3), draw(category, 3)])

    presented = questions_presented(quiz, seed=1)

    assert presented[0]["key"] == quiz.questions[0].id
    drawn = [q["key"] for q in presented[1:]]
    assert len(drawn) == len(set(drawn)) == 4  # the second draw gets what the first left


def test_a_category_with_fewer_questions_than_asked_gives_all_it_has():
    course = make_course()
    category = bank(course, size=2)
    quiz = make_quiz(course, [draw(category, 5)])

    attempt = attempt_start(student=make_student(), quiz=quiz)

    assert sorted(q["key"] for q in attempt.questions) == sorted(
        f"bank-{pk}" for pk in category.questions.values_list("pk", flat=True)
    )
    assert quiz.points_possible == 2


def test_an_empty_category_gives_no_questions_rather_than_an_error():
    course = make_course()
    empty = QuestionCategory.objects.create(course=course, name="Empty")
    own = single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)])
    quiz = make_quiz(course, [own, draw(empty, 3)])

    assert len(questions_presented(quiz, seed=3)) == 1
    assert quiz.points_possible == 1


def test_points_possible_counts_a_draw_as_its_questions():
    course = make_course()
    two_pointers = bank(course, name="Two", size=5, points=2)
    own = single_choice("Who do you ask first?", [("A stranger", False), ("A friend", True)])
    quiz = make_quiz(course, [own, draw(two_pointers, 3)])

    assert quiz.points_possible == 1 + 3 * 2


def test_points_possible_uses_the_average_when_a_category_mixes_points():
    course = make_course()
    mixed = bank(course, name="Mixed", size=2, points=1)
    BankQuestion.objects.create(
        category=mixed,
        title="Heavy",
        question=[single_choice("Heavy?", [("No", False), ("Yes", True)], points=4)],
    )
    quiz = make_quiz(course, [draw(mixed, 3)])

    assert quiz.points_possible == 6  # 3 * (1 + 1 + 4) / 3


def test_a_bank_question_keeps_its_key_across_attempts_for_item_analysis():
    course = make_course()
    category = bank(course, size=3)
    quiz = make_quiz(course, [draw(category, 3)])

    keys = [
        {q["key"] for q in attempt_start(student=make_student(name), quiz=quiz).questions}
        for name in ("ana", "ben")
    ]

    assert (
        keys[0]
        == keys[1]
        == {f"bank-{pk}" for pk in category.questions.values_list("pk", flat=True)}
    )


def test_a_later_edit_of_a_bank_question_does_not_change_a_started_attempt():
    course = make_course()
    category = bank(course, size=1)
    quiz = make_quiz(course, [draw(category, 1)])
    attempt = attempt_start(student=make_student(), quiz=quiz)

    question = category.questions.get()
    question.question = [single_choice("Reworded?", [("Right now", True), ("Wrong now", False)])]
    question.save()
    right_answers(attempt)

    graded = attempt_submit(attempt=attempt)
    assert graded.score == 1
    assert "question 1" in graded.questions[0]["question"]["prompt"]


@pytest.mark.parametrize("draws", [1, 3])
def test_starting_an_attempt_costs_the_same_queries_for_one_draw_or_three(
    draws, django_assert_num_queries
):
    course = make_course()
    categories = [bank(course, name=f"C{n}", size=4) for n in range(draws)]
    quiz = make_quiz(course, [draw(category, 2) for category in categories])
    student = make_student()

    with django_assert_num_queries(QUERIES_TO_START):
        attempt = attempt_start(student=student, quiz=quiz)

    assert len(attempt.questions) == 2 * draws


QUERIES_TO_START = 8


def test_item_analysis_counts_each_bank_question_over_every_attempt_that_drew_it():
    from classes.analysis import quiz_item_analysis
    from tests.factories import enroll, make_section

    course = make_course()
    category = bank(course, size=6)
    quiz = make_quiz(course, [draw(category, 2)])
    section = make_section(course)
    shown = {}
    for name in ("ana", "ben", "cy", "dee"):
        student = make_student(name)
        enroll(section, student)
        attempt = attempt_start(student=student, quiz=quiz)
        right_answers(attempt)
        attempt_submit(attempt=attempt)
        for question in attempt.questions:
            shown[question["key"]] = shown.get(question["key"], 0) + 1

    analysis = quiz_item_analysis(section=section, quiz=quiz)

    assert {q.key: q.shown for q in analysis.questions} == shown
    assert all(q.correct_share == 1 for q in analysis.questions)


def test_publishing_a_draw_of_more_questions_than_the_category_holds_is_refused():
    from django.core.exceptions import ValidationError

    from quizzes.blocks import QuizQuestionsBlock

    course = make_course()
    category = bank(course, size=2)
    block = QuizQuestionsBlock().child_blocks["random_draw"]

    with pytest.raises(ValidationError) as refused:
        block.clean(block.to_python({"category": category.pk, "count": 3}))
    assert "only 2 questions" in str(refused.value.block_errors["count"])
    assert block.clean(block.to_python({"category": category.pk, "count": 2}))["count"] == 2


def test_the_quiz_page_counts_a_draw_as_the_questions_it_shows(client):
    course = make_course()
    category = bank(course, size=6)
    quiz = make_quiz(
        course,
        [
            draw(category, 3),
            single_choice("Who first?", [("A stranger", False), ("A friend", True)]),
        ],
    )

    page = client.get(quiz.url).content.decode()

    assert quiz.question_count == 4
    assert "<dd>4</dd>" in page
