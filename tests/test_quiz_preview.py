"""A professor previews a quiz in the admin as a student sees it, or with
the answer key; the key is never in what students are served. The block
picker previews each kind of question the same way."""

import pytest
from django.urls import reverse

from quizzes.blocks import QuizQuestionsBlock
from tests.factories import make_course, make_professor, make_quiz, make_student, single_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    return make_quiz(
        make_course(),
        [
            single_choice(
                "Who do you ask first?",
                [("Everyone on LinkedIn", False), ("A former manager", True)],
                explanation="Someone who knows your work can vouch for it.",
            )
        ],
    )


def preview(quiz, mode):
    """The preview the admin's preview panel shows in `mode`, as Wagtail renders it."""
    response = quiz.make_preview_request(preview_mode=mode)
    return response.render() if hasattr(response, "render") else response


def test_the_student_view_preview_shows_the_questions_without_the_key(quiz):
    page = preview(quiz, "").content.decode()

    assert "Who do you ask first?" in page and "A former manager" in page
    assert "Correct answer" not in page
    assert "Someone who knows your work" not in page


def test_the_answer_key_preview_marks_the_right_answer_and_explains_it(quiz):
    page = preview(quiz, "answer_key").content.decode()

    assert "✓ Correct" in page
    assert "Correct answer:</span> A former manager" in page
    assert "Someone who knows your work can vouch for it." in page


def test_a_student_cannot_reach_the_preview(client, quiz):
    client.force_login(make_student())

    response = client.get(f"/admin/pages/{quiz.pk}/edit/preview/?mode=answer_key")

    assert response.status_code in (302, 403)
    assert "A former manager" not in response.content.decode()


# The block picker


PICKER_WORDS = {
    "single_choice": "Who do you ask first for an introduction?",
    "multiple_answer": "Which belong in a short ask?",
    "true_false": "A connection is the same as a contact.",
    "numeric": "How many weeks of notice are usual?",
    "short_text": "What do you send the day after an interview?",
    "random_draw": "Each attempt draws 3 questions from a category of the question bank",
}


def test_every_quiz_block_says_what_it_makes_and_previews_it_in_the_picker(client):
    client.force_login(make_professor(make_course()))
    quiz_blocks = QuizQuestionsBlock().child_blocks

    assert set(PICKER_WORDS) == set(quiz_blocks)
    for name, block in quiz_blocks.items():
        assert block.meta.description, name
        response = client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )

        assert response.status_code == 200, name
        page = response.content.decode()
        assert PICKER_WORDS[name] in page, name
        if name != "random_draw":  # a question, with its key, as the quiz preview shows it
            assert "quizzes/quiz.css" in page and "Correct answer" in page, name
